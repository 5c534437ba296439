"""The declarations of development aid in public: the observatory's national totals
(/statistiques/), a network's région (/reseaux/<slug>/<year>/), an authority's page year by year
(/collectivites/<kind>/<code>/); each figure with its provenance, the empty case said as recorded,
nothing below an authority's own totals by recipient, computed once per data version."""
import html
import re
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from coopdec.apd.models import PARIS
from coopdec.apd.selectors import latest_window_year
from coopdec.apd.services import declaration_reopen, declaration_submit, line_add
from coopdec.applications.models import AuthorityYearStatus
from coopdec.observatory import apd_selectors
from coopdec.territories.models import Authority
from tests import factories
from tests.apd.people import IN_WINDOW, castres, declaration_with_line, ministry_officer, values
from tests.queries import assert_counts_do_not_grow

pytestmark = pytest.mark.django_db

STATISTICS = reverse("observatory:statistics")
OCCITANIE = reverse("observatory:network", kwargs={"slug": "occitanie-cooperation", "year": 2025})
BRETAGNE = reverse("observatory:network", kwargs={"slug": "bretagne-solidaire", "year": 2025})
CENTRE = reverse("observatory:network", kwargs={"slug": "centraider", "year": 2025})
CASTRES = reverse("directory:authority", args=["commune", "81065"])
IN_WINDOW_2024 = datetime(2025, 5, 4, 10, 0, tzinfo=PARIS)


