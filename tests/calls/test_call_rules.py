"""A call's rules as data: Paris deadlines, rate grids with overrides, dated country classes,
the countries a call admits, copying last year's call."""
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from coopdec.calls.models import PARIS, Call
from coopdec.calls.selectors import RulesMissing, call_ruleset
from coopdec.calls.services import CallCopyRefused, Change, call_copy, campaign_next, figure_record
from coopdec.demo.published import DEMO_DIR, load_calls_and_figures
from coopdec.territories.models import CountryClassification
from coopdec.territories.selectors import country_classes
from tests import factories


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_a_published_day_opens_at_midnight_and_closes_at_235959_paris_time(demo):
    call = Call.objects.get(campaign__year=2025, slug="generaliste-2025")
    assert (call.opens_at, call.closes_at) == (paris(2025, 4, 7, 0, 0), paris(2025, 5, 30, 23, 59, 59))
    assert (call.opens_on, call.closes_on) == (date(2025, 4, 7), date(2025, 5, 30))


@pytest.mark.parametrize("moment, is_open", [
    (paris(2025, 3, 30, 23, 59, 59), True),     # the day clocks moved to summer time
    (paris(2025, 3, 30, 23, 59, 59, 999999), True),
    (paris(2025, 3, 31, 0, 0, 0), False),
    (paris(2025, 3, 1, 0, 0, 0), True),
    (paris(2025, 2, 28, 23, 59, 59), False),
])
def test_a_call_is_open_to_the_last_second_of_its_closing_day_in_paris(db, moment, is_open):
    call = factories.call(opens_on=date(2025, 3, 1), closes_on=date(2025, 3, 30))
    call.refresh_from_db()
    assert call.closes_at.isoformat() == "2025-03-30T21:59:59+00:00"  # 23:59:59 summer time
    assert call.is_open_at(moment) is is_open


def test_a_call_without_dates_takes_no_submission(db):
    assert not factories.call().is_open_at(paris(2025, 3, 1, 12, 0))


def test_load_demo_loads_the_2024_and_2025_grids_and_rules(demo):
    generalist = call_ruleset(Call.objects.get(campaign__year=2025, slug="generaliste-2025"))
    assert generalist.rates == {"ldc": D("0.70"), "oda": D("0.50"), "none": D("0.30")}
    assert (generalist.flat_rate, generalist.min_french_share) == (D("0.60"), D("0.10"))
    assert generalist.required_markers == {"gender": "marqueur genre (CAD de l'OCDE)"}
    # The generalist call leaves the same campaign's joint funds' countries to them.
    assert generalist.excluded_countries == {"SN", "LB", "AM", "UA", "PS", "MA"}
    assert generalist.eligible_countries is None
    older = call_ruleset(Call.objects.get(campaign__year=2024, slug="generaliste-2024-2026"))
    assert older.rates == {"ldc": D("0.90"), "oda": D("0.70"), "none": D("0.70")}
    assert (older.flat_rate, older.min_french_share, older.duration_min, older.duration_max) == (None, None, 12, 36)


def test_the_franco_senegalese_fund_admits_senegal_with_both_shares(demo):
    fund = call_ruleset(Call.objects.get(campaign__year=2025, slug="franco-senegalais-2025"))
    assert fund.eligible_countries == {"SN"} and fund.excluded_countries == frozenset()
    assert (fund.min_french_share, fund.min_partner_share, fund.partner_share_country) == (
        D("0.20"), D("0.10"), "SN")
    assert fund.name_of("SN") == "Sénégal"


def test_a_call_overrides_its_campaign_grid(demo):
    call = Call.objects.get(campaign__year=2025, slug="sport-2025")
    call.ldc_rate, call.flat_rate = D("0.80"), D("0.65")
    call.save()
    ruleset = call_ruleset(call)
    assert (ruleset.rates["ldc"], ruleset.rates["oda"], ruleset.flat_rate) == (D("0.80"), D("0.50"), D("0.65"))


def test_listed_countries_win_over_the_computed_ones(demo):
    call = Call.objects.get(campaign__year=2025, slug="generaliste-2025")
    call.eligible_countries.set(["BJ", "SN"])
    ruleset = call_ruleset(call)
    assert (ruleset.eligible_countries, ruleset.excluded_countries) == ({"BJ", "SN"}, frozenset())


def test_a_campaign_without_a_grid_has_no_ruleset(demo):
    with pytest.raises(RulesMissing, match="Aucune grille de taux n'est enregistrée dans CoopDec pour la campagne 2023"):
        call_ruleset(Call.objects.filter(campaign__year=2023).first())


@pytest.mark.parametrize("country, year, expected", [
    ("ST", 2024, "ldc"), ("ST", 2025, "oda"),  # left the LDC list on 13 December 2024
    ("BT", 2023, "ldc"), ("BT", 2024, "oda"),  # left on 13 December 2023
    ("BJ", 2025, "ldc"), ("MA", 2025, "oda"), ("BE", 2025, "none"), ("XK", 2025, "oda"), ("PS", 2025, "oda"),
])
def test_a_country_class_depends_on_the_campaign_year(db, country, year, expected):
    assert country_classes(year)[country] == expected


def test_the_campaign_year_gives_the_class_in_the_ruleset(demo):
    def rate(year, slug):
        return call_ruleset(Call.objects.get(campaign__year=year, slug=slug)).rate_of("ST")
    assert rate(2024, "generaliste-2024-2026") == D("0.90")
    assert rate(2025, "generaliste-2025") == D("0.50")


