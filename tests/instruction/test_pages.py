"""Every instruction page for every role (anonymous, applicant, other applicant, instructor
assigned and not, ministry); what each one shows and does; the lists' query counts."""
import html

import pytest
from django.urls import reverse

from coopdec.accounts.models import Membership
from coopdec.applications import workflow
from coopdec.instruction.models import Assignment, Opinion, Score
from coopdec.instruction.services import assignment_create, score_record
from tests import factories
from tests.instruction.people import criteria_ids, grid_call, instructor, member, ministry_officer, submitted
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A submitted dossier of Castres given to one instructor; another instructor of the call; an
    applicant of another authority; a ministry officer."""
    call = grid_call()
    application, applicant = submitted(call)
    officer = ministry_officer(email="agent@ministere.fr")
    assigned = instructor(call=call, email="ines@exemple.fr")
    assignment_create(application=application, instructor=assigned, by=officer)
    return {"call": call, "application": application, "applicant": applicant, "officer": officer,
            "assigned": assigned, "unassigned": instructor(call=call, email="autre@exemple.fr"),
            "other": member(factories.authority(name="Albi"))}


def _dossier_pages(application):
    pk = application.pk
    return [("get", reverse("instruction:dossier", args=[pk])),
            *[("post", reverse(f"instruction:{name}", args=[pk]))
              for name in ("score", "opinion", "assign", "corrections", "resume")]]


def _ministry_pages(call):
    return [("get", reverse("instruction:ranking", args=[call.pk])), ("get", reverse("instruction:assignments")),
            ("post", reverse("instruction:assignments"))]


def _status(client, method, url):
    return getattr(client, method)(url).status_code


def test_the_public_is_sent_to_sign_in_from_every_page(client, world):
    pages = [("get", reverse("instruction:home")), *_dossier_pages(world["application"]), *_ministry_pages(world["call"])]
    for method, url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith("/comptes/login/"), url


@pytest.mark.parametrize("who", ["applicant", "other", "unassigned"])
def test_applicants_and_other_instructors_get_404_on_the_dossier_and_403_on_the_ministrys_pages(client, world, who):
    client.force_login(world[who])
    for method, url in _dossier_pages(world["application"]):
        assert _status(client, method, url) == 404, url
    for method, url in _ministry_pages(world["call"]):
        assert _status(client, method, url) == 403, url
    home = client.get(reverse("instruction:home"))
    if who == "unassigned":
        assert home.status_code == 200 and "Aucun dossier ne vous est attribué" in home.content.decode()
    else:
        assert home.status_code == 403
    assert not Score.objects.exists() and not Opinion.objects.exists()
    assert Assignment.objects.count() == 1


def test_an_instructor_not_assigned_does_not_see_the_dossier_nor_its_documents(client, world):
    application = world["application"]
    client.force_login(world["unassigned"])
    document = application.documents.get()
    for url in (reverse("applications:dossier", args=[application.pk]),
                reverse("applications:document", args=[application.pk, document.pk])):
        assert client.get(url).status_code == 404, url


def test_the_assigned_instructor_sees_the_dossier_its_documents_and_scores_it(client, world):
    application, call = world["application"], world["call"]
    client.force_login(world["assigned"])
    home = client.get(reverse("instruction:home")).content.decode()
    assert "Eau potable à Huye" in home and "0&nbsp;critère sur 3" in home
    document = application.documents.get()
    assert client.get(reverse("applications:dossier", args=[application.pk])).status_code == 200
    assert client.get(reverse("applications:document", args=[application.pk, document.pk])).status_code == 200
    page = client.get(reverse("instruction:dossier", args=[application.pk])).content.decode()
    assert "Ma fiche de notation" in page and "De 0 à 10\u00a0; poids 1" in page
    assert "Avis des ambassades" not in page and "Demander des compléments" not in page
    first, second, third = criteria_ids(call)
    response = client.post(reverse("instruction:score", args=[application.pk]),
                           {f"critere_{first}": "4", f"critere_{second}": "5", f"critere_{third}": "5"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Vos notes sont enregistrées." in page and "Votre note&nbsp;: <strong>16,33&nbsp;/&nbsp;20</strong>" in page
    assert "complète" in client.get(reverse("instruction:home")).content.decode()
    for method, url in _dossier_pages(application)[2:5]:  # opinion, assign, corrections: the ministry's
        assert _status(client, method, url) == 403, url
    for method, url in _ministry_pages(call):
        assert _status(client, method, url) == 403, url


def test_a_mark_off_the_scale_is_shown_beside_its_field_and_nothing_is_written(client, world):
    application, call = world["application"], world["call"]
    client.force_login(world["assigned"])
    first = criteria_ids(call)[0]
    response = client.post(reverse("instruction:score", args=[application.pk]), {f"critere_{first}": "9"})
    assert response.status_code == 200
    assert "« Pertinence » se note de 0 à 5." in response.content.decode().replace("\u00a0", " ")
    assert not Score.objects.exists()


def test_the_ministry_sees_every_sheet_the_average_and_spread_and_records_an_opinion(client, world):
    application, call = world["application"], world["call"]
    second = instructor(call=call, email="bruno@exemple.fr")
    assignment_create(application=application, instructor=second, by=world["officer"])
    score_record(application=application, user=world["assigned"], values=dict(zip(criteria_ids(call), (5, 5, 10))))
    score_record(application=application, user=second, values=dict(zip(criteria_ids(call), (4, 5, 5))))
    client.force_login(world["officer"])
    page = client.get(reverse("instruction:dossier", args=[application.pk])).content.decode()
    assert "Moyenne pondérée&nbsp;: 18,17&nbsp;/&nbsp;20" in page and "écart entre les notes&nbsp;: 3,67" in page
    assert "bruno@exemple.fr" in page and "16,33" in page and "Ma fiche de notation" not in page
    response = client.post(reverse("instruction:opinion", args=[application.pk]), {
        "issuer_kind": "ambassade", "issuer": "Ambassade de France au Rwanda", "recommendation": "favorable",
        "comment": "Partenaire solide."})
    page = client.get(response.url).content.decode()
    assert "Ambassade de France au Rwanda</strong> (ambassade)&nbsp;: avis favorable — Partenaire solide." in page
    response = client.post(reverse("instruction:opinion", args=[application.pk]), {"issuer_kind": "ambassade"})
    assert response.status_code == 200 and Opinion.objects.count() == 1


def test_the_ministry_asks_for_corrections_the_applicant_answers_and_instruction_resumes(client, world):
    application, applicant, officer = world["application"], world["applicant"], world["officer"]
    client.force_login(officer)
    url = reverse("instruction:corrections", args=[application.pk])
    assert client.post(url, {"message": ""}).status_code == 200  # a message is required
    client.post(url, {"message": "Joignez la délibération."})  # which parts to correct is required
    application.refresh_from_db()
    assert application.state != workflow.A_COMPLETER
    client.post(url, {"message": "Joignez la délibération.", "sections": ["pieces"]})
    application.refresh_from_db()
    assert application.state == workflow.A_COMPLETER
    client.force_login(applicant)
    assert "Joignez la délibération." in client.get(reverse("applications:space")).content.decode()
    client.post(reverse("applications:move", args=[application.pk, workflow.DEPOSE]), {"message": "Jointe."})
    application.refresh_from_db()
    assert application.state == workflow.DEPOSE
    client.force_login(officer)
    page = client.get(reverse("instruction:dossier", args=[application.pk])).content.decode()
    assert "Reprendre l'instruction" in page
    client.post(reverse("instruction:resume", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == workflow.EN_INSTRUCTION
    assert [t.to_state for t in application.transitions.all()][-3:] == [
        workflow.A_COMPLETER, workflow.DEPOSE, workflow.EN_INSTRUCTION]


def test_the_ministry_assigns_one_dossier_and_a_batch_with_conflicts_named(client, world):
    call, officer = world["call"], world["officer"]
    albi = factories.authority(name="Albi")
    second, _ = submitted(call, authority=albi, title="Déchets à Dschang")
    client.force_login(officer)
    response = client.post(reverse("instruction:assign", args=[second.pk]), {"instructeur": world["unassigned"].pk})
    assert "Le dossier est attribué à autre@exemple.fr." in client.get(response.url).content.decode()
    albi_member = instructor(call=call, email="elu@albi.fr")
    Membership.objects.create(user=albi_member, authority=albi, state=Membership.State.CONFIRMED)
    response = client.post(reverse("instruction:assignments"), {"instructeur": albi_member.pk, "appel": call.pk})
    page = html.unescape(client.get(response.url).content.decode())
    assert "1 dossier attribué à elu@albi.fr." in page
    assert f"«\u00a0Déchets à Dschang\u00a0» (n° {second.pk})\u00a0: Conflit d'intérêts\u00a0: elu@albi.fr" in page
    assert list(second.assignments.values_list("instructor__email", flat=True)) == ["autre@exemple.fr"]
    response = client.post(reverse("instruction:assignments"), {"instructeur": albi_member.pk})
    assert response.status_code == 200 and "Choisissez soit un appel, soit un pays partenaire." in response.content.decode()


def test_the_ministry_sees_the_calls_ranking(client, world):
    application, call = world["application"], world["call"]
    score_record(application=application, user=world["assigned"], values=dict(zip(criteria_ids(call), (5, 5, 10))))
    submitted(call, authority=factories.authority(name="Albi"), title="Déchets à Dschang")
    client.force_login(world["officer"])
    home = client.get(reverse("instruction:home")).content.decode()
    assert reverse("instruction:ranking", args=[call.pk]) in home
    page = client.get(reverse("instruction:ranking", args=[call.pk])).content.decode()
    assert page.index("Eau potable à Huye") < page.index("Déchets à Dschang")
    assert "<td>1</td>" in page and "20,00" in page and "non classé" in page


def test_the_lists_queries_do_not_grow_with_their_rows(client, world, django_assert_num_queries):
    call, officer, person = world["call"], world["officer"], world["assigned"]

    def add_rows():
        for n in range(3):
            application, _ = submitted(call, authority=factories.authority(name=f"Commune {n}"), title=f"Projet {n}")
            assignment_create(application=application, instructor=person, by=officer)
            score_record(application=application, user=person, values=dict(zip(criteria_ids(call), (n, n, n))))

    client.force_login(officer)
    assert_counts_do_not_grow(client, [reverse("instruction:ranking", args=[call.pk]), reverse("instruction:assignments")],
                              add_rows=add_rows, assert_num_queries=django_assert_num_queries)
    client.force_login(person)
    assert_counts_do_not_grow(client, [reverse("instruction:home")], add_rows=add_rows,
                              assert_num_queries=django_assert_num_queries)
