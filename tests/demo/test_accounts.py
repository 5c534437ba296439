"""`load_demo --accounts`: the 2026 call open today, three accounts with the password « demo »,
a draft for each applicant; refused when DEBUG is off; loading again changes nothing."""
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import timezone

from coopdec.accounts.selectors import is_member, is_ministry
from coopdec.applications import workflow
from coopdec.applications.models import Application
from coopdec.calls.models import Call, RateGrid
from coopdec.calls.selectors import call_ruleset

pytestmark = pytest.mark.django_db


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusé quand DEBUG est désactivé"):
        call_command("load_demo", "--accounts", verbosity=0)
    assert not Call.objects.filter(campaign__year=2026).exists()


def test_the_accounts_sign_in_with_demo_and_each_applicant_has_a_draft_in_the_open_2026_call(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo", "--accounts")
    call_command("load_demo", "--accounts")
    call = Call.objects.get(campaign__year=2026, kind=Call.Kind.GENERALISTE)
    today = timezone.localdate()
    assert (call.opens_on, call.closes_on) == (today - timedelta(days=30), today + timedelta(days=60))
    assert call.is_open_at(timezone.now())
    assert "reprise pour 2026" in RateGrid.objects.get(campaign__year=2026).source_label
    assert call_ruleset(call).rates == call_ruleset(Call.objects.get(campaign__year=2025, slug="generaliste-2025")).rates
    officer = authenticate(email="ministere@demo.coopdec.fr", password="demo")
    assert officer is not None and officer.is_staff and is_ministry(officer)
    for email, name in (("castres@demo.coopdec.fr", "Castres"), ("sicoval@demo.coopdec.fr", "CA du Sicoval")):
        person = authenticate(email=email, password="demo")
        assert person is not None and person.emailaddress_set.get().verified
        (draft,) = Application.objects.filter(created_by=person)
        assert (draft.state, draft.call, draft.lead_authority.name) == (workflow.BROUILLON, call, name)
        assert is_member(person, draft.lead_authority)
    assert Application.objects.filter(call=call).count() == 2
