"""``batch --backend ray``: the same per-raster work on a Ray cluster, written by the one writer here.

Ray is an optional extra (``pip install -r requirements-ray.txt``), never needed by the plugin.
Each lane is one Ray actor (``RasterWorker``) holding its own ``EngineCache``, so a model is
loaded once per actor and reused for every raster that actor gets. A raster runs as a streaming
generator method: its commits come back one by one as the actor makes them, and this process
(the driver) writes them into the run GeoPackage exactly as for the local backend, so resume
works the same whoever did the work.

Where the cluster is: ``--ray-address`` (or ``RAY_ADDRESS``, as ``ray start --head`` prints it;
``auto`` for the one running on this machine); with neither, Ray starts a new local instance on
this machine (Ray's local mode: no cluster needed; its old in-process ``local_mode`` flag no
longer exists). ``model_backend`` is shipped to the
workers with the job (``py_modules``); the workers' Python needs the backend's requirements.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from ..errors import BadInput
from ..protocol import JobSpec
from .backends import Lane
from .records import Commit, ResumeState

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class RasterWorker:
    """The Ray actor: one engine cache, one raster at a time. ``factory`` (tests, bench) makes
    the engine instead of loading a model, as ``EngineCache(factory=...)`` does."""

    def __init__(self, factory: Optional[Callable[..., Any]] = None) -> None:
        from ..jobs.context import EngineCache

        self.engines = EngineCache(factory)
        self.cancel = threading.Event()

    def run(self, job: Dict[str, Any], resume: ResumeState, out_crs: str) -> Iterator[Commit]:
        from .work import raster_stream

        yield from raster_stream(JobSpec.from_dict(job), self.engines, self.cancel, resume, out_crs)

    def pid(self) -> int:
        return os.getpid()


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise BadInput(
            "--backend ray needs Ray: pip install -r requirements-ray.txt "
            "(an optional extra of the backend environment)"
        ) from None
    return ray


def start(address: Optional[str], lanes: int) -> Tuple[Any, bool]:
    """(ray module, whether we started Ray here). Connects to ``address`` / ``RAY_ADDRESS``, or
    starts a local instance with ``lanes`` CPUs."""
    ray = _import_ray()
    if ray.is_initialized():
        return ray, False
    address = address or os.environ.get("RAY_ADDRESS") or None
    options: Dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
        "configure_logging": True,
        "runtime_env": {
            "py_modules": [PACKAGE_DIR],
            "env_vars": {k: v for k, v in os.environ.items() if k.startswith(("HF_", "NO_PROXY", "no_proxy"))},
        },
    }
    if address:
        options["address"] = address  # "auto": the cluster `ray start` left on this machine
    else:  # a new local instance, never a cluster that happens to run here
        options.update(address="local", num_cpus=max(1, lanes))
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError) as exc:  # no cluster there, or it refused us (its auth token)
        raise BadInput(
            f"Cannot reach the Ray cluster at {address}: {str(exc).splitlines()[0]} (a cluster "
            "started with `ray start --head` needs RAY_AUTH_MODE=token and its token here too)"
        ) from None
    return ray, True


def ray_lanes(
    out_crs: str,
    lanes: int,
    address: Optional[str] = None,
    cpus_per_worker: float = 1.0,
    gpus_per_worker: float = 0.0,
    factory: Optional[Callable[..., Any]] = None,
) -> Tuple[List[Lane], Callable[[], None]]:
    """(lanes, stop): ``lanes`` actors on the cluster; ``stop`` ends them (and a Ray we started)."""
    ray, started = start(address, lanes)
    actor_class = ray.remote(num_cpus=cpus_per_worker, num_gpus=gpus_per_worker)(RasterWorker)
    actors = [actor_class.remote(factory) for _ in range(max(1, lanes))]

    def lane_for(actor: Any) -> Lane:
        def lane(job: JobSpec, resume: ResumeState) -> Iterator[Commit]:
            refs = actor.run.options(num_returns="streaming").remote(job.to_dict(), resume, out_crs)
            for ref in refs:
                yield ray.get(ref)

        return lane

    def stop() -> None:
        for actor in actors:
            ray.kill(actor)
        if started:
            ray.shutdown()

    return [lane_for(a) for a in actors], stop
