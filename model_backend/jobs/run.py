"""run_job(): the single entry point of every task, whoever asks (worker, CLI, Processing)."""

from __future__ import annotations

import math
from importlib import import_module
from typing import Callable

from ..errors import BadInput
from ..protocol import DEVICES, ENGINES, QUANTIZATIONS, TASK_SPECS, JobResult, JobSpec
from ..raster.windows import MAX_TILE_PX
from .context import JobContext

Handler = Callable[[JobSpec, JobContext], JobResult]

# Upper bounds, checked before any work: each number below is already far past what any model
# or machine uses, and beyond it a typo (an extra 0) would exhaust memory or run for days.
# The tile count has its own bound in the planner (raster/windows.py MAX_TILES).
MAX_NEW_TOKENS = 8192
MAX_BATCH_SIZE = 64
MAX_BATCH_PIXELS = 64 * 1024 * 1024  # batch_size x tile side^2: about 200 MB of RGB in one call
MAX_CONCURRENCY = 64
MAX_TIMEOUT_S = 3600.0
MAX_LABELS = 100
MAX_TEXT_CHARS = 20000  # a question, expression or label
MAX_HISTORY_TURNS = 500
LARGEST_INPUT_PX = 896  # the largest family input size (qwen3_vl), when tile_size is not given


def handler(task: str) -> Handler:
    """``model_backend.jobs.<task>.run``: the job module of each entry of the task table,
    imported on first use, so the worker starts fast and a broken task module cannot keep the
    others from running."""
    run: Handler = import_module(f"{__package__}.{task}").run
    return run


def validate(job: JobSpec) -> None:
    if job.task not in TASK_SPECS:
        raise BadInput(f"Unknown task {job.task!r}; available: {', '.join(TASK_SPECS)}")
    if job.device not in DEVICES:
        raise BadInput(f"device must be one of {', '.join(DEVICES)}, not {job.device!r}")
    if job.quantization not in QUANTIZATIONS:
        raise BadInput(f"quantization must be one of {', '.join(QUANTIZATIONS)}, not {job.quantization!r}")
    if not isinstance(job.model, str) or not job.model.strip():
        raise BadInput(
            "no model given: --model needs a hub id (e.g. Qwen/Qwen2.5-VL-3B-Instruct), "
            "a local folder or, with --engine openai, the served model name"
        )
    if not 1 <= job.max_new_tokens <= MAX_NEW_TOKENS:
        raise BadInput(f"max_new_tokens must be 1 to {MAX_NEW_TOKENS}, not {job.max_new_tokens}")
    if job.tile_size is not None and not 32 <= job.tile_size <= MAX_TILE_PX:
        raise BadInput(
            f"tile_size must be 32 to {MAX_TILE_PX} pixels, not {job.tile_size}: a "
            f"larger tile is one image of tile_size^2 pixels, beyond any model's input"
        )
    if not (math.isfinite(job.overlap) and 0 <= job.overlap < 0.9):
        raise BadInput(f"overlap must be in [0, 0.9), not {job.overlap}")
    if job.engine not in ENGINES:
        raise BadInput(f"engine must be one of {', '.join(ENGINES)}, not {job.engine!r}")
    if job.engine == "openai" and not job.base_url:
        raise BadInput("the openai engine needs --base-url, e.g. http://localhost:8000/v1")
    if not 1 <= job.batch_size <= MAX_BATCH_SIZE:
        raise BadInput(f"batch_size must be 1 to {MAX_BATCH_SIZE} tiles, not {job.batch_size}")
    side = job.tile_size or LARGEST_INPUT_PX
    if job.batch_size * side * side > MAX_BATCH_PIXELS:
        raise BadInput(
            f"batch_size {job.batch_size} of {side} px tiles is "
            f"{job.batch_size * side * side / 1e6:.0f} Mpx in one model call (at most "
            f"{MAX_BATCH_PIXELS / 1e6:.0f}): lower --batch-size or --tile-size"
        )
    if not 1 <= job.concurrency <= MAX_CONCURRENCY:
        raise BadInput(f"concurrency must be 1 to {MAX_CONCURRENCY} requests, not {job.concurrency}")
    if not (math.isfinite(job.timeout_s) and 0 < job.timeout_s <= MAX_TIMEOUT_S):
        raise BadInput(f"timeout must be more than 0 and at most {MAX_TIMEOUT_S:g} seconds, not {job.timeout_s}")
    if not isinstance(job.history, list) or any(not isinstance(t, (list, tuple)) or len(t) != 2 for t in job.history):
        raise BadInput("history must be a list of [question, answer] pairs")
    if len(job.history) > MAX_HISTORY_TURNS:
        raise BadInput(f"history holds {len(job.history)} turns; at most {MAX_HISTORY_TURNS}: start a new conversation")
    if len(job.labels) > MAX_LABELS:
        raise BadInput(f"{len(job.labels)} labels; at most {MAX_LABELS} per job")
    for text in [job.question or "", *job.labels]:
        if len(text) > MAX_TEXT_CHARS:
            raise BadInput(f"a question or label of {len(text)} characters; at most {MAX_TEXT_CHARS}")
    if job.gsd is not None and not (math.isfinite(job.gsd) and job.gsd > 0):
        raise BadInput(f"gsd must be positive (metres per pixel), not {job.gsd}")
    if job.aoi is not None and (len(job.aoi) != 4 or not all(math.isfinite(v) for v in job.aoi)):
        raise BadInput(f"aoi must be 4 finite numbers minx, miny, maxx, maxy, not {job.aoi}")
    if job.engine == "openai":
        from ..engines.openai_engine import check_base_url

        check_base_url(job.base_url)


def run_job(job: JobSpec, ctx: JobContext) -> JobResult:
    validate(job)
    return handler(job.task)(job, ctx)
