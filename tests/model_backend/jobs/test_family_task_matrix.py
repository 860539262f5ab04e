"""Every family x every job task, end to end through ``run_job`` with the tiny models.

Each family's tiny random model (``model_backend.tiny``: real classes, NF4 on CPU) runs over a
GeoTIFF written here, for every task the registry says the family can do: real generate, parse,
georeference and write. A random model's answers are noise, so detections are usually none;
what is checked is the path: status, the output layers, their CRS, every feature inside the
AOI, the attributes filled in, the result's counts, one model load per family. Pairs the
registry refuses must fail with the family's own reason, before a load, writing nothing.
Where boxes land on the map, family by family, is test_family_boxes_via_server.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Dict, List, Tuple

import numpy as np
import pyogrio
import pyproj
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from model_backend import families, protocol, tiny
from model_backend.errors import BadInput
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.families_check import task_matrix
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

CRS = "EPSG:32618"
PX = 2.0  # metres per pixel
# West of the zone's central meridian (x = 500000): the lon/lat AOI comes out turned in UTM.
ORIGIN = (300000.0, 4500000.0)
MATRIX = task_matrix()
# Tasks that run a VLM (find ranks tiles with an image-text encoder: tests/model_backend/find).
VLM_TASKS = [t for t in protocol.TASKS if protocol.TASK_SPECS[t].model_tasks]
PAIRS = [(f, t) for f in tiny.families() for t in VLM_TASKS]
SUPPORTED = [p for p in PAIRS if p[1] in MATRIX[p[0]]["tasks"]]
UNSUPPORTED = [p for p in PAIRS if p[1] not in MATRIX[p[0]]["tasks"]]
EXTRA = {
    "ask": {"question": "What is in this area?"},
    "detect": {"labels": ["ship", "storage tank"]},
    "caption": {},
    "count": {"question": "How many ships are there?"},
    "ground": {"question": "the largest white building"},
}
LAYERS = {
    "ask": {"captions"},
    "detect": {"detections"},
    "caption": {"captions"},
    "count": {"evidence", "captions"},
    "ground": {"grounding"},
}
AREA_REQUIRED = ("answer", "question", "model", "quantization", "device", "source", "created", "elapsed_s")
BOX_REQUIRED = ("label", "task", "prompt", "model", "source", "tile_id", "created")


def test_the_registry_matrix_is_what_the_families_promise():
    assert set(MATRIX) == set(tiny.families()) == set(protocol.FAMILIES)
    for name in ("qwen2_5_vl", "qwen3_vl", "geochat"):
        assert MATRIX[name] == {"tasks": list(protocol.TASKS), "unavailable": {}}, name
    assert MATRIX["florence2"] == {
        "tasks": [t for t in protocol.TASKS if t != "ask"],
        "unavailable": {"ask": families.get("florence2").UNAVAILABLE["ask"]},
    }
    assert UNSUPPORTED == [("florence2", "ask")] and len(SUPPORTED) == 19


class TinyModels:
    """Each family's tiny model built once per module, with one EngineCache each (one load)."""

    def __init__(self, factory):
        self._factory, self._dirs, self.caches, self.first = factory, {}, {}, {}

    def model(self, family: str) -> str:
        if family not in self._dirs:
            self._dirs[family] = tiny.build_tiny_model(family, str(self._factory.mktemp(family)))
            self.caches[family] = EngineCache()
        return self._dirs[family]


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory) -> TinyModels:
    return TinyModels(tmp_path_factory)


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Tuple[str, List[float]]:
    """A 256 x 192 px, 2 m, 3-band GeoTIFF, and an AOI in lon/lat about 20 px inside it."""
    path = str(tmp_path_factory.mktemp("scene") / "scene.tif")
    rng = np.random.default_rng(7)
    cols, rows = np.meshgrid(np.arange(256), np.arange(192))
    data = np.stack([cols % 256, rows % 256, rng.integers(0, 256, cols.shape)]).astype("uint8")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=256,
        height=192,
        count=3,
        dtype="uint8",
        crs=CRS,
        transform=from_origin(*ORIGIN, PX, PX),
    ) as dst:
        dst.write(data)
    to_ll = pyproj.Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    x0, x1 = ORIGIN[0] + 20 * PX, ORIGIN[0] + 236 * PX
    y0, y1 = ORIGIN[1] - 172 * PX, ORIGIN[1] - 20 * PX
    lon, lat = to_ll.transform([x0, x1, x1, x0], [y0, y0, y1, y1])
    return path, [min(lon), min(lat), max(lon), max(lat)]


