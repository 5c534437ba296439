"""Figures of a campaign whose call is still open: no acceptance rate until every call of the
campaign has closed and been decided; the observatory's pages open on the latest campaign with
results; every label says whether a figure is published or computed, in correct French."""
from datetime import timedelta

import pytest
from django.utils import timezone

from coopdec.applications.models import Application
from coopdec.french.text import number_fr
from coopdec.publication.wording import computed_from_records
from tests import factories as f
from tests.publication.helpers import page_text

from .test_pages import rows_of

pytestmark = pytest.mark.django_db
PLATFORM = Application.Provenance.PLATFORM
RETENU, NON_RETENU = Application.Decision.RETENU, Application.Decision.NON_RETENU


@pytest.fixture
def open_2026():
    """2025: one imported laureate. 2026: a call open until next month, with one dossier filed on
    CoopDec and already published « retenu » (the bug's 100,0 %)."""
    f.application(title="Lauréat 2025", call_obj=f.call("Généraliste 2025", campaign_obj=f.campaign(2025)))
    today = timezone.localdate()
    call = f.call("Généraliste 2026", campaign_obj=f.campaign(2026), opens_on=today - timedelta(days=30),
                  closes_on=today + timedelta(days=30))
    f.application(title="Eau potable à Huye", call_obj=call, decision=RETENU, provenance=PLATFORM)
    return call


def test_no_rate_while_a_call_of_the_campaign_is_open(client, open_2026):
    text = page_text(client.get("/campagnes/2026/"))
    assert "Taux d'acceptation calculé" not in text and "100,0" not in text
    assert ("Le taux d'acceptation sera calculé quand tous les appels de la campagne 2026 seront clos "
            "et leurs décisions publiées.") in text
    assert "calculé à partir du seul dossier enregistré" in text
    stats = client.get("/statistiques/", {"campagne": "2026"})
    assert "100,0" not in page_text(stats)
    assert rows_of(stats, "tableau-annees")[-2].endswith("non calculé : appel encore ouvert")


def test_the_rate_comes_once_the_call_is_closed_and_decided(client, open_2026):
    open_2026.closes_on = timezone.localdate() - timedelta(days=1)
    open_2026.save()
    f.application(title="Jumelage", call_obj=open_2026, decision=Application.Decision.PENDING, provenance=PLATFORM)
    text = page_text(client.get("/campagnes/2026/"))
    assert "Taux d'acceptation calculé" not in text and "sera calculé quand" in text  # one decision to publish
    Application.objects.filter(title="Jumelage").update(decision=NON_RETENU, state="non_retenu")
    open_2026.save()  # the version moves, as a session's publication moves it
    text = page_text(client.get("/campagnes/2026/"))
    assert "Taux d'acceptation calculé à partir de nos dossiers : 50,0 %" in text
    assert "calculé à partir des 2 dossiers enregistrés" in text


def test_another_call_still_open_holds_back_the_campaigns_rate(client, open_2026):
    open_2026.closes_on = timezone.localdate() - timedelta(days=1)
    open_2026.save()
    today = timezone.localdate()
    f.call("Sport 2026", campaign_obj=open_2026.campaign, opens_on=today, closes_on=today + timedelta(days=9))
    assert "Taux d'acceptation calculé" not in page_text(client.get("/campagnes/2026/"))
    rows = rows_of(client.get("/statistiques/", {"campagne": "2026"}), "tableau-annees")
    assert rows[-2].endswith("non calculé : appel encore ouvert")


def test_the_observatory_opens_on_the_latest_campaign_with_results(client, open_2026):
    Application.objects.filter(call=open_2026).update(decision=Application.Decision.PENDING, state="depose")
    open_2026.save()
    assert "La campagne 2025" in page_text(client.get("/statistiques/"))
    assert client.get("/carte/").context["campaign"].year == 2025
    assert "Les douze réseaux régionaux et leurs lauréats 2025" in page_text(client.get("/reseaux/"))
    # Chosen, 2026 is shown; the menu's campaign stays the latest.
    assert "La campagne 2026" in page_text(client.get("/statistiques/", {"campagne": "2026"}))
    assert client.get("/reseaux/").context["nav_campaign"].year == 2026


def test_the_label_of_a_computed_figure_agrees_with_its_count():
    assert computed_from_records(1) == "calculé à partir du seul dossier enregistré"
    assert computed_from_records(1234) == f"calculé à partir des {number_fr(1234)} dossiers enregistrés"
