"""A run that ends early keeps what it found, and says it is partial.

Cancelled (the cancel event, or Ctrl-C at a terminal) or broken mid-job (the server goes away,
the raster turns out truncated): the features found so far are delivered under a name that says
so (``x.partial.geojson``, never over the user's ``x.geojson``), or, in a GeoPackage, in a layer
whose run is recorded as ``cancelled`` / ``failed`` in the ``georsmllm_runs`` table. Real CLI or
real ``run_job``, real servers on 127.0.0.1, real GeoTIFFs.
"""

from __future__ import annotations

import os
import signal
import threading

import pyogrio
import pytest

from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from .outputs_support import (
    BOX_ANSWER,
    SERVED,
    assert_one_clear_error,
    dies_after,
    existing_file,
    fingerprint,
    integrity,
    job_args,
    no_proxy_env,
    run_cli,
    run_cli_process,
    runs,
    scene,
    serving,
)

ALL_TILES = 16


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for k, v in no_proxy_env().items():
        monkeypatch.setenv(k, v)


def _features(path: str, layer=None) -> int:
    return int(pyogrio.read_info(path, layer=layer)["features"])


def _partial_name(path: str) -> str:
    stem, ext = os.path.splitext(path)
    return f"{stem}.partial{ext}"


@pytest.mark.parametrize("target", ["gpkg-new", "gpkg-users", "geojson-users", "shp-users"])
def test_a_server_dying_mid_job_leaves_a_result_marked_failed(capsys, tmp_path, target):
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    ext = target.split("-")[0]
    out = str(work / "new.gpkg") if target == "gpkg-new" else existing_file(str(work), ext)
    before = fingerprint(str(work))
    srv = dies_after(5)
    try:
        code, _, err = run_cli(capsys, job_args("detect", raster, out, srv.url, "--concurrency", "1"))
    finally:
        srv.stop()
    assert code == 2, err
    assert_one_clear_error(err, "connection refused")
    warning = [line for line in err.splitlines() if "partial" in line and line.startswith("warning:")]
    assert len(warning) == 1, err
    if ext == "gpkg":
        assert integrity(out) == "ok"
        (run,) = runs(out)
        assert run["status"] == "failed" and run["layer"] == "detections" and run["task"] == "detect"
        assert 1 <= run["features"] < ALL_TILES == 16
        assert _features(out, "detections") == run["features"]
        assert out in warning[0] and "failed" in warning[0]
        if target == "gpkg-users":
            assert _features(out, "parcels") == 3
    else:
        partial = _partial_name(out)
        assert {k: v for k, v in fingerprint(str(work)).items() if k in before} == before
        assert 1 <= _features(partial) < ALL_TILES and os.path.basename(partial) in warning[0]
        assert not [n for n in os.listdir(work) if "incomplete" in n]


