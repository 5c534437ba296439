"""The opinions of embassies and prefectures asked in CoopDec (issue 15 §3): the ministry asks
on one dossier or in batch (never twice), the agents of that embassy or prefecture alone see the
request and answer it, the ministry decides what the applicant reads, late answers are reminded,
and the committee's table shows them beside the scores in a fixed number of queries."""
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coopdec.accounts.models import Membership, Role
from coopdec.accounts.services import membership_request, role_grant
from coopdec.applications import workflow
from coopdec.applications.services import application_move, application_partners_set, application_submit
from coopdec.instruction.models import Opinion, OpinionRequest
from coopdec.instruction.services import (
    InstructionRefused, decision_record, opinion_answer, opinion_record, opinion_request, opinion_requests_create,
    opinion_visibility_set, opinions_remind,
)
from coopdec.notifications import events
from coopdec.notifications.models import Message
from coopdec.territories.models import Country
from tests import factories
from tests.committee.people import call_with_envelope, communes, session
from tests.instruction.people import complete, draft, ministry_officer, user
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db

def page(response) -> str:
    return unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")


def agent(kind, *, country=None, region=None):
    person = user()
    role_grant(user=person, kind=kind, country=country, region=region, by=None)
    return person


def under_review(call, authority, officer, *, title, partner):
    """A complete dossier whose partner is `partner` (name, ISO code), submitted, then put under
    instruction by `officer`; and the member of its lead authority who filed it."""
    application, person = draft(authority, call, title=title)
    complete(application, person)
    application_partners_set(application=application, user=person, co_applicants=[], partners=[partner])
    application_submit(application=application, user=person)
    application_move(application=application, user=officer, to=workflow.EN_INSTRUCTION)
    application.refresh_from_db()
    return application, person


@pytest.fixture
def world():
    """A call with two dossiers under instruction of the Tarn (Occitanie): one with a partner in
    Senegal, one in Mali; the embassies' and the prefecture's agents; the ministry's officer."""
    officer = ministry_officer()
    call = call_with_envelope("200000")
    (dakar, person_dakar), (bamako, person_bamako) = (
        under_review(call, commune, officer, title=title, partner=partner) for commune, title, partner in
        zip(communes(2), ("Eau potable à Dakar", "Maraîchage à Bamako"),
            (("Commune de Dakar", "SN"), ("Commune de Bamako", "ML")), strict=True))
    senegal, mali = Country.objects.get(iso2="SN"), Country.objects.get(iso2="ML")
    occitanie = dakar.region or dakar.lead_authority.region
    return {
        "officer": officer, "call": call, "dakar": dakar, "bamako": bamako, "applicant": person_dakar,
        "senegal": agent(Role.Kind.EMBASSY, country=senegal), "mali": agent(Role.Kind.EMBASSY, country=mali),
        "prefecture": agent(Role.Kind.PREFECTURE, region=occitanie), "occitanie": occitanie,
        "due": timezone.localdate() + timedelta(days=21),
    }


def ask(world, application, kinds=("ambassade",)):
    return opinion_request(application=application, issuer_kinds=list(kinds), by=world["officer"], due_on=world["due"])


def test_the_ministry_asks_the_embassy_of_the_partner_country_and_the_prefecture_of_the_region(world):
    result = ask(world, world["dakar"], ("ambassade", "prefecture"))
    embassy, prefecture = sorted(result.created, key=lambda r: r.issuer_kind)
    assert (embassy.country_id, embassy.region_id) == ("SN", None)
    assert (prefecture.region_id, prefecture.country_id) == (world["occitanie"].pk, None)
    assert embassy.issuer_name == "l'ambassade de France (Sénégal)"
    assert prefecture.issuer_name == f"la préfecture de région ({world['occitanie'].name})"
    assert (embassy.due_on, embassy.requested_by, embassy.opinion) == (world["due"], world["officer"], None)


