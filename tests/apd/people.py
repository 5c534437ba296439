"""Declarations made through the services, as the site makes them."""
from datetime import datetime
from decimal import Decimal as D

from coopdec.apd.models import PARIS
from coopdec.apd.services import declaration_open, line_add
from coopdec.territories.models import Authority
from tests.accounts.people import member, ministry_officer, user  # noqa: F401

# Inside the default window of the 2025 declarations (15 April – 31 May 2026, Paris time).
IN_WINDOW = datetime(2026, 5, 4, 10, 0, tzinfo=PARIS)


def castres():
    return Authority.objects.get(kind="commune", code="81065")


def values(**changes):
    base = {"country": "SN", "region_code": "", "channel_code": "11002", "purpose_code": "15112",
            "spending": "projets", "amount": D("12000.50"), "gender": 1, "environment": 0,
            "climate_mitigation": 0, "climate_adaptation": 2, "biodiversity": 0, "desertification": 0,
            "application": None, "action_url": "", "description": "Jumelage avec Dakar"}
    return base | changes


def declaration_with_line(authority=None, person=None, year=2025, at=IN_WINDOW, **changes):
    authority = authority or castres()
    person = person or member(authority)
    declaration = declaration_open(authority=authority, year=year, user=person, at=at)
    line_add(declaration=declaration, user=person, values=values(**changes), at=at)
    return declaration, person
