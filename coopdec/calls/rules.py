"""The money rules of a call: how much the ministry may grant a project, and what the budget misses.

Plain values in, plain values out (dataclasses and Decimal, no database, no request), so the
public simulator, the API, the dossier's eligibility panel and the submission checks all answer
the same thing. A call's rules arrive as a RuleSet (calls.selectors.call_ruleset builds one from
the database); a project's figures as a Budget; what only a filed dossier knows (documents,
markers, the authority's status) as DossierFacts. Amounts are rounded down to the euro.
"""
import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from coopdec.french.text import NBSP, euros, percent_fr
ZERO = Decimal(0)
CENT = Decimal("0.01")


class CountryClass(StrEnum):
    """A partner country's class for co-financing (same values as territories' Country.OdaClass)."""

    LDC = "ldc"
    ODA = "oda"
    NONE = "none"


class Method(StrEnum):
    SINGLE = "single"
    PER_COUNTRY = "per_country"
    FLAT = "flat"


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"


@dataclass(frozen=True)
class RuleSet:
    """What a call allows, for one campaign year.

    `rates` maps a country class to the ministry's maximum share of the total cost;
    `country_classes` maps every known country (ISO alpha-2) to its class for `year`.
    `in_kind_cap` is the share of the French authority's own contribution (cash + in-kind) that
    in-kind may make. `required_documents` and `required_markers` map a code to its French label.
    `eligible_countries` None means every country not in `excluded_countries`.
    """

    year: int
    rates: Mapping[str, Decimal]
    country_classes: Mapping[str, str]
    flat_rate: Decimal | None = None
    min_french_share: Decimal | None = None
    min_partner_share: Decimal | None = None
    partner_share_country: str | None = None
    in_kind_cap: Decimal = Decimal("0.5")
    grant_ceiling: Decimal | None = None
    min_total_cost: Decimal | None = None
    duration_min: int | None = None
    duration_max: int | None = None
    eligible_countries: frozenset[str] | None = None
    excluded_countries: frozenset[str] = frozenset()
    required_documents: Mapping[str, str] = field(default_factory=dict)
    required_markers: Mapping[str, str] = field(default_factory=dict)
    country_names: Mapping[str, str] = field(default_factory=dict)

    def rate_of(self, country: str) -> Decimal:
        """The rate of a country's class; an unknown country gets nothing (the countries check says so)."""
        country_class = self.country_classes.get(country)
        return self.rates.get(country_class, ZERO) if country_class else ZERO

    def name_of(self, country: str) -> str:
        return self.country_names.get(country, country)


@dataclass(frozen=True)
class Budget:
    """A project's figures as declared: partner countries with their part of the cost, resources."""

    countries: tuple[tuple[str, Decimal], ...]
    total_cost: Decimal
    french_cash: Decimal = ZERO
    french_in_kind: Decimal = ZERO
    partner_contributions: Decimal = ZERO
    other_funding: Decimal = ZERO
    requested_grant: Decimal = ZERO
    duration_months: int | None = None

    def __post_init__(self):
        amounts = {"total_cost": self.total_cost, "french_cash": self.french_cash,
                   "french_in_kind": self.french_in_kind,
                   "partner_contributions": self.partner_contributions,
                   "other_funding": self.other_funding, "requested_grant": self.requested_grant}
        amounts.update({f"countries[{country}]": cost for country, cost in self.countries})
        negative = [name for name, amount in amounts.items() if amount < 0]
        if negative:
            raise ValueError(f"montant négatif : {', '.join(negative)}")

    @property
    def parts(self) -> dict[str, Decimal]:
        """Each country's part of the cost, a country named twice adding up its parts."""
        parts: dict[str, Decimal] = {}
        for country, cost in self.countries:
            parts[country] = parts.get(country, ZERO) + cost
        return parts

    @property
    def other_resources(self) -> Decimal:
        """Every resource but the ministry's grant."""
        return self.french_cash + self.french_in_kind + self.partner_contributions + self.other_funding


