"""The Atlas's services: actions recorded, changed and withdrawn by whom may, each refusal in
French; laureates kept in step as actions (idempotent, set-based); update campaigns; the
ministry's decision on one unresolved name."""
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from coopdec.applications.models import Application, CoApplicant
from coopdec.atlas.models import Action, ActionAuthority, ActionPartner, AuthorityUpdate
from coopdec.atlas.services import (
    ActionRefused, PartnerIn, action_authorities_set, action_authority_decide, action_create, action_note_add,
    action_partner_name_set, action_partners_set, action_update, action_withdraw, authority_mark_updated,
    campaign_open, laureate_actions_sync,
)
from coopdec.dataversion.changes import versions, versions_forget
from coopdec.territories.models import ForeignAuthority
from tests import factories
from tests.atlas.people import albi, castres, embassy_agent, member, ministry_officer, twinning

pytestmark = pytest.mark.django_db


def _version():
    versions_forget()
    return versions().everything


def test_a_member_records_an_action_with_partners_resolved_and_the_public_version_moves(
        django_capture_on_commit_callbacks):
    before = _version()
    with django_capture_on_commit_callbacks(execute=True):
        action, person = twinning(title="  Jumelage   Castres–Dakar ", co_authorities=[albi()],
                                  partners=(("Ville de Dakar", "SN"), ("", "ML")), amount=D("1500.5"),
                                  starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31))
    assert _version() != before
    assert (action.title, action.title_key, action.origin, action.created_by) == (
        "Jumelage Castres–Dakar", "jumelage castres dakar", Action.Origin.AUTHORITY, person)
    assert action.amount == D("1500.50")
    assert [(a.authority, a.is_lead) for a in action.authorities.all()] == [(castres(), True), (albi(), False)]
    dakar, mali = action.partners.order_by("order")
    assert dakar.foreign_authority == ForeignAuthority.objects.get(country="SN", name="Ville de Dakar")
    assert (mali.foreign_authority, mali.country_id) == (None, "ML")
    # The same partner written otherwise is the same record.
    action_partners_set(action=action, by=person, partners=[PartnerIn("Dakar", "SN")])
    assert ForeignAuthority.objects.filter(country="SN").count() == 1


@pytest.mark.parametrize("changes, reason", [
    ({"starts_on": date(2025, 5, 1), "ends_on": date(2025, 4, 30)}, r"ne peut pas finir \(30 avril 2025\)"),
    ({"amount": D("-1")}, "positif ou nul"),
    ({"title": "  "}, "Donnez un intitulé"),
    ({"kind": "croisade"}, "Nature d'action inconnue"),
    ({"sdgs": [18]}, "vont de 1 à 17"),
    ({"status": "retiree"}, "Retirer l'action"),
])
def test_incoherent_values_are_refused_in_french_and_nothing_is_written(changes, reason):
    with pytest.raises(ActionRefused, match=reason):
        twinning(**changes)
    assert not Action.objects.exists()


def test_a_partner_needs_a_known_country():
    with pytest.raises(ActionRefused, match="Indiquez le pays du partenaire « Dakar »"):
        twinning(partners=(("Dakar", ""),))
    with pytest.raises(ActionRefused, match="Pays inconnu"):
        twinning(partners=(("Dakar", "ZZ"),))


def test_only_members_of_the_actions_authorities_change_it():
    action, owner = twinning(co_authorities=[albi()])
    stranger = member(factories.authority(name="Mazamet"))
    with pytest.raises(ActionRefused, match="Vous n'êtes pas membre confirmé de Castres"):
        action_create(by=stranger, authority=castres(), title="Usurpée")
    with pytest.raises(ActionRefused, match="d'une collectivité dont vous êtes membre confirmé"):
        action_update(action=action, by=stranger, title="Autre")
    with pytest.raises(ActionRefused):
        action_withdraw(action=action, by=stranger)
    # A member of the co-authority may.
    action_update(action=action, by=member(albi()), description="Échanges scolaires")
    action.refresh_from_db()
    assert (action.description, action.status) == ("Échanges scolaires", Action.Status.ONGOING)


def test_an_action_is_withdrawn_never_deleted():
    action, owner = twinning()
    action_withdraw(action=action, by=owner)
    action.refresh_from_db()
    assert action.status == Action.Status.WITHDRAWN
    with pytest.raises(ActionRefused, match="déjà retirée"):
        action_withdraw(action=action, by=owner)
    with pytest.raises(ActionRefused, match="retirée : elle ne se modifie plus"):
        action_update(action=action, by=owner, title="Encore")


