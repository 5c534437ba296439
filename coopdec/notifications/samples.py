"""A sample dossier and the sample variables of each event, for the back office's preview: the
ministry sees what its wording gives before anyone receives it. Nothing here is saved."""
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model

from coopdec.applications.models import Application, Transition
from coopdec.calls.models import PARIS, Call, Campaign

from . import events


def sample_context(event: str) -> dict:
    """What `notify` would give the template of `event`, for an imaginary dossier n° 1234."""
    from coopdec.instruction.models import CommitteeSession, Decision

    call = Call(name="Appel à projets généraliste 2026", campaign=Campaign(year=2026))
    application = Application(pk=1234, title="Accès à l'eau potable à Huye", lead_name="Besançon", call=call)
    person = get_user_model()(email="maire@besancon.example.fr", first_name="Camille", last_name="Martin")
    message = {
        events.COMPLEMENTS_DEMANDES: "Joignez la délibération du conseil municipal.",
        events.COMPLEMENTS_APPORTES: "La délibération est jointe au dossier.",
    }.get(event, "")
    context = {
        "application": application,
        "dossier_url": f"{settings.SITE_URL}/espace/dossiers/1234/",
        "transition": Transition(application=application, at=datetime(2026, 3, 16, 17, 42, 5, tzinfo=PARIS),
                                 by=person, reason=message),
        "message": message,
        "decision": Decision(application=application, outcome=Decision.Outcome.RETENU, amount=Decimal("45000"),
                             session=CommitteeSession(call=call, held_on=date(2026, 6, 12))),
        "letter_url": f"{settings.SITE_URL}/espace/dossiers/1234/lettre-de-decision.pdf",
        "tranche": 1, "amount": Decimal("27000"), "paid_on": date(2026, 7, 1),
        "report_label": "rapport intermédiaire technique et financier 2026", "due_on": date(2027, 3, 31),
    }
    return {name: context[name] for name in events.variables(event)}
