"""`resolve_authorities`: a CSV of names in, one JSON object per row out."""
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

KEYS = {"status", "kind", "code", "name", "region", "candidates", "reason"}


def _resolve(tmp_path, capsys, text):
    path = tmp_path / "names.csv"
    path.write_text(text, encoding="utf-8")
    call_command("resolve_authorities", str(path))
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_json_object_per_row(tmp_path, capsys):
    rows = _resolve(tmp_path, capsys, "name,region\nCastres,76\nBarjac,76\nBargny,76\nSicoval,\n")
    assert [set(row) for row in rows] == [KEYS] * 4
    assert [row["status"] for row in rows] == ["resolved", "ambiguous", "unknown", "resolved"]
    assert rows[0] | {"reason": ""} == {
        "status": "resolved", "kind": "commune", "code": "81065", "name": "Castres", "region": "76",
        "candidates": ["81065"], "reason": "",
    }
    assert sorted(rows[1]["candidates"]) == ["09037", "30029", "48018"]
    assert rows[1]["code"] is None and rows[2]["candidates"] == []
    assert rows[3]["code"] == "243100633"


def test_region_and_department_columns_are_optional(tmp_path, capsys):
    rows = _resolve(tmp_path, capsys, "name,department\nBarjac,30\n")
    assert rows[0]["code"] == "30029"
    rows = _resolve(tmp_path, capsys, "\ufeffname\nVille de Thiers (Puy-de-Dôme)\n")
    assert rows[0]["code"] == "63430"


def test_a_file_without_a_name_column_is_refused(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("nom\nCastres\n", encoding="utf-8")
    with pytest.raises(CommandError, match="name"):
        call_command("resolve_authorities", str(path))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="absent.csv"):
        call_command("resolve_authorities", str(tmp_path / "absent.csv"))


def test_region_and_departement_by_name_as_by_code(tmp_path, capsys):
    rows = _resolve(tmp_path, capsys, "name,region,departement\nCastres,Occitanie,\nBarjac,,Gard\n"
                                      "Saint-Denis,La Réunion,\nBarjac,76,48\n")
    assert [(row["status"], row["code"]) for row in rows] == [
        ("resolved", "81065"), ("resolved", "30029"), ("resolved", "97411"), ("resolved", "48018")]
    assert rows[0]["reason"] == "Castres (commune, Tarn) : nom officiel."


def test_reasons_never_contradict_the_geography(tmp_path, capsys):
    rows = _resolve(tmp_path, capsys, "name,region,departement\nCastres,Occitanie,Aisne\nCastres,Bretagne,\n"
                                      "Castres,Occitanie du Sud,\n")
    assert rows[0]["reason"] == (
        "Castres (commune, Aisne) : nom officiel ; le département 02 (Aisne) n'est pas en région Occitanie.")
    assert rows[1]["reason"] == ("Aucune collectivité française nommée « Castres » en région Bretagne ; "
                                 "ailleurs : Castres (commune, Tarn), Castres (commune, Aisne).")
    assert rows[2]["status"] == "ambiguous" and "« Occitanie du Sud » non reconnue" in rows[2]["reason"]


def test_a_confirmation_made_for_one_list_does_not_decide_here(tmp_path, capsys):
    from coopdec.territories.models import Authority
    from coopdec.territories.resolve import ResolutionContext
    from coopdec.territories.services import authority_confirm

    authority_confirm(authority=Authority.objects.get(kind="commune", code="30029"), name="Barjac", user=None,
                      context=ResolutionContext(publisher="Occitanie Coopération", region="76"))
    [row] = _resolve(tmp_path, capsys, "name,region\nBarjac,76\n")
    assert (row["status"], row["code"]) == ("ambiguous", None)
    assert row["reason"].endswith("; confirmé une fois comme Barjac (Gard) pour Occitanie Coopération.")
