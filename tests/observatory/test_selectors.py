"""The statistics against figures worked out by hand from the table in conftest.Observed."""
from decimal import Decimal

import pytest

from coopdec.calls.models import Call, PublishedFigure
from coopdec.territories.models import Authority
from coopdec.observatory import selectors
from coopdec.observatory.selectors import Scope, Tally
from coopdec.observatory.wording import rate_disagreement
from coopdec.publication.selectors import Provenance
from tests import factories as f

from .conftest import NON_RETENU, PLATFORM, RETENU, commune, partner

D = Decimal


def figures(rows):
    """{label: (applications, laureates, rate as '0.600', amount, amount known, imported)}."""
    return {
        row.label: (
            row.tally.applications, row.tally.laureates,
            None if row.tally.rate is None else f"{row.tally.rate.value:.3f}",
            row.tally.amount, row.tally.amount_known, row.tally.imported,
        )
        for row in rows
    }


@pytest.fixture
def scope_2024(observed):
    return Scope(observed.campaign_2024)


def test_the_campaign_total(scope_2024):
    total = selectors.tally(scope_2024)
    assert total == Tally(applications=5, laureates=3, imported=0, pending=0, amount=D("35000"), amount_known=2)
    assert total.rate.value == D(3) / D(5)
    assert total.rate.provenance == Provenance.RECORDS
    assert total.granted.value == D("35000") and total.granted.record_count == 2


def test_by_region(scope_2024):
    assert figures(selectors.tally_by_region(scope_2024)) == {
        "Bretagne": (3, 2, "0.667", D("15000"), 1, 0),
        "Occitanie": (2, 1, "0.500", D("20000"), 1, 0),
    }


def test_by_departement(scope_2024):
    assert figures(selectors.tally_by_departement(scope_2024)) == {
        "Finistère (29)": (2, 2, "1.000", D("15000"), 1, 0),
        "Gard (30)": (1, 0, "0.000", D(0), 0, 0),
        "Ille-et-Vilaine (35)": (1, 0, "0.000", D(0), 0, 0),
        "Tarn (81)": (1, 1, "1.000", D("20000"), 1, 0),
    }


def test_by_call_kind_and_theme(scope_2024):
    assert figures(selectors.tally_by_call(scope_2024)) == {
        "Franco-sénégalais 2024": (1, 1, "1.000", D("15000"), 1, 0),
        "Généraliste 2024": (2, 2, "1.000", D("20000"), 1, 0),
        "Sport 2024": (2, 0, "0.000", D(0), 0, 0),
    }
    assert figures(selectors.tally_by_kind(scope_2024)) == {
        "généraliste": (2, 2, "1.000", D("20000"), 1, 0),
        "thématique": (2, 0, "0.000", D(0), 0, 0),
        "fonds conjoint": (1, 1, "1.000", D("15000"), 1, 0),
    }
    # A thematic call's theme is the call; the other calls are grouped by kind, listed last.
    assert [row.label for row in selectors.tally_by_theme(scope_2024)] == [
        "Sport 2024", "Autres appels\u00a0: fonds conjoint", "Autres appels\u00a0: généraliste",
    ]


def test_by_partner_country_counts_a_dossier_once_per_country(scope_2024):
    # Dossier 3 is under Rwanda and Benin; dossier 4 under Senegal through its call; dossier 5,
    # with two Senegalese partners, once under Senegal.
    assert figures(selectors.tally_by_country(scope_2024)) == {
        "Bénin": (1, 1, "1.000", D(0), 0, 0),
        "Palestine, État de": (1, 0, "0.000", D(0), 0, 0),
        "Rwanda": (2, 2, "1.000", D("20000"), 1, 0),
        "Sénégal": (2, 1, "0.500", D("15000"), 1, 0),
    }


