"""A committee's laureate in the open data once its session is published: 360Giving with the
amount awarded and the decision's date as award date, IATI with its budget and the ministry's
commitment on that date; both validated against the official schemas in standards/."""
import json
from datetime import date

import pytest
from django.utils import timezone
from lxml import etree

from coopdec.applications.models import Application
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
    budget = activity.find("budget")
    assert (budget.find("period-start").get("iso-date"), budget.find("value").text) == ("2026-09-01", "60000.00")
    commitment = activity.find("transaction")
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
    budgets = [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"), b.find("value").text)
               for b in activity.findall("budget")]
    assert budgets == [("2026-03-01", "2026-12-31", "36000.00"), ("2027-01-01", "2027-12-31", "24000.00")]
    assert activity.find("transaction/value").text == "60000.00"
