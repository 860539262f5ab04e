"""The tile-embedding cache: a second query reuses the embeddings (the image tower is not run
again: its runs are counted), touching the file invalidates them, an AOI adds to them."""

from __future__ import annotations

import glob
import os

import numpy as np

from model_backend.find.encoder import open_encoder
from model_backend.find.index import fingerprint

from .conftest import ORIGIN, PATCH, PX
from .helpers import run_find


def test_the_second_query_does_not_encode_and_touching_the_file_does(tiny_clip, scene, tmp_path, private_cache):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    enc = open_encoder(onnx_dir, "auto", "auto")  # the one the jobs get (kept open between jobs)
    calls, images = enc.image_calls, enc.images
    first = run_find(raster=tif, question="solar farm", encoder=onnx_dir, out=str(tmp_path / "a.gpkg"))
    assert enc.images - images == 24 and enc.image_calls - calls == 2  # 16 + 8
    assert first["tiles_encoded"] == 24 and first["tiles_cached"] == 0
    assert len(glob.glob(os.path.join(private_cache, "find-index", "*.npz"))) == 1

    calls, images = enc.image_calls, enc.images
    second = run_find(raster=tif, question="ship", encoder=onnx_dir, out=str(tmp_path / "b.gpkg"))
    assert (enc.image_calls, enc.images) == (calls, images)  # not one tile through the image tower
    assert second["tiles_encoded"] == 0 and second["tiles_cached"] == 24

    again = run_find(raster=tif, question="solar farm", encoder=onnx_dir, out=str(tmp_path / "c.gpkg"))
    assert [s["best_score"] for s in again["sources"]] == [s["best_score"] for s in first["sources"]]

    st = os.stat(tif)
    os.utime(tif, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # `touch`: content unchanged
    images = enc.images
    third = run_find(raster=tif, question="ship", encoder=onnx_dir, out=str(tmp_path / "d.gpkg"))
    assert enc.images - images == 24 and third["tiles_encoded"] == 24
    # the stale index of the file before the touch is gone; one index remains
    assert len(glob.glob(os.path.join(private_cache, "find-index", "*.npz"))) == 1


def test_an_aoi_encodes_only_its_tiles_and_the_rest_later(tiny_clip, scene, tmp_path):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    aoi = [ORIGIN[0], ORIGIN[1] - 2 * PATCH * PX, ORIGIN[0] + 3 * PATCH * PX, ORIGIN[1]]
    part = run_find(raster=tif, question="x", encoder=onnx_dir, aoi=aoi, out=str(tmp_path / "a.gpkg"))
    assert (part["tiles_encoded"], part["tiles_cached"]) == (6, 0)
    whole = run_find(raster=tif, question="x", encoder=onnx_dir, out=str(tmp_path / "b.gpkg"))
    assert (whole["tiles_encoded"], whole["tiles_cached"]) == (18, 6)


def test_another_tiling_or_precision_is_another_index(tiny_clip, scene, tmp_path):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    run_find(raster=tif, question="x", encoder=onnx_dir, out=str(tmp_path / "a.gpkg"))
    r = run_find(raster=tif, question="x", encoder=onnx_dir, encoder_precision="int8", out=str(tmp_path / "b.gpkg"))
    assert r["tiles_encoded"] == 24 and "int8" in r["encoder"]
    r = run_find(raster=tif, question="x", encoder=onnx_dir, tile_size=128, out=str(tmp_path / "c.gpkg"))
    assert r["tiles_encoded"] == 6  # 3 x 2 tiles of 128 px


def test_the_fingerprint_sees_content_size_and_time(tmp_path):
    path = str(tmp_path / "f.bin")
    with open(path, "wb") as f:
        f.write(np.arange(3_000_000, dtype=np.uint8).tobytes())  # larger than the sampled blocks
    st = os.stat(path)
    a = fingerprint(path)
    assert fingerprint(path) == a
    with open(path, "r+b") as f:
        f.seek(0)
        f.write(b"\xff")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same time, other first byte
    assert fingerprint(path) != a