@dataclass(frozen=True)
class AuthorityStatus:
    """The lead authority's standing for the campaign: what the ministry recorded."""

    aid_declared: bool | None  # None: no declaration recorded (only the reports are known)
    reports_filed: bool
    # Where the declaration is recorded: "coopdec" (submitted in CoopDec), "import" (declared
    # elsewhere, imported by the ministry), "" (not said).
    aid_source: str = ""


@dataclass(frozen=True)
class DossierFacts:
    """What only a filed dossier knows; the simulator has none, so its checks are left out."""

    documents: frozenset[str] = frozenset()
    markers: Mapping[str, int] = field(default_factory=dict)
    authority_status: AuthorityStatus | None = None


@dataclass(frozen=True)
class Ceiling:
    method: Method
    amount: Decimal
    reason: str
    per_country: Decimal | None = None
    flat: Decimal | None = None


@dataclass(frozen=True)
class Check:
    code: str
    status: Status
    message: str


@dataclass(frozen=True)
class RulesUsed:
    """The rules an evaluation applied, as the answer shows them."""

    year: int
    rates: dict[str, Decimal]
    classes: dict[str, str]
    flat_rate: Decimal | None
    min_french_share: Decimal | None
    min_partner_share: Decimal | None
    partner_share_country: str | None
    in_kind_cap: Decimal
    grant_ceiling: Decimal | None
    min_total_cost: Decimal | None
    duration_min: int | None
    duration_max: int | None


@dataclass(frozen=True)
class Evaluation:
    method: Method
    rate_ceiling: Decimal
    max_grant: Decimal
    ceiling: Ceiling
    checks: tuple[Check, ...]
    rules_used: RulesUsed

    @property
    def passed(self) -> bool:
        """No check failed (warnings do not block)."""
        return all(check.status != Status.FAILED for check in self.checks)


def euros_down(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_FLOOR)


def _months(count: int) -> str:
    return f"{count}{NBSP}mois"


def rate_ceiling(rules: RuleSet, budget: Budget) -> Ceiling:
    """The ministry's ceiling by the partner countries' rates.

    One country: its class's rate on the total cost. Several: the larger of the per-country
    ceiling (each country's rate on its part) and the call's flat rate on the total cost.
    """
    parts = budget.parts
    if len(parts) <= 1:
        return _single_ceiling(rules, budget, next(iter(parts), None))
    per_country = euros_down(sum(rules.rate_of(country) * cost for country, cost in parts.items()))
    if rules.flat_rate is None:
        return Ceiling(Method.PER_COUNTRY, per_country,
                       f"Plusieurs pays : l'appel n'a pas de taux forfaitaire, chaque pays "
                       f"compte à son taux sur sa part du coût ({euros(per_country)}).",
                       per_country=per_country)
    flat = euros_down(rules.flat_rate * budget.total_cost)
    comparison = (f"le plafond pays par pays ({euros(per_country)}) et le taux forfaitaire de "
                  f"{percent_fr(rules.flat_rate, None)} du coût total ({euros(flat)})")
    if flat > per_country:
        return Ceiling(Method.FLAT, flat, f"Plusieurs pays : le forfait est plus favorable "
                       f"entre {comparison}.", per_country=per_country, flat=flat)
    return Ceiling(Method.PER_COUNTRY, per_country, f"Plusieurs pays : le plafond pays par pays "
                   f"est retenu entre {comparison}.", per_country=per_country, flat=flat)


def _single_ceiling(rules: RuleSet, budget: Budget, country: str | None) -> Ceiling:
    if country is None:
        return Ceiling(Method.SINGLE, ZERO, "Aucun pays partenaire indiqué : pas de plafond.")
    rate = rules.rate_of(country)
    amount = euros_down(rate * budget.total_cost)
    return Ceiling(Method.SINGLE, amount,
                   f"Un seul pays partenaire ({rules.name_of(country)}) : {percent_fr(rate, None)} du coût "
                   f"total, soit {euros(amount)}.")


