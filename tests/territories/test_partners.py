"""Published partners cells split into partners with their countries, and one row per partner."""
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from coopdec.calls.models import Call
from coopdec.territories.country_names import CountryLookup, Entry, Kind, adjective_forms, country_lookup
from coopdec.territories.models import Country, ForeignAuthority
from coopdec.territories.partner_services import foreign_authority_get_or_create
from coopdec.territories.partners import Partner, call_country, partner_key, split_partners
from coopdec.territories.text import normalise
from tests import factories

COUNTRIES = [
    ("CH", "Suisse", "Switzerland"), ("BE", "Belgique", "Belgium"), ("RO", "Roumanie", "Romania"),
    ("CA", "Canada", "Canada"), ("BJ", "Bénin", "Benin"), ("RW", "Rwanda", "Rwanda"),
    ("PS", "Palestine, État de", "Palestine, State of"), ("SN", "Sénégal", "Senegal"),
    ("ML", "Mali", "Mali"), ("MA", "Maroc", "Morocco"), ("LB", "Liban", "Lebanon"),
    ("TN", "Tunisie", "Tunisia"), ("AM", "Arménie", "Armenia"), ("UA", "Ukraine", "Ukraine"),
    ("MG", "Madagascar", "Madagascar"),
]


@pytest.fixture
def countries(db):
    for iso2, name_fr, name_en in COUNTRIES:
        factories.country(iso2, name_fr, name_en)
    return country_lookup()


def split(cell, call=None, countries=None):
    return [(p.name, p.country) for p in split_partners(cell, call, countries=countries)]


def test_a_country_in_parentheses_applies_to_the_names_before_it(countries):
    cell = "Montreux, Fribourg (Suisse), Namur (Belgique), Iasi (Roumanie), Québec (Canada), Bohicon (Bénin)"
    assert split(cell, "Appel à manifestation d'Intérêt villes créatives", countries) == [
        ("Montreux", "CH"), ("Fribourg", "CH"), ("Namur", "BE"), ("Iasi", "RO"), ("Québec", "CA"),
        ("Bohicon", "BJ"),
    ]


def test_a_prefixed_name_keeps_its_prefix(countries):
    assert split_partners("District de Huyé (Rwanda)", "Généraliste 2025", countries=countries) == [
        Partner(name="District de Huyé", country="RW")
    ]


@pytest.mark.parametrize("cell,call,expected", [
    ("Béthléem", "Franco-palestinien 2025", [("Béthléem", "PS")]),
    ("Kharas", "Franco-palestinien 2025", [("Kharas", "PS")]),
    ("Bargny", "Franco-sénégalais 2025", [("Bargny", "SN")]),
    ("Gandon", "Franco-sénégalais 2025", [("Gandon", "SN")]),
    ("Québec", "Fonds franco-québécois FFQCD 2025-2026 (13th call)", [("Québec", "CA")]),
    ("Kharas (Hébron)", "Franco-palestinien 2025", [("Kharas (Hébron)", "PS")]),
    ("Bohicon (Bénin)", "Franco-sénégalais 2025", [("Bohicon", "BJ")]),
])
def test_a_joint_fund_gives_the_country_the_cell_omits(countries, cell, call, expected):
    assert split(cell, call, countries) == expected


def test_the_country_of_a_call_record_comes_first(countries):
    fund = factories.call("Fonds de soutien 2025–2027", kind=Call.Kind.FONDS_CONJOINT,
                          partner_country=factories.country("PS"))
    generalist = factories.call("Généraliste 2025")
    assert split("Kharas", fund, countries) == [("Kharas", "PS")]
    assert split("Kharas", generalist, countries) == [("Kharas", None)]


def test_no_call_and_no_parentheses_leaves_the_country_unknown(countries):
    assert split("Bargny", countries=countries) == [("Bargny", None)]
    assert split("Kharas, Montreux", "Généraliste 2025", countries) == [("Kharas", None), ("Montreux", None)]


@pytest.mark.parametrize("written", ["Palestine", "Territoires palestiniens", "territoires palestiniens occupés"])
def test_palestine_however_written(countries, written):
    assert countries.find(written) == "PS"
    assert split(f"Naplouse ({written})", countries=countries) == [("Naplouse", "PS")]


def test_quebec_names_canada(countries):
    assert split("Québec", countries=countries) == [("Québec", "CA")]
    assert split("Lévis (Québec)", countries=countries) == [("Lévis", "CA")]


def test_communes_de_x_and_de_y_are_two_partners(countries):
    assert split("communes de Dakar (Sénégal) et de Bamako (Mali)", countries=countries) == [
        ("Dakar", "SN"), ("Bamako", "ML")
    ]
    assert split("Communes de Podor et Thiès", "Franco-sénégalais 2025", countries) == [
        ("Podor", "SN"), ("Thiès", "SN")
    ]


