"""Atlas actions made with the ORM, for the public side's tests, on the real geography.

| action | French authorities | partners | kind, state | money, dates |
|---|---|---|---|---|
| Eau potable à Huye | Castres (lead) | District de Huye (RW) | projet, en cours, eau, ODD 6 | 45 000 €, 2025 |
| Jumelage avec Ziguinchor | Castres, Albi | Ziguinchor (SN) | jumelage, terminée | — |
| Culture à Bamako et à Huye | Toulouse | Bamako (ML), Huye (RW) | projet, en cours, culture, ODD 4 | 80 000 €, 2024–2026 |
| Santé à Dakar | « Barjac » (to be confirmed) | Dakar (SN) | accord, prévue | — |
| Retirée au Bénin | Lyon | Cotonou (BJ) | projet, **retirée** | 10 000 €, 2025 |
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from coopdec.atlas.models import Action, ActionAuthority, ActionPartner
from coopdec.territories.models import Authority
from coopdec.territories.text import normalise


def authority(kind, code) -> Authority:
    return Authority.objects.get(kind=kind, code=code)


def action(title, *, authorities=(), partners=(), origin=Action.Origin.AUTHORITY, **fields) -> Action:
    """An action with its French authorities (records, or names still to confirm) and its partners
    ((name, ISO code))."""
    made = Action.objects.create(title=title, title_key=normalise(title), origin=origin, **fields)
    for order, found in enumerate(authorities):
        if isinstance(found, str):
            ActionAuthority.objects.create(action=made, name=found, order=order, is_lead=order == 0)
        else:
            ActionAuthority.objects.create(action=made, authority=found, name=found.name, order=order,
                                           is_lead=order == 0)
    for order, (name, iso) in enumerate(partners):
        ActionPartner.objects.create(action=made, name=name, country_id=iso, order=order)
    return made


@dataclass
class AtlasSeed:
    castres: Authority
    albi: Authority
    toulouse: Authority
    lyon: Authority
    water: Action
    twinning: Action
    culture: Action
    health: Action
    withdrawn: Action


def build_atlas() -> AtlasSeed:
    castres, albi = authority("commune", "81065"), authority("commune", "81004")
    toulouse, lyon = authority("commune", "31555"), authority("epci", "200046977")
    return AtlasSeed(
        castres=castres, albi=albi, toulouse=toulouse, lyon=lyon,
        water=action("Eau potable à Huye", authorities=[castres], partners=[("District de Huye", "RW")],
                     themes=["eau"], sdgs=[6], amount=Decimal("45000"), starts_on=date(2025, 1, 1),
                     ends_on=date(2025, 12, 31), source="Atlas 2024 du ministère",
                     description="Réseau d'eau potable du district."),
        twinning=action("Jumelage avec Ziguinchor", authorities=[castres, albi], partners=[("Ziguinchor", "SN")],
                        kind=Action.Kind.TWINNING, status=Action.Status.FINISHED, origin=Action.Origin.IMPORT,
                        source="Liste du réseau", source_url="https://reseau.example.org/jumelages"),
        culture=action("Culture à Bamako et à Huye", authorities=[toulouse],
                       partners=[("Bamako", "ML"), ("Huye", "RW")], themes=["culture"], sdgs=[4],
                       amount=Decimal("80000"), starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31)),
        health=action("Santé à Dakar", authorities=["Barjac"], partners=[("Dakar", "SN")],
                      kind=Action.Kind.AGREEMENT, status=Action.Status.PLANNED, origin=Action.Origin.EMBASSY),
        withdrawn=action("Retirée au Bénin", authorities=[lyon], partners=[("Cotonou", "BJ")],
                         status=Action.Status.WITHDRAWN, amount=Decimal("10000"), starts_on=date(2025, 1, 1),
                         ends_on=date(2025, 6, 30)),
    )


@pytest.fixture
def atlas(db):
    """The actions above (imported by the test modules: tests/atlas/conftest.py is the Atlas's
    back office's to write)."""
    return build_atlas()