def max_grant(rules: RuleSet, budget: Budget, ceiling: Ceiling | None = None) -> Decimal:
    """The lowest of the rate ceiling, the call's per-project ceiling and what the other
    resources leave of the cost (as declared, in-kind beyond its cap included); never negative."""
    ceiling = ceiling or rate_ceiling(rules, budget)
    caps = [ceiling.amount, euros_down(budget.total_cost - budget.other_resources)]
    if rules.grant_ceiling is not None:
        caps.append(euros_down(rules.grant_ceiling))
    return max(ZERO, min(caps))


def counted_in_kind(rules: RuleSet, budget: Budget) -> Decimal:
    """The in-kind that counts towards the French share: at most `in_kind_cap` of the French
    authority's own contribution, that is (for 50 %) no more than its cash."""
    if rules.in_kind_cap >= 1:
        return budget.french_in_kind
    limit = budget.french_cash * rules.in_kind_cap / (1 - rules.in_kind_cap)
    return min(budget.french_in_kind, limit.quantize(CENT, rounding=ROUND_FLOOR))


def checks(rules: RuleSet, budget: Budget, facts: DossierFacts | None = None,
           maximum: Decimal | None = None) -> tuple[Check, ...]:
    """Every check the call's rules make of the budget, then of the dossier when there is one.

    A rule the call does not set (French or partner share, minimum cost, durations) gives no check.
    """
    maximum = max_grant(rules, budget) if maximum is None else maximum
    found = [_budget_balanced(budget), _requested_grant(rules, budget, maximum),
             _total_cost(rules, budget), _french_share(rules, budget),
             _partner_share(rules, budget), _in_kind(rules, budget), _duration(rules, budget),
             _countries(rules, budget)]
    if facts is not None:
        found += [_authority_status(rules, facts), _documents(rules, facts),
                  *_markers(rules, facts)]
    return tuple(check for check in found if check is not None)


def evaluate(rules: RuleSet, budget: Budget, facts: DossierFacts | None = None) -> Evaluation:
    ceiling = rate_ceiling(rules, budget)
    maximum = max_grant(rules, budget, ceiling)
    return Evaluation(method=ceiling.method, rate_ceiling=ceiling.amount, max_grant=maximum,
                      ceiling=ceiling, checks=checks(rules, budget, facts, maximum),
                      rules_used=rules_used(rules, budget))


def rules_used(rules: RuleSet, budget: Budget) -> RulesUsed:
    parts = budget.parts
    return RulesUsed(
        year=rules.year, rates={country: rules.rate_of(country) for country in parts},
        classes={country: rules.country_classes.get(country, "") for country in parts},
        flat_rate=rules.flat_rate, min_french_share=rules.min_french_share,
        min_partner_share=rules.min_partner_share, partner_share_country=rules.partner_share_country,
        in_kind_cap=rules.in_kind_cap, grant_ceiling=rules.grant_ceiling,
        min_total_cost=rules.min_total_cost, duration_min=rules.duration_min,
        duration_max=rules.duration_max,
    )


def _check(code: str, ok: bool, passed: str, failed: str) -> Check:
    return Check(code, Status.PASSED if ok else Status.FAILED, passed if ok else failed)


def _budget_balanced(budget: Budget) -> Check:
    resources = budget.other_resources + budget.requested_grant
    if budget.total_cost <= 0:
        return Check("budget_balanced", Status.FAILED, "Indiquez le coût total du projet.")
    return _check(
        "budget_balanced", resources == budget.total_cost,
        f"Le budget est équilibré : les ressources égalent le coût total ({euros(budget.total_cost)}).",
        f"Le budget n'est pas équilibré : les ressources ({euros(resources)}) doivent égaler "
        f"le coût total ({euros(budget.total_cost)}).",
    )


