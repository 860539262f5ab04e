"""Numbers a typo makes enormous are refused before any work, with the reason: tile size,
batch size, tokens, concurrency, timeout, overlap, GSD, the tile count a GSD makes; a GSD
that enlarges the raster's pixels says so; the read-ahead is bounded in bytes."""

from __future__ import annotations

import logging
import threading
import time

import pytest
import rasterio
from hypothesis import given, settings
from hypothesis import strategies as st
from rasterio.transform import from_origin
from rasterio.windows import Window

from model_backend.cli import main
from model_backend.errors import BadInput
from model_backend.raster import prefetch as prefetch_mod
from model_backend.raster import windows as W
from model_backend.raster.source import open_info

from ..model_backend.helpers import write_utm_rgb
from . import misbehaving_server as ms
from .support import run_cli

# option values -> words of the one error line (the job is a detect over a small raster)
REFUSED = {
    "tile-size-100000": (["--tile-size", "100000"], ["tile_size must be 32 to 4096", "100000"]),
    "tile-size-4097": (["--tile-size", "4097"], ["tile_size"]),
    "tile-size-16": (["--tile-size", "16"], ["tile_size"]),
    "batch-size-100000": (["--batch-size", "100000"], ["batch_size must be 1 to 64"]),
    "batch-size-0": (["--batch-size", "0"], ["batch_size"]),
    "batch-pixels": (["--batch-size", "64", "--tile-size", "2048"], ["Mpx in one model call"]),
    "max-new-tokens-huge": (["--max-new-tokens", "100000"], ["max_new_tokens must be 1 to 8192"]),
    "max-new-tokens-0": (["--max-new-tokens", "0"], ["max_new_tokens"]),
    "concurrency-1000": (["--concurrency", "1000"], ["concurrency must be 1 to 64"]),
    "concurrency-0": (["--concurrency", "0"], ["concurrency"]),
    "timeout-0": (["--timeout", "0"], ["timeout"]),
    "timeout-negative": (["--timeout", "-5"], ["timeout"]),
    "timeout-a-year": (["--timeout", "31536000"], ["at most 3600"]),
    "timeout-nan": (["--timeout", "nan"], ["timeout"]),
    "timeout-inf": (["--timeout", "inf"], ["timeout"]),
    "overlap-0.95": (["--overlap", "0.95"], ["overlap"]),
    "overlap-negative": (["--overlap", "-0.1"], ["overlap"]),
    "overlap-nan": (["--overlap", "nan"], ["overlap"]),
    "gsd-0": (["--gsd", "0"], ["gsd"]),
    "gsd-negative": (["--gsd", "-1"], ["gsd"]),
    "gsd-nan": (["--gsd", "nan"], ["gsd"]),
    "gsd-inf": (["--gsd", "inf"], ["gsd"]),
    "aoi-nan": (["--aoi", "nan,0,1,1"], ["aoi"]),
    "labels-101": (["--labels", ",".join(f"l{i}" for i in range(101))], ["at most 100"]),
    "labels-huge": (["--labels", "x" * 20001], ["characters"]),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> str:
    return write_utm_rgb(str(tmp_path_factory.mktemp("bounds") / "utm.tif"))  # 200 x 150 px, 10 m


@pytest.mark.parametrize("name", list(REFUSED))
def test_an_enormous_number_is_refused_with_the_reason(name, small, tmp_path, capsys):
    """The real CLI (in this process: the whole table runs in seconds); nothing is loaded or
    written: the model is a hub id that is not cached, which would fail differently."""
    extra, words = REFUSED[name]
    labels = [] if "--labels" in extra else ["--labels", "ship"]
    code = main(
        [
            "detect",
            "--raster",
            small,
            "--model",
            "Qwen/Qwen2.5-VL-3B-Instruct",
            *labels,
            *extra,
            "--out",
            str(tmp_path / "d.gpkg"),
        ]
    )
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith(("error:", "internal error"))]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error:"), err
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert not (tmp_path / "d.gpkg").exists()


def test_two_refusals_through_the_real_process(small, tmp_path):
    for extra in (["--tile-size", "100000"], ["--batch-size", "100000"]):
        proc = run_cli("detect", "--raster", small, "--labels", "ship", *extra, "--out", str(tmp_path / "d.gpkg"))
        assert proc.returncode == 2 and proc.stderr.count("error:") == 1, proc.stderr


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> str:
    """20000 x 20000 px at 10 m, sparse (no block written): opening it costs nothing."""
    path = str(tmp_path_factory.mktemp("large") / "large.tif")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=20000,
        height=20000,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(500000, 4500000, 10, 10),
        tiled=True,
        sparse_ok=True,
    ):
        pass
    return path


def test_a_gsd_that_makes_billions_of_tiles_is_refused_at_once(large, tmp_path):
    """--gsd 0.001 on 10 m pixels: 400 million tiles. Refused in seconds, before any request."""
    with ms.RawServer(ms.answer()) as srv:
        t0 = time.monotonic()
        proc = run_cli(
            "detect",
            "--raster",
            large,
            "--labels",
            "ship",
            "--gsd",
            "0.001",
            "--engine",
            "openai",
            "--base-url",
            srv.url,
            "--model",
            ms.SERVED,
            "--out",
            str(tmp_path / "d.gpkg"),
        )
        took = time.monotonic() - t0
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr[-2000:]
    assert "more than 100,000" in lines[0] and "enlarges the raster's pixels" in lines[0], lines[0]
    assert srv.requests == [] and took < 120


