"""``batch --backend ray``: the same features as the in-process run, and the same resume rules.

Ray runs as a local instance on this machine (``ray.init()`` without an address: Ray's local
mode now; its old in-process ``local_mode`` flag is gone), two actors on the 2 cores. Ray is an
optional extra (requirements-ray.txt, installed by ``make test``); without it these tests skip.
"""

from __future__ import annotations

import sqlite3

import pytest

from model_backend.batch.runner import BatchOptions, run_batch
from model_backend.batch.store import KILL_ENV
from model_backend.protocol import JobSpec

from .conftest import MODEL, batch_cli, server_args
from .scenes import feature_set

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install -r requirements-ray.txt")


@pytest.fixture(scope="module")
def local_ray():
    from model_backend.batch.ray_backend import start

    _, started = start(None, 2)
    yield ray
    if started:
        ray.shutdown()


def both(tmp_path, job: JobSpec, inputs):
    """(in-process summary, features, tile statuses), the same with Ray, of one batch."""
    out = []
    for backend in ("local", "ray"):
        path = str(tmp_path / f"{backend}.gpkg")
        s = run_batch(BatchOptions(job, inputs, path, backend=backend, workers=2))  # type: ignore[arg-type]
        with sqlite3.connect(path) as conn:
            tiles = conn.execute("SELECT raster, tile, status, features FROM progress ORDER BY raster, tile").fetchall()
        out.append((s, feature_set(path), tiles))
    return out


def test_ray_through_the_loopback_server_gives_the_in_process_features(local_ray, tmp_path, scenes, server):
    job = JobSpec(
        raster="",
        task="detect",
        labels=["ship", "storage tank"],
        model=MODEL,
        family="florence2",
        engine="openai",
        base_url=server.url,
        tile_size=128,
    )
    (s_local, local, tiles_local), (s_ray, on_ray, tiles_ray) = both(tmp_path, job, scenes)
    assert s_ray["exit_code"] == s_local["exit_code"] == 0 and s_ray["tiles"] == 27
    assert len(local) == 9 and on_ray == local
    assert tiles_ray == tiles_local
    assert len(server.requests) == 2 * 27


def test_ray_with_the_tiny_model_gives_the_in_process_features(local_ray, tmp_path, scenes, tiny_model_dir):
    """The real tiny Qwen2.5-VL loaded in each actor. Its answers are noise (here: nothing a
    parser reads, so every tile is "unparsed" and no box is found); what must match is every
    tile's status and the (empty) features: the same model, the same tiles, the same path."""
    job = JobSpec(
        raster="",
        task="detect",
        labels=["ship"],
        model=tiny_model_dir,
        device="cpu",
        quantization="none",
        max_new_tokens=16,
        tile_size=128,
    )
    (s_local, local, tiles_local), (s_ray, on_ray, tiles_ray) = both(tmp_path, job, scenes[:2])
    assert s_ray["exit_code"] == s_local["exit_code"] == 0 and s_ray["tiles"] == s_local["tiles"] == 18
    assert on_ray == local
    assert tiles_ray == tiles_local and len(tiles_ray) == 18
    assert s_ray["features"] == s_local["features"]


def test_a_killed_in_process_run_resumes_on_ray_exactly(tmp_path, scenes, server):
    reference = str(tmp_path / "reference.gpkg")
    args = [*server_args(server.url), "--inputs", str(tmp_path / "scenes")]
    assert batch_cli([*args, "--out", reference]).returncode == 0
    out = str(tmp_path / "run.gpkg")
    assert batch_cli([*args, "--out", out], env={KILL_ENV: "11"}).returncode == -9
    server.requests.clear()
    resumed = batch_cli([*args, "--out", out, "--resume", "--backend", "ray", "--workers", "2"], timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert len(server.requests) == 27 - 11
    assert feature_set(out) == feature_set(reference)
