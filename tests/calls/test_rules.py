"""The money rules: worked examples from the brief, then properties that hold for every budget."""
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coopdec.calls import rules
from coopdec.calls.rules import AuthorityStatus, Budget, DossierFacts, Method, RuleSet, Status

CLASSES = {"BJ": "ldc", "SN": "ldc", "ST": "ldc", "MA": "oda", "LB": "oda", "BE": "none", "CA": "none"}
NAMES = {"BJ": "Bénin", "SN": "Sénégal", "MA": "Maroc", "BE": "Belgique", "LB": "Liban"}
GRID_2024 = {"ldc": D("0.90"), "oda": D("0.70"), "none": D("0.70")}
GRID_2025 = {"ldc": D("0.70"), "oda": D("0.50"), "none": D("0.30")}

RULES_2024 = RuleSet(year=2024, rates=GRID_2024, country_classes=CLASSES, country_names=NAMES,
                     min_french_share=D("0.10"), duration_min=12, duration_max=36)
RULES_2025 = RuleSet(year=2025, rates=GRID_2025, country_classes=CLASSES, country_names=NAMES,
                     flat_rate=D("0.60"), min_french_share=D("0.10"), duration_min=12, duration_max=36)
SENEGAL_2025 = replace(RULES_2025, min_french_share=D("0.20"), min_partner_share=D("0.10"),
                       partner_share_country="SN", eligible_countries=frozenset({"SN"}),
                       duration_max=24)


def budget(countries, total="100000", cash="20000", in_kind="0", partner="0", other="0",
           requested=None, months=24):
    total, cash, in_kind, partner, other = map(D, (total, cash, in_kind, partner, other))
    requested = total - cash - in_kind - partner - other if requested is None else D(requested)
    return Budget(countries=tuple((c, D(cost)) for c, cost in countries), total_cost=total,
                  french_cash=cash, french_in_kind=in_kind, partner_contributions=partner,
                  other_funding=other, requested_grant=requested, duration_months=months)


def by_code(evaluation):
    return {check.code: check for check in evaluation.checks}


@pytest.mark.parametrize("ruleset, country, ceiling", [
    (RULES_2024, "BJ", "90000"), (RULES_2024, "MA", "70000"), (RULES_2024, "BE", "70000"),
    (RULES_2025, "BJ", "70000"), (RULES_2025, "MA", "50000"), (RULES_2025, "BE", "30000"),
])
def test_one_country_gets_its_class_rate_on_the_total_cost(ruleset, country, ceiling):
    evaluation = rules.evaluate(ruleset, budget([(country, "100000")], cash="10000"))
    assert evaluation.method == Method.SINGLE
    assert evaluation.rate_ceiling == D(ceiling)
    assert NAMES[country] in evaluation.ceiling.reason


def test_several_countries_take_the_flat_rate_when_it_is_larger():
    # The example: Benin 40 % of the cost at 70 %, Belgium 60 % at 30 % → 46,000 by
    # country, 60,000 flat.
    evaluation = rules.evaluate(RULES_2025, budget([("BJ", "40000"), ("BE", "60000")],
                                                   cash="20000", in_kind="5000", partner="5000",
                                                   requested="60000"))
    assert (evaluation.method, evaluation.rate_ceiling, evaluation.max_grant) == (Method.FLAT, D(60000), D(60000))
    assert (evaluation.ceiling.per_country, evaluation.ceiling.flat) == (D(46000), D(60000))
    assert "forfait est plus favorable" in evaluation.ceiling.reason
    assert evaluation.rules_used.rates == {"BJ": D("0.70"), "BE": D("0.30")}
    assert by_code(evaluation)["budget_balanced"].status == Status.FAILED  # 90,000 of 100,000


def test_several_countries_keep_the_per_country_ceiling_when_it_is_larger():
    evaluation = rules.evaluate(RULES_2025, budget([("BJ", "90000"), ("MA", "10000")], cash="10000"))
    assert (evaluation.method, evaluation.rate_ceiling) == (Method.PER_COUNTRY, D(68000))
    assert evaluation.max_grant == D(68000)


