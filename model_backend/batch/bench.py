"""``make bench`` rows of the batch command (``python -m model_backend bench --only batch``).

1. overhead per raster with a no-op model: the slope of run time over 10 and 60 one-tile
   rasters (open, plan, read, answer nothing, commit), so start-up costs stay out (target < 50 ms);
2. features per second into the run GeoPackage: 100 000 boxes, reprojected to WKB and committed
   1 000 per transaction, as lanes hand them to the writer (target >= 50 000/s); then the time of
   the spatial index built once when the attempt ends (``gpkg`` docstring: why not per row);
3. tiles per second through a loopback server that answers in 50 ms, concurrency 8 vs 1
   (target >= 6x): the requests of several rasters overlap, bounded by the engine's pool.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, List, Optional, Tuple

import numpy as np

from ..engines.base import Generation
from ..families import qwen2_5_vl
from ..protocol import LAYER_FIELDS, JobSpec
from .records import Commit
from .runner import BatchOptions, run_batch
from .store import RunStore
from .work import Reprojector

Row = Tuple[str, str, str, str]
CRS = "EPSG:32618"


class NoopEngine:
    """Answers every tile with no detection at once: what is left is the batch's own cost."""

    model, family, family_module, device, quantization = "noop", "qwen2_5_vl", qwen2_5_vl, "cpu", "none"

    def generate(
        self,
        images: list,
        messages: list,
        max_new_tokens: int = 256,
        cancel: Any = None,
        on_token: Any = None,
        batch_size: Any = None,
    ) -> List[Generation]:
        return [Generation("[]", im.size) for im in images]


def _rasters(folder: str, n: int, side: int = 256) -> List[str]:
    import rasterio
    from rasterio.transform import from_origin

    os.makedirs(folder, exist_ok=True)
    # imagery-like: smooth gradients and a little noise (PNG compresses it as it does real scenes)
    yy, xx = np.mgrid[0:side, 0:side]
    noise = np.random.default_rng(0).integers(0, 8, (3, side, side))
    data = ((np.stack([xx, yy, xx + yy]) * 255 // (2 * side)) + noise).astype(np.uint8)
    paths = []
    for i in range(n):
        path = os.path.join(folder, f"r{i:04d}.tif")
        with rasterio.open(
            path,
            "w",
            driver="GTiff",
            width=side,
            height=side,
            count=3,
            dtype="uint8",
            crs=CRS,
            transform=from_origin(500000 + i * 1000, 4500000, 1, 1),
        ) as dst:
            dst.write(data)
        paths.append(path)
    return paths


def overhead_per_raster(tmp: str, counts=(10, 60)) -> float:
    """Seconds per raster: (time of the larger run - the smaller) / the difference in rasters."""
    times = []
    for n in counts:
        paths = _rasters(os.path.join(tmp, f"noop{n}"), n)
        job = JobSpec(raster="", task="detect", labels=["ship"], model="noop", tile_size=256)
        t0 = time.perf_counter()
        s = run_batch(
            BatchOptions(
                job, paths, os.path.join(tmp, f"noop{n}.gpkg"), progress=False, engine_factory=lambda **_: NoopEngine()
            )
        )
        times.append(time.perf_counter() - t0)
        if s["done"] != n:
            raise RuntimeError(f"the no-op batch did not finish: {s}")
    return (times[1] - times[0]) / (counts[1] - counts[0])


def features_per_second(tmp: str, n: int = 100_000, per_commit: int = 1000) -> Tuple[float, float]:
    """(features/s committed: encoded and written 1 000 per transaction, as a run writes them;
    seconds of the spatial index built when that attempt ends, for all ``n``)."""
    import shapely

    x = np.random.default_rng(1).uniform(500000, 510000, n)
    y = np.random.default_rng(2).uniform(4490000, 4500000, n)
    boxes = shapely.box(x, y, x + 5, y + 5)
    path = os.path.join(tmp, "features.gpkg")
    store = RunStore.create(path, {"detections": dict(LAYER_FIELDS["detections"])}, CRS)
    store.begin_run("detect", {}, {}, "local", "bench")
    project = Reprojector(CRS, CRS)
    row = {
        "label": "ship",
        "score": 0.9,
        "task": "detect",
        "prompt": "ship",
        "model": "m",
        "source": "/data/r.tif",
        "created": "2026-12-01T00:00:00+00:00",
    }
    t0 = time.perf_counter()
    for k, i in enumerate(range(0, n, per_commit)):
        chunk = boxes[i : i + per_commit]
        batch = project.batch(chunk, [{**row, "tile_id": k}] * len(chunk))
        store.commit(Commit("/data/r.tif", tile=k, features={"detections": batch}, stats={"features": i}))
    t1 = time.perf_counter()
    store.end_run("done")
    t2 = time.perf_counter()
    store.close()
    return n / (t1 - t0), t2 - t1


def _serve(delay_s: float, port: Any) -> None:
    """An OpenAI-compatible endpoint answering every chat request after ``delay_s`` with one
    small Florence-2 box (no model), until killed. Run in its own process, as a real server is:
    its work must not take the client's interpreter lock."""
    body = json.dumps(
        {
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "ship<loc_1><loc_1><loc_9><loc_9>"},
                    "finish_reason": "stop",
                }
            ]
        }
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(delay_s)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port.value = httpd.server_address[1]
    httpd.serve_forever()


