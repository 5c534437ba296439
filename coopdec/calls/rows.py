"""Rows of the lists of calls (calls.csv) and of published figures, read into plain values.

No database: the loaders in services.py write what this module reads. calls.csv was compiled
from public pages and keeps their remarks in English inside its cells — « Franco-palestinien
2025 (fund 2025-2027) », « 2025-09-30 (tbc) ». A call gets a clean French name, its cycle, dates
with their remarks kept apart, and the row itself as provenance. A bad cell raises RowError,
which names its line and column.
"""
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.text import slugify

from coopdec.territories.country_names import CountryLookup

from .models import Call, Marker, PublishedFigure, RequiredDocument

KINDS = {
    "generalist": Call.Kind.GENERALISTE,
    "thematic": Call.Kind.THEMATIQUE,
    "joint_fund": Call.Kind.FONDS_CONJOINT,
    "geographic": Call.Kind.FONDS_CONJOINT,
    "cles_en_main": Call.Kind.CLES_EN_MAIN,
    "ami": Call.Kind.AMI,
}
PERIODICITIES = {
    "": "",
    "annual": Call.Periodicity.ANNUEL,
    "biennial": Call.Periodicity.BIENNAL,
    "triennial": Call.Periodicity.TRIENNAL,
    "one-off": Call.Periodicity.PONCTUEL,
}

_REMARK = re.compile(r"\s*\(([^()]*)\)")
_YEARS = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")
_TRANCHE = re.compile(r"\b(\d+)(?:st|nd|rd|th) tranche( bis)?\b")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\((.*)\))?$")
_KIND_WORD = re.compile(r"[a-z_]+")


class RowError(ValueError):
    def __init__(self, line, field, message):
        self.line, self.field = line, field
        super().__init__(f"ligne {line}, colonne « {field} » : {message}")


@dataclass(frozen=True)
class CallRow:
    line: int
    year: int
    name: str
    slug: str
    kind: str
    partner_country: str | None
    periodicity: str
    cycle: str
    opens_on: date | None
    opens_note: str
    closes_on: date | None
    closes_note: str
    source_url: str
    source_row: dict


@dataclass(frozen=True)
class FigureRow:
    year: int
    name: str
    value: Decimal
    source_label: str
    source_url: str
    published_on: date | None
    note: str


def call_name(raw: str) -> tuple[str, str]:
    """(French display name, cycle) of a name with remarks: the remarks go, a tranche stays.

    « Franco-marocain 2022-2024 (1st tranche bis) » → (« Franco-marocain 2022–2024, 1re tranche
    bis », « 2022–2024 »): two tranches of one fund in one campaign are two calls.
    """
    years = _YEARS.search(raw)
    name = _YEARS.sub(r"\1–\2", _REMARK.sub("", raw)).strip()
    tranche = next(filter(None, map(_TRANCHE.search, _REMARK.findall(raw))), None)
    if tranche:
        number = int(tranche.group(1))
        name += f", {number}{'re' if number == 1 else 'e'} tranche{tranche.group(2) or ''}"
    return name, f"{years.group(1)}–{years.group(2)}" if years else ""


def _year(row, line, field="year"):
    try:
        return int(row[field])
    except (KeyError, ValueError):
        raise RowError(line, field, f"année attendue, lu « {row.get(field, '')} »") from None


def _date(row, line, field):
    """(date, remark) of « 2023-02-26 (extended from 2023-01-31) »; (None, "") when empty."""
    text = (row.get(field) or "").strip()
    if not text:
        return None, ""
    found = _DATE.match(text)
    try:
        return date.fromisoformat(found.group(1)), found.group(2) or ""
    except (AttributeError, ValueError):
        raise RowError(line, field, f"date AAAA-MM-JJ attendue, lu « {text} »") from None


def _choice(mapping, key, line, field, text):
    if key not in mapping:
        raise RowError(line, field, f"valeur inconnue « {text} »")
    return mapping[key]


def _country(text, countries, line):
    """The ISO code of the call's partner country; a region (« … (region) ») has none."""
    if not text:
        return None
    code = countries.find(text)
    if code is None and not text.endswith("(region)"):
        raise RowError(line, "partner_country",
                       f"pays inconnu « {text} » (les pays sont-ils chargés ? manage.py load_territories)")
    return code


def parse_call_row(row: dict, *, line: int, countries: CountryLookup) -> CallRow:
    raw_name = (row.get("call_name") or "").strip()
    if not raw_name:
        raise RowError(line, "call_name", "nom d'appel vide")
    name, cycle = call_name(raw_name)
    kind_text = (row.get("kind") or "").strip()
    kind_word = _KIND_WORD.match(kind_text.lower())
    periodicity = (row.get("periodicity") or "").strip()
    opens_on, opens_note = _date(row, line, "opens")
    closes_on, closes_note = _date(row, line, "closes")
    return CallRow(
        line=line,
        year=_year(row, line),
        name=name,
        slug=slugify(name.replace("–", "-")),
        kind=_choice(KINDS, kind_word.group() if kind_word else "", line, "kind", kind_text),
        partner_country=_country((row.get("partner_country") or "").strip(), countries, line),
        periodicity=_choice(PERIODICITIES, periodicity, line, "periodicity", periodicity),
        cycle=cycle,
        opens_on=opens_on,
        opens_note=opens_note,
        closes_on=closes_on,
        closes_note=closes_note,
        source_url=(row.get("source_url") or "").strip(),
        source_row=dict(row),
    )