def test_several_countries_without_a_flat_rate_count_country_by_country():
    evaluation = rules.evaluate(RULES_2024, budget([("BJ", "50000"), ("BE", "50000")], cash="10000"))
    assert (evaluation.method, evaluation.rate_ceiling) == (Method.PER_COUNTRY, D(80000))


def test_the_maximum_is_what_the_other_resources_leave_when_that_is_lower():
    evaluation = rules.evaluate(RULES_2025, budget([("BJ", "100000")], cash="50000", partner="10000"))
    assert evaluation.rate_ceiling == D(70000)
    assert evaluation.max_grant == D(40000)


def test_the_call_ceiling_caps_the_maximum():
    capped = replace(RULES_2025, grant_ceiling=D("25000"))
    assert rules.evaluate(capped, budget([("BJ", "100000")], cash="10000")).max_grant == D(25000)


def test_amounts_are_rounded_down_to_the_euro():
    evaluation = rules.evaluate(RULES_2025, budget([("BJ", "1")], total="12345.67", cash="1234.57"))
    assert evaluation.rate_ceiling == D(8641)  # 70 % of 12,345.67 = 8,641.969
    assert evaluation.max_grant == D(8641)


def test_in_kind_beyond_the_cash_is_a_warning_and_counts_only_up_to_the_cash():
    # 5,000 cash and 7,000 in-kind: only 5,000 in-kind count, the French share is 10,000 = 10 %.
    over = budget([("MA", "100000")], cash="5000", in_kind="7000", requested="50000")
    evaluation = rules.evaluate(RULES_2025, over)
    checks = by_code(evaluation)
    assert checks["in_kind"].status == Status.WARNING
    assert "seuls 5\u00a0000\u00a0€ comptent" in checks["in_kind"].message
    assert checks["french_share"].status == Status.PASSED
    # The maximum still uses the resources as declared: 100,000 − 12,000 = 88,000 > 50,000.
    assert evaluation.max_grant == D(50000)
    short = rules.evaluate(RULES_2025, replace(over, french_cash=D("4000")))
    assert by_code(short)["french_share"].status == Status.FAILED  # 4,000 + 4,000 < 10,000


@pytest.mark.parametrize("cash, in_kind, partner, french, partner_status", [
    ("15000", "5000", "10000", Status.PASSED, Status.PASSED),
    ("15000", "4999", "10000", Status.FAILED, Status.PASSED),
    ("10000", "10000", "10000", Status.PASSED, Status.PASSED),
    ("20000", "0", "9999", Status.PASSED, Status.FAILED),
])
def test_franco_senegalese_shares(cash, in_kind, partner, french, partner_status):
    evaluation = rules.evaluate(SENEGAL_2025, budget([("SN", "100000")], cash=cash, in_kind=in_kind,
                                                     partner=partner))
    checks = by_code(evaluation)
    assert (checks["french_share"].status, checks["partner_share"].status) == (french, partner_status)
    assert "Sénégal" in checks["partner_share"].message


def test_a_rule_the_call_does_not_set_gives_no_check():
    codes = [check.code for check in rules.evaluate(RULES_2025, budget([("BJ", "100000")])).checks]
    assert codes == ["budget_balanced", "requested_grant", "french_share", "in_kind", "duration",
                     "countries"]
    unset = replace(RULES_2025, min_french_share=None, duration_min=None, duration_max=None)
    codes = [check.code for check in rules.evaluate(unset, budget([("BJ", "100000")])).checks]
    assert codes == ["budget_balanced", "requested_grant", "in_kind", "countries"]


def test_requested_grant_above_the_maximum_fails():
    evaluation = rules.evaluate(RULES_2025, budget([("BE", "100000")], cash="10000"))
    check = by_code(evaluation)["requested_grant"]
    assert check.status == Status.FAILED
    assert check.message == ("La subvention demandée (90\u00a0000\u00a0€) dépasse le maximum "
                             "(30\u00a0000\u00a0€).")


