"""run_job(): the single entry point of every task, whoever asks (worker, CLI, Processing)."""
from __future__ import annotations

from typing import Any, Callable, Dict

from ..errors import BadInput
from ..protocol import DEVICES, ENGINES, QUANTIZATIONS, JobSpec
from .context import JobContext


def _ask(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    from .ask import run_ask

    return run_ask(job, ctx)


def _detect(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    from .detect import run_detect

    return run_detect(job, ctx)


def _caption(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    from .caption import run_caption

    return run_caption(job, ctx)


def _count(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    from .count import run_count

    return run_count(job, ctx)


def _ground(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    from .ground import run_ground

    return run_ground(job, ctx)


# Handlers import their module on first use: the worker starts fast and a broken task module
# cannot keep the others from running.
TASK_HANDLERS: Dict[str, Callable[[JobSpec, JobContext], Dict[str, Any]]] = {
    "ask": _ask, "detect": _detect, "caption": _caption, "count": _count, "ground": _ground}


def validate(job: JobSpec) -> None:
    if job.task not in TASK_HANDLERS:
        raise BadInput(f"Unknown task {job.task!r}; available: {', '.join(sorted(TASK_HANDLERS))}")
    if job.device not in DEVICES:
        raise BadInput(f"device must be one of {', '.join(DEVICES)}, not {job.device!r}")
    if job.quantization not in QUANTIZATIONS:
        raise BadInput(f"quantization must be one of {', '.join(QUANTIZATIONS)}, not {job.quantization!r}")
    if job.max_new_tokens < 1:
        raise BadInput("max_new_tokens must be at least 1")
    if job.tile_size is not None and job.tile_size < 32:
        raise BadInput("tile_size must be at least 32 pixels")
    if not 0 <= job.overlap < 0.9:
        raise BadInput(f"overlap must be in [0, 0.9), not {job.overlap}")
    if job.engine not in ENGINES:
        raise BadInput(f"engine must be one of {', '.join(ENGINES)}, not {job.engine!r}")
    if job.engine == "openai" and not job.base_url:
        raise BadInput("the openai engine needs --base-url, e.g. http://localhost:8000/v1")
    if job.batch_size < 1:
        raise BadInput(f"batch_size must be at least 1, not {job.batch_size}")
    if job.concurrency < 1:
        raise BadInput(f"concurrency must be at least 1, not {job.concurrency}")
    if job.timeout_s <= 0:
        raise BadInput(f"timeout must be positive (seconds), not {job.timeout_s}")
    if not isinstance(job.history, list) or any(
            not isinstance(t, (list, tuple)) or len(t) != 2 for t in job.history):
        raise BadInput("history must be a list of [question, answer] pairs")
    if job.gsd is not None and job.gsd <= 0:
        raise BadInput(f"gsd must be positive (metres per pixel), not {job.gsd}")


def run_job(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    validate(job)
    return TASK_HANDLERS[job.task](job, ctx)
