"""`load_demo --accounts` on the instruction side: the 2026 call's scoring grid and envelope come
from data/demo/, and instructeur@demo.coopdec.fr instructs that call; a bad row names its line."""
from decimal import Decimal as D

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from coopdec.accounts.selectors import instructor_scope, is_ministry
from coopdec.calls.models import Call
from coopdec.calls.rows import RowError
from coopdec.calls.services import call_load_envelopes, call_load_scoring_grids

pytestmark = pytest.mark.django_db


def test_the_2026_call_gets_its_grid_and_envelope_and_an_instructor(settings):
    settings.DEBUG = True
    call_command("load_demo", "--accounts", verbosity=0)
    call_command("load_demo", "--accounts", verbosity=0)  # again: nothing changes
    call = Call.objects.get(campaign__year=2026, kind=Call.Kind.GENERALISTE)
    assert call.envelope == D("100000")
    assert [(c.label, c.weight, c.scale_max) for c in call.criteria.all()] == [
        ("Pertinence au regard des priorités de l'appel", D("3"), 5),
        ("Qualité et réciprocité du partenariat", D("2"), 5),
        ("Solidité du budget et des cofinancements", D("2"), 5),
        ("Effets durables pour les populations", D("1"), 10),
    ]
    person = authenticate(email="instructeur@demo.coopdec.fr", password="demo")
    assert person is not None and not is_ministry(person) and not person.is_staff
    assert list(instructor_scope(person).calls) == [call]


def test_a_bad_row_stops_the_file_at_its_line_and_column(settings):
    settings.DEBUG = True
    call_command("load_demo", "--accounts", verbosity=0)
    row = {"year": "2026", "call": "generaliste-2026", "order": "1", "criterion": "Pertinence", "weight": "2",
           "scale_max": "5"}
    with pytest.raises(RowError, match="ligne 3, colonne « scale_max » : note maximale entière et positive attendue, lu « 0 »"):
        call_load_scoring_grids(rows=[row, {**row, "criterion": "Autre", "scale_max": "0"}])
    with pytest.raises(RowError, match="ligne 2, colonne « call » : aucun appel « generaliste-2030 » dans la campagne 2026"):
        call_load_envelopes(rows=[{"year": "2026", "call": "generaliste-2030", "envelope": "1000"}])
    with pytest.raises(RowError, match="ligne 2, colonne « envelope » : nombre positif attendu"):
        call_load_envelopes(rows=[{"year": "2026", "call": "generaliste-2026", "envelope": "-5"}])
    assert not Call.objects.get(slug="generaliste-2026").criteria.filter(label="Autre").exists()
