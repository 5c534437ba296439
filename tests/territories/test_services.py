"""alias_confirm: what a person confirmed is remembered and used at the next resolution."""
import pytest
from django.core.exceptions import ValidationError

from coopdec.territories.models import Authority, AuthorityAlias
from coopdec.territories.resolve import Status, resolve_authority
from coopdec.territories.services import alias_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(django_user_model):
    return django_user_model.objects.create(username="instructeur")


def test_a_confirmed_alias_resolves_the_next_time(person):
    sicoval = Authority.objects.get(kind="epci", code="243100633")
    assert resolve_authority("Agglo Sud-Est Toulousain").status == Status.UNKNOWN
    alias = alias_confirm(authority=sicoval, text="Agglo Sud-Est Toulousain", user=person)
    assert (alias.text, alias.original, alias.source, alias.created_by) == (
        "agglo sud est toulousain", "Agglo Sud-Est Toulousain", "confirmed", person)
    resolution = resolve_authority("AGGLO SUD EST TOULOUSAIN")
    assert resolution.status == Status.RESOLVED and resolution.match.code == "243100633"


def test_confirming_twice_keeps_one_alias_and_a_former_name_becomes_confirmed(person):
    annecy = Authority.objects.get(kind="commune", code="74010")
    first = alias_confirm(authority=annecy, text="Annecy-le-Vieux", user=person)
    again = alias_confirm(authority=annecy, text="ANNECY LE VIEUX", user=person)
    assert first.pk == again.pk and again.source == AuthorityAlias.Source.CONFIRMED
    assert AuthorityAlias.objects.filter(text="annecy le vieux", authority=annecy).count() == 1


def test_an_empty_alias_is_refused(person):
    with pytest.raises(ValidationError):
        alias_confirm(authority=Authority.objects.get(kind="region", code="76"), text=" - ", user=person)
