"""How the directory words an authority's identity: its kind, and what its population counts.

Pure functions on plain values; the selectors read the records, the templates show these words.
"""
from coopdec.territories.models import Authority

Kind = Authority.Kind

# `Authority.epci_type`, as the DGCL's list of EPCI à fiscalité propre codes their legal nature.
EPCI_TYPES = {
    "CC": "communauté de communes",
    "CA": "communauté d'agglomération",
    "CU": "communauté urbaine",
    "METRO": "métropole",
    "MET69": "Métropole de Lyon",
}


def kind_label(kind: str, epci_type: str = "") -> str:
    """ "commune", "EPCI à fiscalité propre (communauté d'agglomération)", "région"…"""
    if kind == Kind.EPCI:
        nature = EPCI_TYPES.get(epci_type)
        return f"EPCI à fiscalité propre ({nature})" if nature else "EPCI à fiscalité propre"
    return str(Kind(kind).label)


def population_basis(kind: str) -> str:
    """What the reference file's population of an authority of `kind` is (see its PROVENANCE.md)."""
    if kind in (Kind.DEPARTEMENT, Kind.REGION):
        return "somme des populations de ses communes"
    if kind in (Kind.EPCI, Kind.EPT):
        return "population municipale de ses communes membres"
    return "population légale"


def official_codes(kind: str, code: str, siren: str) -> list[tuple[str, str]]:
    """The codes that identify an authority, labelled: `Authority.code` is the INSEE code of a
    commune, a département or a région, and the SIREN of an EPCI or an EPT."""
    if kind in (Kind.EPCI, Kind.EPT):
        return [("SIREN", code)]
    first = "Code INSEE" if kind != Kind.OTHER else "Code officiel"
    return [(first, code)] + ([("SIREN", siren)] if siren and siren != code else [])


def campaigns_phrase(years: tuple[int, ...]) -> str:
    """(2025,) → "campagne 2025"; (2025, 2024, 2023) → "campagnes 2025, 2024 et 2023"."""
    if len(years) == 1:
        return f"campagne {years[0]}"
    *first, last = years
    return f"campagnes {', '.join(map(str, first))} et {last}"
