"""The people and listings of the exchange's tests, made through the services as the site makes them."""
from datetime import datetime
from zoneinfo import ZoneInfo

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.exchange.models import Listing
from coopdec.exchange.services import listing_publish
from coopdec.territories.models import Authority, Country, Region
from tests.accounts.people import member, ministry_officer, user  # noqa: F401

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)


def castres():
    return Authority.objects.get(kind="commune", code="81065")


def albi():
    return Authority.objects.get(kind="commune", code="81004")


def country(iso2):
    return Country.objects.get(pk=iso2)


def occitanie():
    return Region.objects.get(pk="76")


def embassy_agent(iso2="RW", **extra):
    person = user(**extra)
    role_grant(user=person, kind=Role.Kind.EMBASSY, by=None, country=country(iso2))
    return person


def network_member(region_code="76", **extra):
    person = user(**extra)
    role_grant(user=person, kind=Role.Kind.NETWORK, by=None, region=Region.objects.get(pk=region_code))
    return person


def french_offer(authority=None, person=None, at=AT, **changes):
    authority = authority or castres()
    person = person or member(authority)
    values = {"kind": Listing.Kind.OFFER, "title": "Jumelage scolaire et eau potable",
              "text": "Castres cherche une commune partenaire pour des échanges scolaires.",
              "themes": ["Eau et assainissement", "Éducation"], "countries": [country("SN"), country("RW")]}
    return listing_publish(user=person, authority=authority, at=at, **(values | changes)), person


def foreign_request(person=None, at=AT, **changes):
    person = person or embassy_agent("RW")
    values = {"kind": Listing.Kind.REQUEST, "title": "Le district de Huye cherche une région française",
              "text": "Agriculture, formation des élus.", "themes": ["Agriculture"],
              "foreign_name": "District de Huye", "foreign_country": country("RW"),
              "on_behalf": Listing.OnBehalf.EMBASSY, "regions": [occitanie()]}
    return listing_publish(user=person, at=at, **(values | changes)), person
