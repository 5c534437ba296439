"""load_demo: the campaigns 2022–2025 with every call of calls.csv, the AMI, and the figures."""
import csv
import hashlib
import re
import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from coopdec.calls.models import Call, Campaign, PublishedFigure
from coopdec.calls.rows import call_name
from coopdec.demo.published import DEMO_DIR, load_calls_and_figures
from coopdec.territories.models import Country


def calls_csv_rows(year=None):
    with open(DEMO_DIR / "calls.csv", newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if year is None or row["year"] == str(year)]


def snapshot():
    return ([model_to_dict(c) for c in Call.objects.order_by("pk")],
            [model_to_dict(f) for f in PublishedFigure.objects.order_by("pk")],
            list(Campaign.objects.order_by("pk").values()))


def test_demo_copy_of_calls_csv_is_the_one_its_provenance_records():
    recorded = re.search(r"sha256\s+`([0-9a-f]{64})`", (DEMO_DIR / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert hashlib.sha256((DEMO_DIR / "calls.csv").read_bytes()).hexdigest() == recorded.group(1)


def copy_demo(directory, *, but=()):
    """The demo's files in `directory`, all of them but those named."""
    for path in DEMO_DIR.glob("*.csv"):
        if path.name not in but:
            shutil.copy(path, directory / path.name)


def test_load_demo_loads_every_call_of_every_year(call_countries, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    rows = calls_csv_rows()
    assert f"calls.csv : {len(rows)} créé(s), 0 modifié(s), 0 inchangé(s)" in out
    assert "calls-extra.csv : 1 créé(s)" in out and "figures.csv : 8 créé(s)" in out
    assert list(Campaign.objects.order_by("year").values_list("year", flat=True)) == [2022, 2023, 2024, 2025]
    assert Call.objects.count() == len(rows) + 1


def test_2025_has_the_calls_of_calls_csv_and_the_ami(demo):
    """12 calls in our records where the seed page says 11: the figure counts appels à projets."""
    calls = Call.objects.filter(campaign__year=2025)
    expected = {call_name(row["call_name"])[0] for row in calls_csv_rows(2025)}
    assert set(calls.exclude(kind=Call.Kind.AMI).values_list("name", flat=True)) == expected
    assert len(expected) == 11 and calls.count() == 12
    ami = calls.get(kind=Call.Kind.AMI)
    assert ami.name == "AMI Villes créatives de la Francophonie"
    assert ami.source_url == "https://www.oc-cooperation.org/" and not ami.is_call_for_projects
    published = PublishedFigure.objects.get(campaign__year=2025, name=PublishedFigure.Name.CALLS)
    assert published.value == 11 and "AMI" in published.note
    assert calls.filter(kind__in=[k for k in Call.Kind.values if k != Call.Kind.AMI]).count() == published.value


def test_load_demo_twice_changes_nothing(demo, capsys):
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    out = capsys.readouterr().out
    assert f"calls.csv : 0 créé(s), 0 modifié(s), {len(calls_csv_rows())} inchangé(s)" in out
    assert "figures.csv : 0 créé(s), 0 modifié(s), 8 inchangé(s)" in out


def test_a_call_with_remarks_gets_a_clean_name_its_cycle_and_its_row(demo):
    fund = Call.objects.get(campaign__year=2025, slug="franco-palestinien-2025")
    assert (fund.name, fund.cycle, fund.kind, fund.partner_country_id, fund.periodicity) == (
        "Franco-palestinien 2025", "2025–2027", Call.Kind.FONDS_CONJOINT, "PS", Call.Periodicity.TRIENNAL)
    assert (fund.opens_on, fund.closes_on) == (date(2025, 4, 15), date(2025, 6, 15))
    assert fund.source_row["call_name"] == "Franco-palestinien 2025 (fund 2025-2027)"
    ocean = Call.objects.get(campaign__year=2025, name="Océan 2025")
    assert (ocean.closes_on, ocean.closes_note) == (date(2025, 9, 26), "tbc")
    assert "Aménagement durable du littoral" in ocean.source_row["call_name"]


@pytest.mark.parametrize("year,name,expected", [
    (2025, "Franco-marocain 2025", {"opens_on": date(2025, 6, 1), "opens_note": "tbc",
                                    "closes_on": date(2025, 9, 30), "closes_note": "tbc"}),
    (2023, "Jeunesse IX", {"closes_on": date(2023, 2, 26), "closes_note": "extended from 2023-01-31"}),
    (2023, "Fonds franco-québécois FFQCD 2023–2024, 12th call", None),
    (2023, "Fonds franco-québécois FFQCD 2023–2024", {"partner_country_id": "CA", "kind": "fonds_conjoint",
                                                      "periodicity": "biennal", "cycle": "2023–2024"}),
    (2024, "Amérique latine et Caraïbes 2024", {"partner_country_id": None, "kind": "thematique"}),
    (2024, "AMI Résonances internationales de la Francophonie", {"kind": "ami", "periodicity": "ponctuel"}),
    (2025, "Clés en main 2025", {"kind": "cles_en_main", "periodicity": ""}),
    (2025, "Franco-arménien 2025", {"kind": "fonds_conjoint", "partner_country_id": "AM"}),
    (2022, "Sport et coopération décentralisée", {"cycle": "2021–2023", "periodicity": "triennal"}),
    (2022, "Franco-marocain 2022–2024, 1re tranche", {"opens_on": date(2021, 12, 17)}),
    (2022, "Franco-marocain 2022–2024, 1re tranche bis", {"opens_on": date(2022, 6, 1)}),
    (2023, "Franco-marocain 2022–2024, 2e tranche", {"slug": "franco-marocain-2022-2024-2e-tranche"}),
])
def test_fields_read_from_calls_csv(demo, year, name, expected):
    call = Call.objects.filter(campaign__year=year, name=name).first()
    if expected is None:
        assert call is None
        return
    assert {field: getattr(call, field) for field in expected} == expected


def test_published_figures_keep_their_sources(demo):
    figures = {(f.campaign.year, f.name, f.source_label): f for f in PublishedFigure.objects.select_related("campaign")}
    by_name = {(year, name): f.value for (year, name, _), f in figures.items()}
    assert by_name[(2025, "applications_received")] == 158 and by_name[(2025, "applications_retained")] == 91
    assert by_name[(2025, "acceptance_rate")] == Decimal("0.576")
    assert by_name[(2024, "applications_received")] == 113 and by_name[(2024, "applications_retained")] == 76
    assert by_name[(2024, "calls")] == 13
    rate_2024 = PublishedFigure.objects.get(campaign__year=2024, name="acceptance_rate")
    assert rate_2024.value == Decimal("0.6630") and rate_2024.published_on == date(2025, 9, 8)
    assert "Occitanie Coopération" in rate_2024.source_label and "67,3 %" in rate_2024.note
    ministry = PublishedFigure.objects.get(campaign__year=2024, name="applications_received")
    assert ministry.source_label != rate_2024.source_label


def test_an_edited_row_updates_its_call(demo, tmp_path):
    copy_demo(tmp_path)
    path = tmp_path / "calls.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2025-06-15", "2025-06-30"), encoding="utf-8")
    unchanged = len(calls_csv_rows()) - 1
    assert load_calls_and_figures(tmp_path)[0] == f"calls.csv : 0 créé(s), 1 modifié(s), {unchanged} inchangé(s)"
    assert Call.objects.get(campaign__year=2025, slug="franco-palestinien-2025").closes_on == date(2025, 6, 30)


HEADER = "year,call_name,kind,partner_country,periodicity,opens,closes,max_rate_ldc,max_rate_other,source_url\n"


@pytest.mark.parametrize("rows,message", [
    ("2025,Sport 2025,thematic,,annual,2025-04-31,,,,\n",
     "calls.csv, ligne 3, colonne « opens » : date AAAA-MM-JJ attendue"),
    ("2025,Sport 2025,sporty,,annual,,,,,\n", "calls.csv, ligne 3, colonne « kind » : valeur inconnue « sporty »"),
    ("2025,Sport 2025,thematic,,monthly,,,,,\n", "ligne 3, colonne « periodicity » : valeur inconnue « monthly »"),
    ("2025,Franco-atlante 2025,joint_fund,Atlantis,,,,,,\n",
     "ligne 3, colonne « partner_country » : pays inconnu « Atlantis »"),
    ("2025,,thematic,,,,,,,\n", "ligne 3, colonne « call_name » : nom d'appel vide"),
    ("20x5,Sport,thematic,,,,,,,\n", "ligne 3, colonne « year » : année attendue"),
    ("2025,Sport 2025,thematic,,,,,,,\n2025,Sport 2025 (bis),thematic,,,,,,,\n",
     "ligne 4, colonne « call_name » : même appel que la ligne 3"),
])
def test_a_bad_row_is_refused_with_file_line_and_column_and_nothing_is_written(
        call_countries, tmp_path, rows, message):
    copy_demo(tmp_path, but={"calls.csv", "rate-grids.csv", "call-rules.csv"})
    for name in ("rate-grids.csv", "call-rules.csv"):
        (tmp_path / name).write_text((DEMO_DIR / name).read_text(encoding="utf-8").splitlines()[0] + "\n",
                                     encoding="utf-8")
    (tmp_path / "calls.csv").write_text(HEADER + "2024,Sport 2024,thematic,,annual,,,,,\n" + rows, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        load_calls_and_figures(tmp_path)
    assert message in str(error.value)
    assert not Campaign.objects.exists() and not Call.objects.exists()


def test_a_bad_figure_is_refused(call_countries, tmp_path):
    copy_demo(tmp_path, but={"figures.csv"})
    (tmp_path / "figures.csv").write_text(
        "year,name,value,source_label,source_url,published_on,note\n2025,laureates,6,X,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="figures.csv, ligne 2, colonne « name » : chiffre inconnu « laureates »"):
        load_calls_and_figures(tmp_path)
    assert not Call.objects.exists()


def test_countries_must_be_loaded_first(db):
    Country.objects.all().delete()
    with pytest.raises(CommandError, match="pays inconnu « Morocco » .*load_territories"):
        call_command("load_demo")
