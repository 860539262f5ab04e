"""Detect (and ground) through the OpenAI-compatible engine, family by family: boxes on the map.

``engine="openai"`` against ``LoopbackOpenAIServer`` (a real HTTP server standing in for vLLM),
which answers each tile with a recorded answer of the family (tests/data/recorded, see the
READMEs). The expected map coordinates are worked out here from the raster's transform and each
family's documented convention and server image size, never with the family's parser: switch
the family (or the engine) and the boxes must still land where the model put them.
"""

from __future__ import annotations

import json
from typing import Any, List, Tuple

import numpy as np
import pyproj
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin
from shapely import affinity

from model_backend import families
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from ..loopback_openai_server import LoopbackOpenAIServer, recorded
from .test_family_task_matrix import CRS, ORIGIN, PX, read_layer


@pytest.fixture(autouse=True)
def _direct_to_loopback(monkeypatch):
    """urllib honours *_proxy variables; the loopback server must be reached directly."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# Each case: a raster of two tiles side by side (overlap 0), T x H raster px each, 2 m pixels;
# the server answers tile k with the case's answers[k] (tile 0's band 1 is 40, tile 1's is 140:
# that is how it tells them apart). An expectation gives (label, box in pixels of tile k).
def _json(text: str) -> Any:
    return json.loads(text.strip().removeprefix("```json").removesuffix("```"))


def _qwen2_5_vl(k: int, w: int, h: int) -> List[Tuple[str, Any]]:
    # Absolute pixels of the server-resized image: smart_resize (factor 28) of 300 x 200 is
    # 11*28 x 7*28 = 308 x 196 (round(300/28) = 11, round(200/28) = 7; 60368 px within bounds).
    fed_w, fed_h = 308, 196
    item = _json(recorded("single_object"))
    x1, y1, x2, y2 = item["bbox_2d"]
    return [(item["label"], shapely.box(x1 * w / fed_w, y1 * h / fed_h, x2 * w / fed_w, y2 * h / fed_h))]


def _qwen3_vl(k: int, w: int, h: int) -> List[Tuple[str, Any]]:
    # 0-1000 relative to the fed image, x and y apart: the server's resize does not matter.
    items = _json(recorded("cookbook_dining_table" if k == 0 else "single_ground", "qwen3_vl"))
    return [(i["label"], shapely.box(*(v / 1000 * (w, h)[j % 2] for j, v in enumerate(i["bbox_2d"])))) for i in items]


# Bins of the recorded Florence-2 answers (tile 0: od_car_base, tile 1: ovd_car_large).
FLORENCE_BINS = [
    [
        ("car", (53, 333, 933, 774)),
        ("door handle", (425, 503, 474, 515)),
        ("wheel", (709, 576, 865, 772)),
        ("wheel", (150, 584, 309, 773)),
    ],
    [("car", (52, 334, 932, 774))],
]


def _florence2(k: int, w: int, h: int) -> List[Tuple[str, Any]]:
    # <loc_N>: bin centre (N + 0.5) / 1000 of each side of the 768 x 768 square the server
    # feeds, whatever the tile's shape; that square is then scaled back to the tile.
    def px(n: int, side: int) -> float:
        return (n + 0.5) * 768 / 1000 * side / 768

    return [(label, shapely.box(px(a, w), px(b, h), px(c, w), px(d, h))) for label, (a, b, c, d) in FLORENCE_BINS[k]]


# GeoChat boxes: corners on a 0-100 grid of the 504 x 504 square, theta in degrees. Square
# tiles: refer_buildings_seven, refer_road_45; wide tiles: grounding_harbor, refer_water_body.
GEOCHAT_BOXES = {
    "square": [
        [
            (10, 13, 18, 25, 90),
            (16, 10, 20, 14, 90),
            (20, 10, 24, 14, 90),
            (24, 10, 30, 14, 90),
            (28, 10, 34, 14, 90),
            (32, 10, 38, 14, 90),
            (40, 10, 46, 14, 90),
        ],
        [(69, 0, 77, 100, 45)],
    ],
    "wide": [[(36, 56, 76, 80, 90)], [(0, 53, 29, 73, 90)]],
}
GEOCHAT_TEXTS = {"square": ("refer_buildings_seven", "refer_road_45"), "wide": ("grounding_harbor", "refer_water_body")}


def _geochat(shape: str, labels: Tuple[str, str]):
    def expect(k: int, w: int, h: int) -> List[Tuple[str, Any]]:
        # GeoChat pads the image to a square (side max(w, h), the image centred, offsets
        # floored: expand2square), resizes that to 504 and reads the grid over it. So: grid ->
        # the 504 square -> the padded square -> minus the pad; turned about its centre by
        # theta, counter-clockwise as seen on screen (y down: shapely's y-up angle negated);
        # cut to the image.
        side = max(w, h)
        pad_x, pad_y = (side - w) // 2, (side - h) // 2
        out = []
        for x1, y1, x2, y2, theta in GEOCHAT_BOXES[shape][k]:
            box = shapely.box(*(v * 504 / 100 * side / 504 for v in (x1, y1, x2, y2)))
            box = affinity.translate(affinity.rotate(box, -theta, origin="centroid"), -pad_x, -pad_y)
            out.append((labels[k], box.intersection(shapely.box(0, 0, w, h))))
        return out

    return expect


CASES = {  # case: (family, tile size T, tile height H, labels, answers per tile, prompt marker, expectation)
    "qwen2_5_vl": ("qwen2_5_vl", 300, 200, ["building"], [recorded("single_object")] * 2, "'building'", _qwen2_5_vl),
    "qwen3_vl": (
        "qwen3_vl",
        300,
        200,
        ["plate/dish"],
        [recorded("cookbook_dining_table", "qwen3_vl"), recorded("single_ground", "qwen3_vl")],
        '"plate/dish"',
        _qwen3_vl,
    ),
    "florence2": (
        "florence2",
        300,
        200,
        ["car"],
        [recorded("od_car_base", "florence2"), recorded("ovd_car_large", "florence2")],
        "<CAPTION_TO_PHRASE_GROUNDING>car",
        _florence2,
    ),
    "geochat_square": (
        "geochat",
        252,
        252,
        ["building"],
        [recorded(n, "geochat") for n in GEOCHAT_TEXTS["square"]],
        "[refer] Give me the location of <p> building </p>",
        _geochat("square", ("building", "building")),
    ),
    # Not square: GeoChat's grid is over the padded square, so y is offset, not just scaled.
    "geochat_wide": (
        "geochat",
        300,
        200,
        ["harbor"],
        [recorded(n, "geochat") for n in GEOCHAT_TEXTS["wide"]],
        "<p> harbor </p>",
        _geochat("wide", ("1 large harbor", "harbor")),
    ),
}


def test_the_cases_cover_every_family_and_their_numbers_are_the_recordings():
    assert {case[0] for case in CASES.values()} == set(families.all_families())
    od, ovd = recorded("od_car_base", "florence2"), recorded("ovd_car_large", "florence2")
    for text, boxes in ((od, FLORENCE_BINS[0][:3]), (ovd, FLORENCE_BINS[1])):
        for label, bins in boxes:
            assert label + "".join(f"<loc_{n}>" for n in bins) in text
    assert "<loc_150><loc_584><loc_309><loc_773>" in od  # the second wheel follows the first
    for shape, names in GEOCHAT_TEXTS.items():
        for name, boxes in zip(names, GEOCHAT_BOXES[shape]):
            text = recorded(name, "geochat")
            assert text.strip().endswith("".join("{<%d><%d><%d><%d>|<%d>}" % b for b in boxes)), name
    assert recorded("grounding_harbor", "geochat").startswith("<p>1 large harbor</p> {")
    assert families.get("qwen2_5_vl").server_fed_size(300, 200) == (308, 196)
    assert families.get("florence2").server_fed_size(300, 200) == (768, 768)
    assert families.get("geochat").server_fed_size(300, 200) == (504, 504)


def _tile_raster(path: str, side: int, height: int) -> str:
    cols, rows = np.meshgrid(np.arange(2 * side), np.arange(height))
    band1 = np.where(cols < side, 40, 140)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=2 * side,
        height=height,
        count=3,
        dtype="uint8",
        crs=CRS,
        transform=from_origin(*ORIGIN, PX, PX),
    ) as dst:
        dst.write(np.stack([band1, rows % 256, cols % 256]).astype("uint8"))
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_detect_through_a_server_lands_each_familys_boxes_on_the_map(case, tmp_path):
    family, side, height, labels, answers, marker, expect = CASES[case]
    tif = _tile_raster(str(tmp_path / "two_tiles.tif"), side, height)
    out = str(tmp_path / "detections.gpkg")

    def answer(seen) -> str:
        return answers[0 if seen.images[0].convert("RGB").getpixel((0, 0))[0] == 40 else 1]

    with LoopbackOpenAIServer(answer=answer, models=("team-model",)) as srv:
        job = JobSpec(
            raster=tif,
            task="detect",
            labels=labels,
            model="team-model",
            family=family,
            engine="openai",
            base_url=srv.url,
            tile_size=side,
            overlap=0.0,
            out=out,
        )
        res = run_job(job, JobContext(1, lambda m, p: None, EngineCache()))
        seen = sorted(srv.requests, key=lambda r: r.images[0].convert("RGB").getpixel((0, 0))[0])
    assert res["status"] == "ok" and res["family"] == family and res["tiles_total"] == 2
    assert res["tiles_unparsed"] == 0 and (res["device"], res["quantization"]) == ("remote", "server")
    assert [r.images[0].size for r in seen] == [(side, height)] * 2  # sent at read size, lossless
    assert all(len(r.texts) == 1 and marker in r.texts[0] for r in seen)

    want = []
    for k in range(2):
        for label, geom in expect(k, side, height):  # tile pixels -> map: x right, y down
            want.append(
                (k, label, affinity.affine_transform(geom, [PX, 0, 0, -PX, ORIGIN[0] + k * side * PX, ORIGIN[1]]))
            )
    crs, geoms, rows = read_layer(out, "detections")
    assert pyproj.CRS(crs) == pyproj.CRS(CRS) and res["features"] == len(rows) == len(want)
    got = sorted(((r["tile_id"], r["label"], g) for r, g in zip(rows, geoms)), key=lambda t: (t[0], t[1], t[2].bounds))
    want.sort(key=lambda t: (t[0], t[1], t[2].bounds))
    for (k, label, g), (wk, wlabel, w) in zip(got, want):
        assert (k, label) == (wk, wlabel)
        assert g.bounds == pytest.approx(w.bounds, abs=1e-6), (label, g.wkt, w.wkt)
        assert g.symmetric_difference(w).area < 1e-6 * w.area, (label, g.wkt, w.wkt)


def test_geochat_ground_on_one_non_square_image_takes_the_pad_off(tmp_path):
    """A 600 x 200 px AOI is under twice GeoChat's 504 px input: ground shows it as ONE wide
    image, which GeoChat pads to a square; the box must come back out of the pad."""
    tif = _tile_raster(str(tmp_path / "wide.tif"), 300, 200)
    out = str(tmp_path / "grounding.gpkg")
    with LoopbackOpenAIServer(answer=recorded("grounding_harbor", "geochat"), models=("team-model",)) as srv:
        job = JobSpec(
            raster=tif,
            task="ground",
            question="the large harbor",
            model="team-model",
            family="geochat",
            engine="openai",
            base_url=srv.url,
            out=out,
        )
        res = run_job(job, JobContext(1, lambda m, p: None, EngineCache()))
        (seen,) = srv.requests
    iw, ih = seen.images[0].size
    assert res["status"] == "ok" and res["found"] and res["tiles"] == 1 and (iw, ih) == (504, 168)
    box = _geochat("wide", ("1 large harbor", ""))(0, iw, ih)[0][1]  # in pixels of the wide image
    want = affinity.affine_transform(box, [PX * 600 / iw, 0, 0, -PX * 200 / ih, ORIGIN[0], ORIGIN[1]])
    _, geoms, rows = read_layer(out, "grounding")
    assert len(geoms) == 1 and rows[0]["label"] == "1 large harbor" and rows[0]["task"] == "ground"
    assert geoms[0].bounds == pytest.approx(want.bounds, abs=1e-6)
    assert geoms[0].symmetric_difference(want).area < 1e-6 * want.area