def parse_figure_row(row: dict, *, line: int) -> FigureRow:
    name = (row.get("name") or "").strip()
    if name not in PublishedFigure.Name.values:
        raise RowError(line, "name", f"chiffre inconnu « {name} »")
    try:
        value = Decimal((row.get("value") or "").strip())
    except InvalidOperation:
        raise RowError(line, "value", f"nombre attendu, lu « {row.get('value')} »") from None
    source_label = (row.get("source_label") or "").strip()
    if not source_label:
        raise RowError(line, "source_label", "un chiffre publié dit sa source")
    return FigureRow(
        year=_year(row, line),
        name=name,
        value=value,
        source_label=source_label,
        source_url=(row.get("source_url") or "").strip(),
        published_on=_date(row, line, "published_on")[0],
        note=(row.get("note") or "").strip(),
    )


def _decimal(row, line, field, *, required=False, rate=False):
    """A decimal cell (a rate is a fraction between 0 and 1); None when empty and not required."""
    text = (row.get(field) or "").strip()
    if not text and not required:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RowError(line, field, f"nombre attendu, lu « {text} »") from None
    if value < 0 or (rate and value > 1):
        raise RowError(line, field, f"{'taux entre 0 et 1' if rate else 'nombre positif'} attendu, lu « {text} »")
    return value


def _months(row, line, field):
    text = (row.get(field) or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise RowError(line, field, f"nombre de mois attendu, lu « {text} »")
    return int(text)


def _codes(row, line, field, choices):
    """A list of codes separated by « ; », each one of `choices`."""
    codes = [code.strip() for code in (row.get(field) or "").split(";") if code.strip()]
    for code in codes:
        _choice(dict(choices), code, line, field, code)
    return codes


def parse_rate_grid_row(row: dict, *, line: int) -> tuple[int, dict]:
    """(year, RateGrid values) of a row of rate-grids.csv."""
    source_label = (row.get("source_label") or "").strip()
    if not source_label:
        raise RowError(line, "source_label", "une grille de taux dit sa source")
    return _year(row, line), {
        **{field: _decimal(row, line, field, required=True, rate=True)
           for field in ("ldc_rate", "oda_rate", "none_rate")},
        **{field: _decimal(row, line, field, rate=True) for field in ("flat_rate", "min_french_share")},
        "source_label": source_label, "source_url": (row.get("source_url") or "").strip(),
    }


def parse_call_rules_row(row: dict, *, line: int, countries: set[str]) -> tuple[int, str, dict]:
    """(year, call slug, Call rule values) of a row of call-rules.csv."""
    low, high = _months(row, line, "duration_min"), _months(row, line, "duration_max")
    if low is not None and high is not None and high < low:
        raise RowError(line, "duration_max", f"durée maximale ({high}) inférieure à la minimale ({low})")
    side = (row.get("partner_share_country") or "").strip()
    if side and side not in countries:
        raise RowError(line, "partner_share_country", f"pays inconnu « {side} » (code ISO à deux lettres attendu)")
    slug = (row.get("call") or "").strip()
    if not slug:
        raise RowError(line, "call", "appel manquant")
    return _year(row, line), slug, {
        "duration_min": low, "duration_max": high,
        "min_french_share": _decimal(row, line, "min_french_share", rate=True),
        "min_partner_share": _decimal(row, line, "min_partner_share", rate=True),
        "partner_share_country_id": side or None,
        "required_documents": _codes(row, line, "required_documents", RequiredDocument.choices),
        "required_markers": _codes(row, line, "required_markers", Marker.choices),
    }


def _call_slug(row, line):
    slug = (row.get("call") or "").strip()
    if not slug:
        raise RowError(line, "call", "appel manquant")
    return slug


def parse_scoring_row(row: dict, *, line: int) -> tuple[int, str, str, dict]:
    """(year, call slug, criterion label, ScoringCriterion values) of a row of scoring-grids.csv."""
    label = " ".join((row.get("criterion") or "").split())
    if not label:
        raise RowError(line, "criterion", "intitulé du critère manquant")
    weight = _decimal(row, line, "weight", required=True)
    if weight == 0:
        raise RowError(line, "weight", "un poids est strictement positif")
    scale = (row.get("scale_max") or "").strip()
    if not scale.isdigit() or int(scale) == 0:
        raise RowError(line, "scale_max", f"note maximale entière et positive attendue, lu « {scale} »")
    order = (row.get("order") or "0").strip()
    if not order.isdigit():
        raise RowError(line, "order", f"rang entier attendu, lu « {order} »")
    return _year(row, line), _call_slug(row, line), label, {
        "weight": weight, "scale_max": int(scale), "order": int(order)}


def parse_envelope_row(row: dict, *, line: int) -> tuple[int, str, dict]:
    """(year, call slug, {"envelope": amount}) of a row of envelopes.csv."""
    return _year(row, line), _call_slug(row, line), {"envelope": _decimal(row, line, "envelope", required=True)}
