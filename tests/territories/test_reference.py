"""The committed reference files: rebuilt from their sources, loaded into the database."""
import gzip
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from coopdec.territories import reference
from coopdec.territories.models import Authority, AuthorityAlias, Country, Departement, Region
from coopdec.territories.services import Upserted, territories_load

pytestmark = pytest.mark.django_db

PACKAGE_DATA = settings.BASE_DIR / "node_modules" / "@etalab" / "decoupage-administratif" / "data"


def _text(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read()


def test_the_whole_geography_is_loaded():
    counts = {kind: Authority.objects.filter(kind=kind).count() for kind in Authority.Kind.values}
    assert counts == {"commune": 34969, "epci": 1255, "ept": 11, "departement": 109, "region": 26, "other": 0}
    assert Region.objects.count() == 26 and Departement.objects.count() == 109


def test_codes_names_links_and_populations():
    castres = Authority.objects.get(kind="commune", code="81065")
    assert (castres.name, castres.siren, castres.departement_id, castres.region_id) == (
        "Castres", "218100659", "81", "76")
    assert castres.population == 42505
    sicoval = Authority.objects.get(kind="epci", code="243100633")
    assert (sicoval.siren, sicoval.epci_type, sicoval.departement_id, sicoval.region_id) == (
        "243100633", "CA", "31", "76")
    lyon = Authority.objects.get(kind="epci", code="200046977")
    assert lyon.epci_type == "MET69"
    gard = Authority.objects.get(kind="departement", code="30")
    assert (gard.departement_id, gard.region_id) == ("30", "76") and gard.population > 700_000


@pytest.mark.parametrize(("code", "slug"), [
    ("93", "provence-alpes-cote-d-azur"), ("04", "la-reunion"), ("84", "auvergne-rhone-alpes"),
])
def test_region_slugs(code, slug):
    assert Region.objects.get(code=code).slug == slug


def test_former_names_are_aliases():
    alias = AuthorityAlias.objects.get(text="annecy le vieux")
    assert (alias.authority.code, alias.source) == ("74010", AuthorityAlias.Source.FORMER_NAME)
    assert AuthorityAlias.objects.get(text="brest metropole oceane").authority.name == "Brest Métropole"


@pytest.mark.parametrize(("iso2", "oda_class"), [
    ("SN", "ldc"), ("BJ", "ldc"), ("ST", "oda"), ("BT", "oda"), ("MA", "oda"), ("XK", "oda"),
    ("FR", "none"), ("CH", "none"),
])
def test_countries_and_their_co_financing_class(iso2, oda_class):
    country = Country.objects.get(iso2=iso2)
    assert country.oda_class == oda_class
    assert "flux 2024–2025" in country.classification and country.classification_source.startswith("https://")


def test_countries_have_french_names():
    assert Country.objects.count() == 250
    assert Country.objects.get(iso2="XK").name_fr == "Kosovo"
    assert Country.objects.get(iso2="SN").name_fr == "Sénégal"
    assert Country.objects.filter(oda_class="ldc").count() == 44


def test_loading_again_changes_nothing():
    before = set(Authority.objects.values_list("id", "kind", "code", "name", "population"))
    aliases = AuthorityAlias.objects.count()
    report = territories_load()
    assert set(report.values()) == {Upserted(0, 0)}
    assert set(Authority.objects.values_list("id", "kind", "code", "name", "population")) == before
    assert AuthorityAlias.objects.count() == aliases


def test_loading_again_restores_names_and_populations_and_keeps_confirmed_aliases(django_user_model):
    castres = Authority.objects.get(kind="commune", code="81065")
    Authority.objects.filter(pk=castres.pk).update(name="Castres-sur-l'Agout", population=1)
    Region.objects.filter(code="76").update(name="Languedoc")
    person = django_user_model.objects.create(username="relectrice")
    AuthorityAlias.objects.create(text="ville de castres tarn", original="Ville de Castres, Tarn",
                                  authority=castres, source="confirmed", created_by=person)
    report = territories_load()
    assert report["collectivités"] == Upserted(0, 1) and report["régions"] == Upserted(0, 1)
    castres.refresh_from_db()
    assert (castres.name, castres.population) == ("Castres", 42505)
    assert Region.objects.get(code="76").name == "Occitanie"
    assert AuthorityAlias.objects.filter(text="ville de castres tarn", source="confirmed").exists()


def test_load_territories_command_reports(capsys):
    call_command("load_territories")
    out = capsys.readouterr().out
    assert "collectivités : 0 créé(s), 0 mis à jour" in out


def test_build_territories_reproduces_the_committed_files(tmp_path):
    call_command("build_territories", str(PACKAGE_DATA), output=tmp_path)
    for name in (reference.TERRITORIES_FILE, reference.FORMER_NAMES_FILE):
        assert _text(tmp_path / name) == _text(settings.REFERENCE_DIR / name), name


def test_build_countries_reproduces_the_committed_file(tmp_path):
    """From a DAC list holding what the committed file says of each listed country (the source
    itself is not in the repository), the command writes the committed file again."""
    committed = reference.read_csv(settings.REFERENCE_DIR / reference.COUNTRIES_FILE)
    reference.write_csv(tmp_path / "oda.csv", ("iso2", "ldc", "source_url"), [
        {"iso2": row["iso2"], "ldc": "yes" if row["oda_class"] == "ldc" else "no",
         "source_url": row["classification_source"]}
        for row in committed if row["oda_class"] != "none"
    ])
    call_command("build_countries", oda=tmp_path / "oda.csv", output=tmp_path / "countries.csv")
    assert _text(tmp_path / "countries.csv") == _text(settings.REFERENCE_DIR / reference.COUNTRIES_FILE)


def test_build_countries_needs_the_dac_list():
    with pytest.raises(CommandError, match="--oda"):
        call_command("build_countries")


def test_provenance_names_the_package_version():
    with open(PACKAGE_DATA.parent / "package.json", encoding="utf-8") as f:
        version = json.load(f)["version"]
    provenance = _text(settings.REFERENCE_DIR / "PROVENANCE.md")
    assert f"@etalab/decoupage-administratif` {version}" in provenance
