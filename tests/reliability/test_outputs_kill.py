"""SIGKILL of a CLI run at several points: the user's file survives, every GeoPackage left is
sound, and the next run to the same path succeeds.

The kill comes from the writer's own test hook (``GEORSMLLM_TEST_KILL_AT``, read by
model_backend/writers): ``batch:N`` after N batches are on disk, ``deliver`` when everything is
written and the result is about to take the target's place, ``merged`` when the features are in
an existing GeoPackage but its run status is not yet final. Counting batches, not sleeping, makes
every point exact. The CLI runs as a real process against a real server on 127.0.0.1.
"""

from __future__ import annotations

import glob
import os
import signal

import pyogrio
import pytest

from .outputs_support import (
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
POINTS = ["batch:1", "batch:3", "deliver"]
TARGETS = ["gpkg-new", "gpkg-users", "geojson-users", "shp-users"]


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for k, v in no_proxy_env().items():
        monkeypatch.setenv(k, v)


def _target(folder: str, target: str) -> str:
    ext = target.split("-")[0]
    return os.path.join(folder, f"new.{ext}") if target.endswith("new") else existing_file(folder, ext)


def _killed_then_rerun(capsys, tmp_path, target: str, point: str) -> str:
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    out = _target(str(work), target)
    before = fingerprint(str(work))
    srv = serving()
    try:
        r = run_cli_process(job_args("detect", raster, out, srv.url), env={"GEORSMLLM_TEST_KILL_AT": point})
        assert r.returncode == -signal.SIGKILL, (r.returncode, r.stderr)
        left = fingerprint(str(work))
        if point != "merged":
            # the user's file (or the absence of one) exactly as before
            assert {k: v for k, v in left.items() if k in before} == before
            assert not os.path.exists(out) or target.endswith("users")
        # whatever was left is named as incomplete, and every GeoPackage there is sound
        assert all(k in before or ".incomplete-" in k for k in left), left
        for gpkg in glob.glob(str(work / "*.gpkg")):
            assert integrity(gpkg) == "ok", gpkg
        # the next run to the same path succeeds
        code, _, err = run_cli(capsys, job_args("detect", raster, out, srv.url))
        assert code == 0, err
    finally:
        srv.stop()
    return out


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("target", TARGETS)
def test_sigkill_leaves_the_users_file_and_a_sound_geopackage(capsys, tmp_path, target, point):
    out = _killed_then_rerun(capsys, tmp_path, target, point)
    if out.endswith(".gpkg"):
        assert integrity(out) == "ok"
        assert pyogrio.read_info(out, layer="detections")["features"] == ALL_TILES
        assert [r["status"] for r in runs(out)] == ["ok"]
        if target == "gpkg-users":
            assert pyogrio.read_info(out, layer="parcels")["features"] == 3
    else:
        assert pyogrio.read_info(out)["features"] == ALL_TILES


def test_sigkill_between_the_features_and_their_run_status_is_told_by_the_status(capsys, tmp_path):
    """Killed after the features went into the user's GeoPackage (one transaction) but before the
    run was marked done: the run's row says ``writing``, so the layer is not mistaken for a
    finished run; the rerun writes its own layer beside it."""
    out = _killed_then_rerun(capsys, tmp_path, "gpkg-users", "merged")
    assert integrity(out) == "ok"
    statuses = {r["layer"]: r["status"] for r in runs(out)}
    assert statuses == {"detections": "writing", "detections_2": "ok"}
    assert pyogrio.read_info(out, layer="detections_2")["features"] == ALL_TILES
    assert pyogrio.read_info(out, layer="parcels")["features"] == 3
