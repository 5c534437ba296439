"""The decision letter (/espace/dossiers/<id>/lettre-de-decision.pdf), read back with pdfplumber:
the authorities, the partners, the project, the granted amount, each tranche with its condition,
the report deadlines; the reason of a dossier not retained. Only once the decision's session is
closed, only to the members of the dossier's authorities and the ministry: 404 to anyone else."""
import io

import pdfplumber
import pytest
from django.urls import reverse

from coopdec.instruction.models import CommitteeSession, Decision
from tests import factories
from tests.applications.people import member, ministry_officer, user

from .conftest import decide

pytestmark = pytest.mark.django_db


def letter_url(application):
    return reverse("letters:decision-letter", args=[application.pk])


def read(response) -> str:
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(text.split())  # one line: a table cell may wrap; no-break spaces read as spaces


def test_the_laureates_letter_says_who_what_how_much_when_and_on_what_condition(client, filed):
    application, person = filed
    decide(application)
    client.force_login(person)
    text = read(client.get(letter_url(application)))
    for said in (
        f"Lettre de décision — dossier n° {application.pk}",
        "Besançon (Tarn)", "Dole", "District de Huye (Rwanda)",  # lead, co-applicant, partner with its country
        application.title, f"« {application.call.name} » (campagne 2026)", "24 mois, fin du projet le 31 décembre 2027",
        "comité de sélection réuni le 15 septembre 2026",
        "Une subvention de 45 000 € est accordée.",
        "1 2026 27 000 € À la notification de la décision",
        "2 2027 14 400 € Après acceptation du rapport intermédiaire technique et financier (80 % de la tranche 2027)",
        "3 2027 3 600 € Après acceptation du rapport final (20 % de la tranche 2027)",
        "Rapport intermédiaire technique et financier 2026 31 mars 2027",
        "Rapport final 31 mars 2028",
    ):
        assert said in text, f"{said!r} not in:\n{text}"
    assert "Motif" not in text


def test_the_letter_is_an_administrative_decision_an_authority_can_file_and_contest(client, filed):
    """Issue 15: the ministry's block, a reference, the date, the addressee (the executive, by
    function), the object, what it rests on, the reasons, the signatory by name and function,
    and the routes and delays of appeal."""
    application, person = filed
    campaign = application.call.campaign
    campaign.signatory_name, campaign.signatory_function = "Camille Dupont", "La déléguée pour l'action extérieure"
    campaign.save()
    decide(application, reason="Subvention ajustée au budget d'équipement.")
    client.force_login(person)
    text = read(client.get(letter_url(application)))
    for said in (
        "RÉPUBLIQUE", "FRANÇAISE", "Ministère de l'Europe et des Affaires étrangères",
        f"Réf. : MEAE/DAECT/2026/{application.call_id}/{application.pk}", "Paris, le 15 septembre 2026",
        "Madame la Maire ou Monsieur le Maire Besançon (Tarn)",
        f"Objet : Lettre de décision — dossier n° {application.pk}, demande de subvention « {application.title} »",
        "Vu le code général des collectivités territoriales", f"Vu l'appel à projets « {application.call.name} »",
        "Motifs : Subvention ajustée au budget d'équipement.",  # a retained dossier's reason is printed too
        "La déléguée pour l'action extérieure Camille Dupont",
        "Voies et délais de recours.", "dans un délai de deux mois à compter de sa notification",
        "tribunal administratif de Paris", "www.telerecours.fr",
    ):
        assert said in text, f"{said!r} not in:\n{text}"


@pytest.mark.parametrize("outcome, said", [
    (Decision.Outcome.NON_RETENU, "Le projet n'est pas retenu."),
    (Decision.Outcome.SANS_SUITE, "Le dossier est classé sans suite."),
])
def test_a_letter_without_a_grant_gives_the_reason(client, filed, outcome, said):
    application, person = filed
    decide(application, outcome=outcome, reason="Le projet ne démontre pas de partenariat réciproque.")
    client.force_login(person)
    text = read(client.get(letter_url(application)))
    assert said in text
    assert "Motif : Le projet ne démontre pas de partenariat réciproque." in text
    assert "Une subvention" not in text and "Échéancier" not in text and "Rapport final" not in text


def test_the_letter_goes_to_the_authorities_members_and_the_ministry_only(client, filed):
    application, person = filed
    decide(application)
    url = letter_url(application)
    co_applicant = member(application.co_applicants.get().authority)
    for reader in (person, member(application.lead_authority), co_applicant, ministry_officer()):
        client.force_login(reader)
        assert client.get(url).status_code == 200
    for stranger in (member(factories.authority(name="Albi")), user()):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def user():
    from tests.applications.people import user

    return user()


def test_no_letter_before_the_decision_nor_while_its_session_is_open(client, filed):
    application, person = filed
    client.force_login(person)
    dossier = reverse("applications:dossier", args=[application.pk])
    assert client.get(letter_url(application)).status_code == 404
    assert letter_url(application) not in client.get(dossier).content.decode()
    decision = decide(application, closed=False)
    assert client.get(letter_url(application)).status_code == 404
    assert letter_url(application) not in client.get(dossier).content.decode()
    CommitteeSession.objects.filter(pk=decision.session_id).update(state=CommitteeSession.State.CLOSED)
    assert client.get(letter_url(application)).status_code == 200
    assert letter_url(application) in client.get(dossier).content.decode()
    assert client.get(reverse("letters:decision-letter", args=[application.pk + 1000])).status_code == 404
