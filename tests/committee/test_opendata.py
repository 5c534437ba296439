"""A committee's laureate in the open data once its session is published: 360Giving with the
amount awarded and the decision's date as award date, IATI with its budget by year of the grant's
schedule, the ministry's commitment on that date and a disbursement for each tranche paid; both
validated against the official schemas in standards/."""
import json
from datetime import date

import pytest
from django.utils import timezone
from lxml import etree

from coopdec.applications.models import Application
from coopdec.grants.models import Tranche
from coopdec.grants.services import payment_record
from coopdec.instruction.services import decision_record, session_close, session_publish
from tests.committee.people import call_with_envelope, communes, in_instruction, ministry_officer, session
from tests.downloads import download
from tests.opendata.validation import giving360_errors, iati_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def laureate():
    """A dossier of Castres' neighbour retained for 60 000 € (project from September 2026 to June
    2027), another not retained; the session closed, not yet published."""
    officer = ministry_officer()
    call = call_with_envelope("100000")
    retained, refused = (in_instruction(call, commune, officer, title=title)[0]
                         for commune, title in zip(communes(2), ["Eau potable à Huye", "Jumelage scolaire"]))
    Application.objects.filter(pk=retained.pk).update(starts_on=date(2026, 9, 1), ends_on=date(2027, 6, 30))
    held = session(call, officer)
    decided = decision_record(application=retained, decision="retenu", amount="60000", user=officer)
    decision_record(application=refused, decision="non_retenu", reason="Hors sujet", user=officer)
    session_close(session=held, user=officer)
    return officer, held, decided


def test_360giving_carries_the_amount_and_the_decision_s_date_once_published(client, laureate):
    officer, held, decided = laureate
    assert client.get("/donnees/360giving-2026.json").status_code == 404  # nothing public yet
    session_publish(session=held, user=officer)
    response, content = download(client, "/donnees/360giving-2026.json")
    package = json.loads(content)
    assert giving360_errors(package) == []
    [grant] = package["grants"]
    assert (grant["title"], grant["amountAwarded"], grant["awardDate"]) == (
        "Eau potable à Huye", 60000, timezone.localdate(decided.at).isoformat())
    assert response["X-CoopDec-Excluded-Without-Award-Date"] == "0"
    _response, csv_content = download(client, "/donnees/360giving-2026.csv")
    assert "Eau potable à Huye" in csv_content.decode("utf-8-sig")


def test_iati_carries_the_budget_and_the_commitment_once_published(client, laureate):
    officer, held, decided = laureate
    assert client.get("/donnees/iati-2026.xml").status_code == 404
    session_publish(session=held, user=officer)
    _response, content = download(client, "/donnees/iati-2026.xml")
    assert iati_errors(content) == []
    [activity] = etree.fromstring(content).findall("iati-activity")
    assert activity.find("title/narrative").text == "Eau potable à Huye"
    # The schedule's years (36 000 € in 2026, 24 000 € in two tranches of 2027), within the project.
    assert budgets(activity) == [("1", "2", "2026-09-01", "2026-12-31", "36000.00"),
                                 ("1", "2", "2027-01-01", "2027-06-30", "24000.00")]
    [commitment] = activity.findall("transaction")
    decided_on = timezone.localdate(decided.at).isoformat()
    assert commitment.find("transaction-type").get("code") == "2"
    assert commitment.find("transaction-date").get("iso-date") == decided_on
    assert (commitment.find("value").text, commitment.find("value").get("value-date")) == ("60000.00", decided_on)


def test_iati_splits_a_multi_year_grant_into_yearly_budgets_as_its_costs(client, laureate):
    """IATI budget periods last a year at most: 60 000 € over a budget of 60 000 € of costs in
    2026 and 40 000 € in 2027 is 36 000 € and 24 000 €, each within the project's dates."""
    officer, held, decided = laureate
    Application.objects.filter(pk=decided.application_id).update(starts_on=date(2026, 3, 1), ends_on=date(2027, 12, 31))
    session_publish(session=held, user=officer)
    _response, content = download(client, "/donnees/iati-2026.xml")
    assert iati_errors(content) == []
    [activity] = etree.fromstring(content).findall("iati-activity")
    assert budgets(activity) == [("1", "2", "2026-03-01", "2026-12-31", "36000.00"),
                                 ("1", "2", "2027-01-01", "2027-12-31", "24000.00")]
    assert activity.find("transaction/value").text == "60000.00"


def test_iati_has_a_budget_for_a_year_of_the_schedule_outside_the_project_s_dates(client, laureate):
    """The schedule says 2027 and the project ends in 2026: 2027's tranches keep their calendar year."""
    officer, held, decided = laureate
    Application.objects.filter(pk=decided.application_id).update(starts_on=date(2026, 2, 1), ends_on=date(2026, 11, 30))
    session_publish(session=held, user=officer)
    [activity] = etree.fromstring(download(client, "/donnees/iati-2026.xml")[1]).findall("iati-activity")
    assert budgets(activity) == [("1", "2", "2026-02-01", "2026-11-30", "36000.00"),
                                 ("1", "2", "2027-01-01", "2027-12-31", "24000.00")]


@pytest.mark.django_db(transaction=True)  # committed, so that the file is written once and kept
def test_iati_adds_a_disbursement_for_each_tranche_paid(client, laureate, settings, tmp_path):
    """A payment recorded after the file was written renews it (the tranche's save moves the
    campaign's data version): the disbursement is there at the next download."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    officer, held, decided = laureate
    session_publish(session=held, user=officer)
    before = etree.fromstring(download(client, "/donnees/iati-2026.xml")[1])
    assert [t.find("transaction-type").get("code") for t in before.iter("transaction")] == ["2"]
    first = Tranche.objects.get(application_id=decided.application_id, order=1)
    paid_on = timezone.localdate()
    assert list((tmp_path / "donnees").iterdir())  # written once, served from disk until the data moves
    payment_record(tranche=first, paid_on=paid_on, amount="35000", user=officer)
    response, content = download(client, "/donnees/iati-2026.xml")
    assert iati_errors(content) == []
    [activity] = etree.fromstring(content).findall("iati-activity")
    transactions = [(t.find("transaction-type").get("code"), t.find("transaction-date").get("iso-date"),
                     t.findtext("value"), t.find("value").get("value-date"), t.find("provider-org").get("ref"),
                     t.find("receiver-org").findtext("narrative"))
                    for t in activity.findall("transaction")]
    decided_on = timezone.localdate(decided.at).isoformat()
    lead = decided.application.lead_authority.name
    assert transactions == [("2", decided_on, "60000.00", decided_on, "FR-6", lead),
                            ("3", paid_on.isoformat(), "35000.00", paid_on.isoformat(), "FR-6", lead)]


def budgets(activity):
    return [(b.get("type"), b.get("status"), b.find("period-start").get("iso-date"),
             b.find("period-end").get("iso-date"), b.findtext("value")) for b in activity.findall("budget")]