def test_asking_again_one_by_one_or_in_batch_makes_no_second_request_nor_message(world):
    ask(world, world["dakar"])
    told = Message.objects.filter(event=events.AVIS_DEMANDE).count()
    again = ask(world, world["dakar"])
    assert (again.created, len(again.already)) == ([], 1)
    batch = opinion_requests_create(applications=[world["dakar"], world["bamako"]],
                                    issuer_kinds=["ambassade", "prefecture"], by=world["officer"], due_on=world["due"])
    assert len(batch.already) == 1 and len(batch.created) == 3  # Mali's embassy, two prefecture requests
    batch = opinion_requests_create(applications=[world["dakar"], world["bamako"]],
                                    issuer_kinds=["ambassade", "prefecture"], by=world["officer"], due_on=world["due"])
    assert (batch.created, len(batch.already)) == ([], 4)
    assert OpinionRequest.objects.count() == 4
    assert Message.objects.filter(event=events.AVIS_DEMANDE).count() == told + 3


def test_a_batch_names_the_dossiers_refused_and_goes_on(world):
    """The officer is a member of Bamako's commune: a conflict of interest on that dossier only."""
    membership = membership_request(user=world["officer"], authority=world["bamako"].lead_authority)
    Membership.objects.filter(pk=membership.pk).update(state=Membership.State.CONFIRMED)
    batch = opinion_requests_create(applications=[world["bamako"], world["dakar"]], issuer_kinds=["ambassade"],
                                    by=world["officer"], due_on=world["due"])
    assert [r.application for r in batch.created] == [world["dakar"]]
    ((refused, reason),) = batch.refused
    assert refused == world["bamako"] and "membre" in reason


