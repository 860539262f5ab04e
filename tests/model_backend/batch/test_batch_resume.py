"""Killed with SIGKILL and resumed, a batch ends with exactly the features of an uninterrupted run.

Three rasters (two CRSs, 27 tiles of 128 px with 15 % overlap; objects inside tiles, in
overlaps and cut by tile edges, so detections merge across tiles and settle only when their
neighbours are done) go through ``python -m model_backend batch`` as a real subprocess, against
the loopback server (a real HTTP server answering as a perfect Qwen2.5-VL, see scenes.py). The
run is killed by the store's test hook (``GEORSMLLM_BATCH_KILL_AFTER_COMMITS``): SIGKILL right
after its Nth commit, or inside it (rows written, COMMIT not reached), at five points chosen by
counting commits, never by timing. Each is resumed with ``--resume`` and compared with the
uninterrupted run: the same (label, source, exact geometry) set, none lost, none doubled, and the
resumed run asks the server only for the tiles that were not committed.
"""

from __future__ import annotations

import signal
import sqlite3

import pytest

from model_backend.batch.store import KILL_ENV

from .conftest import batch_cli, server_args
from .scenes import feature_set

TILES = 27  # 3 rasters x 9 tiles


@pytest.fixture
def reference(tmp_path, scenes, server):
    out = str(tmp_path / "reference.gpkg")
    r = batch_cli([*server_args(server.url), "--inputs", str(tmp_path / "scenes"), "--out", out])
    assert r.returncode == 0, r.stderr
    assert len(server.requests) == TILES
    server.requests.clear()
    return feature_set(out)


def rtree_rows(path: str) -> int:
    """Rows of the detections layer's GeoPackage R-tree (0 when there is none)."""
    with sqlite3.connect(path) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'rtree_detections_geom'").fetchone():
            return 0
        return conn.execute("SELECT COUNT(*) FROM rtree_detections_geom").fetchone()[0]


def committed(path: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM progress").fetchone()[0]


@pytest.mark.parametrize("kill_at", ["1", "4:inside", "9", "17:inside", "26"])
def test_killed_at_any_commit_and_resumed_equals_the_uninterrupted_run(kill_at, tmp_path, scenes, server, reference):
    out = str(tmp_path / "run.gpkg")
    args = [*server_args(server.url), "--inputs", str(tmp_path / "scenes"), "--out", out]
    killed = batch_cli(args, env={KILL_ENV: kill_at})
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    n = int(kill_at.split(":")[0])
    done_before = committed(out)  # opening the file rolls back a commit the kill cut short
    assert done_before == (n - 1 if kill_at.endswith("inside") else n)
    before_features = len(feature_set(out))
    assert before_features <= len(reference)
    assert not rtree_rows(out)  # the index is built when an attempt ends: this one never did

    server.requests.clear()
    resumed = batch_cli([*args, "--resume"])
    assert resumed.returncode == 0, resumed.stderr
    assert len(server.requests) == TILES - done_before  # finished tiles are not redone
    assert feature_set(out) == reference  # none lost, none doubled, the same geometries
    assert rtree_rows(out) == len(reference)  # and the spatial index covers every feature
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT raster || '/' || tile) FROM progress").fetchone() == (
            TILES,
            TILES,
        )
        assert conn.execute("SELECT COUNT(*) FROM pending_detections").fetchone()[0] == 0
        assert conn.execute("SELECT status FROM runs ORDER BY id").fetchall() == [("interrupted",), ("done",)]
        assert {s for (s,) in conn.execute("SELECT status FROM rasters")} == {"done"}
    assert "rasters: " in resumed.stdout and "skipped (done before)" in resumed.stdout


def test_a_finished_run_resumed_does_nothing_and_a_changed_one_is_refused(tmp_path, scenes, server, reference):
    out = str(tmp_path / "run.gpkg")
    args = [*server_args(server.url), "--inputs", str(tmp_path / "scenes"), "--out", out]
    assert batch_cli(args).returncode == 0
    server.requests.clear()
    again = batch_cli([*args, "--resume"])
    assert again.returncode == 0 and len(server.requests) == 0
    assert again.stdout.startswith("rasters: 0 done, 3 skipped (done before), 0 failed of 3")
    assert feature_set(out) == reference
    other = batch_cli(
        [*server_args(server.url, labels="ship"), "--inputs", str(tmp_path / "scenes"), "--out", out, "--resume"]
    )
    assert other.returncode == 2 and "other settings (labels)" in other.stderr
    exists = batch_cli(args)
    assert exists.returncode == 2 and "--resume" in exists.stderr


def test_ctrl_c_exits_130_and_the_run_resumes(tmp_path, scenes, server, reference):
    """SIGINT sent when the server has answered 10 requests (an event, not a sleep)."""
    import subprocess
    import sys
    import threading

    from .conftest import ROOT

    out = str(tmp_path / "run.gpkg")
    args = [*server_args(server.url), "--inputs", str(tmp_path / "scenes"), "--out", out, "--concurrency", "1"]
    seen = threading.Event()
    answer = server.answer

    def counting(req):
        if len(server.requests) >= 10:
            seen.set()
        return answer(req)

    server.answer = counting
    proc = subprocess.Popen(
        [sys.executable, "-m", "model_backend", "batch", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert seen.wait(60)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "cancelled" in stdout
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT status FROM runs").fetchall() == [("cancelled",)]
    server.answer = answer
    assert batch_cli([*args, "--resume"]).returncode == 0
    assert feature_set(out) == reference
