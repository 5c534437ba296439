"""The sample values of each event, for the back office's preview: the ministry sees what its
wording gives before anyone receives it, on an imaginary dossier n° 1234. Plain values, as the
senders give them; nothing here is saved."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from . import events

_PARIS = ZoneInfo("Europe/Paris")


def sample_context(event: str) -> dict:
    """What a sender would give the template of `event`, for an imaginary dossier n° 1234."""
    message = {
        events.COMPLEMENTS_DEMANDES: "Joignez la délibération du conseil municipal.",
        events.COMPLEMENTS_APPORTES: "La délibération est jointe au dossier.",
    }.get(event, "")
    context = {
        "application": {"pk": 1234, "title": "Accès à l'eau potable à Huye", "lead_name": "Besançon",
                        "call": {"name": "Appel à projets généraliste 2026", "campaign": {"year": 2026}}},
        "dossier_url": f"{settings.SITE_URL}/espace/dossiers/1234/",
        "transition": {"at": datetime(2026, 3, 16, 17, 42, 5, tzinfo=_PARIS), "by": "Camille Martin",
                       "reason": message},
        "message": message,
        "decision": {"outcome": "retenu", "amount": Decimal("45000"), "reason": "",
                     "session": {"held_on": date(2026, 6, 12)}},
        "letter_url": f"{settings.SITE_URL}/espace/dossiers/1234/lettre-de-decision.pdf",
        "tranche": 1, "amount": Decimal("27000"), "paid_on": date(2026, 7, 1),
        "report_label": "rapport intermédiaire technique et financier 2026", "due_on": date(2027, 3, 31),
        "issuer": "l'ambassade de France (Rwanda)",
        "opinion": {"recommendation": "favorable", "text": "Le partenaire est connu du poste et fiable."},
        "co_applicant": {"name": "Dole"}, "space_url": f"{settings.SITE_URL}/espace/",
        "apd": {"year": 2025, "authority": "Besançon", "closes_on": date(2026, 5, 31), "days": 14, "draft": False,
                "url": f"{settings.SITE_URL}/espace/apd/2025/"},
    }
    roots = {name.split(".")[0] for name in events.variables(event)}
    return {name: value for name, value in context.items() if name in roots}
