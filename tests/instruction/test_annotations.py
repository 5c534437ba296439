"""Private annotations on a dossier (the ministry and its instructors, never the applicant nor
anyone in a conflict of interest) and a comment with each score."""
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coopdec.accounts.models import Membership
from coopdec.instruction.models import Annotation, Score
from coopdec.instruction.services import InstructionRefused, annotation_add, assignment_create, score_record
from tests.instruction.people import criteria_ids, grid_call, instructor, ministry_officer, submitted

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode()).replace("\u00a0", " ")


@pytest.fixture
def world():
    call = grid_call()
    application, applicant = submitted(call)
    officer = ministry_officer(email="agent@ministere.fr")
    assigned = instructor(call=call, email="ines@exemple.fr")
    assignment_create(application=application, instructor=assigned, by=officer)
    return {"call": call, "application": application, "applicant": applicant, "officer": officer,
            "assigned": assigned, "unassigned": instructor(call=call, email="autre@exemple.fr")}


def test_the_ministry_and_the_instructor_annotate_and_read_what_the_applicant_never_sees(client, world):
    application = world["application"]
    url = reverse("instruction:annotate", args=[application.pk])
    page_url = reverse("instruction:dossier", args=[application.pk])
    client.force_login(world["officer"])
    response = client.post(url, {"text": "Vérifier la délibération de 2025."})
    assert response.status_code == 302 and response.url.endswith("#annotations")
    client.force_login(world["assigned"])
    client.post(url, {"text": "Budget des missions élevé."})
    page = _text(client.get(page_url))
    assert "Vérifier la délibération de 2025." in page and "Budget des missions élevé." in page
    assert "agent@ministere.fr" in page and "ines@exemple.fr" in page
    # the applicant: no instruction page, nothing on their own dossier page
    client.force_login(world["applicant"])
    assert client.get(page_url).status_code == 404 and client.post(url, {"text": "x"}).status_code == 404
    assert "Vérifier la délibération" not in _text(client.get(reverse("applications:dossier", args=[application.pk])))
    # an instructor the dossier was not given to
    client.force_login(world["unassigned"])
    assert client.post(url, {"text": "Intrus"}).status_code == 404
    assert list(Annotation.objects.values_list("text", flat=True)) == [
        "Vérifier la délibération de 2025.", "Budget des missions élevé."]


def test_an_empty_annotation_is_refused_with_its_reason_and_nothing_is_written(client, world):
    client.force_login(world["officer"])
    response = client.post(reverse("instruction:annotate", args=[world["application"].pk]), {"text": "   "})
    assert response.status_code == 200 and "Écrivez l'annotation avant de l'enregistrer." in _text(response)
    assert not Annotation.objects.exists()


def test_an_officer_in_a_conflict_of_interest_neither_reads_nor_writes_annotations(client, world):
    application = world["application"]
    annotation_add(application=application, user=world["officer"], text="Réserve sur le partenaire.")
    conflicted = ministry_officer(email="elu@castres.fr")
    Membership.objects.create(user=conflicted, authority=application.lead_authority, state=Membership.State.CONFIRMED)
    client.force_login(conflicted)
    page = _text(client.get(reverse("instruction:dossier", args=[application.pk])))
    assert "Conflit d'intérêts" in page and "Réserve sur le partenaire." not in page
    assert 'id="annotations"' not in page
    response = client.post(reverse("instruction:annotate", args=[application.pk]), {"text": "Pour nous."})
    assert response.status_code == 403
    with pytest.raises(InstructionRefused, match="Conflit d'intérêts"):
        annotation_add(application=application, user=conflicted, text="Pour nous.")
    assert Annotation.objects.count() == 1


def test_each_score_carries_its_comment_which_the_ministry_reads(client, world):
    application, call = world["application"], world["call"]
    pertinence, partenariat, effets = criteria_ids(call)
    client.force_login(world["assigned"])
    url = reverse("instruction:score", args=[application.pk])
    response = client.post(url, {f"critere_{pertinence}": 4, f"commentaire_{pertinence}": "Besoin avéré.",
                                 f"critere_{partenariat}": 5, f"commentaire_{partenariat}": ""})
    assert response.status_code == 302
    assert dict(Score.objects.values_list("criterion_id", "comment")) == {pertinence: "Besoin avéré.", partenariat: ""}
    # the instructor finds their comment in their sheet
    assert "Besoin avéré.</textarea>" in _text(client.get(reverse("instruction:dossier", args=[application.pk])))
    # a comment without a value: refused beside its field, nothing written
    response = client.post(url, {f"critere_{pertinence}": 3, f"commentaire_{effets}": "Effets flous."})
    assert response.status_code == 200
    assert "Un commentaire accompagne une note : notez « Effets » ou effacez ce commentaire." in _text(response)
    assert Score.objects.get(criterion_id=pertinence).value == 4
    client.force_login(world["officer"])
    page = _text(client.get(reverse("instruction:dossier", args=[application.pk])))
    assert "Commentaires de ines@exemple.fr :" in page and "Pertinence : Besoin avéré." in page


def test_the_service_refuses_a_comment_without_its_value(world):
    application, call = world["application"], world["call"]
    pertinence = criteria_ids(call)[0]
    with pytest.raises(ValidationError) as error:
        score_record(application=application, user=world["assigned"], values={pertinence: None},
                     comments={pertinence: "Sans note"})
    assert f"commentaire_{pertinence}" in error.value.message_dict
    assert not Score.objects.exists()
