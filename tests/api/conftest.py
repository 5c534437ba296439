"""Laureates of two campaigns led by real authorities of the session's geography."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from coopdec.applications.models import Application
from coopdec.calls.models import Call, PublishedFigure
from coopdec.ingest.models import ImportBatch, ImportRow
from coopdec.ingest.services import resolution_as_json
from coopdec.territories.models import Authority, Country, Region
from coopdec.territories.resolve import resolve_authority
from tests import factories as f


@dataclass
class Data:
    campaign: object
    calls: dict
    laureates: dict
    refused: object


def real(kind, code):
    return Authority.objects.select_related("departement", "region").get(kind=kind, code=code)


@pytest.fixture
def data(db) -> Data:
    campaign, previous = f.campaign(2025), f.campaign(2024)
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RECEIVED, 158, campaign, "MEAE",
                       "https://example.org/meae", date(2025, 7, 1))
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RETAINED, 91, campaign, "MEAE")
    f.published_figure(PublishedFigure.Name.APPLICATIONS_RECEIVED, 113, previous, "MEAE")
    rwanda, senegal, palestine = (Country.objects.get(iso2=iso2) for iso2 in ("RW", "SN", "PS"))
    calls = {
        "generaliste": f.call("Généraliste 2025", Call.Kind.GENERALISTE, campaign,
                              opens_on=date(2025, 1, 8), closes_on=date(2025, 3, 31)),
        "palestinien": f.call("Franco-palestinien 2025", Call.Kind.FONDS_CONJOINT, campaign,
                              partner_country=palestine),
        "ami": f.call("Villes créatives 2025", Call.Kind.AMI, campaign),
        "old": f.call("Généraliste 2024", Call.Kind.GENERALISTE, previous),
    }
    laureates = {
        "castres": f.application(
            "Eau potable à Huye", calls["generaliste"], real("commune", "81065"),
            partners=[f.foreign_authority("District de Huye", rwanda)], granted_amount=Decimal("30000.00"),
        ),
        "sicoval": f.application(
            "Agroécologie", calls["ami"], real("epci", "243100633"),
            partners=[f.foreign_authority("Commune de Dakar", senegal),
                      f.foreign_authority("District de Huye", rwanda)],
        ),
        "rennes": f.application("Jumelage", calls["palestinien"], real("commune", "35238")),
        "barjac": f.unresolved_laureate("Mairie de Barjac", calls["generaliste"],
                                        region_obj=Region.objects.get(code="76")),
        "old": f.application("Projet de 2024", calls["old"], real("commune", "81065")),
    }
    batch = ImportBatch.objects.create(file_name="laureats-occitanie-2025.html", sha256="0" * 64,
                                       format="html", campaign=campaign, state=ImportBatch.State.COMMITTED,
                                       source_label="Occitanie Coopération, lauréats 2025",
                                       source_url="https://www.oc-cooperation.org/")
    ImportRow.objects.create(batch=batch, row_number=4, raw={"collectivite": "Mairie de Barjac"},
                             resolution=resolution_as_json(resolve_authority("Mairie de Barjac", region="76")),
                             status=ImportRow.Status.AMBIGUOUS, application=laureates["barjac"])
    refused = f.application("Refusé", calls["generaliste"], real("commune", "31555"),
                            decision=Application.Decision.NON_RETENU)
    return Data(campaign, calls, laureates, refused)
