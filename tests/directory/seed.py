"""Laureates of two campaigns on the real geography, for the directory's pages.

| campaign | lead (published as) | call | partners | decision |
|---|---|---|---|---|
| 2024 | Castres (« Ville de Castres ») | Généraliste 2024 | District de Huye (RW) | retenu |
| 2025 | Castres | Généraliste 2025 | District de Huye (RW), Ziguinchor (SN) | retenu, 45 000 € |
| 2025 | Toulouse, with Castres co-applicant (« Mairie de Castres ») | Généraliste 2025 | Bamako (ML) | retenu |
| 2025 | CA du Sicoval (« Sicoval ») | Franco-sénégalais 2025 (SN) | Gandon (no country) | retenu |
| 2025 | « Barjac », to be confirmed | Franco-sénégalais 2025 (SN) | Bargny (SN) | retenu |
| 2025 | Albi | Généraliste 2025 | Montreux (CH) | non retenu |
| 2025 | Métropole de Lyon | Généraliste 2025 | Le Caire (EG), Genève (CH), Madrid (ES) | retenu |
"""
from dataclasses import dataclass
from decimal import Decimal

from coopdec.applications.models import Application, CoApplicant
from coopdec.calls.models import Call
from coopdec.territories.models import Authority, Country
from coopdec.territories.partner_services import foreign_authority_get_or_create
from coopdec.territories.text import normalise
from tests import factories as f

NON_RETENU = Application.Decision.NON_RETENU


@dataclass
class Seed:
    castres: Authority
    toulouse: Authority
    sicoval: Authority
    lyon: Authority
    applications: dict


def authority(kind, code) -> Authority:
    return Authority.objects.get(kind=kind, code=code)


def build_directory() -> Seed:
    campaign_2024, campaign_2025 = f.campaign(2024), f.campaign(2025)
    calls = {
        "2024": f.call("Généraliste 2024", Call.Kind.GENERALISTE, campaign_2024),
        "2025": f.call("Généraliste 2025", Call.Kind.GENERALISTE, campaign_2025),
        "senegal": f.call("Franco-sénégalais 2025", Call.Kind.FONDS_CONJOINT, campaign_2025,
                          partner_country=Country.objects.get(iso2="SN")),
    }
    castres, toulouse = authority("commune", "81065"), authority("commune", "31555")
    sicoval, lyon = authority("epci", "243100633"), authority("epci", "200046977")

    def partner(name, iso=None):
        return foreign_authority_get_or_create(name=name, country=iso)

    applications = {
        "castres-2024": f.application("Eau potable à Huye", calls["2024"], castres, [partner("District de Huye", "RW")]),
        "castres-2025": f.application("Santé à Huye", calls["2025"], castres,
                                      [partner("District de Huye", "RW"), partner("Ziguinchor", "SN")],
                                      granted_amount=Decimal("45000")),
        "toulouse": f.application("Culture à Bamako", calls["2025"], toulouse, [partner("Bamako", "ML")]),
        "sicoval": f.application("Gouvernance à Gandon", calls["senegal"], sicoval, [partner("Gandon")]),
        "barjac": f.unresolved_laureate("Barjac", calls["senegal"], region_obj=f.region("76"),
                                        partners=[partner("Bargny", "SN")], title="Jeunesse à Bargny"),
        "albi": f.application("Refusé à Montreux", calls["2025"], authority("commune", "81004"),
                              [partner("Montreux", "CH")], decision=NON_RETENU),
        "lyon": f.application("Villes du monde", calls["2025"], lyon,
                              [partner("Le Caire", "EG"), partner("Genève", "CH"), partner("Madrid", "ES")]),
    }
    _publish_as(applications["castres-2024"], "Ville de Castres")
    _publish_as(applications["sicoval"], "Sicoval")
    CoApplicant.objects.create(application=applications["toulouse"], authority=castres, name="Mairie de Castres",
                               state=CoApplicant.State.CONFIRMED)  # imported: a published list
    return Seed(castres, toulouse, sicoval, lyon, applications)


def _publish_as(application, published_name):
    application.lead_name = published_name
    application.lead_name_key = normalise(published_name)
    application.save(update_fields=["lead_name", "lead_name_key"])