class _SlowServer:
    """``_serve`` in a child process; ``url`` once it listens."""

    def __init__(self, delay_s: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.port = ctx.Value("i", 0)
        self.proc = ctx.Process(target=_serve, args=(delay_s, self.port), daemon=True)
        self.proc.start()
        deadline = time.monotonic() + 60
        while not self.port.value:
            if time.monotonic() > deadline or not self.proc.is_alive():
                raise RuntimeError("the bench's loopback server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port.value}/v1"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.join(10)


def server_tiles_per_second(tmp: str, concurrency: int, paths: List[str], url: str) -> float:
    job = JobSpec(
        raster="",
        task="detect",
        labels=["ship"],
        model="bench",
        family="florence2",
        engine="openai",
        base_url=url,
        tile_size=128,
        overlap=0.0,
        concurrency=concurrency,
    )
    t0 = time.perf_counter()
    out = os.path.join(tmp, f"server{concurrency}-{len(paths)}.gpkg")
    s = run_batch(BatchOptions(job, paths, out, progress=False, overwrite=True))
    seconds = time.perf_counter() - t0
    if s["exit_code"] != 0:
        raise RuntimeError(f"the loopback batch failed: {s}")
    return s["tiles"] / seconds


def batch_rows(quick: bool = False) -> List[Row]:
    tmp = tempfile.mkdtemp(prefix="georsmllm-bench-batch-")
    # long enough that opening the rasters (the same for both) does not hide the steady rate
    n_rasters, n_features = (2, 20_000) if quick else (4, 100_000)
    n_tiles = n_rasters * 64  # 1024 px rasters, 128 px tiles, no overlap
    os.environ.setdefault("NO_PROXY", "127.0.0.1")  # the loopback server, never a proxy
    try:
        per_raster = overhead_per_raster(tmp, (5, 25) if quick else (10, 60))
        fps, index_s = features_per_second(tmp, n_features)
        server = _SlowServer(0.05)
        try:
            paths = _rasters(os.path.join(tmp, "served"), n_rasters, side=1024)
            one = server_tiles_per_second(tmp, 1, paths, server.url)
            eight = server_tiles_per_second(tmp, 8, paths, server.url)
        finally:
            server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows: List[Tuple[str, str, str, Optional[bool]]] = [
        (
            "batch overhead per raster, no-op model, 256² px one-tile rasters (slope from 10 to 60 rasters)",
            f"{per_raster * 1000:.1f} ms",
            "< 50 ms",
            per_raster < 0.05,
        ),
        (
            f"features written into the run GeoPackage: {n_features:,} boxes committed 1 000 per transaction "
            "(reprojection to WKB included)",
            f"{fps:,.0f} /s",
            ">= 50 000/s",
            fps >= 50_000,
        ),
        (
            f"its spatial index, built once when the attempt ends ({n_features:,} features)",
            f"{index_s:.2f} s (all together: {n_features / (n_features / fps + index_s):,.0f} features/s)",
            "",
            None,
        ),
        (
            f"batch via a loopback server (own process) answering in 50 ms, {n_rasters} rasters, {n_tiles} tiles of "
            "128 px, concurrency 1",
            f"{one:.1f} tiles/s",
            "",
            None,
        ),
        ("same, concurrency 8 (rasters in flight, one request pool)", f"{eight:.1f} tiles/s", "", None),
        ("concurrency 8 / 1", f"{eight / one:.1f}x", ">= 6x", eight / one >= 6),
    ]
    # the table's last column, as model_backend/bench.py writes it
    return [(name, value, target, "" if ok is None else "yes" if ok else "**no**") for name, value, target, ok in rows]


if __name__ == "__main__":
    for r in batch_rows():
        print(r)
