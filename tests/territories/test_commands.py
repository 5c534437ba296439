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
