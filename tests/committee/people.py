"""Dossiers brought before a committee through the services, as the site brings them."""
from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from coopdec.applications import workflow
from coopdec.applications.services import application_move, application_submit
from coopdec.calls.models import Call
from coopdec.instruction.services import session_open
from coopdec.territories.models import Authority
from tests.applications.people import complete, draft, member, ministry_officer, open_call  # noqa: F401


def call_with_envelope(envelope="100000", **rules):
    call = open_call(**rules)
    Call.objects.filter(pk=call.pk).update(envelope=D(envelope))
    call.refresh_from_db()
    return call


def communes(count):
    return list(Authority.objects.filter(kind=Authority.Kind.COMMUNE, departement__code="81").order_by("code")[:count])


def in_instruction(call, authority, officer, title="Eau potable à Huye"):
    """A complete dossier (max grant 70 000 €), submitted, then put under instruction by `officer`;
    and the member of its lead authority."""
    application, person = draft(authority, call, title=title)
    complete(application, person)
    application_submit(application=application, user=person)
    application_move(application=application, user=officer, to=workflow.EN_INSTRUCTION)
    application.refresh_from_db()
    return application, person


def close(call, on=None):
    """The call closed `on` (yesterday by default): a committee sits only on a closed call's
    dossiers. Its dates are the ministry's settings, changed here as the admin changes them."""
    call.closes_on = on or timezone.localdate() - timedelta(days=1)
    call.save(update_fields=["closes_at"])
    return call


def session(call, officer, held_on=None):
    """A session of `call`, closed first (yesterday), held today unless `held_on` says otherwise."""
    close(call)
    return session_open(call=call, held_on=held_on or timezone.localdate(), user=officer)