@pytest.mark.parametrize("months, status", [(11, Status.FAILED), (12, Status.PASSED),
                                            (24, Status.PASSED), (25, Status.FAILED), (None, Status.FAILED)])
def test_duration_within_the_call_bounds(months, status):
    evaluation = rules.evaluate(SENEGAL_2025, budget([("SN", "100000")], cash="20000", partner="10000",
                                                     months=months))
    assert by_code(evaluation)["duration"].status == status


@pytest.mark.parametrize("ruleset, countries, message", [
    (SENEGAL_2025, [("BJ", "100000")], "Bénin n'est pas éligible (pays de l'appel\u00a0: Sénégal)."),
    (replace(RULES_2025, excluded_countries=frozenset({"SN"})), [("SN", "100000")],
     "Sénégal relève d'un autre appel de la campagne."),
    (RULES_2025, [("ZZ", "100000")], "Le pays «\u00a0ZZ\u00a0» est inconnu."),
    (RULES_2025, [("BJ", "40000"), ("BE", "50000")],
     "Les parts des pays (90\u00a0000\u00a0€) doivent égaler le coût total (100\u00a0000\u00a0€)."),
    (RULES_2025, [], "Indiquez au moins un pays partenaire."),
])
def test_countries_the_call_refuses(ruleset, countries, message):
    check = by_code(rules.evaluate(ruleset, budget(countries)))["countries"]
    assert (check.status, check.message) == (Status.FAILED, message)


def test_an_unknown_country_gets_no_ceiling():
    assert rules.evaluate(RULES_2025, budget([("ZZ", "100000")])).max_grant == 0


def test_the_dossier_checks_need_the_dossier():
    required = replace(RULES_2025, required_documents={"agreement": "convention de coopération",
                                                       "deliberation": "délibération"},
                       required_markers={"gender": "marqueur genre"})
    project = budget([("BJ", "100000")], cash="30000")
    missing = by_code(rules.evaluate(required, project, DossierFacts()))
    assert missing["authority_status"].status == Status.WARNING
    assert "n'est enregistré dans CoopDec" in missing["authority_status"].message
    assert missing["documents"].message == "Pièces manquantes\u00a0: convention de coopération, délibération."
    assert missing["gender_marker"].status == Status.FAILED
    complete = DossierFacts(documents=frozenset({"agreement", "deliberation"}), markers={"gender": 0},
                            authority_status=AuthorityStatus(aid_declared=True, reports_filed=True))
    assert rules.evaluate(required, project, complete).passed
    late = replace(complete, authority_status=AuthorityStatus(aid_declared=False, reports_filed=True))
    status = by_code(rules.evaluate(required, project, late))["authority_status"]
    assert (status.status, status.message) == (
        Status.FAILED, "La déclaration d'aide publique au développement de 2024 n'est pas faite.")


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match="french_cash"):
        budget([("BJ", "100000")], cash="-1")


# Properties ----------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10_000_000, places=2)
rates = st.decimals(min_value=0, max_value=1, places=2)
grids = st.fixed_dictionaries({"ldc": rates, "oda": rates, "none": rates})


@st.composite
def rulesets(draw):
    return RuleSet(
        year=draw(st.integers(2020, 2030)), rates=draw(grids), country_classes=CLASSES,
        flat_rate=draw(st.none() | rates), min_french_share=draw(st.none() | rates),
        in_kind_cap=draw(st.sampled_from([D("0.5"), D("0.3"), D(1)])),
        grant_ceiling=draw(st.none() | money),
    )


@st.composite
def budgets(draw):
    countries = draw(st.lists(st.sampled_from(sorted(CLASSES)), min_size=1, max_size=4, unique=True))
    costs = [draw(money) for _ in countries]
    return Budget(countries=tuple(zip(countries, costs)), total_cost=sum(costs, D(0)),
                  french_cash=draw(money), french_in_kind=draw(money),
                  partner_contributions=draw(money), other_funding=draw(money),
                  requested_grant=draw(money), duration_months=draw(st.integers(1, 60)))


