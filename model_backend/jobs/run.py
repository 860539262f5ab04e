"""run_job(): the single entry point of every task, whoever asks (worker, CLI, Processing)."""
from __future__ import annotations

from typing import Any, Callable, Dict

from ..errors import BadInput
from ..protocol import DEVICES, QUANTIZATIONS, JobSpec
from .context import JobContext


def _ask(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    from .ask import run_ask

    return run_ask(job, ctx)


TASK_HANDLERS: Dict[str, Callable[[JobSpec, JobContext], Dict[str, Any]]] = {"ask": _ask}


def validate(job: JobSpec) -> None:
    if job.task not in TASK_HANDLERS:
        raise BadInput(f"Unknown task {job.task!r}; available: {', '.join(sorted(TASK_HANDLERS))}")
    if job.device not in DEVICES:
        raise BadInput(f"device must be one of {', '.join(DEVICES)}, not {job.device!r}")
    if job.quantization not in QUANTIZATIONS:
        raise BadInput(f"quantization must be one of {', '.join(QUANTIZATIONS)}, not {job.quantization!r}")
    if job.max_new_tokens < 1:
        raise BadInput("max_new_tokens must be at least 1")
    if job.tile_size is not None and job.tile_size < 28:
        raise BadInput("tile_size must be at least 28 pixels")


def run_job(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    validate(job)
    return TASK_HANDLERS[job.task](job, ctx)