def _truncated_cog(folder: str) -> str:
    """A tiled GeoTIFF cut short: the first rows of blocks read, the last ones fail."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    path = os.path.join(folder, "cut.tif")
    rng = np.random.default_rng(0)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=256,
        height=256,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(500000, 4500000, 10, 10),
        tiled=True,
        blockxsize=64,
        blockysize=64,
    ) as dst:
        dst.write(rng.integers(20, 250, (3, 256, 256), dtype="uint8"))
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(int(size * 0.6))
    return path


@pytest.mark.parametrize("ext", ["gpkg", "geojson"])
def test_a_truncated_raster_leaves_a_result_marked_partial(capsys, tmp_path, ext):
    raster = _truncated_cog(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    out = existing_file(str(work), ext)
    before = fingerprint(str(work))
    srv = serving()
    try:
        code, _, err = run_cli(capsys, job_args("detect", raster, out, srv.url))
    finally:
        srv.stop()
    assert code in (1, 2), err  # how a read error is classed is not this test's promise
    assert 1 <= len(srv.requests) < ALL_TILES, "the test raster must fail part way"
    if ext == "gpkg":
        (run,) = runs(out)
        assert run["status"] == "failed" and 1 <= run["features"] < ALL_TILES
        assert integrity(out) == "ok"
    else:
        assert {k: v for k, v in fingerprint(str(work)).items() if k in before} == before
        assert 1 <= _features(_partial_name(out)) < ALL_TILES


def _cancel_after(n: int):
    """A server answering boxes that sets the returned event once it has answered ``n`` tiles."""
    cancel = threading.Event()
    lock, done = threading.Lock(), [0]

    def answer(_seen) -> str:
        with lock:
            done[0] += 1
            if done[0] >= n:
                cancel.set()
        return BOX_ANSWER

    return serving(answer=answer), cancel


def _run_cancelled(raster: str, out: str, task: str = "detect", n: int = 6, **job) -> dict:
    srv, cancel = _cancel_after(n)
    text = {
        "detect": {"labels": ["tank"]},
        "count": {"labels": ["tank"]},
        "caption": {},
        "ground": {"question": "the tank"},
    }[task]
    try:
        ctx = JobContext(1, lambda m, p: None, EngineCache(), cancel=cancel)
        return run_job(
            JobSpec(
                raster=raster,
                task=task,
                model=SERVED,
                engine="openai",
                base_url=srv.url,
                tile_size=64,
                overlap=0.0,
                out=out,
                concurrency=1,
                **text,
                **job,
            ),
            ctx,
        )
    finally:
        srv.stop()


@pytest.mark.parametrize("ext", ["geojson", "shp", "fgb"])
@pytest.mark.parametrize("users_file", [True, False], ids=["users-file", "no-file"])
def test_cancel_delivers_beside_the_target_under_a_partial_name(tmp_path, ext, users_file):
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    out = existing_file(str(work), ext) if users_file else str(work / f"d.{ext}")
    before = fingerprint(str(work))
    res = _run_cancelled(raster, out)
    assert res["status"] == "cancelled" and 1 <= res["features"] < ALL_TILES
    assert res["output"] == _partial_name(out)
    assert _features(res["output"]) == res["features"]
    assert {k: v for k, v in fingerprint(str(work)).items() if k in before} == before
    assert users_file or not os.path.exists(out)


@pytest.mark.parametrize("users_file", [True, False], ids=["users-file", "no-file"])
def test_cancel_into_a_geopackage_records_the_run_as_cancelled(tmp_path, users_file):
    raster = scene(str(tmp_path))
    out = existing_file(str(tmp_path), "gpkg") if users_file else str(tmp_path / "d.gpkg")
    res = _run_cancelled(raster, out)
    assert res["status"] == "cancelled" and res["output"] == out and res["output_layer"] == "detections"
    (run,) = runs(out)
    assert run["status"] == "cancelled" and run["features"] == res["features"] == _features(out, "detections")
    assert run["started"] <= run["ended"] and integrity(out) == "ok"


@pytest.mark.parametrize("ext", ["geojson", "gpkg"])
def test_a_cancelled_count_says_partial_in_both_of_its_outputs(tmp_path, ext):
    raster = scene(str(tmp_path))
    out = str(tmp_path / f"c.{ext}")
    res = _run_cancelled(raster, out, task="count")
    assert res["status"] == "cancelled" and "partial" in res["answer"]
    if ext == "gpkg":
        assert res["output"] == res["answer_output"] == out
        assert sorted(r["status"] for r in runs(out)) == ["cancelled", "cancelled"]
    else:
        assert res["output"] == str(tmp_path / "c.partial.geojson")
        assert res["answer_output"] == str(tmp_path / "c_answer.partial.geojson")
        assert not os.path.exists(out) and not os.path.exists(tmp_path / "c_answer.geojson")
    assert _features(res["output"], "evidence" if ext == "gpkg" else None) == res["count"]


def test_a_cancelled_caption_keeps_its_tile_captions_under_a_partial_name(tmp_path):
    raster = scene(str(tmp_path))
    res = _run_cancelled(raster, str(tmp_path / "cap.geojson"), task="caption", n=3)
    assert res["status"] == "cancelled" and res["output"] == str(tmp_path / "cap.partial.geojson")
    assert _features(res["output"]) == res["tiles_captioned"] >= 1


@pytest.mark.parametrize("ext", ["geojson", "gpkg"])
def test_ctrl_c_at_the_terminal_keeps_a_partial_result(tmp_path, ext):
    """SIGINT (Ctrl-C) raised by the writer's test hook after the second batch: exit 130."""
    raster = scene(str(tmp_path))
    out = str(tmp_path / f"d.{ext}")
    srv = serving()
    try:
        r = run_cli_process(
            job_args("detect", raster, out, srv.url), env={"GEORSMLLM_TEST_KILL_AT": f"batch:2@{int(signal.SIGINT)}"}
        )
    finally:
        srv.stop()
    assert r.returncode == 130, r.stderr
    assert "Traceback" not in r.stderr and r.stderr.strip().splitlines()[-1] == "cancelled"
    if ext == "gpkg":
        (run,) = runs(out)
        assert run["status"] == "cancelled" and run["features"] == _features(out, "detections") >= 1
    else:
        assert not os.path.exists(out) and 1 <= _features(_partial_name(out)) < ALL_TILES
