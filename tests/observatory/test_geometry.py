"""Plane geometry of the map builder: TopoJSON, projection, simplification, merging shapes."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdec.observatory import geometry as geo


def test_topojson_arcs_are_delta_decoded_and_transformed():
    topology = {"transform": {"scale": [0.5, 2], "translate": [10, -5]}, "arcs": [[[0, 0], [2, 1], [-1, 3]]]}
    # Positions are running sums: (0, 0), (2, 1), (1, 4), then scaled and moved.
    assert geo.topojson_arcs(topology) == [[(10.0, -5.0), (11.0, -3.0), (10.5, 3.0)]]


def test_a_ring_joins_its_arcs_and_reverses_negative_ones():
    arcs = [[(0, 0), (1, 0), (1, 1)], [(0, 0), (0, 1), (1, 1)]]
    # Arc 0 then arc 1 backwards (~1 == -2): the shared point (1, 1) is kept once.
    assert geo.topojson_rings([0, ~1], arcs) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]


def test_natural_earth_projection():
    assert geo.natural_earth(0, 0) == (0, 0)
    x, y = geo.natural_earth(180, 0)
    assert x == pytest.approx(0.8707 * math.pi) and y == 0
    # Symmetric, and the north is up.
    assert geo.natural_earth(-30, -40) == tuple(-v for v in geo.natural_earth(30, 40))
    assert geo.natural_earth(0, 60)[1] > geo.natural_earth(0, 30)[1] > 0


def test_simplify_keeps_the_ends_and_the_corners():
    line = [(0, 0), (1, 0.01), (2, 0), (2, 1), (2.01, 2), (2, 3)]
    assert geo.simplify(line, 0.1) == [(0, 0), (2, 0), (2, 3)]
    assert geo.simplify(line, 0.001) == line


@given(st.lists(st.tuples(st.floats(-100, 100), st.floats(-100, 100)), min_size=2, max_size=40),
       st.floats(0, 5))
def test_simplify_never_strays_further_than_its_tolerance(points, tolerance):
    kept = geo.simplify(points, tolerance)
    assert kept[0] == points[0] and kept[-1] == points[-1]
    assert all(p in points for p in kept)


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    fiji = [(178, -17), (-179, -17), (-179, -16), (178, -16), (178, -17)]
    parts = geo.antimeridian_split(fiji)
    assert len(parts) == 2
    assert all(-180 <= x <= 180 for part in parts for x, _ in part)
    east, west = sorted(parts, key=lambda part: -max(x for x, _ in part))
    assert max(x for x, _ in east) == 180 and min(x for x, _ in east) == 178
    assert min(x for x, _ in west) == -180 and max(x for x, _ in west) == -179
    assert sum(geo.ring_area(p) for p in parts) == pytest.approx(3)  # 3° × 1°, as before the cut
    assert geo.antimeridian_split([(0, 0), (1, 0), (1, 1)]) == [[(0, 0), (1, 0), (1, 1)]]


def test_svg_paths_relative_and_absolute():
    assert geo.svg_path_rings("m 10,10 5,0 0,5 z m 20,0 1,0 0,1 z") == [
        [(10, 10), (15, 10), (15, 15)], [(30, 10), (31, 10), (31, 11)],
    ]
    assert geo.svg_path_rings("M1 2L3 4L5 6Z") == [[(1, 2), (3, 4), (5, 6)]]
    with pytest.raises(ValueError):
        geo.svg_path_rings("m 0,0 c 1,1 2,2 3,3 z")
    assert geo.svg_path([[(0, -0.01), (10.04, 0), (10, 5.26)]]) == "M0 0L10 0L10 5.3Z"


def test_svg_path_drops_rings_that_rounding_flattens():
    assert geo.svg_path([[(0, 0), (0.01, 0), (0.02, 0.01)], [(0, 0), (4, 0), (4, 3)]]) == "M0 0L4 0L4 3Z"


def test_two_squares_sharing_a_side_merge_into_one_outline():
    left = [[(0, 0), (1, 0), (1, 1), (0, 1)]]
    right = [[(1, 1), (1, 0), (2, 0), (2, 1)]]  # the other way round
    [outline] = geo.dissolve([left, right])
    assert sorted(outline) == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    assert geo.ring_area(outline) == 2


def test_the_snapper_makes_nearly_equal_points_equal():
    snap = geo.VertexSnapper(tolerance=0.08)
    first = snap((10.0, 10.0))
    assert snap((10.05, 9.97)) is first
    assert snap((10.2, 10.0)) == (10.2, 10.0)


def test_centroid_and_bounds():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    assert geo.centroid(square) == (1, 1)
    assert geo.bounds([square, [(5, -1), (6, -1), (6, 0)]]) == (0, -1, 6, 2)
