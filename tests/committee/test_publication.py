"""A session's publication puts its laureates on the public pages and the API, the same records,
nothing retyped: before it, a dossier decided « retenu » appears nowhere public; the campaign's
figures are computed from the records beside the published ones; the pages' cache is invalidated."""
from decimal import Decimal as D

import pytest
from django.urls import reverse

from coopdec.dataversion.changes import versions, versions_forget
from coopdec.instruction.services import decision_record, session_close, session_publish, session_reopen
from tests import factories
from tests.committee.people import call_with_envelope, communes, in_instruction, ministry_officer, session

pytestmark = pytest.mark.django_db


def publication_version(*, campaign_id=None):
    """The published data's versions as a fresh request reads them: everything, and the campaign's."""
    versions_forget()
    found = versions()
    return found.everything, found.campaigns.get(campaign_id)


@pytest.fixture
def decided(django_capture_on_commit_callbacks):
    """Three dossiers of Tarn communes in a 2026 call: one retained (60 000 €), one not retained,
    one still under instruction; the session closed, not yet published. Committed as far as the
    publication's data version knows (its on-commit callbacks run)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _decided()


def _decided():
    officer = ministry_officer()
    call = call_with_envelope("100000")
    retained, refused, waiting = (in_instruction(call, commune, officer, title=title)[0] for commune, title in
                                  zip(communes(3), ["Eau potable à Huye", "Jumelage scolaire", "Santé à Kigali"]))
    held = session(call, officer)
    decision_record(application=retained, decision="retenu", amount="60000", user=officer)
    decision_record(application=refused, decision="non_retenu", reason="Budget peu détaillé", user=officer)
    session_close(session=held, user=officer)
    return officer, held, retained


def _public(client, retained):
    region = reverse("publication:region", args=[2026, "occitanie"])
    campaign = reverse("publication:campaign", args=[2026])
    api = client.get("/api/v1/laureates", {"campaign": 2026}).json()
    return {
        "region": "Eau potable à Huye" in client.get(region).content.decode(),
        "campaign": client.get(campaign).content.decode(),
        "api": [(r["title"], r["granted_amount"]) for r in api["results"]],
        "api_one": client.get(f"/api/v1/laureates/{retained.pk}").status_code,
        "search": "Eau potable à Huye" in client.get("/recherche/", {"q": "Huye"}).content.decode(),
    }


def test_a_retained_dossier_is_public_only_once_its_session_is_published(
        client, decided, django_capture_on_commit_callbacks):
    officer, held, retained = decided
    before = _public(client, retained)
    assert (before["region"], before["api"], before["api_one"], before["search"]) == (False, [], 404, False)
    assert "CoopDec enregistre 3 dossiers" in before["campaign"] and "dont aucun lauréat" in before["campaign"]

    version = publication_version(campaign_id=held.call.campaign_id)
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=held, user=officer)
    assert publication_version(campaign_id=held.call.campaign_id) != version

    after = _public(client, retained)
    assert (after["region"], after["api"], after["api_one"], after["search"]) == (
        True, [("Eau potable à Huye", "60000.00")], 200, True)
    # Received counts every dossier filed (platform dossiers included), retained the published ones.
    assert "CoopDec enregistre 3 dossiers" in after["campaign"] and "dont 1 lauréat" in after["campaign"]
    # One dossier is still under instruction: no rate yet (it would read 33,3 %).
    assert "Taux d'acceptation calculé" not in after["campaign"]
    assert "sera calculé quand tous les appels de la campagne 2026 seront clos" in after["campaign"]


def test_published_figures_stay_beside_those_computed_from_records(client, decided):
    officer, held, retained = decided
    campaign = held.call.campaign
    factories.published_figure("applications_received", 120, campaign, source_label="MEAE, 1er juillet 2026")
    factories.published_figure("applications_retained", 80, campaign, source_label="MEAE, 1er juillet 2026")
    session_publish(session=held, user=officer)
    page = client.get(reverse("publication:campaign", args=[2026])).content.decode()
    assert "chiffres publiés" in page and "MEAE, 1er juillet 2026" in page
    assert "dont 1 lauréat" in page and "calculé à partir des 3 dossiers enregistrés" in page


def test_reopening_a_published_session_keeps_the_published_decisions_until_published_again(
        client, decided, django_capture_on_commit_callbacks):
    officer, held, retained = decided
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=held, user=officer)
    version = publication_version()
    with django_capture_on_commit_callbacks(execute=True):
        session_reopen(session=held, reason="Recours de la commune", user=officer)
    assert publication_version() != version
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(application=retained, decision="retenu", amount="50000", user=officer)
        session_close(session=held, user=officer)
    assert _public(client, retained)["region"]  # still the published laureate
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=held, user=officer)
    assert _public(client, retained)["api"] == [("Eau potable à Huye", "50000.00")]
    retained.refresh_from_db()
    assert retained.granted_amount == D("50000")
