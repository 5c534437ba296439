"""Bar charts drawn on the server as SVG: the geometry here, the markup in `_bar_chart.html`.

No JavaScript: the chart is an image (`role="img"`, `<title>`, `<desc>`) and its data is a real
table beside it, which is what a screen reader reads. Colours come from DSFR variables in the
stylesheet (`observatory.css`), so the chart follows the light and dark themes.
"""
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from coopdec.french.text import french_spaces, number_fr, plural_fr


Number = int | Decimal  # counts, or euros

FONT_SIZE = 13
CHAR_WIDTH = 6.6  # average width of a Marianne character at FONT_SIZE
LABEL_CHARS = 34  # longer category names are cut in the chart (the table has them whole)
PLOT_WIDTH = 380
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 10
AXIS_HEIGHT = 22
VALUE_ROOM = 60  # room right of the longest bar for its value


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number | None, ...]  # None: not known (drawn as no bar, written "—")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    text: str
    y: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    formatter: Callable[[Number], str]
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_bottom: float
    bars: tuple[Bar, ...]
    labels: tuple[Label, ...]
    ticks: tuple[Tick, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(category, its values written out) for the data table."""
        return [
            (category, [self._written(s.values[i]) for s in self.series])
            for i, category in enumerate(self.categories)
        ]

    @property
    def legend(self) -> list[tuple[int, str]]:
        """(series index, name) for the HTML legend under the chart, when there are several series."""
        return list(enumerate(s.name for s in self.series)) if len(self.series) > 1 else []

    def _written(self, value: Number | None) -> str:
        return "—" if value is None else self.formatter(value)


def horizontal_bar_chart(*, id: str, title: str, categories: Sequence[str],
                         series: Sequence[tuple[str, Sequence[Number | None]]],
                         formatter: Callable[[Number], str] = number_fr) -> BarChart:
    """One row per category, one bar per series in each row, a scale from 0 with round ticks."""
    all_series = tuple(Series(name, tuple(values)) for name, values in series)
    known = [v for s in all_series for v in s.values if v is not None]
    top = nice_maximum(max(known, default=0))
    label_width = round(min(max((len(c) for c in categories), default=0), LABEL_CHARS) * CHAR_WIDTH + 12)
    plot_left = label_width
    plot_top = 6
    row_height = len(all_series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    bars, labels = [], []
    for i, category in enumerate(categories):
        row_top = plot_top + i * row_height
        labels.append(Label(_cut(category), row_top + (row_height - ROW_GAP) / 2))
        for j, s in enumerate(all_series):
            value = s.values[i]
            width = 0 if not value else round(float(value) / float(top) * PLOT_WIDTH, 1)
            y = row_top + j * (BAR_HEIGHT + BAR_GAP)
            text = "—" if value is None else formatter(value)
            bars.append(Bar(plot_left, y, width, BAR_HEIGHT, j, text, round(plot_left + width + 4, 1),
                            y + BAR_HEIGHT / 2))
    plot_bottom = plot_top + len(categories) * row_height - ROW_GAP + 4
    ticks = tuple(
        Tick(round(plot_left + float(value) / float(top) * PLOT_WIDTH, 1), formatter(value))
        for value in tick_values(top)
    )
    return BarChart(
        id=id, title=title, description=_describe(title, categories, all_series, formatter),
        categories=tuple(categories), series=all_series, formatter=formatter,
        width=plot_left + PLOT_WIDTH + VALUE_ROOM, height=plot_bottom + AXIS_HEIGHT,
        plot_left=plot_left, plot_top=plot_top, plot_bottom=plot_bottom,
        bars=tuple(bars), labels=tuple(labels), ticks=ticks,
    )


def nice_maximum(value: Number) -> int:
    """The end of the scale: the smallest 1, 2 or 5 × 10ⁿ not below `value` (1 for nothing)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 2, 5, 10) if value <= step * magnitude)


def tick_values(top: int) -> list[int]:
    """Round steps from 0 to a `nice_maximum`: 0–10 by 2, 0–20 by 5, 0–50 by 10, 0–2 by 1."""
    if top <= 2:
        return list(range(top + 1))
    parts = 4 if str(top)[0] == "2" else 5
    return [top // parts * i for i in range(parts + 1)]


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _describe(title: str, categories: Sequence[str], series: Sequence[Series], formatter) -> str:
    """What the chart shows, for those who do not see it; the numbers are in the table."""
    rows = len(categories)
    parts = [f"Diagramme en barres horizontales : {rows} {plural_fr(rows, 'ligne', 'lignes')}"]
    if len(series) > 1:
        parts.append("séries : " + ", ".join(s.name for s in series))
    first = series[0] if series else None
    known = [(v, c) for v, c in zip(first.values, categories) if v is not None] if first else []
    if known:
        value, category = max(known, key=lambda pair: pair[0])
        parts.append(f"valeur la plus élevée ({first.name}) : {category}, {formatter(value)}")
    return french_spaces(f"{title}. " + " ; ".join(parts)
                         + ". Les données figurent dans le tableau qui accompagne le graphique.")
