"""/simulateur/: the same result with htmx (the result alone) and without JavaScript (the page)."""
import pytest

from coopdec.calls.models import Call, RateGrid

NBSP = "\u00a0"


@pytest.fixture
def generalist(demo):
    return Call.objects.get(campaign__year=2025, slug="generaliste-2025")


def simulate(client, call, htmx=False, **fields):
    data = {"appel": call.pk, "pays_1": "BJ", "part_1": "40 000", "pays_2": "BE", "part_2": "60000",
            "cout_total": "100 000", "numeraire": "20 000", "valorisation": "5000", "partenaires": "5000",
            "subvention": "60000", "duree": "24", **fields}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get("/simulateur/", data, headers=headers)


def test_the_empty_simulator_invites_to_choose(client, generalist):
    page = client.get("/simulateur/").content.decode()
    assert "Simulateur de cofinancement" in page and "htmx.min.js" in page
    assert "Généraliste 2025 (campagne 2025)" in page
    assert "Généraliste 2024–2026 (campagne 2024)" in page
    assert "Jeunesse IX" not in page  # 2023 has no rate grid: nothing to compute
    assert "pour voir la subvention maximale" in page


def test_a_plain_submit_and_htmx_give_the_same_result(client, generalist):
    page = simulate(client, generalist).content.decode()
    fragment = simulate(client, generalist, htmx=True)
    assert "HX-Request" in fragment["Vary"]
    fragment = fragment.content.decode()
    assert "<html" in page and "<html" not in fragment
    assert fragment.strip() in page
    for text in (f"Subvention maximale&nbsp;: <span id=\"subvention-maximale\">60{NBSP}000{NBSP}€</span>",
                 "le forfait est plus favorable", "Bénin", "pays les moins avancés (PMA)", f"70{NBSP}%",
                 "non respecté", "jumelages-partenariats.com"):
        assert text in fragment, text


def test_one_country_needs_no_part_of_the_cost(client, generalist):
    fragment = simulate(client, generalist, htmx=True, pays_2="", part_1="", part_2="").content.decode()
    assert f"Un seul pays partenaire (Bénin)" in fragment and f"70{NBSP}000{NBSP}€" in fragment


def test_a_joint_fund_shows_its_shares(client, demo):
    fund = Call.objects.get(campaign__year=2025, slug="franco-senegalais-2025")
    fragment = simulate(client, fund, htmx=True, pays_1="SN", part_1="", pays_2="", part_2="", numeraire="15000",
                        partenaires="9000", subvention="70000").content.decode()
    assert "Part minimale des partenaires&nbsp;: 20" not in fragment
    assert f"Part minimale des partenaires&nbsp;: 10{NBSP}%" in fragment
    assert "des partenaires (Sénégal)" in fragment


@pytest.mark.parametrize("fields, message", [
    ({"cout_total": "beaucoup"}, "Coût total du projet (€)&nbsp;: Saisissez un nombre."),
    ({"pays_1": "", "part_1": "", "pays_2": "", "part_2": ""}, "Pays partenaire 1&nbsp;: Ce champ est obligatoire."),
    ({"part_2": ""}, "Avec plusieurs pays, indiquez la part du coût de chacun."),
    ({"pays_2": ""}, "Choisissez le pays de cette part du coût."),
    ({"numeraire": "-5"}, "supérieure ou égale à 0"),
])
def test_what_is_missing_is_named(client, generalist, fields, message):
    fragment = simulate(client, generalist, htmx=True, **fields).content.decode().replace("&#x27;", "'")
    assert "Pour calculer, complétez" in fragment and message in fragment
    page = simulate(client, generalist, **fields)
    assert page.status_code == 200 and 'aria-invalid="true"' in page.content.decode()


def test_without_any_rate_grid_the_simulator_says_so(client, demo):
    RateGrid.objects.all().delete()
    page = client.get("/simulateur/").content.decode()
    assert "Aucun appel à projets avec sa grille de taux n'est enregistré dans CoopDec" in page


def test_the_simulator_reads_a_fixed_number_of_queries(client, generalist, django_assert_max_num_queries):
    """The calls, the countries (twice: the lists and the rules' names), the grid, the classes."""
    with django_assert_max_num_queries(14):
        simulate(client, generalist)


def test_the_country_lists_offer_foreign_countries_in_french_order(client, generalist):
    """Bénin before Burundi, Égypte among the E (not after Zimbabwe, as a byte order puts it), and
    never France: a partner is a foreign authority."""
    choices = client.get("/simulateur/").context["form"].fields["pays_1"].choices
    names = [name for iso2, name in choices if iso2]
    codes = [iso2 for iso2, name in choices if iso2]
    assert "FR" not in codes and "France" not in names
    assert names.index("Bénin") < names.index("Burundi")
    assert names.index("Équateur") < names.index("Érythrée") < names.index("Espagne") < names.index("Estonie")
    assert names.index("Égypte") < names.index("Émirats arabes unis") < names.index("Fidji")
    assert names.index("Dominique") < names.index("Égypte")
