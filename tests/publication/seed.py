"""The seed page's data: Occitanie's 2025 laureates as Occitanie Coopération published them.

Five laureates of appels à projets and one of an AMI; Barjac (three communes of that name in
Occitanie) is left unresolved; one Montpellier body under two published names; Sicoval published
under its usage name. Plus what the page must leave out: a Breton laureate, a refused dossier.
Authority codes start with T or 9: they never meet a real code of the session's geography.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coopdec.applications.models import Application
from coopdec.calls.models import Call, PublishedFigure
from coopdec.territories.models import Authority
from coopdec.territories.text import normalise
from tests import factories as f

SOURCE = "Occitanie Coopération"
SOURCE_URL = "https://oc-cooperation.org/laureats-2025"
DISAGREEMENT = "Publié « 66,30% » ; 76 / 113 = 67,3 % : les deux sources ne s'accordent pas."


@dataclass
class Seed:
    campaign: object
    previous: object
    region: object
    calls: dict
    applications: dict
    other_region_laureate: object
    countries: dict


def build_occitanie() -> Seed:
    campaign, previous = f.campaign(2025), f.campaign(2024)
    for campaign_obj, name, value, label in (
        (campaign, PublishedFigure.Name.APPLICATIONS_RECEIVED, 158, SOURCE),
        (campaign, PublishedFigure.Name.APPLICATIONS_RETAINED, 91, SOURCE),
        (campaign, PublishedFigure.Name.CALLS, 11, SOURCE),
        (campaign, PublishedFigure.Name.ACCEPTANCE_RATE, Decimal("0.576"), SOURCE),
        (previous, PublishedFigure.Name.APPLICATIONS_RECEIVED, 113, "MEAE"),
        (previous, PublishedFigure.Name.APPLICATIONS_RETAINED, 76, "MEAE"),
        (previous, PublishedFigure.Name.ACCEPTANCE_RATE, Decimal("0.6630"), SOURCE),
    ):
        f.published_figure(name, value, campaign_obj=campaign_obj, source_label=label,
                           source_url=SOURCE_URL if label == SOURCE else "",
                           published_on=date(2025, 9, 8) if label == SOURCE else None,
                           note=DISAGREEMENT if value == Decimal("0.6630") else "")

    occitanie = f.region("76", "Occitanie")
    tarn = f.departement("81", "Tarn", occitanie)
    herault = f.departement("34", "Hérault", occitanie)
    haute_garonne = f.departement("31", "Haute-Garonne", occitanie)
    countries = {
        iso: f.country(iso, name, name) for iso, name in (
            ("RW", "Rwanda"), ("PS", "Palestine"), ("SN", "Sénégal"), ("CH", "Suisse"),
            ("BE", "Belgique"), ("RO", "Roumanie"), ("CA", "Canada"), ("BJ", "Bénin"),
        )
    }
    calls = {
        "generaliste": f.call("Généraliste 2025", Call.Kind.GENERALISTE, campaign,
                              opens_on=date(2025, 1, 8), closes_on=date(2025, 3, 31)),
        "palestinien": f.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, campaign,
                              partner_country=countries["PS"]),
        "senegalais": f.call("Franco-sénégalais 2025", Call.Kind.FONDS_CONJOINT, campaign,
                             partner_country=countries["SN"]),
        "ami": f.call("Appel à manifestation d'intérêt villes créatives", Call.Kind.AMI, campaign),
    }
    castres = f.authority("Castres", code="T0081065", departement_obj=tarn)
    montpellier = f.authority("Montpellier Méditerranée Métropole", kind=Authority.Kind.EPCI,
                              code="900000017", siren="900000017", departement_obj=herault)
    sicoval = f.authority("CA du Sicoval", kind=Authority.Kind.EPCI, code="900000633",
                          siren="900000633", departement_obj=haute_garonne)
    toulouse = f.authority("Toulouse", code="T0031555", departement_obj=haute_garonne)

    def partner(name, iso):
        return f.foreign_authority(name, countries[iso])

    applications = {
        "castres": f.application(
            "Développement multi-secteur dans le District de Huyé", calls["generaliste"], castres,
            [partner("District de Huye", "RW")]),
        "bethleem": f.application(
            "Projet mutualisé de coopération décentralisée pour le développement d'une bibliothèque "
            "municipale à Bethléem", calls["palestinien"], montpellier, [partner("Bethléem", "PS")]),
        "barjac": f.unresolved_laureate("Barjac", calls["palestinien"], region_obj=occitanie,
                                        partners=[partner("Kharas", "PS")], title="Gire en jeu"),
        "bargny": f.application(
            "Bargny Inovate : renforcer l'accompagnement des petites et moyennes entreprises à Bargny",
            calls["senegalais"], montpellier, [partner("Bargny", "SN")]),
        "gandon": f.application(
            "Renforcement de la gouvernance des collectivités territoriales", calls["senegalais"],
            sicoval, [partner("Gandon", "SN")]),
        "podcast": f.application(
            "Création d'une série de podcast des Villes créatives francophones", calls["ami"], toulouse,
            [partner("Montreux", "CH"), partner("Fribourg", "CH"), partner("Namur", "BE"),
             partner("Iasi", "RO"), partner("Québec", "CA"), partner("Bohicon", "BJ")]),
    }
    _publish_as(applications["bargny"], "Montpellier Métropole Méditerranée")
    _publish_as(applications["gandon"], "Sicoval")

    # What the Occitanie page must leave out.
    f.application("Refusé en Occitanie", calls["generaliste"], f.authority("Albi", code="T0081004", departement_obj=tarn),
                  decision=Application.Decision.NON_RETENU)
    bretagne = f.region("53", "Bretagne")
    brest = f.authority("Brest", code="T0029019", departement_obj=f.departement("29", "Finistère", bretagne))
    other = f.application("Projet breton", calls["generaliste"], brest, [partner("District de Huye", "RW")])
    return Seed(campaign, previous, occitanie, calls, applications, other, countries)


def _publish_as(application, published_name):
    application.lead_name = published_name
    application.lead_name_key = normalise(published_name)
    application.save(update_fields=["lead_name", "lead_name_key"])