def read_layer(path: str, layer: str) -> Tuple[str, List[Any], List[Dict[str, Any]]]:
    """(CRS, geometries, attribute rows) of one layer, read back with pyogrio."""
    info = pyogrio.read_info(path, layer=layer)
    _, _, wkb, columns = pyogrio.raw.read(path, layer=layer)
    rows = [dict(zip(info["fields"], values)) for values in zip(*columns)] if len(columns) else []
    return info["crs"], list(shapely.from_wkb(wkb)) if len(wkb) else [], rows


def filled(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def check_rows(rows: List[Dict[str, Any]], required: Tuple[str, ...], model: str, tif: str) -> None:
    for row in rows:
        missing = [k for k in required if not filled(row.get(k))]
        assert not missing, (missing, row)
        assert row["model"] == model and row["source"] == tif
        assert datetime.fromisoformat(row["created"]).tzinfo is not None


@pytest.mark.parametrize("family,task", SUPPORTED)
def test_every_supported_pair_runs_the_real_job_path(family, task, tiny_models, scene, tmp_path):
    tif, aoi = scene
    model = tiny_models.model(family)
    cache = tiny_models.caches[family]
    events: List[Tuple[str, dict]] = []
    out = str(tmp_path / f"{family}_{task}.gpkg")
    job = JobSpec(
        raster=tif,
        task=task,
        aoi=aoi,
        aoi_crs="EPSG:4326",
        model=model,
        device="cpu",
        max_new_tokens=12,
        tile_size=64,
        out=out,
        **EXTRA[task],
    )
    res = run_job(job, JobContext(task, lambda m, p: events.append((m, p)), cache))

    # One load per family: every task reuses the engine the first one loaded.
    engine = tiny_models.first.setdefault(family, cache.loaded)
    assert cache.loaded is engine and engine.family == family
    assert (engine.device, engine.quantization) == ("cpu", "nf4")
    assert res["status"] == "ok" and res["task"] == task and res["family"] == family
    assert pyproj.CRS(res["crs_wkt"]) == pyproj.CRS(CRS)
    aoi_poly = shapely.from_wkt(res["aoi_wkt"])
    assert 0.9 < aoi_poly.area / (216 * 152 * PX * PX) < 1.1  # the lon/lat box, in metres,
    assert aoi_poly.area < 0.97 * aoi_poly.envelope.area  # turned: clipping to it is no box cut
    # the result layers, and the GeoPackage's table of runs (model_backend/writers/gpkg.py)
    assert {str(n) for n in pyogrio.list_layers(out)[:, 0]} == LAYERS[task] | {"georsmllm_runs"}
    layers = {name: read_layer(out, name) for name in LAYERS[task]}
    for name, (crs, geoms, _) in layers.items():
        assert pyproj.CRS(crs) == pyproj.CRS(CRS), name
        for g in geoms:
            assert g.area > 0 and aoi_poly.buffer(1e-6).covers(g), (name, g.wkt)
    streamed = {}
    for m, p in events:
        if m == "features":
            streamed[p["layer"]] = streamed.get(p["layer"], 0) + len(p["features"])
    if task != "ask":  # ask's one feature comes in its reply (``features``), not streamed
        assert streamed == {name: len(g) for name, (_, g, _) in layers.items() if g}
    CHECKS[task](res, layers, model, tif)


def _ask(res, layers, model, tif):
    _, geoms, rows = layers["captions"]
    assert len(rows) == 1 and rows[0]["answer"] == res["answer"] and res["answer"].strip()
    assert rows[0]["question"] == "What is in this area?" and rows[0]["quantization"] == "nf4"
    assert geoms[0].area == pytest.approx(shapely.from_wkt(res["aoi_wkt"]).area)
    assert res["history"] == [["What is in this area?", res["answer"]]]
    assert [f["properties"]["answer"] for f in res["features"]] == [res["answer"]]
    assert len(res["image_size"]) == 2 and min(res["image_size"]) > 0
    check_rows(rows, AREA_REQUIRED, model, tif)


def _tiled_detect(res, rows, task, prompt):
    assert res["tiles_total"] > 1 and res["tiles_done"] == res["tiles_total"]
    assert res["tiles_skipped_nodata"] == 0 and 0 <= res["tiles_unparsed"] <= res["tiles_total"]
    assert res["features"] == len(rows)
    for row in rows:
        assert row["task"] == task and row["prompt"] == prompt
        assert 0 <= row["tile_id"] < res["tiles_total"]


def _detect(res, layers, model, tif):
    _, _, rows = layers["detections"]
    assert res["labels"] == ["ship", "storage tank"] and res["prompt"] == "ship, storage tank"
    _tiled_detect(res, rows, "detect", "ship, storage tank")
    check_rows(rows, BOX_REQUIRED, model, tif)


def _caption(res, layers, model, tif):
    _, geoms, rows = layers["captions"]
    assert res["tiles"] > 1 and res["tiles_captioned"] == res["tiles"] and res["tiles_skipped_nodata"] == 0
    kinds = [r["kind"] for r in rows]
    assert kinds.count("summary") == 1 and kinds.count("tile") == res["tiles"] == len(rows) - 1
    assert sorted(r["tile_id"] for r in rows if r["kind"] == "tile") == list(range(res["tiles"]))
    summary = rows[kinds.index("summary")]
    assert summary["answer"] == res["answer"] and res["answer"].strip()
    assert geoms[kinds.index("summary")].area == pytest.approx(shapely.from_wkt(res["aoi_wkt"]).area)
    assert [r["answer"] for r in rows if r["kind"] == "tile"] == res["captions"]
    tiles = [g.area for g, r in zip(geoms, rows) if r["kind"] == "tile"]
    assert min(tiles) < max(tiles) == pytest.approx((64 * PX) ** 2)  # border tiles cut to the AOI
    check_rows(rows, AREA_REQUIRED + ("kind",), model, tif)


def _count(res, layers, model, tif):
    _, _, evidence = layers["evidence"]
    _, _, answers = layers["captions"]
    assert res["labels"] == ["ship"] and res["question"] == "How many ships are there?"
    _tiled_detect(res, evidence, "count", "ship")
    read = res["tiles_done"] - res["tiles_skipped_nodata"] - res["tiles_unparsed"]
    assert len(answers) == 1 and answers[0]["kind"] == "count"
    assert answers[0]["count_id"] == res["count_id"] and answers[0]["answer"] == res["answer"]
    if read == 0:  # a random model's noise: no tile readable, so the count is unknown, not 0
        stored = answers[0]["count"]  # pyogrio reads a NULL integer as NaN
        assert res["count"] is None and (stored is None or np.isnan(stored)) and res["answer"].startswith("unknown")
    else:
        assert res["count"] == len(evidence) == res["counts"]["ship"] == answers[0]["count"]
        lead = "at least " if res["tiles_unparsed"] else ""
        assert res["answer"].startswith(f"{lead}{res['count']} ship(s)")
    assert all(r["count_id"] == res["count_id"] and r["label"] == "ship" for r in evidence)
    check_rows(evidence, BOX_REQUIRED, model, tif)
    # an unknown count is stored as NULL: "count" is then rightly empty
    counted = ("count",) if res["count"] is not None else ()
    check_rows(answers, AREA_REQUIRED + ("kind", "count_id") + counted, model, tif)


def _ground(res, layers, model, tif):
    _, _, rows = layers["grounding"]
    assert res["tiles"] > 1 and res["expression"] == "the largest white building"
    assert len(rows) == (1 if res["found"] else 0) and res["candidates"] >= len(rows)
    if res["found"]:
        assert res["answer"].startswith("located the largest white building")
    else:
        assert res["answer"] == "the model found no largest white building in the area"
    for row in rows:
        assert row["task"] == "ground" and row["prompt"] == "the largest white building"
    check_rows(rows, BOX_REQUIRED, model, tif)


CHECKS = {"ask": _ask, "detect": _detect, "caption": _caption, "count": _count, "ground": _ground}


@pytest.mark.parametrize("family,task", UNSUPPORTED)
def test_every_unsupported_pair_is_refused_before_a_load(family, task, tiny_models, scene, tmp_path):
    tif, aoi = scene
    cache = EngineCache()
    out = tmp_path / "refused.gpkg"
    job = JobSpec(
        raster=tif,
        task=task,
        aoi=aoi,
        aoi_crs="EPSG:4326",
        model=tiny_models.model(family),
        device="cpu",
        max_new_tokens=8,
        tile_size=64,
        out=str(out),
        **EXTRA[task],
    )
    with pytest.raises(BadInput) as err:
        run_job(job, JobContext(1, lambda m, p: None, cache))
    assert str(err.value) == MATRIX[family]["unavailable"][task]
    assert str(err.value) == families.get(family).UNAVAILABLE[task]
    assert cache.loaded is None and not out.exists()
