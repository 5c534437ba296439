"""The IATI validator's offline data-quality rules (`coopdec.opendata.quality`) hold on every IATI
file the site serves, beside the schema: a realistic set of laureates (imported ones with and
without dates, amounts and countries; a committee's laureate with its schedule, a tranche paid)."""
import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from lxml import etree

from coopdec.applications.models import Application
from coopdec.grants.models import Tranche
from coopdec.grants.services import payment_record
from coopdec.instruction.services import decision_record, session_close, session_publish
from coopdec.opendata import iati, quality, selectors
from coopdec.opendata.records import OpenRecord, Tranche as OpenTranche
from coopdec.publication.exports import LaureateRow, Partner
from tests.committee.people import call_with_envelope, communes, in_instruction, ministry_officer, session
from tests.downloads import download

from .conftest import build
from .validation import iati_errors


@pytest.fixture
def every_kind(db):
    """The open-data laureates of 2024 and 2025, and a committee's 2026 laureate (60 000 € over
    2026–2027, its first tranche paid)."""
    data = build()
    officer = ministry_officer()
    call = call_with_envelope("100000")
    retained = in_instruction(call, communes(1)[0], officer)[0]
    Application.objects.filter(pk=retained.pk).update(starts_on=date(2026, 9, 1), ends_on=date(2027, 6, 30))
    held = session(call, officer)
    decision_record(application=retained, decision="retenu", amount="60000", user=officer)
    session_close(session=held, user=officer)
    session_publish(session=held, user=officer)
    payment_record(tranche=Tranche.objects.get(application=retained, order=1), paid_on=date(2026, 9, 15),
                   amount="36000", user=officer)
    return data, retained


def served_files():
    """Every IATI file of the /donnees/ page: one per campaign with activities, and all years."""
    years = [d.campaign.year for d in selectors.campaign_data_list() if d.dated]
    return [f"/donnees/iati-{year}.xml" for year in years] + ["/donnees/iati.xml"]


def test_every_iati_file_passes_the_schema_and_the_quality_rules(client, every_kind):
    files = served_files()
    assert files == ["/donnees/iati-2026.xml", "/donnees/iati-2025.xml", "/donnees/iati.xml"]
    activities = 0
    for path in files:
        content = download(client, path)[1]
        assert iati_errors(content) == [], path
        assert quality.iati_problems(content, today=timezone.localdate()) == [], path
        activities += len(etree.fromstring(content).findall("iati-activity"))
    assert activities > 0
    # The files hold what the rules are about: budgets by year, a commitment, a disbursement.
    every = etree.fromstring(download(client, "/donnees/iati.xml")[1])
    codes = [t.get("code") for t in every.iter("transaction-type")]
    assert codes.count("3") == 1 and codes.count("2") >= 2
    assert len(every.findall("iati-activity/budget")) >= 3


def _broken(content, change):
    root = etree.fromstring(content)
    change(root)
    return quality.iati_problems(etree.tostring(root), today=timezone.localdate())


def test_the_rules_find_what_they_should(client, every_kind):
    """The checks are real: each breakage is found, with its rule."""
    content = download(client, "/donnees/iati.xml")[1]
    assert quality.iati_problems(content, today=timezone.localdate()) == []

    def first(root, path):
        return root.find(f"iati-activity/{path}")

    def future_transaction(root):
        tomorrow = timezone.localdate() + timedelta(days=1)
        first(root, "transaction/transaction-date").set("iso-date", tomorrow.isoformat())

    def duplicate(root):
        activities = root.findall("iati-activity")
        activities[1].find("iati-identifier").text = activities[0].findtext("iati-identifier")

    def wrong_prefix(root):
        first(root, "iati-identifier").text = "FR-3-coopdec-x"

    def shares(root):
        activity = next(a for a in root.findall("iati-activity") if len(a.findall("recipient-country")) > 1)
        activity.find("recipient-country").set("percentage", "10")

    def no_shares(root):
        activity = next(a for a in root.findall("iati-activity") if len(a.findall("recipient-country")) > 1)
        for country in activity.findall("recipient-country"):
            del country.attrib["percentage"]

    def nameless(root):
        receiver = next(root.iter("receiver-org"))
        receiver.attrib.pop("ref", None)
        receiver.remove(receiver.find("narrative"))

    def sector(root):
        first(root, "sector").set("code", "99999")

    def siren(root):
        organisation = next(o for o in root.iter("participating-org") if (o.get("ref") or "").startswith("FR-RCS"))
        organisation.set("ref", organisation.get("ref")[:-1] + str((int(organisation.get("ref")[-1]) + 1) % 10))

    def long_budget(root):
        budget = next(root.iter("budget"))
        budget.find("period-end").set("iso-date", "2030-01-01")

    def no_start(root):
        activity = root.find("iati-activity")
        for found in activity.findall("activity-date[@type='1']"):
            activity.remove(found)

    def nothing_paid(root):
        next(root.iter("value")).text = "0"

    for change, rule in ((future_transaction, "[11.2.1]"), (duplicate, "2 fois"), (wrong_prefix, "[1.1.21]"),
                         (shares, "[3.1.2]"), (no_shares, "[3.1.1]"), (nameless, "[6.9.2]"), (sector, "liste Sector"), (siren, "SIREN valide"),
                         (long_budget, "[7.5.3]"), (no_start, "[6.11.1]"), (nothing_paid, "pas un nombre positif")):
        problems = _broken(content, change)
        assert any(rule in problem for problem in problems), (change.__name__, problems)