def _words(client, path):
    """The page's text without its tags, every run of spaces (no-break ones too) one space."""
    page = html.unescape(client.get(path).content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _submitted(authority, year=2025, at=IN_WINDOW, lines=()):
    declaration, person = declaration_with_line(authority, year=year, at=at, **lines[0])
    for changes in lines[1:]:
        line_add(declaration=declaration, user=person, values=values(**changes), at=at)
    declaration_submit(declaration=declaration, user=person, at=at)
    return declaration


def _declare_all():
    """2025: Castres (Sénégal 1 000 €, Burkina Faso 500 €) and Albi (Sénégal 250 €), Occitanie;
    Mazamet's draft (999 €) is not public. 2024: Rennes (Sénégal 100 €), Bretagne. Gaillac declared
    2025 elsewhere, Lavaur did not (the ministry's import)."""
    factories.campaign(2025)
    _submitted(castres(), lines=[{"amount": D("1000")},
                                 {"country": "BF", "amount": D("500"), "purpose_code": "14030", "channel_code": "22000",
                                  "description": "Forage à Koudougou"}])
    albi = _submitted(factories.authority(name="Albi"), lines=[{"amount": D("250")}])
    mazamet = factories.authority(name="Mazamet")
    declaration_with_line(mazamet, amount=D("999"), country="TG")
    _submitted(Authority.objects.get(kind="commune", code="35238"), year=2024, at=IN_WINDOW_2024,
               lines=[{"amount": D("100")}])
    gaillac, lavaur = factories.authority(name="Gaillac"), factories.authority(name="Lavaur")
    AuthorityYearStatus.objects.create(authority=gaillac, year=2025, apd_declared=True,
                                       apd_declared_on=date(2026, 6, 30), apd_source="import")
    AuthorityYearStatus.objects.create(authority=lavaur, year=2025, apd_declared=False, apd_source="import")
    return {"albi": albi, "gaillac": gaillac, "lavaur": lavaur, "mazamet": mazamet}


@pytest.fixture
def declared():
    return _declare_all()


def test_the_observatory_shows_the_national_totals_by_year_recipient_channel_and_sector(client, declared):
    text = _words(client, STATISTICS)
    assert "L'aide publique au développement déclarée" in text
    # By year: amount, authorities that declared in CoopDec, authorities declared elsewhere.
    assert "2025 1 750 € 2 1 2024 100 € 1 0" in text
    assert "Les dépenses 2025 1 750 € déclarés par 2 collectivités." in text
    assert ("Source : déclarations d'APD reçues dans CoopDec, 2 collectivités ; les déclarations faites ailleurs ne "
            "sont pas comptées.") in text
    assert "Bénéficiaire Montant déclaré Collectivités Sénégal 1 250 € 2 Burkina Faso 500 € 1" in text
    # Two authorities: no channel or sector has three, so each table holds one row of « autres ».
    assert text.count("Autres, chacun déclaré par moins de 3 collectivités 1 750 €") == 2
    assert "Togo" not in text and "999" not in text  # a draft is not declared
    assert "Jumelage avec Dakar" not in text and "Koudougou" not in text


def test_a_networks_page_shows_its_regions_latest_year_with_its_provenance(client, declared):
    text = _words(client, OCCITANIE)
    assert "L'aide publique au développement déclarée en Occitanie" in text
    assert "Dépenses 2025 : 1 750 € déclarés par 2 collectivités de la région." in text
    assert ("Source : déclarations d'APD reçues dans CoopDec, 2 collectivités ; les déclarations faites ailleurs ne "
            "sont pas comptées.") in text
    assert "Sénégal 1 250 € 2 Burkina Faso 500 € 1" in text
    assert "Jumelage avec Dakar" not in text and "15112" not in text
    # Bretagne: its latest year with a declaration is 2024, whatever the campaign shown.
    text = _words(client, BRETAGNE)
    assert "Dépenses 2024 : 100 € déclarés par 1 collectivité de la région." in text
    assert "déclarations d'APD reçues dans CoopDec, 1 collectivité ;" in text
    # Centre-Val de Loire: none, said as recorded, for the latest year declared.
    text = _words(client, CENTRE)
    assert ("Aucune déclaration d'APD enregistrée dans CoopDec pour 2025 par une collectivité de la région "
            "Centre-Val de Loire.") in text
    assert "Dépenses 2025" not in text


def test_an_authoritys_page_says_year_by_year_whether_and_where_it_declared(client, declared):
    text = _words(client, CASTRES)
    assert ("Déclaration d'APD 2025 : déclarée (source : déposée dans CoopDec le 4 mai 2026), 1 500 € au total "
            "Sénégal : 1 000 € Burkina Faso : 500 €") in text
    assert "Déclaration d'APD 2024 : aucune déclaration d'APD enregistrée dans CoopDec pour 2024" in text
    # Nothing below its totals by recipient: no line, purpose code, channel or description.
    for hidden in ("15112", "14030", "22000", "Décentralisation", "Gouvernment local", "Jumelage avec Dakar",
                   "Koudougou", "Projets de coopération"):
        assert hidden not in text, hidden
    gaillac = reverse("directory:authority", args=["commune", declared["gaillac"].code])
    assert ("Déclaration d'APD 2025 : déclarée (source : import du ministère, le 30 juin 2026) ; montants non "
            "connus de CoopDec") in _words(client, gaillac)
    lavaur = reverse("directory:authority", args=["commune", declared["lavaur"].code])
    assert "Déclaration d'APD 2025 : non déclarée (source : import du ministère)" in _words(client, lavaur)
    mazamet = declared["mazamet"]  # a draft: nothing declared
    text = _words(client, reverse("directory:authority", args=["commune", mazamet.code]))
    assert "Déclaration d'APD 2025 : aucune déclaration d'APD enregistrée dans CoopDec pour 2025" in text
    assert "999" not in text and "Togo" not in text


def test_a_declaration_reopened_for_correction_is_declared_but_its_amounts_wait(client, declared):
    declaration_reopen(declaration=declared["albi"], user=ministry_officer(), reason="Montant faux")
    albi = reverse("directory:authority", args=["commune", declared["albi"].authority.code])
    text = _words(client, albi)
    assert ("Déclaration d'APD 2025 : déclarée (source : déposée dans CoopDec le 4 mai 2026), rouverte pour "
            "correction") in text
    assert "250 €" not in text
    assert "2025 1 500 € 1 1" in _words(client, STATISTICS)


def test_with_no_declaration_the_pages_say_so_for_the_year_of_the_last_window(client):
    factories.campaign(2025)
    year = latest_window_year(timezone.now())
    assert ("Aucune déclaration d'APD enregistrée dans CoopDec pour "
            f"{year}.") in _words(client, STATISTICS)
    assert (f"Aucune déclaration d'APD enregistrée dans CoopDec pour {year} par une collectivité de la région "
            "Occitanie.") in _words(client, OCCITANIE)
    assert "Aucune déclaration d'APD de cette collectivité n'est enregistrée dans CoopDec." in _words(client, CASTRES)


@pytest.mark.parametrize(("at", "year"), [
    (datetime(2026, 4, 14, 23, 59, 59, tzinfo=PARIS), 2024),  # the 2025 window opens on 15 April
    (datetime(2026, 4, 15, 0, 0, tzinfo=PARIS), 2025),
    (datetime(2027, 1, 2, tzinfo=PARIS), 2025),
])
def test_the_year_an_empty_page_speaks_of_is_the_last_window_opened(at, year):
    assert latest_window_year(at) == year


def test_the_pages_queries_do_not_grow_with_the_declarations(client, declared, django_assert_num_queries):
    def more():
        for n, iso in enumerate(("ML", "NE", "MA")):
            _submitted(factories.authority(name=f"Commune {n}"),
                       lines=[{"country": iso, "purpose_code": "15112"}, {"country": "SN", "purpose_code": "14030"}])
    counts = assert_counts_do_not_grow(client, [STATISTICS, OCCITANIE, CASTRES], add_rows=more,
                                       assert_num_queries=django_assert_num_queries)
    assert all(count < 60 for count in counts.values()), counts


def test_the_aggregates_are_computed_once_per_data_version(django_capture_on_commit_callbacks,
                                                           django_assert_max_num_queries):
    with django_capture_on_commit_callbacks(execute=True):  # committed: the versions move
        _declare_all()
    first = apd_selectors.national()
    assert first.latest.total == D("1750")
    with django_assert_max_num_queries(1):  # the versions at most: no aggregate computed again
        again = apd_selectors.national()
        apd_selectors.national()
    assert again.latest.total == D("1750")
    apd_selectors.regional("76")
    with django_assert_max_num_queries(1):
        assert apd_selectors.regional("76").latest.authorities == 2
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(factories.authority(name="Lavaur-bis"), lines=[{"amount": D("50")}])
    assert apd_selectors.national().latest.total == D("1800")
    assert apd_selectors.regional("76").latest.authorities == 3


def test_the_data_dictionary_documents_the_aggregate_files_columns(client):
    page = html.unescape(client.get(reverse("opendata:index")).content.decode())
    section = page[page.index('id="dictionnaire-apd"'):page.index('id="dictionnaire-apd-crs"')]
    for column in ("year", "region_code", "region", "recipient_code", "recipient", "authorities", "amount_eur",
                   "provenance"):
        assert f"<code>{column}</code>" in section or f">{column}<" in section, column
    assert "Aucune ligne en deçà des totaux par pays d'une collectivité n'est publiée." in section


def test_a_channel_or_sector_of_fewer_than_three_authorities_is_never_shown_alone(client, declared):
    """Castres alone declared in sector 14030 through channel 22000 (its Burkina Faso line): a row of
    its own would show its spending by sector, which its own page does not; the rows of fewer than
    three authorities add up in one, and the table still sums to the total."""
    text = _words(client, STATISTICS)
    assert "code 14030" not in text and "code 22000" not in text
    assert text.count("Autres, chacun déclaré par moins de 3 collectivités 1 750 €") == 2  # channels and sectors
    for authority in ("Rennes", "Brest", "Quimper"):
        found = Authority.objects.filter(kind="commune", name=authority).first() or factories.authority(name=authority)
        _submitted(found, lines=[{"amount": D("10"), "purpose_code": "14030", "channel_code": "22000"}])
    text = _words(client, STATISTICS)
    assert "code 14030" in text and "code 22000" in text
