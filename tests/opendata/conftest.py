"""A few laureates of two campaigns, with and without what the open-data standards want.

2025 (results published 8 September 2025): Castres (commune, SIREN) with Huye, amount, gender
marker, dates within a year; the Occitanie region (no SIREN) with partners in Senegal and Benin,
no amount, only its end known; an unresolved « Barjac » in a Franco-Senegalese joint fund with no
partner, only its start known; the CA de Castres Mazamet (EPCI) with a Kosovar and a Canadian
partner, a cents amount, three years long. 2024 (no publication date known): one laureate with an
amount and no date. Plus a refused dossier.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from coopdec.applications.models import Application
from coopdec.calls.models import Call, PublishedFigure
from coopdec.territories.models import Authority, Country
from tests import factories as f


@dataclass
class OpenData:
    castres: Application
    occitanie: Application
    barjac: Application
    agglo: Application
    previous: Application


def build() -> OpenData:
    campaign, previous = f.campaign(2025), f.campaign(2024)
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RETAINED, 91, campaign_obj=campaign,
                       source_label="Occitanie Coopération", published_on=date(2025, 9, 8))
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RETAINED, 76, campaign_obj=previous,
                       source_label="MEAE")
    country = {iso2: Country.objects.get(iso2=iso2) for iso2 in ("RW", "SN", "BJ", "XK", "CA")}
    generaliste = f.call("Généraliste 2025", Call.Kind.GENERALISTE, campaign)
    senegal = f.call("Fonds conjoint franco-sénégalais 2025", Call.Kind.FONDS_CONJOINT, campaign,
                     partner_country=country["SN"])
    authority = {kind: Authority.objects.get(kind=kind, code=code)
                 for kind, code in (("commune", "81065"), ("region", "76"), ("epci", "248100430"))}
    castres = f.application(
        "Eau potable et assainissement à Huye", generaliste, authority["commune"],
        partners=[f.foreign_authority("District de Huye", country["RW"])],
        summary="Accès à l'eau potable de 12 écoles du district de Huye.", gender_marker=1,
        starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), granted_amount=Decimal("15000.00"),
    )
    occitanie = f.application(
        "Jeunesse et climat", generaliste, authority["region"],
        partners=[f.foreign_authority("Région de Saint-Louis", country["SN"]),
                  f.foreign_authority("Commune de Bohicon", country["BJ"])],
        ends_on=date(2026, 12, 31),
    )
    barjac = f.unresolved_laureate("Barjac", senegal, region_obj=authority["region"].region)
    barjac.starts_on = date(2025, 6, 1)
    barjac.save(update_fields=["starts_on"])
    agglo = f.application(
        "Culture & patrimoine <partagés>", generaliste, authority["epci"],
        partners=[f.foreign_authority("Prizren", country["XK"]), f.foreign_authority("Québec", country["CA"])],
        gender_marker=2, starts_on=date(2025, 3, 1), ends_on=date(2027, 2, 28),
        granted_amount=Decimal("20000.50"),
    )
    f.application("Projet refusé", generaliste, authority["commune"], decision=Application.Decision.NON_RETENU,
                  granted_amount=Decimal(1000))
    earlier = f.application(
        "Coopération 2024", f.call("Généraliste 2024", Call.Kind.GENERALISTE, previous), authority["commune"],
        partners=[f.foreign_authority("District de Huye", country["RW"])], granted_amount=Decimal(8000),
    )
    return OpenData(castres, occitanie, barjac, agglo, earlier)


@pytest.fixture
def opendata(db):
    return build()
