"""The export's columns of partners, countries, co-applicants, scores and opinions: each reads
what the dossier's page shows (the mark as instruction.rules computes it), in French order."""
import csv
import io

import pytest
from django.urls import reverse

from coopdec.applications.models import CoApplicant
from coopdec.instruction.services import assignment_create, opinion_record, score_record
from tests.applications.people import ministry_officer
from tests.instruction.people import criteria_ids, grid_call, instructor, submitted

pytestmark = pytest.mark.django_db
KEYS = ["numero", "co_porteurs", "partenaires", "pays", "note_moyenne", "fiches", "avis"]


def _rows(client):
    response = client.post(reverse("exports:new"), {"format": "csv", "columns": KEYS})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_partners_countries_co_applicants_scores_and_opinions_are_columns(client):
    call = grid_call()
    application, _ = submitted(call)
    bare, _ = submitted(call, name="Albi", title="Déchets à Dschang")
    CoApplicant.objects.create(application=application, name="Mazamet", order=2)
    CoApplicant.objects.create(application=application, name="Albi", order=1)
    officer = ministry_officer(email="agent@ministere.fr")
    first, second, third = (instructor(call=call, email=f"{n}@exemple.fr") for n in ("ines", "bruno", "chloe"))
    for person in (first, second, third):
        assignment_create(application=application, instructor=person, by=officer)
    ids = criteria_ids(call)
    score_record(application=application, user=first, values=dict(zip(ids, (5, 5, 10))))  # 20
    score_record(application=application, user=second, values=dict(zip(ids, (4, 5, 5))))  # 16,33…
    score_record(application=application, user=third, values={ids[0]: 1})  # incomplete: not counted
    opinion_record(application=application, user=officer, issuer_kind="prefecture", issuer="Préfecture du Tarn",
                   recommendation="reserve")
    opinion_record(application=application, user=officer, issuer_kind="ambassade",
                   issuer="Ambassade de France au Rwanda", recommendation="favorable")
    client.force_login(officer)
    rows = _rows(client)
    assert rows[0] == ["Numéro", "Co-porteurs", "Partenaires étrangers (pays)", "Pays partenaires",
                       "Note moyenne sur 20", "Fiches de notation complètes", "Avis des ambassades et des préfectures"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[str(application.pk)] == [
        str(application.pk), "Albi, Mazamet", "District de Huye (Rwanda)", "Rwanda", "18.17", "2",
        "Ambassade de France au Rwanda : favorable ; Préfecture du Tarn : réservé"]
    assert by_number[str(bare.pk)] == [str(bare.pk), "", "District de Huye (Rwanda)", "Rwanda", "", "0", ""]
