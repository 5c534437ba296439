"""Two campaigns whose statistics were worked out by hand (see `Observed`), on the real geography."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from coopdec.applications.models import Application
from coopdec.calls.models import Call, PublishedFigure
from coopdec.territories.models import Authority, Country
from tests import factories as f

RETENU, NON_RETENU = Application.Decision.RETENU, Application.Decision.NON_RETENU
PLATFORM, IMPORT = Application.Provenance.PLATFORM, Application.Provenance.IMPORT
MEAE = "Ministère de l'Europe et des Affaires étrangères"
OCCITANIE_COOPERATION = "Occitanie Coopération"


@dataclass
class Observed:
    """2024: five dossiers filed on CoopDec, every decision known.

    | dossier | lead (département, région) | call | partners | decision | grant |
    |---|---|---|---|---|---|
    | 1 | Castres (81, Occitanie) | Généraliste 2024 | Huye (RW) | retenu | 20 000 € |
    | 2 | Barjac (30, Occitanie) | Sport 2024 | Kharas (PS) | non retenu | |
    | 3 | Brest (29, Bretagne) | Généraliste 2024 | Huye (RW), Bohicon (BJ) | retenu | unknown |
    | 4 | Brest (29, Bretagne) | Franco-sénégalais 2024 (SN) | none | retenu | 15 000 € |
    | 5 | Rennes (35, Bretagne) | Sport 2024 | Bargny (SN), Gandon (SN) | non retenu | |

    Published for 2024: 113 received, 76 retained (MEAE), rate 66,30 % (Occitanie Coopération).
    2025: two laureates imported from a published list (Castres, Généraliste 2025, Huye; Toulouse,
    an AMI, Montreux (CH) and Namur (BE)); published 158 received, 91 retained, 57,6 %.
    """

    campaign_2024: object
    campaign_2025: object
    calls: dict
    applications: dict


def commune(code: str) -> Authority:
    return Authority.objects.get(kind=Authority.Kind.COMMUNE, code=code)


def partner(name: str, iso2: str):
    return f.foreign_authority(name, Country.objects.get(iso2=iso2))


def build_observed() -> Observed:
    c2024, c2025 = f.campaign(2024), f.campaign(2025)
    for campaign, name, value, source in (
        (c2024, PublishedFigure.Name.APPLICATIONS_RECEIVED, 113, MEAE),
        (c2024, PublishedFigure.Name.APPLICATIONS_RETAINED, 76, MEAE),
        (c2024, PublishedFigure.Name.ACCEPTANCE_RATE, Decimal("0.6630"), OCCITANIE_COOPERATION),
        (c2025, PublishedFigure.Name.APPLICATIONS_RECEIVED, 158, OCCITANIE_COOPERATION),
        (c2025, PublishedFigure.Name.APPLICATIONS_RETAINED, 91, OCCITANIE_COOPERATION),
        (c2025, PublishedFigure.Name.CALLS, 11, OCCITANIE_COOPERATION),
        (c2025, PublishedFigure.Name.ACCEPTANCE_RATE, Decimal("0.576"), OCCITANIE_COOPERATION),
    ):
        f.published_figure(name, value, campaign_obj=campaign, source_label=source,
                           published_on=date(2025, 9, 8) if source == OCCITANIE_COOPERATION else None)
    calls = {
        "generaliste": f.call("Généraliste 2024", Call.Kind.GENERALISTE, c2024),
        "sport": f.call("Sport 2024", Call.Kind.THEMATIQUE, c2024),
        "senegalais": f.call("Franco-sénégalais 2024", Call.Kind.FONDS_CONJOINT, c2024,
                             partner_country=Country.objects.get(iso2="SN")),
        "generaliste_2025": f.call("Généraliste 2025", Call.Kind.GENERALISTE, c2025),
        "ami_2025": f.call("AMI Villes créatives de la Francophonie", Call.Kind.AMI, c2025),
    }
    castres, barjac, brest, rennes = (commune(code) for code in ("81065", "30029", "29019", "35238"))
    platform = {"provenance": PLATFORM}
    applications = {
        1: f.application("Eau potable à Huye", calls["generaliste"], castres,
                         [partner("District de Huye", "RW")], RETENU, granted_amount=Decimal("20000"), **platform),
        2: f.application("Gire en jeu", calls["sport"], barjac, [partner("Kharas", "PS")], NON_RETENU,
                         **platform),
        3: f.application("Santé maternelle", calls["generaliste"], brest,
                         [partner("District de Huye", "RW"), partner("Bohicon", "BJ")], RETENU, **platform),
        4: f.application("Marchés de Saint-Louis", calls["senegalais"], brest, [], RETENU,
                         granted_amount=Decimal("15000"), **platform),
        5: f.application("Football à Bargny", calls["sport"], rennes,
                         [partner("Bargny", "SN"), partner("Gandon", "SN")], NON_RETENU, **platform),
        6: f.application("Développement multi-secteur dans le District de Huyé", calls["generaliste_2025"],
                         castres, [partner("District de Huye", "RW")], RETENU, provenance=IMPORT),
        7: f.application("Podcasts des villes créatives", calls["ami_2025"], commune("31555"),
                         [partner("Montreux", "CH"), partner("Namur", "BE")], RETENU, provenance=IMPORT),
    }
    return Observed(c2024, c2025, calls, applications)


@pytest.fixture
def observed(db):
    return build_observed()