def test_by_country_class(scope_2024):
    # PMA: dossiers 1, 3 (Rwanda and Benin, once), 4 and 5; Palestine is another ODA country.
    assert figures(selectors.tally_by_country_class(scope_2024)) == {
        "pays les moins avancés (PMA)": (4, 3, "0.750", D("35000"), 2, 0),
        "autre pays éligible à l'APD": (1, 0, "0.000", D(0), 0, 0),
    }


def test_dossiers_without_a_country_have_their_row(scope_2024, observed):
    f.application("Sans partenaire", observed.calls["generaliste"], commune("35238"), [], RETENU,
                  provenance=PLATFORM)
    assert figures(selectors.tally_by_country(scope_2024))["Pays non renseigné"] == (1, 1, "1.000", D(0), 0, 0)


def test_a_partner_in_the_calls_own_country_does_not_count_it_twice(observed):
    f.application("Deux fois le Sénégal ?", observed.calls["senegalais"], commune("81065"),
                  [partner("Bargny", "SN")], RETENU, provenance=PLATFORM)
    assert figures(selectors.tally_by_country(Scope(observed.campaign_2024)))["Sénégal"][:2] == (3, 2)


def test_an_imported_list_has_no_computed_rate(observed):
    rows = selectors.tally_by_region(Scope(observed.campaign_2025))
    assert figures(rows) == {"Occitanie": (2, 2, None, D(0), 0, 2)}
    assert rows[0].tally.rate_missing == "liste publiée, lauréats seulement"


def test_pending_decisions_leave_the_rate_uncomputed(observed):
    f.application("En attente", observed.calls["generaliste"], commune("81065"), [], "en_attente",
                  provenance=PLATFORM)
    total = selectors.tally(Scope(observed.campaign_2024))
    assert total.rate is None and total.rate_missing == "décisions en attente"


def test_year_over_year_and_the_2024_disagreement(observed):
    years = selectors.campaign_years()
    assert [y.campaign.year for y in years] == [2024, 2025]
    y2024, y2025 = years
    assert (y2024.tally.applications, y2024.tally.laureates, y2024.calls) == (5, 3, 3)
    assert (y2025.tally.applications, y2025.tally.laureates, y2025.tally.imported, y2025.calls) == (2, 2, 2, 2)
    assert y2025.tally.rate is None
    # 2024: 66,30 % published by one source, 76/113 = 67,3 % from the ministry's counts. Our five
    # dossiers are not the 113 received: their 60 % is not compared.
    [(first, second)] = y2024.disagreements
    assert rate_disagreement(first, second) == "66,30\u00a0% publié\u00a0; 67,3\u00a0% calculé à partir de 76/113"
    assert [s.label for s in y2024.sources] == ["Ministère de l'Europe et des Affaires étrangères",
                                                "Occitanie Coopération"]
    assert y2025.disagreements == []  # 57,6 % published, 91/158 = 57,6 %


def test_records_that_hold_every_application_are_compared_with_the_published_counts(db):
    campaign = f.campaign(2023)
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RECEIVED, 4, campaign_obj=campaign)
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RETAINED, 3, campaign_obj=campaign)
    call = f.call("Généraliste 2023", Call.Kind.GENERALISTE, campaign)
    for decision in (RETENU, RETENU, NON_RETENU, NON_RETENU):
        f.application(call_obj=call, lead=commune("81065"), decision=decision, provenance=PLATFORM)
    [year] = selectors.campaign_years()
    [(first, second)] = year.disagreements
    assert rate_disagreement(first, second) == (
        "75,0\u00a0% calculé à partir de 3/4\u00a0; 50,0\u00a0% calculé à partir de 2/4 dossiers enregistrés"
    )


