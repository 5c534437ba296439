"""The review of laureates whose French authority is to confirm, and the back office in French."""
import pytest
from django.apps import apps

from coopdec.applications.models import Application
from coopdec.instruction.models import Decision
from coopdec.territories.models import Authority, AuthorityAlias, AuthorityConfirmation
from coopdec.territories.resolve import ResolutionContext, Status, resolve_authority

from tests import factories as f
from tests.admin_forms import form_data, typed_fields
from tests.committee.people import call_with_envelope, communes, in_instruction, ministry_officer

from .conftest import imported

pytestmark = pytest.mark.django_db

PENDING = "/admin/applications/application/?lead=pending"


def review_url(application):
    return f"/admin/applications/application/{application.pk}/resoudre/"


def test_candidates_are_shown_with_departement_and_population(admin_client, barjac):
    page = admin_client.get(review_url(barjac)).content.decode()
    for label in ("Barjac (Gard, 30) — 1\u00a0608 habitants", "Barjac (Lozère, 48) — 806 habitants",
                  "Barjac (Ariège, 09) — 45 habitants"):
        assert label in page
    assert page.index("(Gard, 30)") < page.index("(Lozère, 48)") < page.index("(Ariège, 09)")
    assert "Occitanie Coopération, 8 septembre 2025, liste de la région Occitanie" in page
    assert "ligne&nbsp;4" in page and "Kharas" in page
    assert "résolu&nbsp;: 3 communes nommées Barjac en région Occitanie\u00a0: Ariège, Gard, Lozère" in page


def test_a_confirmation_is_recorded_with_the_row_s_context_and_leads_back_to_the_pending_list(
        admin_client, admin_user, barjac):
    response = admin_client.post(review_url(barjac), {"candidate": "commune:30029"})
    assert (response.status_code, response["Location"]) == (302, PENDING)
    barjac.refresh_from_db()
    assert barjac.lead_authority.code == "30029"
    confirmation = AuthorityConfirmation.objects.get()
    assert (confirmation.name, confirmation.authority.code, confirmation.publisher, confirmation.region_id,
            confirmation.partner_country_id, confirmation.partner, confirmation.confirmed_by,
            confirmation.seen_in) == (
        "Barjac", "30029", "Occitanie Coopération, 8 septembre 2025", "76", "PS", "Kharas", admin_user,
        "laureats-occitanie-2025.html, ligne 4 — « Gire en jeu »")
    assert not AuthorityAlias.objects.filter(source="confirmed").exists()
    page = admin_client.get(PENDING).content.decode()
    assert "Barjac (Gard) confirmée pour «\u00a0Barjac\u00a0» dans ce contexte" in page
    assert "Gire en jeu" not in page


def test_the_next_list_decides_only_in_a_matching_context(admin_client, barjac, palestinian_call):
    admin_client.post(review_url(barjac), {"candidate": "commune:30029"})
    same_partner = ResolutionContext(publisher="MEAE", partner_country="PS", partner="Kharas")
    assert resolve_authority("Barjac", region="76", context=same_partner).match.code == "30029"
    other = imported("Barjac", title="Jumelage scolaire", call=palestinian_call, partner="Beit Sahour",
                     source_label="", row_number=9)
    page = admin_client.get(review_url(other)).content.decode()
    assert "Déjà confirmé pour ce nom" in page
    assert "Barjac (Gard), pour Occitanie Coopération, 8 septembre 2025 (région Occitanie), partenaire Kharas" in page
    assert Application.objects.get(pk=other.pk).lead_authority is None


def test_a_name_no_other_authority_has_becomes_an_alias_everywhere(admin_client, palestinian_call):
    laureate = imported("Agglo Sud-Est Toulousain", title="Agroécologie", call=palestinian_call, partner="Jéricho")
    response = admin_client.post(review_url(laureate), {"other_code": "243100633"})
    assert response["Location"] == PENDING
    assert AuthorityAlias.objects.filter(text="agglo sud est toulousain", source="confirmed").exists()
    assert resolve_authority("Agglo Sud-Est Toulousain").status == Status.RESOLVED
    page = admin_client.get(PENDING).content.decode()
    assert "ce nom sera reconnu dans toutes les listes" in page


def test_a_choice_is_required(admin_client, barjac):
    response = admin_client.post(review_url(barjac), {})
    assert response.status_code == 200
    assert "Choisissez une candidate ou saisissez un code." in response.content.decode()
    assert not AuthorityConfirmation.objects.exists()


