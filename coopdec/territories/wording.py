"""How an authority is written for a person choosing between homonyms, in French.

Numbers are grouped with a narrow no-break space (U+202F), as French typography does, so that
« 1 608 » never breaks across lines; 0 and 1 take the singular (« 1 habitant »).
"""
NARROW_NBSP = "\u202f"


def thousands(value: int) -> str:
    """1608 → « 1 608 »."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def inhabitants(population: int) -> str:
    """1608 → « 1 608 habitants », 1 → « 1 habitant »."""
    return f"{thousands(population)} habitant" + ("s" if population > 1 else "")


def authority_label(*, name: str, departement: tuple[str, str] | None, population: int | None) -> str:
    """« Barjac (Gard, 30) — 1 608 habitants »: what tells homonyms apart at a glance.

    `departement` is (name, code), None for a département, a région or a body without one.
    """
    label = f"{name} ({departement[0]}, {departement[1]})" if departement else name
    return label if population is None else f"{label} — {inhabitants(population)}"