def test_maps_figures(observed):
    regions = {
        r.region.name: (r.laureates, r.partnerships) for r in selectors.region_figures(observed.campaign_2024)
    }
    assert len(regions) == 18
    # Laureates 1 (one partnership), 3 (two) and 4 (none).
    assert regions["Occitanie"] == (1, 1) and regions["Bretagne"] == (2, 2) and regions["Corse"] == (0, 0)
    assert [(c.country.iso2, c.laureates) for c in selectors.laureates_by_country(observed.campaign_2024)] == [
        ("RW", 2), ("BJ", 1), ("SN", 1),
    ]
    bretagne = commune("29019").region
    assert [(c.country.iso2, c.laureates)
            for c in selectors.laureates_by_country(observed.campaign_2024, bretagne)] == [
        ("BJ", 1), ("RW", 1), ("SN", 1),
    ]
    links = {r.region.name: [(c.country.iso2, c.laureates) for c in r.countries]
             for r in selectors.partner_countries_by_region(observed.campaign_2024)}
    assert links == {"Bretagne": [("BJ", 1), ("RW", 1), ("SN", 1)], "Occitanie": [("RW", 1)]}


def test_the_twelve_networks(db):
    networks = selectors.network_list()
    assert len(networks) == 12
    assert len({n.network.slug for n in networks}) == 12
    assert all(n.region is not None for n in networks)
    occitanie = selectors.network_get(slug="occitanie-cooperation")
    assert (occitanie.network.name, occitanie.region.name) == ("Occitanie Coopération", "Occitanie")


def test_statistics_take_a_fixed_number_of_queries(observed, django_assert_num_queries):
    scope = Scope(observed.campaign_2024)
    with django_assert_num_queries(12):
        selectors.statistics_tables(scope)
    for i in range(10):
        f.application(call_obj=observed.calls["sport"], lead=commune("35238"),
                      partners=[partner(f"Partenaire {i}", "SN"), partner(f"Autre {i}", "BJ")],
                      provenance=PLATFORM)
    with django_assert_num_queries(12):
        selectors.statistics_tables(scope)
    with django_assert_num_queries(4):
        selectors.campaign_years()


def test_a_place_not_known_says_why(observed):
    """A laureate still « à confirmer » has no département (nor, from a national list, a région):
    the statistics say so, apart from a région's own dossier, which has no département at all."""
    occitanie = f.region("76")
    generaliste = observed.calls["generaliste_2025"]
    f.unresolved_laureate("Barjac", generaliste, region_obj=occitanie)
    f.unresolved_laureate("Saint-Denis", generaliste)
    region_authority = Authority.objects.get(kind=Authority.Kind.REGION, code="76")
    f.application("Projet de la Région", generaliste, region_authority)
    scope = Scope(observed.campaign_2025)
    by_departement = {row.label: row.tally.laureates for row in selectors.tally_by_departement(scope)}
    assert by_departement["Département à confirmer"] == 2
    assert by_departement["Région (sans département)"] == 1
    assert "Département non renseigné" not in by_departement
    by_region = {row.label: row.tally.laureates for row in selectors.tally_by_region(scope)}
    assert by_region["Région à confirmer"] == 1
    assert by_region["Occitanie"] == 4  # Barjac's list was Occitanie's


@pytest.mark.parametrize("state", ["brouillon", "retire"])
def test_drafts_and_withdrawn_dossiers_are_no_candidatures(scope_2024, observed, state):
    """A dossier being written, or withdrawn, is not « reçu »: no public figure counts it."""
    from coopdec.applications.models import Application
    from coopdec.publication.selectors import campaign_figures

    before = selectors.tally(scope_2024)
    figures_before = campaign_figures(observed.campaign_2024).records.applications.value
    call = Call.objects.filter(campaign=observed.campaign_2024).first()
    f.application(call_obj=call, decision=Application.Decision.PENDING, state=state,
                  provenance=Application.Provenance.PLATFORM)
    assert selectors.tally(scope_2024) == before
    assert campaign_figures(observed.campaign_2024).records.applications.value == figures_before
    years = {y.campaign.year: y for y in selectors.campaign_years()}
    assert years[observed.campaign_2024.year].tally == before
