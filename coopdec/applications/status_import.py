"""Reading a CSV of authorities' yearly status (development-aid declaration, reports) into a
preview: every row checked, every problem named by file, row and field, nothing written.

Columns (headings in any order, « ; » or « , » between cells, UTF-8):
`collectivite` (`kind:code` as the API names an authority: `commune:81065`, `epci:243100633`),
`apd_declaree` (oui/non), `apd_declaree_le` (JJ/MM/AAAA or AAAA-MM-JJ, optional),
`rapports_attendus`, `rapports_remis`, `rapports_acceptes` (whole numbers, 0 when empty).
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from coopdec.readers.base import ReadError
from coopdec.readers.text import csv_lines
from coopdec.territories.models import Authority

COLUMNS = ("collectivite", "apd_declaree", "apd_declaree_le",
           "rapports_attendus", "rapports_remis", "rapports_acceptes")
REQUIRED = ("collectivite", "apd_declaree")
YES, NO = {"oui", "o", "1", "vrai", "yes"}, {"non", "n", "0", "faux", "no"}


@dataclass(frozen=True)
class StatusRow:
    number: int
    authority: Authority
    apd_declared: bool
    apd_declared_on: date | None
    reports_due: int
    reports_filed: int
    reports_accepted: int


@dataclass
class StatusPreview:
    file_name: str
    year: int
    rows: list[StatusRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    details: tuple[str, ...] = ()  # the encoding and separator found


class _RowErrors(list):
    def __init__(self, file_name, number):
        super().__init__()
        self.place = f"{file_name}, ligne {number}"

    def add(self, column, why):
        self.append(f"{self.place}, champ « {column} » : {why}")


def _authorities(cells: list[str]) -> dict[tuple[str, str], Authority]:
    """Every authority the file names, read in one query."""
    keys = {tuple(c.strip().split(":", 1)) for c in cells if c.count(":") == 1}
    codes = {code for _, code in keys}
    return {(a.kind, a.code): a for a in Authority.objects.filter(code__in=codes)}


def _count(value, column, problems):
    value = value.strip()
    if not value:
        return 0
    if not value.isdigit():
        problems.add(column, f"« {value} » n'est pas un nombre entier positif")
        return 0
    return int(value)


def _day(value, problems):
    value = value.strip()
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    problems.add("apd_declaree_le", f"« {value} » n'est pas une date (JJ/MM/AAAA)")
    return None


def _row(file_name, number, cells, authorities, seen):
    problems = _RowErrors(file_name, number)
    named = cells.get("collectivite", "").strip()
    authority = authorities.get(tuple(named.split(":", 1))) if named.count(":") == 1 else None
    if authority is None:
        problems.add("collectivite", f"« {named} » ne désigne aucune collectivité (attendu : nature:code, "
                                     "par exemple commune:81065 ou epci:243100633)")
    elif authority.pk in seen:
        problems.add("collectivite", f"{authority.name} figure déjà ligne {seen[authority.pk]}")
    else:
        seen[authority.pk] = number
    declared = cells.get("apd_declaree", "").strip().lower()
    if declared not in YES | NO:
        problems.add("apd_declaree", f"« {declared} » : répondez oui ou non")
    counts = [_count(cells.get(c, ""), c, problems) for c in COLUMNS[3:]]
    if counts[1] > counts[0] or counts[2] > counts[1]:
        problems.add("rapports_remis", "les rapports acceptés ne peuvent dépasser les remis, ni les remis les attendus")
    declared_on = _day(cells.get("apd_declaree_le", ""), problems)
    if problems:
        return None, problems
    return StatusRow(number, authority, declared in YES, declared_on, *counts), problems


def status_preview(*, file_name: str, data: bytes, year: int) -> StatusPreview:
    """Check every row of the file; the preview lists the rows and every error found."""
    preview = StatusPreview(file_name, year)
    try:
        grid, preview.details = csv_lines(file_name, data)
    except ReadError as error:
        preview.errors.append(str(error))
        return preview
    (_, head), body = (grid[0], grid[1:]) if grid else ((0, []), [])
    headings = [h.strip().lower() for h in head]
    missing = [c for c in REQUIRED if c not in headings]
    if missing:
        preview.errors.append(f"{file_name}, ligne 1\u00a0: colonne(s) manquante(s)\u00a0: {', '.join(missing)} "
                              f"(colonnes attendues\u00a0: {', '.join(COLUMNS)})")
        return preview
    lines = [(number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headings) if h})
             for number, cells in body if any(c.strip() for c in cells)]
    authorities, seen = _authorities([cells.get("collectivite", "") for _, cells in lines]), {}
    for number, cells in lines:
        row, problems = _row(file_name, number, cells, authorities, seen)
        preview.errors.extend(problems)
        if row is not None:
            preview.rows.append(row)
    if not lines:
        preview.errors.append(f"{file_name} : aucune ligne sous les en-têtes")
    return preview
