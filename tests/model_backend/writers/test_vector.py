import math
import os

import numpy as np
import pyogrio
import pyproj
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, box

from model_backend.errors import BadInput
from model_backend.writers.vector import SHAPEFILE_FIELDS, VectorWriter, shapefile_field_name

CRS = pyproj.CRS.from_epsg(32618).to_wkt()
FIELDS = {"label": "str", "score": "float", "tile_id": "int", "quantization": "str", "elapsed_s": "float"}


def _batch(start, n):
    geoms = [box(500000 + 10 * i, 4500000, 500000 + 10 * i + 5, 4500008) for i in range(start, start + n)]
    rows = [
        {
            "label": f"car{i}",
            "score": None if i % 2 else 0.5 + i / 100,
            "tile_id": None if i == 1 else i,
            "quantization": "4bit",
            "elapsed_s": 1.5,
        }
        for i in range(start, start + n)
    ]
    return geoms, rows


@pytest.mark.parametrize("ext", ["gpkg", "shp", "geojson", "fgb"])
def test_round_trip(tmp_path, ext):
    path = str(tmp_path / f"out.{ext}")
    with VectorWriter(path, "detections", CRS, FIELDS) as w:
        assert w.write(*_batch(0, 3)) == 3
        # first batch is on disk (in the temporary file beside the target) before the second is
        # written; the target itself appears only when the run is delivered
        assert os.path.dirname(w.temp) == str(tmp_path) and ".incomplete-" in w.temp
        assert pyogrio.read_info(w.temp)["features"] in (3, -1) and not os.path.exists(path)
        assert w.write(*_batch(3, 2)) == 2
        assert w.count == 5
    layer = w.delivery.layer  # a GeoPackage also holds its table of runs
    info = pyogrio.read_info(path, layer=layer)
    assert pyproj.CRS.from_user_input(info["crs"]).to_epsg() == 32618
    meta, _, geoms, values = pyogrio.raw.read(path, layer=layer)
    names = list(meta["fields"])
    expected_names = [shapefile_field_name(n) for n in FIELDS] if ext == "shp" else list(FIELDS)
    assert names == expected_names
    assert len(geoms) == 5
    exp, rows = _batch(0, 5)
    col = dict(zip(names, values))
    # FlatGeobuf stores features in spatial-index order: compare by label
    order = [int(label[3:]) for label in col["label"]]
    assert sorted(order) == [0, 1, 2, 3, 4]
    col = {k: np.asarray(v, dtype=object)[np.argsort(order)] for k, v in col.items()}
    got = shapely.from_wkb(np.asarray(geoms, dtype=object)[np.argsort(order)])
    for g, e in zip(got, exp):
        # Shapefile has one polygon type: single parts read back as Polygon
        assert isinstance(g, MultiPolygon) or ext == "shp"
        assert g.equals(e)
    assert list(col["label"]) == [r["label"] for r in rows]
    score = col["score"]
    assert math.isnan(score[1]) or score[1] is None  # null reads back as NaN
    assert score[0] == pytest.approx(0.5)
    tile = col["tile_id"]
    assert tile[0] == 0 and tile[2] == 2
    if ext != "shp":  # dBASE has no null for numbers in OGR's reading; others keep it
        assert tile[1] is None or (isinstance(tile[1], float) and math.isnan(tile[1]))
    assert set(col[shapefile_field_name("quantization") if ext == "shp" else "quantization"]) == {"4bit"}


def test_shapefile_names():
    assert shapefile_field_name("quantization") == "quantizat"
    assert shapefile_field_name("elapsed_s") == "elapsed_s"
    assert shapefile_field_name("a_very_long_field") == "a_very_lon"
    assert all(len(v) <= 10 for v in SHAPEFILE_FIELDS.values())


def test_shapefile_name_clash(tmp_path):
    with pytest.raises(BadInput, match="clash"):
        VectorWriter(str(tmp_path / "x.shp"), "x", CRS, {"long_name_one": "str", "long_name_two": "str"})


def test_gpkg_keeps_other_layers_and_appends(tmp_path):
    path = str(tmp_path / "run.gpkg")
    with VectorWriter(path, "a", CRS, FIELDS) as w:
        w.write(*_batch(0, 2))
    with VectorWriter(path, "b", CRS, {"label": "str"}, geometry_type="Point") as w:
        w.write([Point(1, 2)], [{"label": "p"}])
    with VectorWriter(path, "a", CRS, FIELDS, append=True) as w:
        w.write(*_batch(2, 1))
        assert w.count == 1  # this writer's features
    assert w.delivery.layer == "a" and w.delivery.path == path
    layers = {str(n): str(t) for n, t in pyogrio.list_layers(path)}
    assert layers == {"a": "MultiPolygon", "b": "Point", "georsmllm_runs": "None"}
    assert pyogrio.read_info(path, layer="a")["features"] == 3
    _, _, geoms, values = pyogrio.raw.read(path, layer="a")
    col = dict(zip(FIELDS, values))
    assert list(col["label"]) == ["car0", "car1", "car2"]
    assert math.isnan(col["score"][1]) and col["tile_id"][0] == 0  # nulls and ints survive the merge
    assert col["tile_id"][1] is None or math.isnan(col["tile_id"][1])
    with pytest.raises(BadInput, match="has fields"):
        VectorWriter(path, "a", CRS, {"other": "str"}, append=True)