def test_the_admin_speaks_french_in_sections_lists_and_filters(admin_client, barjac):
    f.campaign(2024)  # two campaigns: the campaign filter shows
    index = admin_client.get("/admin/").content.decode()
    for section in ("Dossiers", "Campagnes et appels", "Géographie et partenaires", "Imports de listes publiées",
                    "Confirmations de collectivités"):
        assert section in index
    page = admin_client.get(PENDING).content.decode()
    for text in ("Intitulé du projet", "Collectivité française", "Appel", "Région", "Décision", "Provenance",
                 "Par campagne", "Par nature", "Par région", "à confirmer"):
        assert text.lower() in page.lower(), text
    change = admin_client.get(f"/admin/applications/application/{barjac.pk}/change/").content.decode()
    for label in ("Appel", "Collectivité cheffe de file", "Région", "Département", "Créé le"):
        assert f">{label}" in change, label


# Field names that are French words already, so their default label is French.
_FRENCH_NAMES = {"id", "format", "provenance", "cycle", "population", "source", "description"}


@pytest.mark.parametrize("app_label", ["territories", "calls", "applications", "ingest", "accounts"])
def test_every_field_of_the_back_office_has_a_french_label(app_label):
    config = apps.get_app_config(app_label)
    assert config.verbose_name != app_label.title()
    for model in config.get_models():
        for field in model._meta.get_fields():
            if field.concrete:
                assert (field.verbose_name != field.name.replace("_", " ")
                        or field.name in _FRENCH_NAMES), f"{model.__name__}.{field.name}"


def test_an_authority_s_confirmations_are_listed_in_french(admin_client, barjac):
    admin_client.post(review_url(barjac), {"candidate": "commune:30029"})
    page = admin_client.get("/admin/territories/authorityconfirmation/").content.decode()
    assert "Occitanie Coopération, 8 septembre 2025" in page and "Kharas" in page
    gard = Authority.objects.get(kind="commune", code="30029")
    change = admin_client.get(f"/admin/territories/authority/{gard.pk}/change/").content.decode()
    assert "Confirmations de collectivités" in change or "confirmation" in change.lower()


def test_the_pending_list_says_what_it_lists(admin_client, barjac):
    page = admin_client.get(PENDING).content.decode()
    assert "Lauréats dont la collectivité française est à confirmer" in page



@pytest.mark.parametrize("who", ["officer", "superuser"])
def test_the_back_office_cannot_retain_a_dossier_nor_change_what_the_workflow_owns(client, admin_user, who):
    """The probe's POST: state, decision and amount typed in the dossier's change form retained it
    for 5 000 000 € against a 100 000 € envelope, without a transition nor a committee, and the
    API listed it at once. The form is read only: nothing changes and nothing is published."""
    officer = ministry_officer()
    application, _ = in_instruction(call_with_envelope("100000"), communes(1)[0], officer)
    client.force_login(officer if who == "officer" else admin_user)
    url = f"/admin/applications/application/{application.pk}/change/"
    page = client.get(url).content.decode()
    assert {"state", "decision", "granted_amount", "call", "lead_authority"}.isdisjoint(typed_fields(page))
    data = {**form_data(page), "state": "retenu", "decision": "retenu", "granted_amount": "5000000",
            "call": str(application.call_id), "title": application.title, "provenance": "platform",
            "_save": "Enregistrer"}
    before = (Application.objects.filter(pk=application.pk).values().get(), application.transitions.count())
    assert client.post(url, data).status_code == 403
    assert (Application.objects.filter(pk=application.pk).values().get(), application.transitions.count()) == before
    assert not Decision.objects.exists()
    assert application.title not in client.get("/api/v1/laureates?campaign=2026").content.decode()
    assert client.post(f"{url[:-len('change/')]}delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/applications/application/", {"action": "delete_selected", "post": "yes",
                                                     "_selected_action": [application.pk]})
    assert client.get("/admin/applications/application/add/").status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


def test_an_imported_laureate_keeps_its_published_fields_editable_and_a_duplicate_is_deleted(admin_client, barjac):
    """What a source published is a person's to correct (a later list's disagreement is settled
    here); the French authority is set by the confirmation page, the state never."""
    url = f"/admin/applications/application/{barjac.pk}/change/"
    page = admin_client.get(url).content.decode()
    data = {**form_data(page), "granted_amount": "34000", "state": "non_retenu", "lead_authority": "1"}
    assert admin_client.post(url, data).status_code == 302
    barjac.refresh_from_db()
    assert (barjac.granted_amount, barjac.state, barjac.lead_authority) == (34000, "retenu", None)
    assert admin_client.post(f"/admin/applications/application/{barjac.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Application.objects.filter(pk=barjac.pk).exists()
