"""How an authority is written for a person choosing between homonyms, in French.

Numbers are grouped with a narrow no-break space (U+202F), as French typography does, so that
« 1 608 » never breaks across lines; 0 and 1 take the singular (« 1 habitant »).
"""
import re

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
_BEFORE = re.compile(r"[ \u00a0]+([:;!?»])")
_AFTER = re.compile(r"«[ \u00a0]+")


def french_spacing(text: str) -> str:
    """A no-break space before « : ; ! ? » and inside guillemets, for a sentence shown to people.

    The resolver's reasons keep plain spaces (they are also data, in JSON lines and API answers);
    the back office shows them through this.
    """
    return _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP + r"\1", text))


def thousands(value: int) -> str:
    """1608 → « 1 608 »."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def inhabitants(population: int) -> str:
    """1608 → « 1 608 habitants », 1 → « 1 habitant »."""
    return f"{thousands(population)} habitant" + ("s" if population > 1 else "")


def authority_label(authority) -> str:
    """« Barjac (Gard, 30) — 1 608 habitants », « Gard — 748 437 habitants »: what tells homonyms
    apart at a glance. The authority's département must be loaded with it (select_related)."""
    label = authority.name
    if authority.departement_id and authority.kind not in ("departement", "region"):
        label = f"{label} ({authority.departement.name}, {authority.departement_id})"
    return label if authority.population is None else f"{label} — {inhabitants(authority.population)}"
