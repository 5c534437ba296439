"""The demo's declaration of development aid (APD): Castres's lines of `data/demo/apd-declarations.csv`,
submitted through the services for the last year whose window has opened."""
import csv
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coopdec.apd.models import Declaration, DeclarationWindow
from coopdec.apd.services import declaration_open, declaration_submit, line_add
from coopdec.territories.models import Authority

from .published import DEMO_DIR

MARKERS = {"egalite": "gender", "environnement": "environment", "attenuation": "climate_mitigation",
           "adaptation": "climate_adaptation", "biodiversite": "biodiversity", "desertification": "desertification"}
EMAIL = "castres@demo.coopdec.fr"


def demo_year(now) -> int:
    """The last year of spending whose declaration window has opened by `now`."""
    year = now.year - 1
    return year if DeclarationWindow.for_year(year).opens_at <= now else year - 1


@transaction.atomic
def demo_apd_load(*, directory=DEMO_DIR, now=None) -> list[str]:
    now = now or timezone.now()
    year = demo_year(now)
    window = DeclarationWindow.for_year(year)
    at = min(now, window.closes_at - timedelta(seconds=1))  # inside the window, never in the future
    person = get_user_model().objects.get(email=EMAIL)
    with open(directory / "apd-declarations.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = []
    for code in dict.fromkeys(row["collectivite"] for row in rows):
        kind, _sep, number = code.partition(":")
        authority = Authority.objects.get(kind=kind, code=number)
        if Declaration.objects.filter(authority=authority, year=year).exists():
            lines.append(f"Déclaration d'APD {year} de {authority.name} : déjà chargée")
            continue
        declaration = declaration_open(authority=authority, year=year, user=person, at=at)
        for row in (r for r in rows if r["collectivite"] == code):
            line_add(declaration=declaration, user=person, at=at, values={
                "country": row["pays"] or None, "region_code": row["region"], "channel_code": row["canal"],
                "purpose_code": row["code_objet"], "spending": row["nature"], "amount": Decimal(row["montant"]),
                "application": None, "action_url": "", "description": row["description"],
                **{field: int(row[column]) for column, field in MARKERS.items()}})
        declaration_submit(declaration=declaration, user=person, at=at)
        lines.append(f"Déclaration d'APD {year} de {authority.name} déposée ({declaration.lines.count()} lignes) : "
                     f"/espace/apd/{year}/")
    return lines
