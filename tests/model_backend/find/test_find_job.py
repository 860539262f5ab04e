"""The find job end to end on rasters written here: real tiling, real onnxruntime on the tiny
CLIP's exported towers, real GeoPackage and GeoTIFF outputs."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
import shapely

from model_backend.errors import BadInput
from model_backend.find.encoder import open_encoder

from .conftest import ORIGIN, PATCH, PX, stripe_boxes
from .helpers import read_layer, run_find


def stripe_tiles(kinds):
    return set(stripe_boxes(kinds))


def test_an_image_query_from_one_patch_type_ranks_that_type_first(tiny_clip, scene, tmp_path):
    """Image query path ('more like this'): the query is a stripe patch the tiles do not hold
    exactly (each patch has its own noise); with random weights, similar images still map near
    each other, so the 12 stripe tiles must take the 12 first ranks."""
    _, onnx_dir = tiny_clip
    tif, kinds = scene
    x0, y1 = ORIGIN[0] + 2 * PATCH * PX, ORIGIN[1]  # row 0, column 2: stripes
    query = [x0, y1 - PATCH * PX, x0 + PATCH * PX, y1]
    out = str(tmp_path / "find.gpkg")
    r = run_find(raster=tif, query_box=query, encoder=onnx_dir, top=24, out=out)
    assert r["status"] == "ok" and r["query"] == "the query rectangle" and r["features"] == 24
    crs, geoms, rows = read_layer(out, "find")
    assert "32618" in crs
    assert [row["rank"] for row in rows] == list(range(1, 25))
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    first = {tuple(g.bounds) for g in geoms[:12]}
    assert first == stripe_tiles(kinds)
    assert scores[11] > scores[12]


def test_a_text_query_runs_end_to_end(tiny_clip, scene, tmp_path):
    """The text path: tokenizer -> text tower -> ranking -> layer + heat map. The tiny CLIP's
    weights are random, so WHICH tiles rank first is noise; what is checked is the plumbing."""
    _, onnx_dir = tiny_clip
    tif, kinds = scene
    out = str(tmp_path / "find.gpkg")
    events = []
    r = run_find(events, raster=tif, question="solar farm", encoder=onnx_dir, top=5, out=out)
    assert r["status"] == "ok" and r["features"] == 5 and r["tiles_total"] == 24 == r["tiles_encoded"]
    assert r["provider"] == "CPUExecutionProvider" and "fp32, CPU" in r["encoder"]
    _, geoms, rows = read_layer(out, "find")
    assert len(rows) == 5 and all(row["query"] == "solar farm" and row["source"] == tif for row in rows)
    assert all(row["confirmed"] is None for row in rows)
    tiles = {
        shapely.box(x, y - PATCH * PX, x + PATCH * PX, y).wkb
        for x in ORIGIN[0] + np.arange(6) * PATCH * PX
        for y in ORIGIN[1] - np.arange(4) * PATCH * PX
    }
    assert all(shapely.box(*g.bounds).wkb in tiles and g.area == pytest.approx((PATCH * PX) ** 2) for g in geoms)
    finds = [p for m, p in events if m == "features"]
    assert finds and finds[0]["layer"] == "find" and len(finds[0]["features"]) == 5
    assert any(m == "progress" and p["stage"] == "find" and p["done"] == p["total"] == 24 for m, p in events)
    heat = r["heatmaps"][tif]
    with rasterio.open(heat) as ds:
        assert (ds.width, ds.height) == (6, 4) and ds.crs.to_epsg() == 32618
        assert ds.transform.a == PATCH * PX and (ds.transform.c, ds.transform.f) == ORIGIN
        grid = ds.read(1)
        assert ds.tags()["query"] == "solar farm"
    best = geoms[0].centroid
    row, col = int((ORIGIN[1] - best.y) // (PATCH * PX)), int((best.x - ORIGIN[0]) // (PATCH * PX))
    assert grid[row, col] == pytest.approx(rows[0]["score"], abs=1e-5) == np.nanmax(grid)


def test_bad_input_fails_before_the_encoder(tmp_path, scene):
    tif, _ = scene
    with pytest.raises(BadInput, match="Nothing to look for"):
        run_find(raster=tif, encoder=str(tmp_path / "no-such-encoder"))
    with pytest.raises(BadInput, match="top must be"):
        run_find(raster=tif, question="x", top=0, encoder=str(tmp_path / "no-such-encoder"))
    with pytest.raises(BadInput):
        run_find(raster=str(tmp_path / "missing.tif"), question="x", encoder=str(tmp_path / "no-such"))


def test_an_aoi_limits_the_search_and_the_heat_map(tiny_clip, scene, tmp_path):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    aoi = [ORIGIN[0], ORIGIN[1] - 2 * PATCH * PX, ORIGIN[0] + 3 * PATCH * PX, ORIGIN[1]]  # 3 x 2 patches
    r = run_find(raster=tif, question="roof", encoder=onnx_dir, top=50, aoi=aoi, out=str(tmp_path / "f.gpkg"))
    assert r["tiles_total"] == 6 == r["features"] == r["tiles_encoded"]
    with rasterio.open(r["heatmaps"][tif]) as ds:
        assert int(np.isfinite(ds.read(1)).sum()) == 6


def test_the_encoder_is_kept_open_between_jobs(tiny_clip):
    _, onnx_dir = tiny_clip
    assert open_encoder(onnx_dir, "fp32", "cpu") is open_encoder(onnx_dir, "fp32", "cpu")
