"""The French wording of the statistics and of a network's news text."""
from datetime import date
from decimal import Decimal

from coopdec.observatory.selectors import Rate
from coopdec.observatory.wording import NewsFacts, granted_label, news_text, rate_disagreement
from coopdec.publication.exports import LaureateRow, Partner
from coopdec.publication.selectors import Figure, Provenance, PublishedFigures, Source

NBSP = "\u00a0"
OC = Source("Occitanie Coopération", "https://www.oc-cooperation.org/", date(2025, 9, 8))
MEAE = Source("MEAE")


def published(received, retained, *, rate=None, calls=None, sources=(OC,), other_rates=()):
    derived = Figure(Decimal(retained) / Decimal(received), Provenance.DERIVED, sources)
    return PublishedFigures(
        received=Figure(received, Provenance.PUBLISHED, sources),
        retained=Figure(retained, Provenance.PUBLISHED, sources),
        calls=Figure(calls, Provenance.PUBLISHED, sources) if calls else None,
        rate=derived, other_rates=other_rates,
    )


def row(lead, partners, title, call, *, to_confirm=False):
    return LaureateRow(
        campaign_year=2025, call_name=call, call_slug="", call_kind="", lead_name=lead,
        lead_published_name=lead, lead_to_confirm=to_confirm, lead_kind="" if to_confirm else "commune",
        lead_code="", lead_siren="", departement_code="" if to_confirm else "81",
        departement_name="" if to_confirm else "Tarn", region_code="76", region_name="Occitanie",
        partners=tuple(Partner(*p) for p in partners), title=title, provenance="import",
    )


def test_rates_that_disagree():
    assert rate_disagreement(
        Rate(Decimal("0.6630"), Provenance.PUBLISHED, (OC,)),
        Rate(Decimal(76) / Decimal(113), Provenance.DERIVED, retained=76, received=113),
    ) == f"66,30{NBSP}% publié{NBSP}; 67,3{NBSP}% calculé à partir de 76/113"
    assert rate_disagreement(
        Rate(Decimal("0.75"), Provenance.DERIVED, retained=3, received=4),
        Rate(Decimal("0.5"), Provenance.RECORDS, retained=1_200, received=2_400),
    ) == (f"75,0{NBSP}% calculé à partir de 3/4{NBSP}; 50,0{NBSP}% calculé à partir de "
          f"1{NBSP}200/2{NBSP}400 dossiers enregistrés")


def test_granted_amounts_say_how_many_laureates_they_cover():
    def granted(amount, laureates):
        return granted_label(Figure(Decimal(amount), Provenance.RECORDS, record_count=laureates))

    assert granted("35000", 2) == f"35{NBSP}000{NBSP}€ (2 lauréats)"
    assert granted("1500.40", 1) == f"1{NBSP}500{NBSP}€ (1 lauréat)"
    assert granted_label(None) == ""


def facts(**changes):
    values = dict(
        network="RESACOOP", network_website="https://www.resacoop.org/", region="Occitanie", year=2025,
        published=published(158, 91, calls=11),
        previous_year=2024,
        previous=published(113, 76, sources=(MEAE,),
                           other_rates=(Figure(Decimal("0.6630"), Provenance.PUBLISHED, (OC,)),)),
        calls_for_projects=1, ami=1,
        rows=[row("Castres", [("District de Huye", "Rwanda", "RW")], "Développement multi-secteur",
                  "Généraliste 2025"),
              row("Toulouse", [("Montreux", "Suisse", "CH"), ("Namur", "Belgique", "BE")], "Podcasts",
                  "AMI Villes créatives")],
        region_url="https://coopdec.example/campagnes/2025/regions/occitanie/",
        campaign_url="https://coopdec.example/campagnes/2025/",
        written_on=date(2025, 9, 8),
    )
    return NewsFacts(**(values | changes))


def paragraphs_of(text: str) -> list[str]:
    return text.replace(NBSP, " ").split("\n\n")


