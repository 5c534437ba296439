"""The people and dossiers of the instruction tests, made through the services as the site makes
them: submitted dossiers, instructors scoped to a call or a country, a call's scoring grid."""
from datetime import date, datetime
from decimal import Decimal as D

from coopdec.accounts.models import Role
from coopdec.accounts.services import role_grant
from coopdec.applications.services import application_submit
from coopdec.calls.models import PARIS, ScoringCriterion
from tests import factories
from tests.applications.people import complete, draft, member, ministry_officer, open_call, user  # noqa: F401

GRID = (("Pertinence", D("3"), 5), ("Partenariat", D("2"), 5), ("Effets", D("1"), 10))


def grid_call(criteria=GRID, **rules):
    """An open call (1 January to 31 December 2026) with a scoring grid."""
    call = open_call(opens=date(2026, 1, 5), closes=date(2026, 12, 31), **rules)
    for order, (label, weight, scale) in enumerate(criteria):
        ScoringCriterion.objects.create(call=call, label=label, weight=weight, scale_max=scale, order=order)
    return call


def submitted(call, *, name="Castres", title="Eau potable à Huye", authority=None):
    """A dossier complete and submitted to `call`, with the member who filed it."""
    application, person = draft(authority=authority or factories.authority(name=name), call_obj=call, title=title)
    complete(application, person)
    application_submit(application=application, user=person, at=datetime(2026, 6, 1, 12, tzinfo=PARIS))
    application.refresh_from_db()
    return application, person


def instructor(*, call=None, country=None, **extra):
    person = user(**extra)
    role_grant(user=person, kind=Role.Kind.INSTRUCTOR, call=call, country=country, by=None)
    return person


def criteria_ids(call):
    return [c.pk for c in call.criteria.all()]
