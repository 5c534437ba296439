"""How an authority is written for a person choosing between homonyms, in French.

Numbers are written by `coopdec.french.text` (« 1 608 » never breaks across lines); 0 and 1
take the singular (« 1 habitant »).
"""
from coopdec.french.text import number_fr


def inhabitants(population: int) -> str:
    """1608 → « 1 608 habitants », 1 → « 1 habitant »."""
    return f"{number_fr(population)} habitant" + ("s" if population > 1 else "")


def authority_label(authority) -> str:
    """« Barjac (Gard, 30) — 1 608 habitants », « Gard — 748 437 habitants »: what tells homonyms
    apart at a glance. The authority's département must be loaded with it (select_related)."""
    label = authority.name
    if authority.departement_id and authority.kind not in ("departement", "region"):
        label = f"{label} ({authority.departement.name}, {authority.departement_id})"
    return label if authority.population is None else f"{label} — {inhabitants(authority.population)}"