def test_the_news_text_of_a_network():
    paragraphs = paragraphs_of(news_text(facts()))
    assert paragraphs[0] == ("Lauréats 2025 des appels à projets en soutien à la coopération décentralisée "
                             "en Occitanie")
    assert paragraphs[2] == (
        "En 2025, 11 appels à projets ont été lancés. Sur les 158 dossiers de candidature reçus, 91 ont "
        "été retenus, soit un taux d'acceptation de 57,6 %. Source : Occitanie Coopération (publié le "
        "8 septembre 2025, https://www.oc-cooperation.org/)."
    )
    assert paragraphs[4] == (
        "En région Occitanie, CoopDec enregistre 2 projets lauréats : 1 lauréat d'un appel à projets et "
        "1 lauréat d'un appel à manifestation d'intérêt."
    )
    assert paragraphs[5].splitlines() == [
        "Collectivité française | Collectivité(s) étrangère(s) partenaire(s) | Intitulé du projet "
        "| Appel à projets",
        "Castres (Tarn, 81) | District de Huye (Rwanda) | Développement multi-secteur | Généraliste 2025",
        "Toulouse (Tarn, 81) | Montreux (Suisse), Namur (Belgique) | Podcasts | AMI Villes créatives",
    ]
    assert "https://coopdec.example/campagnes/2025/regions/occitanie/" in paragraphs[6]
    assert paragraphs[7].rstrip() == (
        "Texte préparé par CoopDec le 8 septembre 2025 pour RESACOOP, à partir des lauréats enregistrés "
        "dans CoopDec et des chiffres publiés cités."
    )


def test_each_figure_cites_its_own_source():
    """2024's counts are the ministry's, whose page was not found; only the 66,30 % is the network's."""
    assert paragraphs_of(news_text(facts()))[3] == (
        "En 2024, sur les 113 dossiers de candidature reçus, 76 avaient été retenus, soit un taux "
        "d'acceptation de 67,3 %. Source : MEAE (page d'origine non retrouvée). Un autre taux "
        "d'acceptation a été publié pour 2024 : 66,30 %. Source : Occitanie Coopération (publié le "
        "8 septembre 2025, https://www.oc-cooperation.org/)."
    )


def test_a_network_never_cites_itself():
    text = news_text(facts(network="Occitanie Coopération",
                           network_website="https://www.oc-cooperation.org/"))
    paragraphs = paragraphs_of(text)
    assert paragraphs[2].endswith(
        "Source : notre publication du 8 septembre 2025 (https://www.oc-cooperation.org/).")
    assert paragraphs[3].endswith(
        "Source : notre publication du 8 septembre 2025 (https://www.oc-cooperation.org/).")
    assert "Source : MEAE (page d'origine non retrouvée)." in paragraphs[3]
    assert "Source : Occitanie Coopération" not in text


def test_a_network_is_known_by_its_website_too():
    elsewhere = Source("Page des lauréats", "https://oc-cooperation.org/laureats", date(2025, 9, 8))
    text = news_text(facts(network="Occitanie Coopération", network_website="https://www.oc-cooperation.org/",
                           published=published(158, 91, sources=(elsewhere,))))
    assert "Source : notre publication du 8 septembre 2025 (https://oc-cooperation.org/laureats)." in (
        text.replace(NBSP, " "))


def test_a_laureate_to_confirm_says_so_in_the_news_text():
    barjac = row("Barjac", [("Kharas", "Palestine", "PS")], "Gire en jeu", "Franco-palestinien 2025",
                 to_confirm=True)
    table = paragraphs_of(news_text(facts(rows=[barjac])))[5].splitlines()
    assert table[1] == "Barjac (à confirmer) | Kharas (Palestine) | Gire en jeu | Franco-palestinien 2025"
    assert table[2] == (
        "(à confirmer : le nom publié n'est pas encore rattaché avec certitude à une collectivité officielle "
        "(homonymes, nom d'usage) : il est affiché tel que la source l'a publié.)"
    )


def test_the_news_text_says_what_is_not_recorded():
    text = news_text(facts(published=PublishedFigures(), previous_year=None, previous=PublishedFigures(),
                           calls_for_projects=0, ami=0, rows=[])).replace(NBSP, " ")
    assert "Aucun chiffre publié de la campagne 2025 n'est enregistré dans CoopDec." in text
    assert "En région Occitanie, aucun lauréat enregistré dans CoopDec pour la campagne 2025." in text
    assert "Collectivité française |" not in text  # no empty table
    assert "Source" not in text


def test_the_news_text_keeps_french_spaces():
    text = news_text(facts())
    assert " :" not in text and " ;" not in text
    assert f"Source{NBSP}: Occitanie" in text
