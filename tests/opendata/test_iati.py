"""The IATI file of a campaign validates against the official 2.03 schema and says what we know."""
from datetime import date
from decimal import Decimal

from lxml import etree

from coopdec.applications.models import Application
from coopdec.calls.models import Call
from coopdec.opendata import iati, sectors
from coopdec.publication.keys import project_key
from coopdec.territories.models import Authority
from tests import factories as f
from tests.downloads import download

from .validation import iati_errors

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def activities(content):
    root = etree.fromstring(content)
    return root, {a.findtext("title/narrative"): a for a in root.findall("iati-activity")}


def test_the_campaign_file_is_valid_iati_2_03(client, opendata):
    response, content = download(client, "/donnees/iati-2025.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="iati-2025.xml"'
    assert response.streaming
    assert iati_errors(content) == []
    root, found = activities(content)
    assert (root.get("version"), bool(root.get("generated-datetime"))) == ("2.03", True)
    # Neither the refused dossier, nor the 2024 laureate, nor Occitanie's project (no start known).
    assert len(found) == 3


def test_the_schema_rejects_what_it_should(client, opendata):
    """The validation is real: an activity without its identifier is refused."""
    _response, content = download(client, "/donnees/iati-2025.xml")
    root = etree.fromstring(content)
    activity = root.find("iati-activity")
    activity.remove(activity.find("iati-identifier"))
    assert iati_errors(etree.tostring(root))


def test_an_activity_with_everything_known(client, opendata):
    _response, content = download(client, "/donnees/iati-2025.xml")
    castres = activities(content)[1]["Eau potable et assainissement à Huye"]
    key = project_key(year=2025, call_slug="generaliste-2025", lead_name_key="castres",
                                  title_key=opendata.castres.title_key)
    assert castres.findtext("iati-identifier") == f"FR-6-coopdec-{key}"
    assert castres.get(XML_LANG) == "fr" and castres.get("default-currency") == "EUR"
    assert castres.find("reporting-org").get("ref") == "FR-6"
    assert castres.find("title/narrative").get(XML_LANG) == "fr"
    assert castres.findtext("description/narrative") == "Accès à l'eau potable de 12 écoles du district de Huye."
    organisations = [(o.get("role"), o.get("ref"), o.get("type"), o.findtext("narrative"))
                     for o in castres.findall("participating-org")]
    assert organisations == [
        ("1", "FR-6", "10", "Ministère de l'Europe et des Affaires étrangères"),
        ("2", "FR-RCS-218100659", "11", "Castres"),
        ("4", "FR-RCS-218100659", "11", "Castres"),
        ("4", None, "11", "District de Huye"),
    ]
    assert [(d.get("type"), d.get("iso-date")) for d in castres.findall("activity-date")] == [
        ("1", "2025-01-01"), ("3", "2025-12-31")]
    assert [(c.get("code"), c.get("percentage")) for c in castres.findall("recipient-country")] == [("RW", "100")]
    marker = castres.find("policy-marker")
    assert (marker.get("vocabulary"), marker.get("code"), marker.get("significance")) == ("1", "1", "1")
    budget = castres.find("budget")
    assert (budget.findtext("value"), budget.find("value").get("currency")) == ("15000.00", "EUR")
    assert budget.find("period-start").get("iso-date") == "2025-01-01"
    transaction = castres.find("transaction")
    assert transaction.find("transaction-type").get("code") == "2"
    assert transaction.find("transaction-date").get("iso-date") == "2025-09-08"
    assert transaction.findtext("value") == "15000.00"
    assert transaction.find("receiver-org").get("ref") == "FR-RCS-218100659"


def test_what_is_not_known_is_not_invented(client, opendata):
    _response, content = download(client, "/donnees/iati-2025.xml")
    found = activities(content)[1]
    # Only its planned end is known: IATI wants a start (validator rule 6.11.1), none is made up.
    assert "Jeunesse et climat" not in found
    Application.objects.filter(pk=opendata.occitanie.pk).update(starts_on=date(2025, 2, 1))
    occitanie = activities(download(client, "/donnees/iati-2025.xml")[1])[1]["Jeunesse et climat"]
    assert occitanie.find("budget") is None and occitanie.find("transaction") is None
    assert occitanie.find("policy-marker") is None
    assert [(d.get("type"), d.get("iso-date")) for d in occitanie.findall("activity-date")] == [
        ("1", "2025-02-01"), ("3", "2026-12-31")]
    assert occitanie.find("activity-date/narrative") is None
    lead = occitanie.findall("participating-org")[1]
    assert lead.get("ref") is None and lead.findtext("narrative") == "Occitanie"  # a region has no SIREN
    # The project names both countries: equal shares.
    assert [(c.get("code"), c.get("percentage")) for c in occitanie.findall("recipient-country")] == [
        ("SN", "50"), ("BJ", "50")]
    assert "Projet de coopération décentralisée" in occitanie.findtext("description/narrative")

    barjac = found[opendata.barjac.title]
    assert barjac.findall("participating-org")[1].findtext("narrative") == "Barjac"
    assert [(d.get("type"), d.get("iso-date")) for d in barjac.findall("activity-date")] == [("1", "2025-06-01")]
    # The joint fund's country, which the call gives and not the project: no share.
    assert [(c.get("code"), c.get("percentage")) for c in barjac.findall("recipient-country")] == [("SN", None)]

    agglo = found["Culture & patrimoine <partagés>"]
    assert agglo.find("budget") is None  # three years: an IATI budget covers a year at most
    assert agglo.find("transaction/value").text == "20000.50"
    assert agglo.find("policy-marker").get("significance") == "2"
    assert [(c.get("code"), c.get("percentage")) for c in agglo.findall("recipient-country")] == [
        ("XK", "50"), ("CA", "50")]


def test_all_years_in_one_file_and_only_laureates_with_a_known_date(client, opendata):
    _response, content = download(client, "/donnees/iati.xml")
    assert iati_errors(content) == []
    found = activities(content)[1]
    assert len(found) == 3
    assert "Coopération 2024" not in found  # no start known: IATI requires one, none is invented
    Application.objects.filter(pk=opendata.previous.pk).update(starts_on=date(2024, 3, 1))
    previous = activities(download(client, "/donnees/iati.xml")[1])[1]["Coopération 2024"]
    assert previous.find("transaction") is None  # 2024 results: no publication date known


def test_a_campaign_without_dated_laureates_has_no_iati_file(client, opendata):
    f.campaign(2023)
    assert client.get("/donnees/iati-2023.xml").status_code == 404
    assert client.get("/donnees/iati-2024.xml").status_code == 404  # its laureate has no known date
    assert client.get("/donnees/iati-2019.xml").status_code == 404


def test_every_activity_has_the_sector_of_its_call(client, opendata):
    thematic = f.call("Sécurité alimentaire 2025", Call.Kind.THEMATIQUE, opendata.castres.call.campaign)
    f.application("Cantines", thematic, Authority.objects.get(kind="commune", code="81065"),
                  starts_on=date(2025, 1, 1))
    content = download(client, "/donnees/iati-2025.xml")[1]
    assert iati_errors(content) == []
    found = activities(content)[1]
    sectors = {title: [(s.get("vocabulary"), s.get("code"), s.findtext("narrative")) for s in a.findall("sector")]
               for title, a in found.items()}
    decentralisation = [("1", "15112", "Décentralisation et soutien aux administrations infranationales")]
    assert sectors.pop("Cantines") == [
        ("1", "43071", "Politique de sécurité alimentaire et gestion administrative")]
    assert set(map(tuple, sectors.values())) == {tuple(decentralisation)}
    assert len(sectors) == 3


def test_the_sector_of_a_call_comes_from_the_committed_table():
    def code(kind, name):
        return sectors.call_sector(call_kind=kind, call_name=name).code

    assert code("thematique", "Égalité femmes-hommes 2024") == "15170"
    assert code("thematique", "Sport et coopération décentralisée 2023 (last edition)") == "16065"
    assert code("thematique", "Finances locales (1st edition, with UCLG/CGLU)") == "15128"
    assert code("ami", "AMI Villes créatives de la Francophonie") == "16066"
    assert code("thematique", "Jeunesse X") == "15112"
    assert code("fonds_conjoint", "Franco-sénégalais 2025") == "15112"
    assert code("generaliste", "Généraliste sport 2030") == "15112"  # a theme counts for its kind only
    for sector in sectors.sectors():
        assert len(sector.code) == 5 and sector.code.isdigit() and sector.name_fr and sector.reason
    assert sectors.sectors()[-1].call_kind == sectors.sectors()[-1].theme == ""  # the default, last


def test_activity_status_follows_the_known_dates():
    today = date(2025, 6, 1)
    assert iati.activity_status(starts_on=None, ends_on=None, today=today) == "2"
    assert iati.activity_status(starts_on=date(2025, 9, 1), ends_on=None, today=today) == "1"
    assert iati.activity_status(starts_on=date(2024, 1, 1), ends_on=date(2025, 5, 31), today=today) == "3"
    assert iati.activity_status(starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 1), today=today) == "2"


def test_shares_sum_to_a_hundred():
    for count in range(1, 12):
        parts = iati.shares(count)
        assert len(parts) == count and sum(parts) == Decimal(100)
    assert iati.shares(3) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


def test_a_budget_period_is_a_year_at_most():
    assert iati.within_a_year(date(2025, 1, 1), date(2025, 12, 31))
    assert not iati.within_a_year(date(2025, 1, 1), date(2026, 1, 1))
    assert iati.within_a_year(date(2024, 2, 29), date(2025, 2, 27))
    assert not iati.within_a_year(date(2025, 3, 1), date(2025, 2, 1))
