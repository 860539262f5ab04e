"""run_job(): the single entry point of every task, whoever asks (worker, CLI, Processing)."""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from ..errors import BadInput
from ..protocol import DEVICES, ENGINES, QUANTIZATIONS, TASK_SPECS, JobResult, JobSpec
from .context import JobContext

Handler = Callable[[JobSpec, JobContext], JobResult]


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


def run_job(job: JobSpec, ctx: JobContext) -> JobResult:
    validate(job)
    return handler(job.task)(job, ctx)
