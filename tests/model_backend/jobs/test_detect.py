"""The detect job end to end: tiling, reading, parsing, georeferencing, merging, writing.

``OracleEngine`` stands in for the model (a test double): a random tiny model outputs noise,
so to check that boxes land where objects are, the "model" here finds the bright rectangles
in the very image the pipeline hands it and answers in Qwen2.5-VL's real output format
(JSON ``bbox_2d`` in pixels of the processor-resized image, resized with transformers' own
``smart_resize``). Everything else is the real code path.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin
from scipy import ndimage
from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

from model_backend.engines.base import Generation
from model_backend.errors import BadInput
from model_backend.families import qwen2_5_vl
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec


class OracleEngine:
    """Test double for the model (see module docstring). ``garbage_every`` answers prose."""

    family, family_module, device, quantization = "qwen2_5_vl", qwen2_5_vl, "cpu", "none"

    def __init__(self, model="oracle", garbage_every=0, **_):
        self.model, self.garbage_every, self.calls = model, garbage_every, 0

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        out = []
        for img in images:
            self.calls += 1
            a = np.asarray(img)[:, :, 0]
            h, w = a.shape
            fh, fw = smart_resize(h, w, factor=28, min_pixels=28 * 28, max_pixels=1280 * 28 * 28)
            if self.garbage_every and self.calls % self.garbage_every == 0:
                out.append(Generation("I am not sure what is in this picture.", (fw, fh)))
                continue
            lab, _ = ndimage.label(a > 200)
            boxes = []
            for sl in ndimage.find_objects(lab):
                y, x = sl
                boxes.append(
                    {
                        "bbox_2d": [
                            round(x.start * fw / w),
                            round(y.start * fh / h),
                            round(x.stop * fw / w),
                            round(y.stop * fh / h),
                        ],
                        "label": "tank",
                    }
                )
            out.append(Generation("```json\n" + json.dumps(boxes) + "\n```", (fw, fh)))
        return out


def write_objects(path, crs, transform, objects, size=(300, 240), count=3, dtype="uint8", nodata=None):
    data = np.full((count, size[1], size[0]), 60, dtype=dtype)
    for c0, r0, c1, r1 in objects:
        data[:, r0:r1, c0:c1] = 250
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=size[0],
        height=size[1],
        count=count,
        dtype=dtype,
        crs=crs,
        transform=transform,
        nodata=nodata,
    ) as dst:
        dst.write(data)
    return path


def run(job, engine=None):
    events = []
    engine = engine or OracleEngine()
    ctx = JobContext(1, lambda m, p: events.append((m, p)), EngineCache(factory=lambda **kw: engine))
    return run_job(job, ctx), events


def pixel_box(transform, c0, r0, c1, r1):
    (x0, y0), (x1, y1) = transform * (c0, r0), transform * (c1, r1)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


# objects in pixels (col0, row0, col1, row1); tiles of 128 px with 15 % overlap: stride 109
OBJECTS = [
    (20, 20, 40, 36),  # inside tile 0 only
    (100, 60, 125, 80),  # straddles the first vertical tile border (109..128 overlap)
    (200, 150, 212, 162),
    (216, 150, 228, 162),
]  # two close, distinct objects


@pytest.mark.parametrize(
    "crs,transform",
    [
        ("EPSG:32618", from_origin(500000, 4500000, 2.0, 2.0)),
        ("EPSG:4326", from_origin(-74.01, 40.71, 0.00002, 0.00002)),
        ("EPSG:3857", from_origin(-8238000, 4970000, 1.5, 1.5)),
    ],
)
def test_detections_land_on_the_objects_in_every_crs(tmp_path, crs, transform):
    tif = write_objects(str(tmp_path / "o.tif"), crs, transform, OBJECTS)
    out = tmp_path / "det.gpkg"
    res, events = run(JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=128, out=str(out)))
    assert res["status"] == "ok" and res["tiles_total"] > 4
    info = pyogrio.read_info(str(out), layer="detections")
    assert info["features"] == len(OBJECTS) == res["features"]
    assert rasterio.crs.CRS.from_user_input(info["crs"]) == rasterio.crs.CRS.from_user_input(crs)
    _, _, wkb, fields = pyogrio.raw.read(str(out), layer="detections")
    got = sorted(shapely.from_wkb(wkb).tolist(), key=lambda g: g.bounds[0])
    px = abs(transform.a)
    for geom, obj in zip(got, OBJECTS):
        assert geom.bounds == pytest.approx(pixel_box(transform, *obj), abs=1.5 * px)
    labels = fields[list(info["fields"]).index("label")]
    assert set(labels) == {"tank"}
    streamed = [f for m, p in events if m == "features" for f in p["features"]]
    assert len(streamed) == len(OBJECTS)  # the layer got each feature once, as it settled


def test_aoi_clips_and_every_feature_lies_within_it(tmp_path):
    t = from_origin(500000, 4500000, 2.0, 2.0)
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", t, OBJECTS)
    aoi = [500000 + 2 * 90, 4500000 - 2 * 200, 500000 + 2 * 230, 4500000 - 2 * 10]
    res, events = run(JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=128, aoi=aoi))
    feats = [shapely.from_wkt(f["wkt"]) for m, p in events if m == "features" for f in p["features"]]
    box = shapely.box(*aoi)
    assert len(feats) == 3 and all(box.buffer(1e-6).contains(g) for g in feats)
    props = [f["properties"] for m, p in events if m == "features" for f in p["features"]]
    assert all(
        p["task"] == "detect"
        and p["prompt"] == "tank"
        and p["source"] == tif
        and isinstance(p["tile_id"], int)
        and p["created"]
        for p in props
    )


def test_unparseable_tiles_are_counted_and_the_job_goes_on(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", from_origin(500000, 4500000, 2.0, 2.0), OBJECTS)
    res, events = run(
        JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=128),
        OracleEngine(garbage_every=2),
    )
    assert res["status"] == "ok" and res["tiles_unparsed"] == res["tiles_total"] // 2
    warnings = [p["message"] for m, p in events if m == "log" and p["level"] == "warning"]
    assert sum("unparseable model answer" in w for w in warnings) == 1  # warned once, then counted


def test_uint16_four_band_with_nodata_and_nodata_tiles_skipped(tmp_path):
    t = from_origin(500000, 4500000, 2.0, 2.0)
    tif = str(tmp_path / "u16.tif")
    data = np.full((4, 240, 300), 1000, dtype="uint16")
    data[:, :, 150:] = 0  # right half nodata
    data[:, 20:36, 20:40] = 9000
    with rasterio.open(
        tif,
        "w",
        driver="GTiff",
        width=300,
        height=240,
        count=4,
        dtype="uint16",
        crs="EPSG:32618",
        transform=t,
        nodata=0,
    ) as dst:
        dst.write(data)
    res, _ = run(JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=64, overlap=0.0))
    assert res["tiles_skipped_nodata"] > 0 and res["features"] == 1


def test_one_pixel_raster_runs(tmp_path):
    tif = write_objects(str(tmp_path / "px.tif"), "EPSG:32618", from_origin(500000, 4500000, 2, 2), [], size=(1, 1))
    res, _ = run(JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle"))
    assert res["tiles_total"] == 1 and res["status"] == "ok"


@pytest.mark.parametrize(
    "case,match",
    [("no_labels", "Nothing to detect"), ("outside", "does not overlap"), ("all_nodata", "no valid pixels")],
)
def test_bad_input(tmp_path, case, match, rasters_dir):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", from_origin(500000, 4500000, 2, 2), OBJECTS)
    job = JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", out=str(tmp_path / "x.gpkg"))
    if case == "no_labels":
        job.labels = [" ", ""]
    elif case == "outside":
        job.aoi = [0, 0, 10, 10]
    elif case == "all_nodata":
        job.raster = os.path.join(rasters_dir, "all_nodata_uint16.tif")
    with pytest.raises(BadInput, match=match):
        run(job)
    assert not (tmp_path / "x.gpkg").exists()