@pytest.mark.parametrize("call,iso2", [
    ("Franco-palestinien 2025", "PS"), ("Franco-sénégalais 2025", "SN"), ("Franco-marocain 2025", "MA"),
    ("Franco-libanais 2025", "LB"), ("Franco-tunisien 2023", "TN"), ("Franco-arménien 2025", "AM"),
    ("Franco-ukrainien 2025", "UA"), ("Fonds franco-québécois FFQCD", "CA"),
    ("Coopération franco-malgache", "MG"), ("dispositif conjoint franco-sénégalaise", "SN"),
    ("Généraliste 2025", None), ("Appel à manifestation d'Intérêt villes créatives", None),
])
def test_french_adjectives_of_calls_name_their_country(countries, call, iso2):
    assert call_country(call, countries) == iso2


def test_only_countries_in_the_table_are_named(countries):
    Country.objects.filter(iso2="TG").delete()
    countries = country_lookup()
    assert countries.find("Togo") is None
    assert split("Lomé (Togo)", countries=countries) == [("Lomé (Togo)", None)]


def test_a_text_naming_two_countries_names_none():
    lookup = CountryLookup.from_entries([Entry("CG", Kind.ADJECTIVE, "congolais"),
                                         Entry("CD", Kind.ADJECTIVE, "congolais")])
    assert lookup.find("Congolais") is None and lookup.find("congolaises") is None


def test_adjective_forms():
    assert {"palestinien", "palestinienne", "palestiniens", "palestiniennes"} <= adjective_forms("Palestinien")
    assert {"senegalais", "senegalaise", "senegalaises"} <= adjective_forms("Sénégalais")
    assert adjective_forms("Malgache") == {"malgache", "malgaches"}


def test_empty_cells_have_no_partner(countries):
    assert split("", "Franco-sénégalais 2025", countries) == []
    assert split(" , ;", countries=countries) == []


_PURE = CountryLookup.from_entries([Entry("CH", Kind.NAME, "Suisse"), Entry("BE", Kind.NAME, "Belgique"),
                                    Entry("SN", Kind.ADJECTIVE, "sénégalais")])
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèëïôç", min_size=2, max_size=10).filter(
    lambda w: normalise(w) not in {"et", "de", "du"})
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(lambda words: " ".join(w.capitalize() for w in words)).filter(
    lambda name: _PURE.find(name) is None)
_GROUPS = st.lists(st.tuples(st.lists(_NAME, min_size=1, max_size=3),
                             st.sampled_from([None, "Suisse", "Belgique"])), min_size=1, max_size=4)


@given(groups=_GROUPS, separator=st.sampled_from([", ", " ; ", " et ", "\n"]))
def test_no_name_is_lost_and_each_takes_the_next_country(groups, separator):
    cell = separator.join(separator.join(names) + (f" ({country})" if country else "")
                          for names, country in groups)
    expected, pending = [], []
    for names, country in groups:
        pending += names
        if country:
            expected += [(name, _PURE.find(country)) for name in pending]
            pending = []
    expected += [(name, "SN") for name in pending]
    assert split(cell, "Franco-sénégalais 2025", _PURE) == expected


def test_command_prints_one_json_line_per_row(countries, tmp_path, capsys):
    path = tmp_path / "cellules.csv"
    path.write_text(
        "cell,call\n"
        '"Montreux, Fribourg (Suisse), Namur (Belgique)",\n'
        "Kharas,Franco-palestinien 2025\n"
        "Bargny,\n",
        encoding="utf-8",
    )
    call_command("split_partners", str(path))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {"partners": [{"name": "Montreux", "country": "CH"}, {"name": "Fribourg", "country": "CH"},
                      {"name": "Namur", "country": "BE"}]},
        {"partners": [{"name": "Kharas", "country": "PS"}]},
        {"partners": [{"name": "Bargny", "country": None}]},
    ]


def test_command_needs_a_cell_column(countries, tmp_path):
    path = tmp_path / "mauvais.csv"
    path.write_text("partenaires\nBargny\n", encoding="utf-8")
    with pytest.raises(CommandError, match="mauvais.csv : colonne manquante : « cell »"):
        call_command("split_partners", str(path))


def test_partner_key_ignores_accents_case_and_municipal_prefixes():
    assert partner_key("Béthléem") == partner_key("BETHLEEM") == "bethleem"
    assert partner_key("District de Huyé") == partner_key("Huye") == "huye"
    assert partner_key("Commune d'Ouidah") == partner_key("Ouidah")
    assert partner_key("Région de Dakar") != partner_key("Dakar")


def test_one_foreign_authority_per_partner_however_spelt(countries):
    bethleem = foreign_authority_get_or_create(name="Béthléem", country="PS")
    assert foreign_authority_get_or_create(name="Bethléem", country="PS") == bethleem
    assert foreign_authority_get_or_create(name="Commune de Bethléem", country="PS") == bethleem
    assert bethleem.name == "Béthléem"
    huye = foreign_authority_get_or_create(name="District de Huyé", country="RW")
    assert foreign_authority_get_or_create(name="Butare", country="RW") == huye
    assert foreign_authority_get_or_create(name="District de Butare", country="RW") == huye
    assert ForeignAuthority.objects.count() == 2


def test_same_name_in_another_country_or_none_is_another_partner(countries):
    senegal = foreign_authority_get_or_create(name="Bargny", country="SN")
    unknown = foreign_authority_get_or_create(name="Bargny", country=None)
    assert senegal != unknown and unknown.country is None
    assert foreign_authority_get_or_create(name="Bargny", country=None) == unknown