def test_a_gsd_finer_than_the_pixels_warns_and_runs(small, tmp_path):
    """--gsd 4 on 10 m pixels enlarges them 2.5x: the job runs, and says so first."""
    with ms.RawServer(ms.answer()) as srv:
        proc = run_cli(
            "detect",
            "--raster",
            small,
            "--labels",
            "ship",
            "--gsd",
            "4",
            "--tile-size",
            "64",
            "--engine",
            "openai",
            "--base-url",
            srv.url,
            "--model",
            ms.SERVED,
            "--out",
            str(tmp_path / "d.gpkg"),
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "enlarges the raster's pixels 2.5x" in proc.stderr
    assert len(srv.requests) > 20  # many small tiles


def test_the_planner_refuses_before_building_any_tile(large):
    info = open_info(large)
    t0 = time.monotonic()
    with pytest.raises(BadInput, match=r"400,000,000 tiles over 20000 x 20000 px is more than 100,000"):
        W.plan_tiles(info, Window(0, 0, 20000, 20000), 784, 0.15, gsd=0.001)
    assert time.monotonic() - t0 < 5


@pytest.mark.parametrize("tile_px", [31, 4097, 100000, 784.0, True])
def test_the_planner_refuses_tile_sizes_out_of_range(tile_px, large):
    with pytest.raises(BadInput, match="Tile size"):
        W.plan_tiles(open_info(large), Window(0, 0, 100, 100), tile_px)


def test_many_tiles_at_native_resolution_warn(large, monkeypatch, caplog):
    monkeypatch.setattr(W, "WARN_TILES", 100)
    with caplog.at_level(logging.WARNING, logger="model_backend.raster.windows"):
        tiles = W.plan_tiles(open_info(large), Window(0, 0, 8000, 8000), 784, 0.0)
    assert len(tiles) == 121
    assert any("121 tiles over 8000 x 8000 px" in r.getMessage() for r in caplog.records)


@settings(max_examples=200, deadline=None)
@given(
    w=st.integers(1, 3000),
    h=st.integers(1, 3000),
    tile=st.integers(32, 1024),
    overlap=st.floats(0, 0.89),
    gsd=st.none() | st.floats(0.5, 40),
)
def test_the_count_checked_is_the_count_planned(w, h, tile, overlap, gsd, large):
    """The refusal is decided on a count computed without building tiles: it must be exact."""
    counted = []
    real = W.check_tile_count
    W.check_tile_count = lambda n, *a: counted.append(n)  # type: ignore[assignment]
    try:
        tiles = W.plan_tiles(open_info(large), Window(0, 0, w, h), tile, overlap, gsd)
    finally:
        W.check_tile_count = real
    assert counted == [len(tiles)]


def test_read_ahead_is_bounded_in_bytes_not_only_in_tiles():
    """depth 100 but a 35-byte budget of 10-byte items: at most 3 read ahead (+ the one handed
    out), however deep the queue may be."""
    started = []
    lock = threading.Lock()

    def read(i: int) -> int:
        with lock:
            started.append(i)
        return i

    gen = prefetch_mod.prefetch(range(1000), read, depth=100, cost=lambda i: 10, max_bytes=35)
    assert next(gen) == (0, 0)
    time.sleep(0.3)
    assert len(started) <= 4, started
    rest = [i for i, _ in gen]
    assert rest == list(range(1, 1000))  # nothing lost to the budget


def test_one_item_larger_than_the_budget_is_still_read():
    assert list(prefetch_mod.prefetch([1, 2], lambda i: i, cost=lambda i: 10**12, max_bytes=1)) == [(1, 1), (2, 2)]


def test_the_tile_reader_budgets_by_decoded_bytes(small, monkeypatch):
    """The jobs' reader (read_tiles) passes the byte budget: with room for two decoded tiles
    and a queue 100 deep, at most three are read before the first is consumed."""
    from model_backend.raster import read as read_mod
    from model_backend.raster.read import compute_stretch

    info = open_info(small)
    tiles = W.plan_tiles(info, Window(0, 0, 200, 150), 32, 0.0)
    monkeypatch.setattr(prefetch_mod, "READ_AHEAD_BYTES", 2 * prefetch_mod.tile_bytes(tiles[0]))
    started = []
    real = read_mod.read_image
    monkeypatch.setattr(read_mod, "read_image", lambda *a, **k: started.append(1) or real(*a, **k))
    gen = prefetch_mod.read_tiles(small, tiles, (1, 2, 3), compute_stretch(small, (1, 2, 3)), depth=100)
    next(gen)
    time.sleep(0.3)
    assert len(started) <= 3, len(started)
    assert 1 + sum(1 for _ in gen) == len(tiles) == 35
    big = W.Tile(0, Window(0, 0, 1, 1), (4096, 4096), from_origin(0, 0, 1, 1))
    assert prefetch_mod.tile_bytes(big) == 4096 * 4096 * 4  # RGB + mask


def test_a_local_model_is_not_loaded_for_a_plan_past_the_tile_limit(large, tiny_model_dir, tmp_path):
    """The family (hence the tile size) is known from the folder's config.json, so the tile
    count is checked before the load: no "load" progress, and the reason in the error."""
    from model_backend.jobs.context import EngineCache, JobContext
    from model_backend.jobs.run import run_job
    from model_backend.protocol import JobSpec

    events: list = []
    cache = EngineCache()
    job = JobSpec(
        raster=large,
        task="detect",
        labels=["ship"],
        model=tiny_model_dir,
        device="cpu",
        gsd=0.001,
        out=str(tmp_path / "d.gpkg"),
    )
    with pytest.raises(BadInput, match="more than 100,000"):
        run_job(job, JobContext("t", lambda m, p: events.append((m, p)), cache))
    assert cache.loaded is None
    assert not [p for m, p in events if m == "progress" and p["stage"] == "load"]
    assert not (tmp_path / "d.gpkg").exists()