def test_an_embassy_completes_the_actions_of_its_country_only():
    senegal, owner = twinning(partners=(("Dakar", "SN"), ("Bamako", "ML")))
    mali_only, _ = twinning(title="Coopération avec Ségou", partners=(("Ségou", "ML"),))
    agent = embassy_agent("SN")
    action_update(action=senegal, by=agent, status="terminee", ends_on=date(2025, 6, 30), description="Vérifiée")
    dakar = senegal.partners.get(country="SN")
    action_partner_name_set(partner=dakar, by=agent, name="Ville de Dakar (Sénégal)")
    action_note_add(action=senegal, by=agent, text="Partenariat confirmé par le poste.")
    assert senegal.notes.get().author == agent
    with pytest.raises(ActionRefused, match="une ambassade, celles qui ont un partenaire dans votre pays"):
        action_update(action=mali_only, by=agent, status="terminee")
    with pytest.raises(ActionRefused, match="ambassades des pays partenaires"):
        action_note_add(action=mali_only, by=agent, text="Rien")
    with pytest.raises(ActionRefused, match="ne complète que les partenaires de son pays"):
        action_partners_set(action=senegal, by=agent, partners=[PartnerIn("Dakar", "SN")])
    with pytest.raises(ActionRefused, match="d'une collectivité dont vous êtes membre"):
        action_partner_name_set(partner=mali_only.partners.get(), by=agent, name="Autre")


def test_co_authorities_are_replaced_and_the_lead_and_unresolved_names_stay():
    action, owner = twinning()
    ActionAuthority.objects.create(action=action, name="Commune de Saint-Pierre", candidates=["97415", "97502"],
                                   order=5)
    action_authorities_set(action=action, by=owner, co_authorities=[albi()])
    assert [(link.authority, link.name) for link in action.authorities.all()] == [
        (castres(), castres().name), (albi(), albi().name), (None, "Commune de Saint-Pierre")]


def test_the_ministry_decides_one_unresolved_name_among_its_candidates_for_that_row_only():
    action, owner = twinning()
    other, _ = twinning(title="Autre action", person=owner)
    here = ActionAuthority.objects.create(action=action, name="Albi", candidates=["commune:81004", "T0000001"])
    there = ActionAuthority.objects.create(action=other, name="Albi", candidates=["81004"])
    officer = ministry_officer()
    with pytest.raises(ActionRefused, match="Seul le ministère"):
        action_authority_decide(link=here, by=owner, authority=albi())
    with pytest.raises(ActionRefused, match="n'est pas parmi les candidates"):
        action_authority_decide(link=here, by=officer, authority=factories.authority(name="Albi bis"))
    action_authority_decide(link=here, by=officer, authority=albi())
    here.refresh_from_db(), there.refresh_from_db()
    assert (here.authority, here.candidates) == (albi(), [])
    assert there.authority is None and there.candidates == ["81004"]  # never a silent global rule


# ---------------------------------------------------------------- laureates


def _laureate(**extra):
    call = factories.call(name="Généraliste 2026", campaign_obj=factories.campaign(2026))
    huye = factories.foreign_authority("District de Huye", factories.country("RW"))
    application = factories.application(title="Eau potable à Huye", call_obj=call, lead=castres(), partners=[huye],
                                        granted_amount=D("60000"), themes=["eau"], sdgs=[6],
                                        starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31), **extra)
    CoApplicant.objects.create(application=application, authority=albi(), name="Albi", state="confirme")
    CoApplicant.objects.create(application=application, authority=factories.authority(name="Gaillac"),
                               name="Gaillac", state="invite")
    return application


def test_a_published_laureate_becomes_an_action_without_retyping_and_a_second_sync_changes_nothing():
    application = _laureate()
    factories.application(title="Pas retenu", decision=Application.Decision.NON_RETENU)
    counts = laureate_actions_sync(today=date(2026, 6, 1))
    assert counts == {"created": 1, "updated": 0, "withdrawn": 0, "relinked": 1}
    action = Action.objects.get()
    assert (action.application, action.origin, action.kind, action.title, action.amount, action.themes,
            action.sdgs, action.status) == (application, "laureat", "projet", "Eau potable à Huye", D("60000"),
                                            ["eau"], [6], "en_cours")
    assert action.source == "Lauréat : Généraliste 2026 (2026)"
    assert [(a.authority, a.is_lead) for a in action.authorities.all()] == [(castres(), True), (albi(), False)]
    assert [(p.name, p.country_id) for p in action.partners.all()] == [("District de Huye", "RW")]
    assert laureate_actions_sync(today=date(2026, 6, 1)) == {"created": 0, "updated": 0, "withdrawn": 0,
                                                               "relinked": 0}
    # The dossier changes: its action follows; no longer retained: withdrawn, kept.
    Application.objects.filter(pk=application.pk).update(granted_amount=D("55000"))
    CoApplicant.objects.filter(application=application, name="Gaillac").update(state="confirme")
    assert laureate_actions_sync(today=date(2026, 6, 1))["updated"] == 1
    action.refresh_from_db()
    assert action.amount == D("55000") and action.authorities.count() == 3
    Application.objects.filter(pk=application.pk).update(decision=Application.Decision.NON_RETENU)
    assert laureate_actions_sync()["withdrawn"] == 1
    assert Action.objects.get().status == Action.Status.WITHDRAWN