@given(rulesets(), budgets())
def test_the_maximum_never_exceeds_a_cap_nor_the_budget(ruleset, project):
    evaluation = rules.evaluate(ruleset, project)
    top_rate = max([*ruleset.rates.values(), ruleset.flat_rate or D(0)])
    assert 0 <= evaluation.max_grant <= evaluation.rate_ceiling <= top_rate * project.total_cost
    assert evaluation.max_grant <= max(D(0), project.total_cost - project.other_resources)
    assert ruleset.grant_ceiling is None or evaluation.max_grant <= ruleset.grant_ceiling
    assert evaluation.max_grant == evaluation.max_grant.to_integral_value()


@given(rulesets(), budgets(), money)
def test_the_maximum_never_grows_when_the_cost_falls(ruleset, project, cut):
    country, cost = project.countries[0]
    assume(cut <= cost)
    smaller = replace(project, countries=((country, cost - cut), *project.countries[1:]),
                      total_cost=project.total_cost - cut)
    assert rules.max_grant(ruleset, smaller) <= rules.max_grant(ruleset, project)


@given(rulesets(), budgets(), money, st.booleans())
def test_the_maximum_never_grows_when_the_french_contribution_falls_with_the_cost(
        ruleset, project, cut, in_kind):
    amount = "french_in_kind" if in_kind else "french_cash"
    assume(cut <= getattr(project, amount) and cut <= project.countries[0][1])
    country, cost = project.countries[0]
    smaller = replace(project, **{amount: getattr(project, amount) - cut},
                      countries=((country, cost - cut), *project.countries[1:]),
                      total_cost=project.total_cost - cut)
    assert rules.max_grant(ruleset, smaller) <= rules.max_grant(ruleset, project)


@given(rulesets(), budgets(), money)
def test_the_maximum_never_grows_when_other_resources_rise_for_the_same_cost(ruleset, project, more):
    richer = replace(project, french_cash=project.french_cash + more)
    assert rules.max_grant(ruleset, richer) <= rules.max_grant(ruleset, project)


@given(rates, st.lists(money, min_size=2, max_size=4))
def test_per_country_and_flat_agree_at_equal_rates(rate, costs):
    ruleset = RuleSet(year=2025, rates={"ldc": rate, "oda": rate, "none": rate},
                      country_classes=CLASSES, flat_rate=rate)
    countries = tuple(zip(["BJ", "MA", "BE", "CA"], costs))
    project = Budget(countries=countries, total_cost=sum(costs, D(0)))
    ceiling = rules.rate_ceiling(ruleset, project)
    assert ceiling.per_country == ceiling.flat
    assert ceiling.method == Method.PER_COUNTRY
    alone = Budget(countries=(("BJ", project.total_cost),), total_cost=project.total_cost)
    assert rules.rate_ceiling(ruleset, alone).amount == ceiling.amount


@given(rulesets(), budgets())
def test_several_countries_get_the_better_of_the_two_ways(ruleset, project):
    assume(len(project.countries) > 1)
    ceiling = rules.rate_ceiling(ruleset, project)
    assert ceiling.amount == max(ceiling.per_country, ceiling.flat or D(0))


@given(rulesets(), budgets())
def test_counted_in_kind_never_exceeds_its_cap(ruleset, project):
    counted = rules.counted_in_kind(ruleset, project)
    assert 0 <= counted <= project.french_in_kind
    own = project.french_cash + counted
    assert counted <= ruleset.in_kind_cap * own or own == 0
    status = {c.code: c.status for c in rules.checks(ruleset, project)}["in_kind"]
    assert (status == Status.WARNING) == (counted < project.french_in_kind)


@given(rulesets(), budgets())
def test_evaluating_never_raises_and_every_check_has_a_french_message(ruleset, project):
    for check in rules.evaluate(ruleset, project).checks:
        assert check.status in Status and check.message.endswith(".")
