"""Choropleth maps drawn on the server: France by région, the world by country.

The shapes are read from `data/reference/maps/` (built by `manage.py build_maps`, see its
PROVENANCE.md); this module colours them by value class and lays out the overseas insets. The
markup is in `_map.html`: every shape has a `<title>`, those with a value are links, and a table
of the same figures stands beside each map.
"""
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from coopdec.french.text import french_spaces, number_fr, plural_fr


MAPS_DIR = settings.REFERENCE_DIR / "maps"
FRANCE_FILE = "france-regions.json"
WORLD_FILE = "world-countries.json"

LEVELS = 4  # colour classes besides "none" (observatory.css: .obs-level-0 … .obs-level-4)
FEW_VALUES_LEVELS = {0: (), 1: (4,), 2: (2, 4), 3: (2, 3, 4), 4: (1, 2, 3, 4)}
INSET_SCALE = 0.86
INSET_LABEL = 16
INSET_GAP = 6
INSET_COLUMN = 104  # width taken left of metropolitan France by the overseas insets
TINY = 25  # a country whose box is smaller (in map units²) gets a dot, to be seen and clicked


@cache
def _shapes(name: str) -> dict:
    return json.loads((MAPS_DIR / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str
    value: int
    level: int  # 0: none, 1 … LEVELS
    transform: str = ""
    marker: tuple[float, float] | None = None  # where to draw a dot for a country too small to see


@dataclass(frozen=True)
class Inset:
    """An overseas région in its own box, left of metropolitan France."""

    shape: Shape
    x: float
    y: float
    size: float
    label_y: float


@dataclass(frozen=True)
class LegendEntry:
    level: int
    text: str


@dataclass(frozen=True)
class Link:
    """A curve from a French région to a partner country (drawn only; the table says it)."""

    d: str
    width: float


@dataclass(frozen=True)
class ChoroplethMap:
    id: str
    title: str
    unit: str  # what a value counts, singular: "lauréat"
    description: str
    view_box: str
    shapes: tuple[Shape, ...]
    legend: tuple[LegendEntry, ...]
    insets: tuple[Inset, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ValueClass:
    low: int
    high: int
    level: int  # 1 … LEVELS: the highest values always get the darkest colour


def classes(values: Mapping[str, int]) -> list[ValueClass]:
    """Up to LEVELS classes of the positive values, of similar sizes.

    Few distinct values get one class each, coloured from the darkest down; more are cut at
    their quantiles.
    """
    distinct = sorted({v for v in values.values() if v > 0})
    if len(distinct) <= LEVELS:
        return [ValueClass(v, v, level) for v, level in zip(distinct, FEW_VALUES_LEVELS[len(distinct)])]
    ordered = sorted(v for v in values.values() if v > 0)
    cuts = sorted({ordered[math.ceil(len(ordered) * k / LEVELS) - 1] for k in range(1, LEVELS + 1)})
    found, low = [], distinct[0]
    for high in cuts:
        found.append((low, high))
        low = next((v for v in distinct if v > high), high + 1)
    return [ValueClass(low, high, LEVELS - len(found) + 1 + i) for i, (low, high) in enumerate(found)]


def _level(value: int, found: list[ValueClass]) -> int:
    return next((c.level for c in found if c.low <= value <= c.high), 0)


def _legend(found: list[ValueClass], unit: str, feminine: bool = False) -> tuple[LegendEntry, ...]:
    def written(c):
        return number_fr(c.low) if c.low == c.high else f"{number_fr(c.low)} à {number_fr(c.high)}"

    none = LegendEntry(0, f"aucune {unit} enregistrée dans CoopDec" if feminine
                       else f"aucun {unit} enregistré dans CoopDec")
    return (none, *(LegendEntry(c.level, written(c)) for c in found))


def france_map(values: Mapping[str, int], *, id: str, title: str, unit: str) -> ChoroplethMap:
    """Régions coloured by `values` ({INSEE code: count}); the overseas ones in insets on the left."""
    data = _shapes(FRANCE_FILE)
    ranges = classes(values)

    def shape(code, drawn, transform=""):
        value = values.get(code, 0)
        return Shape(code, drawn["name"], drawn["d"], value, _level(value, ranges), transform)

    x, y, width, height = (float(v) for v in data["metropole"]["viewBox"].split())
    metropole = tuple(
        shape(code, drawn) for code, drawn in sorted(data["metropole"]["regions"].items(),
                                                     key=lambda item: item[1]["name"])
    )
    size = data["overseas"]["size"] * INSET_SCALE
    insets = []
    for i, (code, drawn) in enumerate(sorted(data["overseas"]["regions"].items())):
        top = y + i * (size + INSET_LABEL + INSET_GAP)
        left = x - INSET_COLUMN
        insets.append(Inset(shape(code, drawn, f"translate({left:g} {top:g}) scale({INSET_SCALE})"),
                            left, top, size, top + size + INSET_LABEL - 4))
    return ChoroplethMap(
        id=id, title=title, unit=unit,
        description=_describe(title, [*metropole, *(i.shape for i in insets)], unit),
        view_box=f"{x - INSET_COLUMN:g} {y:g} {width + INSET_COLUMN:g} {height:g}",
        shapes=metropole, legend=_legend(ranges, unit), insets=tuple(insets),
    )


def world_map(values: Mapping[str, int], *, names: Mapping[str, str], id: str, title: str, unit: str,
              origins: tuple[str, ...] = (), feminine: bool = False) -> ChoroplethMap:
    """Countries coloured by `values` ({ISO code: count}), named in French from `names`; `feminine`
    when `unit` is (« aucune collectivité »).

    `origins` (région codes) draws a curve from each to every country with a value: from
    metropolitan France, or from the overseas région itself.
    """
    data = _shapes(WORLD_FILE)
    ranges = classes(values)
    shapes = tuple(
        Shape(c["iso2"], names.get(c["iso2"], c["name"]), c["d"], values.get(c["iso2"], 0),
              _level(values.get(c["iso2"], 0), ranges),
              marker=tuple(c["centre"]) if values.get(c["iso2"]) and _tiny(c["box"]) else None)
        for c in data["countries"]
    )
    centres = {c["iso2"]: c["centre"] for c in data["countries"] if c["iso2"]}
    links = []
    for origin in origins:
        start = data["origins"].get(origin, data["origins"]["metropole"])
        for code, value in sorted(values.items()):
            if value and code in centres:
                links.append(Link(_curve(start, centres[code]), round(1.5 + math.log2(value), 1)))
    return ChoroplethMap(
        id=id, title=title, unit=unit, description=_describe(title, shapes, unit, feminine),
        view_box=data["viewBox"], shapes=shapes, legend=_legend(ranges, unit, feminine), links=tuple(links),
    )


def _tiny(box) -> bool:
    x0, y0, x1, y1 = box
    return (x1 - x0) * (y1 - y0) < TINY


def _curve(start, end) -> str:
    """A quadratic curve bowed to the left of its direction, so that crossing links stay apart."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0) or 1
    bend = length * 0.2
    cx, cy = (x0 + x1) / 2 + (y1 - y0) / length * bend, (y0 + y1) / 2 - (x1 - x0) / length * bend
    return f"M{x0:.1f} {y0:.1f}Q{cx:.1f} {cy:.1f} {x1:.1f} {y1:.1f}"


def _describe(title: str, shapes, unit: str, feminine: bool = False) -> str:
    with_value = sorted((s for s in shapes if s.value), key=lambda s: (-s.value, s.name))
    none, one = ("aucune", "une") if feminine else ("aucun", "un")
    if not with_value:
        return french_spaces(f"{title}. Carte choroplèthe : {none} {unit} enregistré{'e' if feminine else ''} "
                             "dans CoopDec.")
    top = ", ".join(f"{s.name} ({number_fr(s.value)})" for s in with_value[:3])
    territories = plural_fr(len(with_value), "territoire", "territoires")
    return french_spaces(f"{title}. Carte choroplèthe : {len(with_value)} {territories} "
                         f"avec au moins {one} {unit} ; les plus nombreux : {top}. "
                         "Les données figurent dans le tableau qui accompagne la carte.")
