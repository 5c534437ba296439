"""Name resolution against the real geography loaded for the session."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopdec.territories.models import Authority
from coopdec.territories.resolve import Status, resolve_authority
from coopdec.territories.text import strip_accents

pytestmark = pytest.mark.django_db

COMMUNE, EPCI, DEPARTEMENT, REGION = "commune", "epci", "departement", "region"


def resolved(name, kind, code, **hints):
    resolution = resolve_authority(name, **hints)
    assert resolution.status == Status.RESOLVED, resolution.reason
    assert (resolution.match.kind, resolution.match.code) == (kind, code), resolution.reason
    return resolution


@pytest.mark.parametrize("name", [
    "Saint-Étienne", "SAINT-ÉTIENNE", "saint etienne", "Saint Etienne", "  saint-étienne  ",
])
def test_accents_case_and_spaces_do_not_matter(name):
    resolved(name, COMMUNE, "42218")


@pytest.mark.parametrize("name", ["L'Isle-Jourdain", "l’isle jourdain", "L ISLE-JOURDAIN", "l'Isle Jourdain"])
def test_punctuation_and_apostrophes_do_not_matter(name):
    resolved(name, COMMUNE, "32160", department="32")


@pytest.mark.parametrize("name", ["St-Étienne", "ST ETIENNE", "St Étienne"])
def test_st_is_saint(name):
    resolved(name, COMMUNE, "42218")


def test_a_missing_article_is_found():
    resolution = resolved("Chambon-sur-Lignon", COMMUNE, "43051")
    assert resolution.match.name == "Le Chambon-sur-Lignon"
    assert resolution.match.score < 1


def test_an_article_the_official_name_lacks_is_set_aside():
    resolved("Le Barjac", COMMUNE, "30029", department="30")


@pytest.mark.parametrize(("name", "kind", "code"), [
    ("Ville de Thiers", COMMUNE, "63430"),
    ("Commune de Barjac", COMMUNE, "30029"),
    ("Mairie de Paris", COMMUNE, "75056"),
    ("Ville du Havre", COMMUNE, "76351"),
    ("Conseil départemental de la Haute-Garonne", DEPARTEMENT, "31"),
    ("Département du Gard", DEPARTEMENT, "30"),
    ("Conseil général des Hautes-Pyrénées", DEPARTEMENT, "65"),
    ("conseil régional du Grand Est", REGION, "44"),
    ("Région Occitanie", REGION, "76"),
    ("Conseil régional d'Île-de-France", REGION, "11"),
    ("Communauté urbaine de Dunkerque", EPCI, "245900428"),
    ("Communauté d'agglomération du Sicoval", EPCI, "243100633"),
    ("Communauté d'agglomération Sicoval", EPCI, "243100633"),
    ("CA du Sicoval", EPCI, "243100633"),
    ("Métropole de Toulouse", EPCI, "243100518"),
    ("EPT Est Ensemble", "ept", "200057875"),
])
def test_prefixes_are_read_and_say_the_kind(name, kind, code):
    resolved(name, kind, code, **({"department": "30"} if "Barjac" in name else {}))


def test_a_prefix_keeps_to_its_kind():
    """Dunkerque is a commune too, and "Ville de" names no EPCI."""
    resolved("Dunkerque", COMMUNE, "59183")
    assert resolve_authority("Ville de Sicoval").status == Status.UNKNOWN


def test_a_departement_in_parentheses_narrows_the_search():
    resolved("Ville de Thiers (Puy-de-Dôme)", COMMUNE, "63430")
    resolved("Castres (Aisne)", COMMUNE, "02142")
    resolved("Barjac (48)", COMMUNE, "48018")
    resolved("Saint-Denis (La Réunion)", COMMUNE, "97411")


def test_a_country_in_parentheses_is_abroad():
    resolution = resolve_authority("Bargny (Sénégal)")
    assert resolution.status == Status.UNKNOWN
    assert "Sénégal" in resolution.reason


def test_parentheses_that_name_nothing_known_are_left_for_a_person():
    resolution = resolve_authority("Toulouse (Québec)")
    assert resolution.status == Status.AMBIGUOUS
    assert [c.code for c in resolution.candidates] == ["31555"]
    assert "Québec" in resolution.reason


def test_a_name_with_official_parentheses_is_read_whole():
    resolved("Château-Chinon (Ville)", COMMUNE, "58062")


def test_word_order_variants():
    resolution = resolved("Montpellier Métropole Méditerranée", EPCI, "243400017")
    assert resolution.match.name == "Montpellier Méditerranée Métropole"


def test_short_name_of_an_epci():
    resolution = resolved("Sicoval", EPCI, "243100633")
    assert resolution.match.name == "CA du Sicoval"
    assert resolution.match.departement_code == "31"


def test_an_epci_acronym_in_its_official_name():
    resolved("CAPI", EPCI, "243800604")


def test_a_commune_wins_over_the_core_of_an_epci_name():
    resolved("Toulouse", COMMUNE, "31555")
    resolved("Toulouse Métropole", EPCI, "243100518")
    resolved("Lyon", COMMUNE, "69123")
    resolved("Métropole de Lyon", EPCI, "200046977")


@pytest.mark.parametrize(("name", "kind", "code"), [
    ("Brest métropole Océane", EPCI, "242900314"),
    ("Grand Lyon", EPCI, "200046977"),
    ("Région Sud", REGION, "93"),
    ("Conseil régional de Midi-Pyrénées", REGION, "76"),
    ("Annecy-le-Vieux", COMMUNE, "74010"),
])
def test_former_names_and_aliases(name, kind, code):
    resolution = resolved(name, kind, code)
    assert resolution.match.score < 1


def test_the_three_barjac_of_occitanie_are_ambiguous():
    resolution = resolve_authority("Barjac", region="76")
    assert resolution.status == Status.AMBIGUOUS
    assert resolution.match is None
    assert sorted(c.code for c in resolution.candidates) == ["09037", "30029", "48018"]
    assert resolution.reason == (
        "3 communes nommées Barjac en région Occitanie : Ariège, Gard, Lozère ; précisez le département."
    )


def test_barjac_with_a_departement_is_the_gard_one():
    resolved("Barjac", COMMUNE, "30029", region="76", department="30")


def test_castres_with_the_region_of_occitanie_is_the_tarn_one():
    resolution = resolved("Castres", COMMUNE, "81065", region="76")
    assert [c.code for c in resolution.candidates] == ["81065"]


def test_castres_without_hints_goes_to_the_decisive_population_margin():
    resolution = resolved("Castres", COMMUNE, "81065")
    assert [c.code for c in resolution.candidates] == ["81065", "02142"]
    assert "la plus peuplée" in resolution.reason


def test_a_population_margin_short_of_decisive_stays_ambiguous():
    resolution = resolve_authority("Saint-Denis")
    assert resolution.status == Status.AMBIGUOUS
    assert len(resolution.candidates) == 4


def test_bargny_in_occitanie_is_not_the_oise_commune():
    resolution = resolve_authority("Bargny", region="76")
    assert resolution.status == Status.UNKNOWN
    assert resolution.match is None and resolution.candidates == ()
    assert "Oise" in resolution.reason


def test_two_kinds_under_one_name_are_ambiguous():
    resolution = resolve_authority("Vienne")
    assert resolution.status == Status.AMBIGUOUS
    assert {(c.kind, c.code) for c in resolution.candidates} == {(DEPARTEMENT, "86"), (COMMUNE, "38544")}


@pytest.mark.parametrize("name", ["Ouagadougou", "Huye", "", "   ", "Ville de"])
def test_unknown_names(name):
    resolution = resolve_authority(name)
    assert resolution.status == Status.UNKNOWN
    assert resolution.candidates == () and resolution.reason


def test_one_typo_in_a_long_name_is_picked_when_alone():
    resolution = resolved("Saint-Jean-de-Lus", COMMUNE, "64483")
    assert resolution.match.score < 0.8


def test_one_typo_in_a_shorter_name_only_proposes():
    resolution = resolve_authority("Montpelier")
    assert resolution.status == Status.AMBIGUOUS
    assert "34172" in [c.code for c in resolution.candidates]


def test_as_dict_is_the_json_lines_shape():
    assert resolve_authority("Castres", region="76").as_dict() == {
        "status": "resolved", "kind": COMMUNE, "code": "81065", "name": "Castres", "region": "76",
        "candidates": ["81065"], "reason": "Castres (commune, Tarn) : nom officiel.",
    }


_VARIANTS = st.sampled_from([str.upper, str.lower, strip_accents, lambda s: s.replace("-", " ")])


def _official_sample():
    """Every 40th authority with a département: a spread of communes, EPCI and départements."""
    return list(Authority.objects.filter(departement__isnull=False).order_by("id"))[::40]


def test_official_names_resolve_alike_whatever_the_case_and_accents():
    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(_official_sample()), _VARIANTS)
    def check(authority, transform):
        plain = resolve_authority(authority.name, department=authority.departement_id)
        varied = resolve_authority(transform(authority.name), department=authority.departement_id)
        assert (varied.status, varied.match) == (plain.status, plain.match)
        assert [c.code for c in varied.candidates] == [c.code for c in plain.candidates]

    check()


def test_an_official_name_with_its_departement_never_resolves_to_another():
    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(_official_sample()))
    def check(authority):
        resolution = resolve_authority(authority.name, department=authority.departement_id)
        assert (authority.kind, authority.code) in {(c.kind, c.code) for c in resolution.candidates}
        if resolution.status == Status.RESOLVED:
            assert (resolution.match.kind, resolution.match.code) == (authority.kind, authority.code)

    check()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=60), region=st.sampled_from([None, "76", "11", "99"]))
def test_any_text_gets_a_consistent_answer(name, region):
    resolution = resolve_authority(name, region=region)
    assert resolution.reason
    if resolution.status == Status.RESOLVED:
        assert resolution.match in resolution.candidates
    elif resolution.status == Status.AMBIGUOUS:
        assert resolution.match is None and resolution.candidates
    else:
        assert resolution.match is None and resolution.candidates == ()


@pytest.mark.parametrize(("hints", "code"), [
    ({"region": "Occitanie"}, "81065"),
    ({"region": "occitanie"}, "81065"),
    ({"department": "Tarn"}, "81065"),
    ({"department": "le Tarn", "region": "Occitanie"}, "81065"),
    ({"department": "Aisne"}, "02142"),
    ({"region": "Hauts-de-France"}, "02142"),
])
def test_a_region_or_departement_is_read_by_name_as_by_code(hints, code):
    resolution = resolved("Castres", COMMUNE, code, **hints)
    assert "ailleurs" not in resolution.reason


def test_la_reunion_is_a_region_and_a_departement_by_name():
    resolved("Saint-Denis", COMMUNE, "97411", region="La Réunion")
    resolved("Saint-Denis", COMMUNE, "97411", department="La Réunion")


def test_a_hint_that_names_nothing_is_said_and_not_obeyed():
    resolution = resolve_authority("Castres", region="Languedoc")
    assert resolution.status == Status.AMBIGUOUS and resolution.match is None
    assert resolution.reason == (
        "Castres (commune, Tarn) : nom officiel ; la plus peuplée des 2 homonymes (42\u00a0505 hab. ; "
        "puis 246 hab., Aisne) ; région « Languedoc » non reconnue (ni code INSEE ni nom de région).")
    assert "département « 99 » non reconnu" in resolve_authority("Castres", department="99").reason


@pytest.mark.parametrize("name, hints", [
    ("Castres", {"region": "76", "department": "02"}),
    ("Castres", {"region": "Occitanie", "department": "Aisne"}),
    ("Castres (Aisne)", {"region": "76"}),
])
def test_a_departement_outside_the_region_is_said_never_looked_for_in_neither(name, hints):
    """Before, « Castres » with Occitanie and the Aisne answered « aucune collectivité nommée
    Castres dans le département 02 (Aisne) ; ailleurs : Castres (commune, Aisne) »."""
    resolution = resolve_authority(name, **hints)
    assert resolution.status == Status.AMBIGUOUS and [c.code for c in resolution.candidates] == ["02142"]
    assert resolution.reason == (
        "Castres (commune, Aisne) : nom officiel ; le département 02 (Aisne) n'est pas en région Occitanie.")


def test_the_reason_never_says_elsewhere_of_a_place_inside_the_zone():
    """Every « ailleurs » names only authorities outside the région or département given."""
    for name, hints in (("Bargny", {"region": "76"}), ("Barjac", {"department": "81"}),
                        ("Castres", {"region": "Île-de-France"})):
        resolution = resolve_authority(name, **hints)
        assert resolution.status == Status.UNKNOWN
        zone = hints.get("region") or hints.get("department")
        elsewhere = resolution.reason.split("ailleurs : ")[1]
        assert all(c.region_code != zone and c.departement_code != zone
                   for c in resolve_authority(name).candidates if c.name in elsewhere)