def _requested_grant(rules: RuleSet, budget: Budget, maximum: Decimal) -> Check:
    requested = budget.requested_grant
    if requested <= 0:
        return Check("requested_grant", Status.FAILED, "Indiquez la subvention demandée au ministère.")
    return _check(
        "requested_grant", requested <= maximum,
        f"La subvention demandée ({euros(requested)}) ne dépasse pas le maximum ({euros(maximum)}).",
        f"La subvention demandée ({euros(requested)}) dépasse le maximum ({euros(maximum)}).",
    )


def _total_cost(rules: RuleSet, budget: Budget) -> Check | None:
    if rules.min_total_cost is None:
        return None
    return _check(
        "total_cost", budget.total_cost >= rules.min_total_cost,
        f"Le coût total atteint le minimum de l'appel ({euros(rules.min_total_cost)}).",
        f"Le coût total ({euros(budget.total_cost)}) est inférieur au minimum de l'appel "
        f"({euros(rules.min_total_cost)}).",
    )


def _french_share(rules: RuleSet, budget: Budget) -> Check | None:
    if rules.min_french_share is None:
        return None
    french = budget.french_cash + counted_in_kind(rules, budget)
    required = rules.min_french_share * budget.total_cost
    return _check(
        "french_share", budget.total_cost > 0 and french >= required,
        f"La part française ({euros(french)}) atteint {percent_fr(rules.min_french_share, None)} du coût total.",
        f"La part française ({euros(french)}, numéraire et valorisation retenue) doit atteindre "
        f"{percent_fr(rules.min_french_share, None)} du coût total, soit {euros(required)}.",
    )


def _partner_share(rules: RuleSet, budget: Budget) -> Check | None:
    if rules.min_partner_share is None:
        return None
    side = ("des partenaires" if rules.partner_share_country is None
            else f"des partenaires ({rules.name_of(rules.partner_share_country)})")
    required = rules.min_partner_share * budget.total_cost
    return _check(
        "partner_share", budget.total_cost > 0 and budget.partner_contributions >= required,
        f"La part {side} ({euros(budget.partner_contributions)}) atteint "
        f"{percent_fr(rules.min_partner_share, None)} du coût total.",
        f"La part {side} ({euros(budget.partner_contributions)}) doit atteindre "
        f"{percent_fr(rules.min_partner_share, None)} du coût total, soit {euros(required)}.",
    )


def _in_kind(rules: RuleSet, budget: Budget) -> Check:
    counted = counted_in_kind(rules, budget)
    cap = percent_fr(rules.in_kind_cap, None)
    if counted == budget.french_in_kind:
        return Check("in_kind", Status.PASSED,
                     f"La valorisation ({euros(budget.french_in_kind)}) ne dépasse pas {cap} de la "
                     f"contribution de la collectivité française.")
    return Check("in_kind", Status.WARNING,
                 f"La valorisation ({euros(budget.french_in_kind)}) dépasse {cap} de la "
                 f"contribution de la collectivité française : seuls {euros(counted)} comptent "
                 f"dans la part française.")


def _duration(rules: RuleSet, budget: Budget) -> Check | None:
    low, high = rules.duration_min, rules.duration_max
    if low is None and high is None:
        return None
    if budget.duration_months is None:
        return Check("duration", Status.FAILED, "Indiquez la durée du projet en mois.")
    bounds = (f"entre {_months(low)} et {_months(high)}" if low is not None and high is not None
              else f"d'au moins {_months(low)}" if low is not None else f"d'au plus {_months(high)}")
    within = (low is None or budget.duration_months >= low) and (high is None or budget.duration_months <= high)
    return _check("duration", within,
                  f"La durée ({_months(budget.duration_months)}) est {bounds}, comme l'appel le demande.",
                  f"La durée ({_months(budget.duration_months)}) doit être {bounds}.")