def test_asking_is_the_ministry_s_with_a_due_date_to_come(world):
    with pytest.raises(InstructionRefused, match="Seul un agent du ministère"):
        opinion_request(application=world["dakar"], issuer_kinds=["ambassade"], by=world["senegal"],
                        due_on=world["due"])
    with pytest.raises(InstructionRefused, match="une date passée"):
        opinion_request(application=world["dakar"], issuer_kinds=["ambassade"], by=world["officer"],
                        due_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(InstructionRefused, match="Seul un agent du ministère"):
        opinion_requests_create(applications=[world["dakar"]], issuer_kinds=["ambassade"], by=world["senegal"],
                                due_on=world["due"])
    assert not OpinionRequest.objects.exists()


def test_the_agents_of_the_scope_are_told_of_the_request_and_the_officer_of_the_answer(
        world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (request,) = ask(world, world["dakar"]).created
    (told,) = Message.objects.filter(event=events.AVIS_DEMANDE)
    assert told.recipient == world["senegal"] and told.application == world["dakar"]
    url = f"{settings.SITE_URL}/instruction/avis/{request.pk}/"
    assert "l'ambassade de France (Sénégal)" in told.body and url in told.body
    assert any(email.to == [world["senegal"].email] and url in email.body for email in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        opinion_answer(request=request, user=world["senegal"], recommendation="reserve",
                       text="Le partenaire change de maire en mars.")
    (given,) = Message.objects.filter(event=events.AVIS_RENDU)
    assert given.recipient == world["officer"]
    assert "réservé" in given.body and "Le partenaire change de maire en mars." in given.body
    assert f"/instruction/dossiers/{world['dakar'].pk}/#avis" in given.body
    assert not Message.objects.filter(recipient__in=[world["mali"], world["prefecture"]]).exists()


def test_an_embassy_agent_for_senegal_never_sees_a_mali_dossier(client, world):
    (to_dakar,) = ask(world, world["dakar"]).created
    (to_bamako,) = ask(world, world["bamako"]).created
    client.force_login(world["senegal"])
    listing = page(client.get(reverse("instruction:opinions")))
    assert "Eau potable à Dakar" in listing and "Maraîchage à Bamako" not in listing
    assert client.get(reverse("instruction:opinion-request", args=[to_bamako.pk])).status_code == 404
    response = client.post(reverse("instruction:opinion-request", args=[to_bamako.pk]),
                           {"recommendation": "favorable", "text": ""})
    assert response.status_code == 404 and not Opinion.objects.exists()
    shown = page(client.get(reverse("instruction:opinion-request", args=[to_dakar.pk])))
    assert "Eau potable à Dakar" in shown and "Commune de Dakar (Sénégal)" in shown and "Rendre l'avis" in shown
    assert "70 000 €" in shown  # the grant asked, in the budget's summary
    assert "convention.pdf" in shown  # the documents' list
    # Not the instruction page, nor anyone else's dossier.
    assert client.get(reverse("instruction:dossier", args=[world["dakar"].pk])).status_code == 404
    with pytest.raises(InstructionRefused, match="votre rôle ne la couvre pas"):
        opinion_answer(request=to_bamako, user=world["senegal"], recommendation="favorable", text="")
    with pytest.raises(InstructionRefused, match="votre rôle ne la couvre pas"):
        opinion_answer(request=to_dakar, user=world["prefecture"], recommendation="favorable", text="")


def test_the_applicant_and_an_instructor_have_no_opinion_pages(client, world):
    (request,) = ask(world, world["dakar"]).created
    for person in (world["applicant"], user()):
        client.force_login(person)
        assert client.get(reverse("instruction:opinions")).status_code == 403
        assert client.get(reverse("instruction:opinion-request", args=[request.pk])).status_code == 404


def test_an_agent_answers_once_with_a_text_required_unless_favourable(client, world):
    (request,) = ask(world, world["dakar"]).created
    url = reverse("instruction:opinion-request", args=[request.pk])
    client.force_login(world["senegal"])
    response = client.post(url, {"recommendation": "defavorable", "text": "  "})
    assert response.status_code == 400
    assert "Un avis défavorable s'explique" in page(response) and not Opinion.objects.exists()
    with pytest.raises(ValidationError):
        opinion_answer(request=request, user=world["senegal"], recommendation="reserve", text="")
    with pytest.raises(ValidationError):
        opinion_answer(request=request, user=world["senegal"], recommendation="excellent", text="Oui")
    response = client.post(url, {"recommendation": "favorable", "text": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    opinion = request.opinion
    assert (opinion.recommendation, opinion.author, opinion.issuer, opinion.issuer_kind, opinion.visible_to_applicant) \
        == ("favorable", world["senegal"], "L'ambassade de France (Sénégal)", "ambassade", False)
    with pytest.raises(InstructionRefused, match="est déjà rendu"):
        opinion_answer(request=request, user=world["senegal"], recommendation="defavorable", text="Finalement non.")
    shown = page(client.get(url))
    assert "Avis <strong>favorable</strong>, rendu le" in shown and "Rendre l'avis" not in shown


def test_a_decided_dossier_receives_no_more_opinions(world):
    (request,) = ask(world, world["dakar"]).created
    session(world["call"], world["officer"])
    decision_record(application=world["dakar"], decision="non_retenu", reason="Budget incomplet",
                    user=world["officer"])
    with pytest.raises(InstructionRefused, match="il ne reçoit plus d'avis"):
        opinion_answer(request=request, user=world["senegal"], recommendation="favorable", text="")


def test_the_applicant_reads_only_the_opinions_the_ministry_makes_visible(client, world):
    (request,) = ask(world, world["dakar"]).created
    opinion = opinion_answer(request=request, user=world["senegal"], recommendation="reserve",
                             text="Une convention avec la commune reste à signer.")
    typed = opinion_record(application=world["dakar"], issuer_kind="prefecture", issuer="Préfecture d'Occitanie",
                           recommendation="defavorable", comment="Doublon avec un autre financement.",
                           user=world["officer"])
    applicant_page = reverse("applications:dossier", args=[world["dakar"].pk])
    client.force_login(world["applicant"])
    hidden = page(client.get(applicant_page))
    assert "Avis sur le dossier" not in hidden and "convention avec la commune" not in hidden

    client.force_login(world["officer"])
    response = client.post(reverse("instruction:opinion-visibility", args=[world["dakar"].pk, opinion.pk]),
                           {"visible": "oui"})
    assert response.status_code == 302
    client.force_login(world["applicant"])
    shown = page(client.get(applicant_page))
    assert "Avis de l'ambassade de France : <strong>réservé</strong>" in shown
    assert "Une convention avec la commune reste à signer." in shown
    assert world["senegal"].email not in shown and "Doublon avec un autre financement" not in shown
    # The applicant cannot change what they read.
    response = client.post(reverse("instruction:opinion-visibility", args=[world["dakar"].pk, typed.pk]),
                           {"visible": "oui"})
    assert response.status_code == 404
    typed.refresh_from_db()
    assert not typed.visible_to_applicant
    opinion_visibility_set(opinion=opinion, visible=False, user=world["officer"])
    assert "Avis sur le dossier" not in page(client.get(applicant_page))
    with pytest.raises(InstructionRefused, match="Seul un agent du ministère"):
        opinion_visibility_set(opinion=opinion, visible=True, user=world["senegal"])


def test_the_ministry_s_dossier_page_lists_requests_pending_late_and_answered(client, world):
    embassy, prefecture = sorted(ask(world, world["dakar"], ("ambassade", "prefecture")).created,
                                 key=lambda r: r.issuer_kind)
    opinion_answer(request=embassy, user=world["senegal"], recommendation="favorable", text="")
    client.force_login(world["officer"])
    url = reverse("instruction:dossier", args=[world["dakar"].pk])
    shown = page(client.get(url))
    row = shown[shown.index(f'id="demande-{prefecture.pk}"'):]
    assert "en attente" in row[:row.index("</tr>")]
    row = shown[shown.index(f'id="demande-{embassy.pk}"'):]
    assert "rendu le" in row[:row.index("</tr>")]
    assert "L'ambassade de France (Sénégal)</strong> (ambassade) : avis favorable" in shown
    assert "non visible du demandeur" in shown
    OpinionRequest.objects.filter(pk=prefecture.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    shown = page(client.get(url))
    row = shown[shown.index(f'id="demande-{prefecture.pk}"'):]
    assert "en retard" in row[:row.index("</tr>")]
    # Asked from the page itself: a second click asks nothing more.
    response = client.post(reverse("instruction:opinion-ask", args=[world["bamako"].pk]),
                           {"emetteurs": ["ambassade"], "echeance": world["due"].isoformat()}, follow=True)
    assert "1 avis demandé" in page(response)
    response = client.post(reverse("instruction:opinion-ask", args=[world["bamako"].pk]),
                           {"emetteurs": ["ambassade"], "echeance": world["due"].isoformat()}, follow=True)
    assert "1 avis était déjà demandé" in page(response)
    assert OpinionRequest.objects.filter(application=world["bamako"]).count() == 1
    response = client.post(reverse("instruction:opinion-ask", args=[world["bamako"].pk]), {"echeance": ""})
    assert "Cochez l'ambassade, la préfecture ou les deux." in page(response)


def test_the_batch_page_asks_for_a_call_s_dossiers_or_a_selection(client, world):
    client.force_login(world["officer"])
    url = reverse("instruction:opinions-batch")
    shown = page(client.get(url, {"appel": world["call"].pk}))
    assert "Eau potable à Dakar" in shown and "Maraîchage à Bamako" in shown
    response = client.post(url, {"appel": world["call"].pk, "emetteurs": ["ambassade"],
                                 "echeance": world["due"].isoformat(), "dossiers": [world["bamako"].pk]}, follow=True)
    assert "1 avis demandé" in page(response)
    assert list(OpinionRequest.objects.values_list("country_id", flat=True)) == ["ML"]
    response = client.post(url, {"appel": world["call"].pk, "emetteurs": ["ambassade", "prefecture"],
                                 "echeance": world["due"].isoformat()}, follow=True)
    assert "3 avis demandés" in page(response) and "1 avis était déjà demandé" in page(response)
    assert OpinionRequest.objects.count() == 4
    client.force_login(world["senegal"])
    assert client.get(url).status_code == 403


def test_late_requests_are_reminded_once_every_seven_days(world, django_capture_on_commit_callbacks):
    (request,) = ask(world, world["dakar"]).created
    due = request.due_on
    assert opinions_remind(today=due) == 0  # due today: not late yet
    assert opinions_remind(today=due + timedelta(days=1)) == 1
    assert opinions_remind(today=due + timedelta(days=1)) == 0  # the same day again: nothing
    assert opinions_remind(today=due + timedelta(days=7)) == 0
    request.refresh_from_db()
    assert (request.reminded_on, request.reminders) == (due + timedelta(days=1), 1)
    out = StringIO()
    call_command("opinions_remind", "--today", (due + timedelta(days=8)).isoformat(), stdout=out)
    assert "1 demande d'avis relancée" in out.getvalue()
    late = Message.objects.filter(event=events.AVIS_EN_RETARD)
    assert late.count() == 2 and {m.recipient for m in late} == {world["senegal"]}
    assert "était attendu pour le" in late.first().body
    opinion_answer(request=request, user=world["senegal"], recommendation="favorable", text="")
    assert opinions_remind(today=due + timedelta(days=30)) == 0


def test_the_scheduler_s_task_reminds_as_the_command(world):
    from coopdec.instruction.tasks import opinions_remind_task

    (request,) = ask(world, world["dakar"]).created
    OpinionRequest.objects.filter(pk=request.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    assert opinions_remind_task.call() == 1
    assert opinions_remind_task.call() == 0


def test_the_reminder_command_refuses_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="n'est pas une date"):
        call_command("opinions_remind", "--today", "hier")


def test_the_committee_table_shows_scores_and_opinions_in_fixed_queries(client, world, django_assert_max_num_queries):
    embassy, prefecture = sorted(ask(world, world["dakar"], ("ambassade", "prefecture")).created,
                                 key=lambda r: r.issuer_kind)
    opinion_answer(request=embassy, user=world["senegal"], recommendation="favorable", text="")
    others = [under_review(world["call"], factories.authority(name=f"Albi {n}"), world["officer"],
                           title=f"Projet {n}", partner=(f"Commune de Thiès {n}", "SN"))[0] for n in range(3)]
    held = session(world["call"], world["officer"])
    client.force_login(world["officer"])
    url = reverse("committees:session", args=[held.pk])
    shown = page(client.get(url))
    row = shown[shown.index(f'id="dossier-{world["dakar"].pk}"'):]
    row = row[:row.index("</tr>")]
    assert "L'ambassade de France (Sénégal) : <strong>favorable</strong>" in row
    assert f"La préfecture de région ({world['occitanie'].name}) : en attente" in row
    row = shown[shown.index(f'id="dossier-{world["bamako"].pk}"'):]
    assert "aucun avis" in row[:row.index("</tr>")]

    def add_rows():
        result = opinion_requests_create(applications=others, issuer_kinds=["ambassade", "prefecture"],
                                         by=world["officer"], due_on=world["due"])
        for asked in result.created:
            if asked.issuer_kind == "ambassade":
                opinion_answer(request=asked, user=world["senegal"], recommendation="reserve", text="À suivre.")

    assert_counts_do_not_grow(client, [url, reverse("instruction:opinions"),
                                       reverse("instruction:dossier", args=[others[0].pk])],
                              add_rows=add_rows, assert_num_queries=django_assert_max_num_queries)
    assert page(client.get(url)).count("L'ambassade de France (Sénégal) : <strong>réservé</strong>") == 3


def test_the_agent_s_list_queries_do_not_grow(client, world, django_assert_num_queries):
    ask(world, world["dakar"])
    client.force_login(world["senegal"])

    def add_rows():
        for n in range(3):
            application, _ = under_review(world["call"], factories.authority(name=f"Gaillac {n}"), world["officer"],
                                          title=f"Projet sénégalais {n}", partner=(f"Commune de Thiès {n}", "SN"))
            ask(world, application)

    assert_counts_do_not_grow(client, [reverse("instruction:opinions")], add_rows=add_rows,
                              assert_num_queries=django_assert_num_queries)
    assert page(client.get(reverse("instruction:opinions"))).count("Projet sénégalais") == 3


def test_the_staff_menu_shows_agents_their_opinions_entry(client, world):
    for person, title in ((world["senegal"], "Ambassade"), (world["prefecture"], None), (world["officer"], "Ministère")):
        client.force_login(person)
        shown = page(client.get(reverse("instruction:opinions")))
        assert f'href="{reverse("instruction:opinions")}"' in shown
        if title:  # several entries, under a button named after the role
            assert f'aria-controls="menu-ministere">{title}</button>' in shown.replace(' aria-current="true"', "")


def test_the_back_office_grants_embassy_and_prefecture_roles(admin_client, world):
    person = user()
    response = admin_client.post("/admin/accounts/role/add/", {"user": person.pk, "kind": "embassy", "country": "SN"})
    assert response.status_code == 302, page(response)
    response = admin_client.post("/admin/accounts/role/add/", {"user": person.pk, "kind": "prefecture",
                                                               "region": world["occitanie"].pk})
    assert response.status_code == 302
    assert set(Role.objects.filter(user=person).values_list("kind", "country_id", "region_id")) == {
        ("embassy", "SN", None), ("prefecture", None, world["occitanie"].pk)}
    response = admin_client.post("/admin/accounts/role/add/", {"user": person.pk, "kind": "embassy",
                                                               "region": world["occitanie"].pk})
    assert response.status_code == 200 and "un agent d'ambassade, un pays" in page(response)
    shown = page(admin_client.get(reverse("accounts:roles")))
    assert "agent d'une ambassade de France" in shown and "Sénégal" in shown
