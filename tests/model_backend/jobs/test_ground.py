"""The ground job: one image for AOIs up to twice the input size, tiles beyond, one best box.

``PickingOracle`` stands in for the model: in the image it is handed it finds the bright
objects and names them in Qwen2.5-VL's real answer format, the largest first (as a model that
understood "the largest bright roof" would), optionally with a score. Asked about a tile, it
names that tile's largest object even when the one meant is elsewhere: the job's rule (nearest
tile centre to the AOI's centre, unless scores decide) must still pick the right one."""

from __future__ import annotations

import json

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from scipy import ndimage
from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

from model_backend.cli import main
from model_backend.engines.base import Generation
from model_backend.errors import BadInput
from model_backend.families import qwen2_5_vl
from model_backend.jobs.ground import Candidate, best
from model_backend.protocol import JobSpec

from ..helpers import write_utm_rgb
from .test_detect import pixel_box, run, write_objects

T = rasterio.transform.from_origin(500000, 4500000, 2.0, 2.0)


class PickingOracle:
    family, family_module, device, quantization = "qwen2_5_vl", qwen2_5_vl, "cpu", "none"

    def __init__(self, scored=False, blind=False, model="oracle", **_):
        self.model, self.scored, self.blind, self.sizes = model, scored, blind, []

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        out = []
        for img in images:
            self.sizes.append(img.size)
            a = np.asarray(img)[:, :, 0]
            h, w = a.shape
            fh, fw = smart_resize(h, w, factor=28, min_pixels=28 * 28, max_pixels=1280 * 28 * 28)
            if self.blind:
                out.append(Generation("I cannot find it in this image.", (fw, fh)))
                continue
            lab, _ = ndimage.label(a > 200)
            boxes = []
            for sl in ndimage.find_objects(lab):
                y, x = sl
                area = (x.stop - x.start) * (y.stop - y.start)  # image px (= raster px for tiles)
                box = {
                    "bbox_2d": [
                        round(x.start * fw / w),
                        round(y.start * fh / h),
                        round(x.stop * fw / w),
                        round(y.stop * fh / h),
                    ],
                    "label": "roof",
                }
                if self.scored:
                    box["score"] = round(area / 10000, 4)
                boxes.append((area, box))
            boxes.sort(key=lambda ab: -ab[0])
            out.append(Generation(json.dumps([b for _, b in boxes]), (fw, fh)))
        return out


def job(tif, **kw):
    return JobSpec(raster=tif, task="ground", question="the largest bright roof", model="oracle", **kw)


def test_small_aoi_is_one_image_and_the_models_first_box_wins(tmp_path):
    objects = [(20, 20, 40, 36), (200, 150, 260, 190), (100, 60, 120, 80)]
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, objects)
    engine = PickingOracle()
    out = tmp_path / "g.gpkg"
    res, events = run(job(tif, out=str(out)), engine)
    assert res["status"] == "ok" and res["found"] and res["tiles"] == 1
    assert len(engine.sizes) == 1 and max(engine.sizes[0]) == qwen2_5_vl.INPUT_SIZE
    got = shapely.from_wkt(res["wkt"])
    assert got.bounds == pytest.approx(pixel_box(T, *objects[1]), abs=3.0)
    info = pyogrio.read_info(str(out), layer="grounding")
    assert info["features"] == 1 and info["crs"] == "EPSG:32618"
    streamed = [(p["layer"], f["properties"]["task"]) for m, p in events if m == "features" for f in p["features"]]
    assert streamed == [("grounding", "ground")]


def test_tiled_without_scores_takes_the_tile_nearest_the_aoi_centre(tmp_path):
    # the target, small, at the centre; bigger decoys near the corners (each tile names its own)
    objects = [(145, 115, 157, 125), (5, 5, 45, 35), (250, 190, 295, 235), (250, 5, 295, 40)]
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, objects)
    engine = PickingOracle()
    res, _ = run(job(tif, tile_size=64, batch_size=3), engine)
    assert res["tiles"] > 4 and len(engine.sizes) == res["tiles"] and res["candidates"] > 3
    assert shapely.from_wkt(res["wkt"]).bounds == pytest.approx(pixel_box(T, *objects[0]), abs=2.0)