def test_a_laureates_action_is_read_only_outside_its_dossier():
    laureate_actions_sync(Application.objects.filter(pk=_laureate().pk))
    with pytest.raises(ActionRefused, match="suit son dossier"):
        action_update(action=Action.objects.get(), by=member(castres()), title="Autre")


def test_the_sync_costs_the_same_queries_for_one_laureate_or_many(django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _laureate()
    with CaptureQueriesContext(connection) as one:
        laureate_actions_sync()
    Action.objects.all().delete()
    call = factories.call(name="Autre 2026", campaign_obj=factories.campaign(2026))
    huye = factories.foreign_authority("District de Huye", factories.country("RW"))
    for n in range(30):
        factories.application(title=f"Projet {n}", call_obj=call, lead=albi(), partners=[huye],
                              granted_amount=D("1000"))
    with django_assert_num_queries(len(one)):
        laureate_actions_sync()
    assert Action.objects.count() == 31


def test_publishing_a_committees_laureates_makes_their_actions_appear(django_capture_on_commit_callbacks):
    from coopdec.instruction.services import decision_record, session_close, session_publish
    from tests.committee.people import call_with_envelope, communes, in_instruction, session

    officer = ministry_officer()
    with django_capture_on_commit_callbacks(execute=True):
        call = call_with_envelope("100000")
        retained, _ = in_instruction(call, communes(1)[0], officer, title="Eau potable à Huye")
        held = session(call, officer)
        decision_record(application=retained, decision="retenu", amount="60000", user=officer)
        session_close(session=held, user=officer)
    assert not Action.objects.exists()  # decided, not yet published
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=held, user=officer)
    action = Action.objects.get()
    assert (action.application_id, action.amount, action.origin) == (retained.pk, D("60000"), "laureat")
    assert action.authorities.get().authority == retained.lead_authority


# ---------------------------------------------------------------- update campaigns


def test_the_ministry_opens_a_campaign_and_a_member_says_its_actions_are_up_to_date():
    today = timezone.localdate()
    officer, person = ministry_officer(), member(castres())
    with pytest.raises(ActionRefused, match="Aucune campagne de mise à jour"):
        authority_mark_updated(authority=castres(), by=person)
    with pytest.raises(ActionRefused, match="Seul le ministère"):
        campaign_open(by=person, year=today.year, opens_on=today, closes_on=today)
    with pytest.raises(ActionRefused, match="avant de s'ouvrir"):
        campaign_open(by=officer, year=today.year, opens_on=today, closes_on=today - timedelta(days=1))
    campaign = campaign_open(by=officer, year=today.year, opens_on=today - timedelta(days=1),
                             closes_on=today + timedelta(days=30))
    with pytest.raises(ActionRefused, match="existe déjà"):
        campaign_open(by=officer, year=today.year, opens_on=today, closes_on=today)
    with pytest.raises(ActionRefused, match="pas membre confirmé de Albi"):
        authority_mark_updated(authority=albi(), by=person)
    update = authority_mark_updated(authority=castres(), by=person)
    assert (update.campaign, update.by) == (campaign, person)
    with pytest.raises(ActionRefused, match="déjà dit ses actions à jour"):
        authority_mark_updated(authority=castres(), by=person)
    assert AuthorityUpdate.objects.count() == 1
    assert ActionPartner.objects.count() == 0


def test_an_embassy_never_renames_another_countrys_partner():
    action, _ = twinning(partners=(("Dakar", "SN"), ("Bamako", "ML")))
    with pytest.raises(ActionRefused, match="ne complète que les partenaires de son pays"):
        action_partner_name_set(partner=action.partners.get(country="ML"), by=embassy_agent("SN"), name="Autre")


def test_the_sync_renews_the_pages_of_the_campaign_it_changed_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as the site commits it
        application = _laureate()
        other = factories.campaign(2024)
        laureate_actions_sync()
    versions_forget()
    before = versions()
    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.filter(pk=application.pk).update(granted_amount=D("1"))  # no signal: the sync's own
        laureate_actions_sync()
    versions_forget()
    after = versions()
    campaign = application.call.campaign_id
    assert after.of(campaign) != before.of(campaign) and after.everything != before.everything
    assert after.of(other.pk) == before.of(other.pk)
