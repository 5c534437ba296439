"""authority_confirm: what a person confirmed is remembered with its context."""
import pytest
from django.core.exceptions import ValidationError

from coopdec.territories.models import Authority, AuthorityAlias, AuthorityConfirmation
from coopdec.territories.resolve import ResolutionContext, Status, resolve_authority
from coopdec.territories.services import authority_confirm

pytestmark = pytest.mark.django_db

OCCITANIE_COOPERATION = ResolutionContext(publisher="Occitanie Coopération", region="76",
                                          partner_country="PS", partner="Kharas")


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create(username="instructeur")


def test_a_name_only_one_authority_has_becomes_an_alias_that_resolves_everywhere(person):
    sicoval = Authority.objects.get(kind="epci", code="243100633")
    assert resolve_authority("Agglo Sud-Est Toulousain").status == Status.UNKNOWN
    confirmed = authority_confirm(authority=sicoval, name="Agglo Sud-Est Toulousain", user=person,
                                  context=OCCITANIE_COOPERATION)
    alias = confirmed.alias
    assert (alias.text, alias.original, alias.source, alias.created_by) == (
        "agglo sud est toulousain", "Agglo Sud-Est Toulousain", "confirmed", person)
    resolution = resolve_authority("AGGLO SUD EST TOULOUSAIN")
    assert resolution.status == Status.RESOLVED and resolution.match.code == "243100633"
    assert resolution.reason == "CA du Sicoval (EPCI, Haute-Garonne) : nom confirmé par une personne."


def test_a_shared_name_is_remembered_with_its_context_and_no_alias(person):
    gard = Authority.objects.get(kind="commune", code="30029")
    confirmed = authority_confirm(authority=gard, name="Mairie de Barjac", user=person,
                                  context=OCCITANIE_COOPERATION, seen_in="liste.html, ligne 4")
    assert confirmed.alias is None
    assert not AuthorityAlias.objects.filter(authority=gard, source="confirmed").exists()
    row = AuthorityConfirmation.objects.get()
    assert (row.name, row.name_key, row.authority, row.publisher, row.region_id, row.partner_country_id,
            row.partner, row.partner_key, row.seen_in, row.confirmed_by) == (
        "Mairie de Barjac", "barjac", gard, "Occitanie Coopération", "76", "PS", "Kharas", "kharas",
        "liste.html, ligne 4", person)


def test_confirming_twice_in_one_context_keeps_one_record(person):
    gard = Authority.objects.get(kind="commune", code="30029")
    first = authority_confirm(authority=gard, name="Barjac", user=person, context=OCCITANIE_COOPERATION)
    again = authority_confirm(authority=gard, name="BARJAC", user=person, context=OCCITANIE_COOPERATION)
    assert first.confirmation.pk == again.confirmation.pk
    assert AuthorityConfirmation.objects.count() == 1


def test_a_former_name_confirmed_becomes_a_confirmed_alias(person):
    annecy = Authority.objects.get(kind="commune", code="74010")
    first = authority_confirm(authority=annecy, name="Annecy-le-Vieux", user=person)
    again = authority_confirm(authority=annecy, name="ANNECY LE VIEUX", user=person)
    assert first.alias.pk == again.alias.pk and again.alias.source == AuthorityAlias.Source.CONFIRMED
    assert AuthorityAlias.objects.filter(text="annecy le vieux", authority=annecy).count() == 1


def test_an_empty_name_is_refused(person):
    with pytest.raises(ValidationError):
        authority_confirm(authority=Authority.objects.get(kind="region", code="76"), name=" - ", user=person)
    assert not AuthorityConfirmation.objects.exists()
