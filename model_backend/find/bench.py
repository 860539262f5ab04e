"""``make bench`` rows of Find (``python -m model_backend bench --only find``).

1. Tiles embedded per second on CPU by the image tower of a full-size CLIP ViT-B/32 (the
   architecture of RemoteCLIP/GeoRSCLIP ViT-B/32 and OpenAI's; random weights, built from the
   config, since no checkpoint can be downloaded here: speed does not depend on the weights):
   torch fp32 under ``inference_mode``, onnxruntime fp32, onnxruntime dynamic int8 (target: int8
   >= 1.5x torch). 224 px tiles, batches of 8, best of 2 after a warm-up (the bench stays short). The exported towers
   are kept under build/bench/clip-b32 (the first run exports them: about a minute more).
2. Query latency over a 100 000-tile index of 512-dimension embeddings: ``RasterIndex.scores``
   (one matrix-vector product) then ``top_k`` (argpartition), median of 20 (target < 100 ms),
   and over 1 000 000 for scale.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, List, Tuple

import numpy as np

BENCH_DIR = Path("build/bench/clip-b32")
BATCH, SIZE, DIM = 8, 224, 512
Row = Tuple[str, str, str, str]


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _tower() -> Any:
    """ViT-B/32 image tower with its projection (what ``CLIPModel.get_image_features`` runs)."""
    import torch
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    model = CLIPVisionModelWithProjection(CLIPVisionConfig(projection_dim=DIM)).eval()

    class Tower(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = model

        def forward(self, pixel_values: Any) -> Any:
            return self.m(pixel_values=pixel_values).image_embeds

    return Tower().eval()


def _export(tower: Any) -> Tuple[str, str]:
    import warnings

    import torch

    from .export import OPSET, _quantize_int8

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    fp32, int8 = str(BENCH_DIR / "image.onnx"), str(BENCH_DIR / "image.int8.onnx")
    if not (os.path.isfile(fp32) and os.path.isfile(int8)):
        _log("find: exporting a random CLIP ViT-B/32 image tower (first run only) ...")
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                tower,
                (torch.zeros(2, 3, SIZE, SIZE),),
                fp32,
                dynamo=False,
                opset_version=OPSET,
                input_names=["pixel_values"],
                output_names=["image_embeds"],
                dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
            )
        _quantize_int8(fp32, int8)
    return fp32, int8


def _rate(run: Callable[[], Any], repeats: int = 2) -> float:
    """Tiles per second of ``run`` (one batch): best of ``repeats`` after one warm-up."""
    run()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return BATCH / best


def embed_rows() -> List[Row]:
    import onnxruntime as ort
    import torch

    tower = _tower()
    fp32, int8 = _export(tower)
    pixels = np.random.default_rng(0).standard_normal((BATCH, 3, SIZE, SIZE)).astype(np.float32)
    _log("find: torch vs onnxruntime ...")
    with torch.inference_mode():
        t_torch = _rate(lambda: tower(torch.from_numpy(pixels)))
    rates = {}
    for name, path in (("fp32", fp32), ("int8", int8)):
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])

        def run(s: Any = session) -> Any:
            return s.run(None, {"pixel_values": pixels})

        rates[name] = _rate(run)
    r32, r8 = rates["fp32"] / t_torch, rates["int8"] / t_torch
    what = f"CLIP ViT-B/32 image tower (random weights), {SIZE} px tiles, batches of {BATCH}, CPU"
    return [
        (f"tiles embedded/s, torch fp32 ({what}, {torch.get_num_threads()} threads)", f"{t_torch:.1f}", "", ""),
        ("tiles embedded/s, onnxruntime fp32", f"{rates['fp32']:.1f} ({r32:.2f}x torch)", "", ""),
        (
            "tiles embedded/s, onnxruntime int8 (dynamic quantisation)",
            f"{rates['int8']:.1f} ({r8:.2f}x torch)",
            ">= 1.5x torch",
            "yes" if r8 >= 1.5 else "**no**",
        ),
    ]


def query_ms(n: int, runs: int = 20) -> float:
    """Median ms of one query (scores + top 20) over an index of ``n`` tiles."""
    from .encoder import unit
    from .index import ENCODED, RasterIndex, top_k

    rng = np.random.default_rng(1)
    index = RasterIndex.__new__(RasterIndex)  # in memory only: no raster file, no cache write
    index.vectors = unit(rng.standard_normal((n, DIM), dtype=np.float32))
    index.state = np.full(n, ENCODED, np.int8)
    ids = np.arange(n)
    times = []
    for _ in range(runs):
        q = unit(rng.standard_normal(DIM, dtype=np.float32))
        t0 = time.perf_counter()
        top_k(index.scores(q, ids), 20)
        times.append(time.perf_counter() - t0)
    return float(np.median(times) * 1000)


def find_rows(quick: bool = False) -> List[Row]:
    """The Find rows of the bench table."""
    rows: List[Row] = [] if quick else embed_rows()
    _log("find: query latency ...")
    t100k, t1m = query_ms(100_000), query_ms(1_000_000, runs=5)
    rows += [
        (
            f"Find query over a 100,000-tile index ({DIM} dims: scores + top 20, numpy), median",
            f"{t100k:.1f} ms",
            "< 100 ms",
            "yes" if t100k < 100 else "**no**",
        ),
        ("same over 1,000,000 tiles (10 rasters at the per-raster tile cap)", f"{t1m:.0f} ms", "", ""),
    ]
    return rows
