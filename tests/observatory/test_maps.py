"""Choropleth maps: value classes, the shapes of France and of the world, the links."""
import json

from django.core.management import call_command

from coopdec.observatory import mapbuild, maps


def levels(values):
    return [(c.low, c.high, c.level) for c in maps.classes(values)]


def test_value_classes():
    assert levels({}) == []
    assert levels({"a": 0, "b": 3}) == [(3, 3, 4)]  # a single value is the darkest
    assert levels({"a": 1, "b": 2}) == [(1, 1, 2), (2, 2, 4)]
    assert levels({str(i): i for i in range(1, 11)}) == [(1, 3, 1), (4, 5, 2), (6, 8, 3), (9, 10, 4)]


def test_france_has_its_18_regions():
    drawn = maps.france_map({"76": 6, "53": 1}, id="f", title="Lauréats", unit="lauréat")
    assert len(drawn.shapes) == 13 and len(drawn.insets) == 5
    assert {s.code for s in drawn.shapes} | {i.shape.code for i in drawn.insets} == {
        "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94",
        "01", "02", "03", "04", "06",
    }
    by_code = {s.code: s for s in drawn.shapes}
    assert (by_code["76"].level, by_code["53"].level, by_code["11"].level) == (4, 2, 0)
    assert [e.text for e in drawn.legend] == ["aucun lauréat enregistré dans CoopDec", "1", "6"]
    assert "Occitanie (6), Bretagne (1)" in drawn.description
    assert drawn.view_box.startswith("-104 ")  # room for the insets on the left


def test_the_world_in_french_with_dots_for_small_countries_and_links():
    drawn = maps.world_map({"SN": 2, "KM": 1}, names={"SN": "Sénégal", "KM": "Comores"}, id="m",
                           title="Pays", unit="lauréat", origins=("76",))
    by_code = {s.code: s for s in drawn.shapes}
    assert by_code["SN"].name == "Sénégal" and by_code["SN"].level == 4
    assert by_code["KM"].marker is not None and by_code["SN"].marker is None  # the Comoros are tiny
    assert "XK" in by_code and by_code["JP"].level == 0
    assert len(drawn.links) == 2 and drawn.links[0].d.startswith("M486.0 98.9Q")  # from France


def test_build_maps_rebuilds_the_committed_files(tmp_path, settings):
    node_modules = settings.BASE_DIR / "node_modules"
    missing = [p for p in (mapbuild.WORLD_PACKAGE, mapbuild.FRANCE_PACKAGE) if not (node_modules / p).is_dir()]
    assert not missing, f"npm ci (make test) n'a pas installé {missing}"
    call_command("build_maps", output=tmp_path, verbosity=0)
    for name in (maps.FRANCE_FILE, maps.WORLD_FILE):
        assert (tmp_path / name).read_bytes() == (maps.MAPS_DIR / name).read_bytes()
    world = json.loads((tmp_path / maps.WORLD_FILE).read_text())
    codes = [c["iso2"] for c in world["countries"]]
    assert len(codes) == 237 and {"FR", "SN", "PS", "KM", "CV", "XK"} <= set(codes)