def test_a_siren_s_luhn_key():
    assert quality.luhn("218100659") and quality.luhn("248100430") and quality.luhn("732829320")
    assert not quality.luhn("218100658")
    assert quality.known_organisation("FR-RCS-218100659") and quality.known_organisation("FR-6")
    assert not quality.known_organisation("FR-RCS-21810065") and not quality.known_organisation("FR-SIRENE-218100659")


def test_budgets_for_the_years_ahead_come_from_the_schedule():
    """Forward-looking: a schedule over this year and the next two gives a budget for each, with
    the disbursement of the tranche paid and no other."""
    today = timezone.localdate()
    year = today.year
    tranches = (OpenTranche(1, year, Decimal("30000"), today, Decimal("30000")),
                OpenTranche(2, year + 1, Decimal("20000")), OpenTranche(3, year + 2, Decimal("8000")),
                OpenTranche(4, year + 2, Decimal("2000")))
    record = _record(starts_on=date(year, 1, 1), ends_on=date(year + 2, 6, 30), tranches=tranches,
                     award_date=today)
    activity = ET.fromstring(iati.activity(record, today=today).xml())
    assert [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"), b.findtext("value"))
            for b in activity.findall("budget")] == [
        (f"{year}-01-01", f"{year}-12-31", "30000.00"), (f"{year + 1}-01-01", f"{year + 1}-12-31", "20000.00"),
        (f"{year + 2}-01-01", f"{year + 2}-06-30", "10000.00")]
    assert [(t.find("transaction-type").get("code"), t.findtext("value")) for t in activity.findall("transaction")] == [
        ("2", "60000.00"), ("3", "30000.00")]


def test_several_countries_always_get_shares_summing_to_a_hundred():
    """A partner's country unknown: the two known still share the project, as IATI requires."""
    today = date(2026, 12, 6)
    partners = (Partner("Saint-Louis", "Sénégal", "SN"), Partner("Bohicon", "Bénin", "BJ"), Partner("Inconnue"))
    activity = ET.fromstring(iati.activity(
        _record(starts_on=date(2026, 1, 1), ends_on=None, award_date=None, partners=partners), today=today).xml())
    assert [(c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")] == [
        ("SN", "50"), ("BJ", "50")]
    alone = ET.fromstring(iati.activity(_record(starts_on=date(2026, 1, 1), ends_on=None, award_date=None,
                                                partners=partners[:1] + partners[2:]), today=today).xml())
    assert [(c.get("code"), c.get("percentage")) for c in alone.findall("recipient-country")] == [("SN", None)]


def _record(partners=(), **facts):
    row = LaureateRow(
        campaign_year=2026, call_name="Généraliste 2026", call_slug="generaliste-2026", call_kind="generaliste",
        lead_name="Castres", lead_published_name="Castres", lead_to_confirm=False, lead_kind="commune",
        lead_code="81065", lead_siren="218100659", departement_code="81", departement_name="Tarn",
        region_code="76", region_name="Occitanie", partners=partners, title="Projet", provenance="coopdec")
    return OpenRecord(row=row, key="2026-000000000000", lead_name_key="castres", summary="Résumé.",
                      gender_marker=None, granted_amount=Decimal("60000"), updated_at=timezone.now(),
                      call_country=None, **facts)


def test_the_command_checks_every_served_file(opendata):
    out = io.StringIO()
    call_command("check_iati", stdout=out)
    assert out.getvalue().splitlines() == [
        "iati-2025.xml : 0 problème", "iati.xml : 0 problème", "2 fichiers vérifiés, aucun problème."]
    # A published list's laureate whose planned start comes after its planned end (rule 11.1.2).
    Application.objects.filter(pk=opendata.castres.pk).update(starts_on=date(2026, 1, 1))
    with pytest.raises(CommandError, match=r"iati-2025.xml : FR-6-coopdec-2025-\w+: début après la fin \[11.1.2\]"):
        call_command("check_iati", stdout=io.StringIO())


def test_activities_are_written_as_elementtree_writes_them():
    """`iati.Node` replaces ElementTree for speed: the same text, escapes and empty elements included,
    whatever the authorities typed (quotes, ampersands, angle brackets, line breaks, tabs, controls)."""
    typed = 'Eau & « assainissement » <2025> "Sud"\r\nligne\tdeux\x01'
    node = iati.root("iati-activity", {iati.XML_LANG: "fr", "hierarchy": typed})
    iati._narrative(iati._sub(node, "title"), typed)
    iati._sub(node, "activity-status", code="2")
    iati._sub(node, "description", text="")
    tree = ET.Element("iati-activity", {"{http://www.w3.org/XML/1998/namespace}lang": "fr",
                                        "hierarchy": typed.replace("\x01", "")})
    ET.SubElement(ET.SubElement(tree, "title"), "narrative",
                  {"{http://www.w3.org/XML/1998/namespace}lang": "fr"}).text = typed.replace("\x01", "")
    ET.SubElement(tree, "activity-status", {"code": "2"})
    ET.SubElement(tree, "description").text = ""
    assert node.xml() == ET.tostring(tree, encoding="unicode")
    assert ET.fromstring(node.xml()).find("title/narrative").text == typed.replace("\x01", "").replace("\r\n", "\n")