def test_tiled_with_scores_the_highest_score_wins(tmp_path):
    objects = [(145, 115, 157, 125), (5, 5, 45, 35), (250, 190, 295, 235)]
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, objects)
    res, _ = run(job(tif, tile_size=64), PickingOracle(scored=True))
    assert shapely.from_wkt(res["wkt"]).bounds == pytest.approx(pixel_box(T, *objects[2]), abs=2.0)
    assert res["score"] == pytest.approx(45 * 45 / 10000, rel=0.05)


def test_rank_rule():
    c = [Candidate("a", "", None, 5.0, 0, 0), Candidate("b", "", None, 1.0, 1, 1), Candidate("c", "", None, 1.0, 0, 1)]
    assert best(c).geom == "c"  # nearest tile, then the model's first box
    assert best(c + [Candidate("d", "", 0.2, 9.0, 3, 2)]).geom == "d"  # any score beats none
    assert best([]) is None


def test_nothing_found_writes_an_empty_layer_and_says_so(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, [(20, 20, 40, 36)])
    out = tmp_path / "none.gpkg"
    res, events = run(job(tif, out=str(out)), PickingOracle(blind=True))
    assert res["status"] == "ok" and res["found"] is False and res["wkt"] is None
    assert res["answer"] == "the model found no largest bright roof in the area"
    assert pyogrio.read_info(str(out), layer="grounding")["features"] == 0
    assert not [e for e in events if e[0] == "features"]


def test_no_expression_is_bad_input(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, [])
    with pytest.raises(BadInput, match="referring expression"):
        run(JobSpec(raster=tif, task="ground", model="oracle", question="  "), PickingOracle())


def test_cli_ground_with_the_tiny_model(tiny_model_dir, tmp_path, capsys):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    out = tmp_path / "g.gpkg"
    aoi = (500200, 4498800, 501600, 4499900)
    code = main(
        [
            "ground",
            "--raster",
            tif,
            "--model",
            tiny_model_dir,
            "--device",
            "cpu",
            "--quantization",
            "none",
            "--max-new-tokens",
            "3",
            "--expression",
            "the white building",
            "--aoi",
            ",".join(map(str, aoi)),
            "--out",
            str(out),
            "--json",
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    result = json.loads(printed.out)
    assert result["task"] == "ground" and result["tiles"] == 1 and result["status"] == "ok"
    info = pyogrio.read_info(str(out), layer="grounding")
    assert info["crs"] == "EPSG:32618" and info["features"] == int(result["found"])
    if result["found"]:  # noise answers rarely hold a box; when they do it must lie in the AOI
        assert shapely.box(*aoi).buffer(1e-6).contains(shapely.from_wkt(result["wkt"]))
    else:
        assert result["answer"] == "the model found no white building in the area"
    assert (
        main(
            [
                "ground",
                "--raster",
                tif,
                "--model",
                tiny_model_dir,
                "--expression",
                " ",
                "--out",
                str(tmp_path / "x.gpkg"),
            ]
        )
        == 2
    )
    assert not (tmp_path / "x.gpkg").exists()


def test_cancel_over_tiles_keeps_the_best_box_so_far(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, [(5, 5, 45, 35), (250, 190, 295, 235)])

    class Cancelling(PickingOracle):
        def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
            out = super().generate(images, messages, max_new_tokens, cancel, on_token)
            if len(self.sizes) >= 2:
                cancel.set()
            return out

    out = tmp_path / "c.gpkg"
    res, _ = run(job(tif, tile_size=64, out=str(out)), Cancelling())
    assert res["status"] == "cancelled" and res["found"]  # tile 0 holds the first object
    assert shapely.from_wkt(res["wkt"]).bounds == pytest.approx(pixel_box(T, 5, 5, 45, 35), abs=2.0)
    assert pyogrio.read_info(str(out), layer="grounding")["features"] == 1
