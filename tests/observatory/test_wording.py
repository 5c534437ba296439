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


def row(lead, partners, title, call):
    return LaureateRow(
        campaign_year=2025, call_name=call, call_slug="", call_kind="", lead_name=lead,
        lead_published_name=lead, lead_to_confirm=False, lead_kind="commune", lead_code="", lead_siren="",
        departement_code="81", departement_name="Tarn", region_code="76", region_name="Occitanie",
        partners=tuple(Partner(*p) for p in partners), title=title, provenance="import",
    )


def test_rates_that_disagree():
    assert rate_disagreement(
        Rate(Decimal("0.6630"), Provenance.PUBLISHED, (OC,)),
        Rate(Decimal(76) / Decimal(113), Provenance.DERIVED, retained=76, received=113),
    ) == f"66,30{NBSP}% publié ; 67,3{NBSP}% calculé à partir de 76/113"
    assert rate_disagreement(
        Rate(Decimal("0.75"), Provenance.DERIVED, retained=3, received=4),
        Rate(Decimal("0.5"), Provenance.RECORDS, retained=1_200, received=2_400),
    ) == (f"75,0{NBSP}% calculé à partir de 3/4 ; 50,0{NBSP}% calculé à partir de "
          f"1{NBSP}200/2{NBSP}400 dossiers enregistrés")


def test_granted_amounts_say_how_many_laureates_they_cover():
    def granted(amount, laureates):
        return granted_label(Figure(Decimal(amount), Provenance.RECORDS, record_count=laureates))

    assert granted("35000", 2) == f"35{NBSP}000{NBSP}€ (2 lauréats)"
    assert granted("1500.40", 1) == f"1{NBSP}500{NBSP}€ (1 lauréat)"
    assert granted_label(None) == ""


def facts(**changes):
    values = dict(
        network="Occitanie Coopération", region="Occitanie", year=2025,
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


def test_the_news_text_of_a_network():
    text = news_text(facts()).replace(NBSP, " ")
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == ("Lauréats 2025 des appels à projets en soutien à la coopération décentralisée "
                             "en Occitanie")
    assert paragraphs[2] == (
        "En 2025, 11 appels à projets ont été lancés. Sur les 158 dossiers de candidature reçus, 91 ont "
        "été retenus, soit un taux d'acceptation de 57,6 % (en 2024, 76 dossiers retenus sur 113, soit "
        "67,3 % ; la source « Occitanie Coopération » publiait 66,30 %). Source des chiffres nationaux : Occitanie "
        "Coopération (publié le 8 septembre 2025, https://www.oc-cooperation.org/)."
    )
    assert paragraphs[3] == (
        "En région Occitanie, 2 projets lauréats : 1 lauréat d'un appel à projets et 1 lauréat d'un "
        "appel à manifestation d'intérêt."
    )
    assert paragraphs[4].splitlines() == [
        "Collectivité française | Collectivité(s) étrangère(s) partenaire(s) | Intitulé du projet "
        "| Appel à projets",
        "Castres (Tarn, 81) | District de Huye (Rwanda) | Développement multi-secteur | Généraliste 2025",
        "Toulouse (Tarn, 81) | Montreux (Suisse), Namur (Belgique) | Podcasts | AMI Villes créatives",
    ]
    assert "https://coopdec.example/campagnes/2025/regions/occitanie/" in paragraphs[5]
    assert paragraphs[6].rstrip() == ("Texte préparé par CoopDec le 8 septembre 2025 pour Occitanie Coopération, "
                             "à partir des dossiers enregistrés et des chiffres publiés cités.")


def test_the_news_text_says_what_is_not_published_yet():
    text = news_text(facts(published=PublishedFigures(), previous_year=None, previous=PublishedFigures(),
                           calls_for_projects=0, ami=0, rows=[])).replace(NBSP, " ")
    assert "Les nombres de dossiers reçus et retenus en 2025 n'ont pas encore été publiés." in text
    assert "En région Occitanie, aucun projet lauréat." in text
    assert "Source des chiffres nationaux" not in text
