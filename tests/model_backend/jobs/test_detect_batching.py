"""Tile batching in the detect job: same features whatever the batch size, batches of at most
``batch_size`` images, progress per tile, all-nodata tiles never sent, cancel keeps features.

The model is ``OracleEngine`` (see test_detect): it answers in Qwen2.5-VL's real format with
the bright objects of each image it is handed, so a tile mixed up inside a batch would put a
box in the wrong place and change the features."""

from __future__ import annotations

import threading

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from .test_detect import OBJECTS, OracleEngine, write_objects

T = from_origin(500000, 4500000, 2.0, 2.0)


class RecordingOracle(OracleEngine):
    """The oracle, recording how many images each generate call got; can cancel after N calls."""

    def __init__(self, cancel_after_calls=0, **kw):
        super().__init__(**kw)
        self.batches, self.cancel_after_calls, self.cancel = [], cancel_after_calls, None

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        assert len(images) == len(messages)
        self.batches.append(len(images))
        out = super().generate(images, messages, max_new_tokens, cancel, on_token)
        if self.cancel_after_calls and len(self.batches) == self.cancel_after_calls:
            cancel.set()
        return out


class BatchSizeEngine(RecordingOracle):
    """An engine whose generate takes ``batch_size`` (as the transformers engine does)."""

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        self.asked_batch_size = batch_size
        return super().generate(images, messages, max_new_tokens, cancel, on_token)


def run(job, engine):
    events = []
    ctx = JobContext(1, lambda m, p: events.append((m, p)), EngineCache(factory=lambda **kw: engine))
    return run_job(job, ctx), events


def features(path):
    _, _, wkb, fields = pyogrio.raw.read(str(path), layer="detections")
    info = pyogrio.read_info(str(path), layer="detections")
    labels = fields[list(info["fields"]).index("label")]
    return sorted((tuple(round(v, 6) for v in shapely.from_wkb(g).bounds), l) for g, l in zip(wkb, labels))


def test_batch_of_three_gives_the_same_features_as_one(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    results = {}
    for size in (1, 3):
        engine = RecordingOracle()
        out = tmp_path / f"b{size}.gpkg"
        res, events = run(
            JobSpec(
                raster=tif,
                task="detect",
                labels=["tank"],
                model="oracle",
                tile_size=70,
                overlap=0.15,
                batch_size=size,
                out=str(out),
            ),
            engine,
        )
        assert res["status"] == "ok" and res["features"] == len(OBJECTS)
        results[size] = (features(out), engine.batches, res, events)
    assert results[1][0] == results[3][0]
    tiles = results[3][2]["tiles_total"]
    assert tiles > 6 and tiles % 3  # a partial last batch
    assert results[1][1] == [1] * tiles
    assert all(n <= 3 for n in results[3][1]) and sum(results[3][1]) == tiles
    assert results[3][1].count(3) == tiles // 3
    # progress is still reported once per tile, in order
    done = [p["done"] for m, p in results[3][3] if m == "progress" and p["stage"] == "detect"]
    assert done == list(range(tiles + 1))


def test_nodata_tiles_are_never_sent_and_order_is_kept(tmp_path):
    tif = str(tmp_path / "holes.tif")
    data = np.full((3, 240, 300), 60, dtype="uint8")
    data[:, :, 100:200] = 0  # a nodata band down the middle: whole tiles of nodata
    for c0, r0, c1, r1 in [(20, 20, 40, 36), (230, 150, 250, 170), (10, 200, 30, 220)]:
        data[:, r0:r1, c0:c1] = 250
    with rasterio.open(
        tif, "w", driver="GTiff", width=300, height=240, count=3, dtype="uint8", crs="EPSG:32618", transform=T, nodata=0
    ) as dst:
        dst.write(data)
    got = {}
    for size in (1, 4):
        engine = RecordingOracle()
        out = tmp_path / f"h{size}.gpkg"
        res, _ = run(
            JobSpec(
                raster=tif,
                task="detect",
                labels=["tank"],
                model="oracle",
                tile_size=50,
                overlap=0.0,
                batch_size=size,
                out=str(out),
            ),
            engine,
        )
        assert res["tiles_skipped_nodata"] > 0 and res["features"] == 3
        assert sum(engine.batches) == res["tiles_total"] - res["tiles_skipped_nodata"]
        assert max(engine.batches) <= size
        got[size] = features(out)
    assert got[1] == got[4]


def test_the_engine_is_told_the_batch_size(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    engine = BatchSizeEngine()
    res, _ = run(
        JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=64, batch_size=5), engine
    )
    assert res["status"] == "ok" and engine.asked_batch_size == 5 and max(engine.batches) == 5


def test_cancel_between_batches_keeps_the_features_found(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    engine = RecordingOracle(cancel_after_calls=2)
    out = tmp_path / "c.gpkg"
    res, events = run(
        JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=64, batch_size=3, out=str(out)),
        engine,
    )
    assert res["status"] == "cancelled" and engine.batches == [3, 3]
    assert res["tiles_done"] == 6 < res["tiles_total"]
    streamed = [f for m, p in events if m == "features" for f in p["features"]]
    assert pyogrio.read_info(str(out), layer="detections")["features"] == len(streamed) == res["features"]
    assert res["features"] >= 1  # the object in tile 0 was found before the cancel
    assert any("cancelled after 6 of" in p["message"] for m, p in events if m == "log")


@pytest.mark.parametrize("size", [0, -2])
def test_batch_size_must_be_positive(tmp_path, size):
    from model_backend.errors import BadInput

    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    with pytest.raises(BadInput, match="batch_size"):
        run(JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", batch_size=size), RecordingOracle())


def test_cancel_event_is_the_jobs(tmp_path):
    """The engine gets the job's cancel event, so a long batch can stop mid-generation."""
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    seen = []

    class Spy(RecordingOracle):
        def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
            seen.append(cancel)
            return super().generate(images, messages, max_new_tokens, cancel, on_token)

    run(JobSpec(raster=tif, task="detect", labels=["tank"], model="oracle", tile_size=128, batch_size=2), Spy())
    assert seen and all(isinstance(c, threading.Event) for c in seen)
