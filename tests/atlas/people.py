"""The people and the actions of the Atlas's tests, made through the services as the site makes them."""
from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.atlas.services import PartnerIn, action_create
from coopdec.territories.models import Authority, Country
from tests.accounts.people import member, ministry_officer, user  # noqa: F401


def castres():
    return Authority.objects.get(kind="commune", code="81065")


def albi():
    return Authority.objects.get(kind="commune", code="81004")


def embassy_agent(iso2="SN"):
    agent = user()
    role_grant(user=agent, kind=Role.Kind.EMBASSY, by=None, country=Country.objects.get(iso2=iso2))
    return agent


def network_member(region_code="76"):
    from coopdec.territories.models import Region

    person = user()
    role_grant(user=person, kind=Role.Kind.NETWORK, by=None, region=Region.objects.get(code=region_code))
    return person


def twinning(authority=None, person=None, partners=(("Dakar", "SN"),), **changes):
    authority = authority or castres()
    person = person or member(authority)
    values = {"kind": "jumelage", "title": "Jumelage Castres–Dakar"} | changes
    return action_create(by=person, authority=authority, partners=[PartnerIn(n, c) for n, c in partners],
                         **values), person


def atlas_rows(officer):
    """One row of each of the Atlas's tables, through the services (the admin test walks them)."""
    from datetime import timedelta

    from django.utils import timezone

    from coopdec.atlas.services import (
        action_note_add, authority_mark_updated, campaign_open, person_in_charge_save,
    )

    action, person = twinning()
    action_note_add(action=action, by=officer, text="Vu par le ministère.")
    today = timezone.localdate()
    campaign_open(by=officer, year=today.year, opens_on=today - timedelta(days=1), closes_on=today)
    authority_mark_updated(authority=castres(), by=person)
    person_in_charge_save(authority=castres(), by=person, kind="elu", name="Anne Martin", function="Adjointe")
    return action