def test_load_territories_loads_the_dated_ldc_periods_once(db):
    assert CountryClassification.objects.count() == 46
    assert CountryClassification.objects.get(country="ST").valid_to == date(2024, 12, 13)
    call_command("load_territories", verbosity=0)
    assert CountryClassification.objects.count() == 46


def test_check_ldc_history_agrees_with_the_dac_list(tmp_path, capsys):
    oda = tmp_path / "oda.csv"
    oda.write_text("iso2,ldc\nBJ,yes\nST,no\nBT,no\n", encoding="utf-8")
    history = tmp_path / "history.csv"
    history.write_text("country,from,to,source\nBJ,,,UN\nST,,2024-12-13,UN\nBT,,2023-12-13,UN\n", encoding="utf-8")
    call_command("check_ldc_history", oda=oda, history=history)
    assert "3 période(s), d'accord avec oda.csv" in capsys.readouterr().out
    history.write_text("country,from,to,source\nBJ,,2024-06-01,UN\nST,,2025-12-13,UN\nBT,,2023-13-13,UN\n",
                       encoding="utf-8")
    with pytest.raises(CommandError, match="ligne 4, colonne « to » : date AAAA-MM-JJ attendue"):
        call_command("check_ldc_history", oda=oda, history=history)
    history.write_text("country,from,to,source\nBJ,,2024-06-01,UN\nST,,2025-12-13,UN\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("check_ldc_history", oda=oda, history=history)
    assert "BJ est PMA au 31/12/2024 selon la liste CAD, mais pas selon l'historique" in str(error.value)
    assert "ST est PMA au 31/12/2024 selon l'historique, mais pas selon la liste CAD" in str(error.value)


def test_the_committed_ldc_history_names_every_ldc_of_the_country_table(db):
    ldc_now = {iso2 for iso2, c in country_classes(2025).items() if c == "ldc"}
    assert len(ldc_now) == 44 and "ST" not in ldc_now and "SB" in ldc_now


def test_copying_last_years_call_copies_its_rules_not_its_dates(demo):
    fund = Call.objects.get(campaign__year=2025, slug="franco-senegalais-2025")
    fund.eligible_countries.set(["SN"])
    copy = call_copy(call=fund, campaign=campaign_next(campaign=fund.campaign))
    assert (copy.campaign.year, copy.name, copy.slug, copy.kind, copy.partner_country_id) == (
        2026, "Franco-sénégalais 2026", "franco-senegalais-2026", Call.Kind.FONDS_CONJOINT, "SN")
    assert (copy.min_french_share, copy.min_partner_share, copy.partner_share_country_id) == (
        D("0.20"), D("0.10"), "SN")
    assert copy.required_markers == ["gender"] and list(copy.eligible_countries.values_list("iso2", flat=True)) == ["SN"]
    assert (copy.opens_at, copy.closes_at, copy.source_url) == (None, None, "")
    with pytest.raises(CallCopyRefused, match="La campagne 2026 a déjà un appel «\u00a0Franco-sénégalais 2026\u00a0»"):
        call_copy(call=fund, campaign=copy.campaign)


def test_the_ministry_copies_calls_from_the_back_office(demo, admin_client):
    calls = Call.objects.filter(campaign__year=2025, slug__in=["sport-2025", "patrimoine-2025"])
    response = admin_client.post("/admin/calls/call/", {
        "action": "copy_to_next_campaign", "_selected_action": [c.pk for c in calls]}, follow=True)
    assert "2 appels copiés." in response.content.decode()
    assert set(Call.objects.filter(campaign__year=2026).values_list("name", flat=True)) == {"Sport 2026", "Patrimoine 2026"}
    response = admin_client.post("/admin/calls/call/", {
        "action": "copy_to_next_campaign", "_selected_action": [calls[0].pk]}, follow=True)
    assert "a déjà un appel" in response.content.decode()


def test_the_ministry_sets_a_calls_rules_in_the_back_office(demo, admin_client):
    call = Call.objects.get(campaign__year=2025, slug="sport-2025")
    page = admin_client.get(f"/admin/calls/call/{call.pk}/change/").content.decode()
    assert "Règles" in page and "convention de coopération signée" in page
    campaign = admin_client.get(f"/admin/calls/campaign/{call.campaign_id}/change/").content.decode()
    assert "Grille de taux" in campaign or "grille de taux" in campaign


def test_a_bad_rules_row_is_refused_with_its_line_and_column(demo, tmp_path):
    for path in DEMO_DIR.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    rules = tmp_path / "call-rules.csv"
    rules.write_text(rules.read_text(encoding="utf-8") + "2025,sport-2025,24,12,,,,,gender,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="call-rules.csv, ligne 25, colonne « duration_max » : durée maximale"):
        load_calls_and_figures(tmp_path)
    rules.write_text("year,call,duration_min,duration_max,min_french_share,min_partner_share,"
                     "partner_share_country,required_documents,required_markers,source\n"
                     "2025,sport-2025,,,,,,passport,,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonne « required_documents » : valeur inconnue « passport »"):
        load_calls_and_figures(tmp_path)


def test_figure_record_updates_the_same_sources_figure_and_adds_anothers(db):
    campaign = factories.campaign(2025)
    figure, change = figure_record(campaign=campaign, name="calls", value=11, source_label="A")
    assert change == Change.CREATED
    assert figure_record(campaign=campaign, name="calls", value=11, source_label="A")[1] == Change.UNCHANGED
    assert figure_record(campaign=campaign, name="calls", value=12, source_label="A")[1] == Change.UPDATED
    figure_record(campaign=campaign, name="calls", value=11, source_label="B")
    assert sorted(campaign.figures.values_list("source_label", "value")) == [("A", 12), ("B", 11)]