def _countries(rules: RuleSet, budget: Budget) -> Check:
    parts = budget.parts
    if not parts:
        return Check("countries", Status.FAILED, "Indiquez au moins un pays partenaire.")
    problems = [_country_problem(rules, country) for country in parts]
    problems = [problem for problem in problems if problem]
    if len(parts) > 1 and sum(parts.values()) != budget.total_cost:
        problems.append(f"les parts des pays ({euros(sum(parts.values()))}) doivent égaler le coût "
                        f"total ({euros(budget.total_cost)})")
    if problems:
        return Check("countries", Status.FAILED, _sentence("; ".join(problems)))
    return Check("countries", Status.PASSED, "Les pays partenaires sont éligibles à l'appel.")


def _country_problem(rules: RuleSet, country: str) -> str | None:
    if country not in rules.country_classes:
        return f"le pays « {country} » est inconnu"
    if country in rules.excluded_countries:
        return f"{rules.name_of(country)} relève d'un autre appel de la campagne"
    if rules.eligible_countries is not None and country not in rules.eligible_countries:
        allowed = ", ".join(sorted(rules.name_of(c) for c in rules.eligible_countries))
        return f"{rules.name_of(country)} n'est pas éligible (pays de l'appel{NBSP}: {allowed})"
    return None


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _authority_status(rules: RuleSet, facts: DossierFacts) -> Check:
    previous = rules.year - 1
    status = facts.authority_status
    if status is None:
        return Check("authority_status", Status.WARNING,
                     f"Aucun statut de la collectivité pour {previous} n'est enregistré dans CoopDec "
                     f"(déclaration d'APD, comptes rendus des projets financés).")
    missing = []
    if status.aid_declared is False:
        missing.append(f"la déclaration d'aide publique au développement de {previous} n'est pas faite")
    if not status.reports_filed:
        missing.append("des comptes rendus de projets déjà cofinancés n'ont pas été remis")
    if missing:
        return Check("authority_status", Status.FAILED, _sentence("; ".join(missing)))
    if status.aid_declared is None:
        return Check("authority_status", Status.WARNING,
                     f"Aucune déclaration d'aide publique au développement de {previous} n'est enregistrée "
                     f"dans CoopDec{NBSP}; les comptes rendus des projets cofinancés sont remis.")
    where = {"coopdec": " (déclaration déposée dans CoopDec)",
             "import": " (déclarée hors de CoopDec, d'après l'import du ministère)"}.get(status.aid_source, "")
    return Check("authority_status", Status.PASSED,
                 f"La collectivité a déclaré son aide publique au développement de {previous}{where} et "
                 f"remis les comptes rendus de ses projets cofinancés.")


def _documents(rules: RuleSet, facts: DossierFacts) -> Check | None:
    if not rules.required_documents:
        return None
    missing = [label for code, label in rules.required_documents.items() if code not in facts.documents]
    return _check("documents", not missing, "Les pièces demandées par l'appel sont jointes.",
                  f"Pièces manquantes{NBSP}: {', '.join(missing)}.")


def _markers(rules: RuleSet, facts: DossierFacts) -> list[Check]:
    return [_check(f"{code}_marker", facts.markers.get(code) is not None,
                   f"Le {label} est renseigné.", f"Renseignez le {label}.")
            for code, label in rules.required_markers.items()]


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def project_end(*, ends_on: date | None, starts_on: date | None, duration_months: int | None,
                years: list[int]) -> tuple[date | None, bool]:
    """When a project ends, and whether that date is an estimate — the one computation that the
    reports' deadlines, the decision letter, the reports page and the e-mails read: its recorded
    end; else the eve of its start plus its duration (a project of 36 months begun on 1 April
    2027 ends on 31 March 2030); else the last day of its last budget year, what the budget says
    (an estimate); else nothing known."""
    if ends_on:
        return ends_on, False
    if starts_on and duration_months:
        return months_after(starts_on, duration_months) - timedelta(days=1), False
    return (date(max(years), 12, 31), True) if years else (None, True)