def test_gpkg_without_append_writes_a_new_layer_and_says_so(tmp_path):
    path = str(tmp_path / "run.gpkg")
    said = []
    for _ in range(3):
        with VectorWriter(path, "a", CRS, FIELDS, warn=said.append) as w:
            w.write(*_batch(0, 2))
    assert w.delivery.layer == "a_3"
    assert {str(n) for n in pyogrio.list_layers(path)[:, 0]} == {"a", "a_2", "a_3", "georsmllm_runs"}
    assert len(said) == 2 and "'a_2'" in said[0] and "--append" in said[0]
    # another schema under the same name is no clash either: it gets its own layer
    with VectorWriter(path, "a", CRS, {"other": "str"}) as w:
        w.write([box(0, 0, 1, 1)], [{"other": "x"}])
    assert w.delivery.layer == "a_4"


def test_an_exception_inside_the_writer_leaves_the_target_as_it_was(tmp_path):
    path = tmp_path / "keep.geojson"
    with VectorWriter(str(path), "x", CRS, FIELDS) as w:
        w.write(*_batch(0, 2))
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with VectorWriter(str(path), "x", CRS, FIELDS) as w:
            w.write(*_batch(0, 5))
            raise RuntimeError("the job failed")
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["keep.geojson"]


def test_empty_output_still_has_layer(tmp_path):
    path = str(tmp_path / "empty.gpkg")
    w = VectorWriter(path, "detections", CRS, FIELDS)
    w.close()
    w.close()  # idempotent
    info = pyogrio.read_info(path, layer="detections")
    assert info["features"] == 0 and list(info["fields"]) == list(FIELDS)
    with pytest.raises(ValueError):
        w.write(*_batch(0, 1))


def test_unknown_extension(tmp_path):
    with pytest.raises(BadInput, match="Unknown vector format"):
        VectorWriter(str(tmp_path / "x.kml"), "x", CRS, FIELDS)


def test_geographic_crs_and_multipolygon_input(tmp_path):
    path = str(tmp_path / "geo.geojson")
    mp = MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)])
    with VectorWriter(path, "x", pyproj.CRS.from_epsg(4326).to_wkt(), {"label": "str"}) as w:
        w.write([mp, box(5, 5, 6, 6)], [{"label": "m"}, {}])
    _, _, geoms, values = pyogrio.raw.read(path)
    got = shapely.from_wkb(geoms)
    assert got[0].equals(mp) and got[1].equals(box(5, 5, 6, 6))
    assert list(values[0]) == ["m", None]
    assert np.asarray(pyproj.CRS.from_user_input(pyogrio.read_info(path)["crs"]).to_epsg()) == 4326


def _dbf_numbers(path):
    """{name: (type, width, decimals)} of the numeric fields, read from the .dbf header itself."""
    with open(path, "rb") as f:
        header = f.read(32)
        size = int.from_bytes(header[8:10], "little")
        block = f.read(size - 33)
    fields = {}
    for at in range(0, len(block), 32):
        d = block[at : at + 32]
        name, kind = d[:11].split(b"\0", 1)[0].decode(), chr(d[11])
        if kind in "NF":
            fields[name] = (kind, d[16], d[17])
    return fields


@pytest.mark.parametrize("empty", [False, True])
def test_shapefile_integers_reopen_as_integers(tmp_path, empty):
    """dBASE numbers 19+ wide read back as Real: int fields must stay at most 18 wide, no decimals,
    and carry no stray fid; count_id (milliseconds since 1970) needs more than 32 bits."""
    from model_backend.protocol import LAYER_FIELDS

    path = str(tmp_path / "answer.shp")
    fields = LAYER_FIELDS["captions"]
    with VectorWriter(path, "captions", CRS, fields) as w:
        if not empty:
            w.write(
                [box(0, 0, 1, 1)] * 2,
                [{"kind": "tile", "tile_id": 3}, {"kind": "count", "count": 2, "count_id": 1732000000123}],
            )
    ints = [shapefile_field_name(n) for n, kind in fields.items() if kind == "int"]
    assert sorted(ints) == ["count", "count_id", "tile_id"]
    numbers = _dbf_numbers(path[:-4] + ".dbf")
    for name in ints:
        kind, width, decimals = numbers[name]
        assert kind == "N" and decimals == 0 and width <= 18, (name, numbers[name])
    info = pyogrio.read_info(path)
    dtypes = dict(zip(map(str, info["fields"]), map(str, info["dtypes"])))
    assert "fid" not in dtypes and all(dtypes[n] == "int64" for n in ints), dtypes
    if not empty:
        meta, _, _, values = pyogrio.raw.read(path)
        col = dict(zip(meta["fields"], values))
        assert col["count_id"][1] == 1732000000123 and col["count"][1] == 2 and col["tile_id"][0] == 3
