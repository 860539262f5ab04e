"""One batch run: inputs -> run GeoPackage -> lanes -> the one writer -> summary and exit code.

Exit codes: 0 every raster done, 3 some failed (each logged, the others done), 2 bad input
(nothing written; or the model or server failed as it would for every raster: the run stops,
what was committed stays), 130 cancelled (what was committed stays; ``--resume`` goes on).
"""

from __future__ import annotations

import os
import platform
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Literal, Optional, TextIO, TypedDict

import pyproj

from ..errors import BadInput
from ..jobs.context import EngineCache
from ..jobs.run import validate
from ..protocol import LAYER_FIELDS, JobSpec, task_spec
from ..raster.source import open_info
from .backends import Lane, dispatch, local_lanes
from .inputs import expand_inputs
from .progress import BatchProgress
from .records import Commit
from .store import RunStore

EXIT_OK, EXIT_BAD_INPUT, EXIT_SOME_FAILED, EXIT_CANCELLED = 0, 2, 3, 130
BackendName = Literal["local", "ray"]
# stopped: the model or the server failed (every raster would), the run stopped; fix, --resume.
RunStatus = Literal["done", "failed", "cancelled", "stopped"]
# The settings a resumed run must share with the run it resumes (they change the features);
# the engine, server, device, batch size and concurrency may change between attempts.
RESUME_KEYS = (
    "task",
    "question",
    "labels",
    "aoi",
    "aoi_crs",
    "model",
    "family",
    "tile_size",
    "overlap",
    "gsd",
    "bands",
    "max_new_tokens",
    "quantization",
    "out_crs",
)


@dataclass
class BatchOptions:
    """What ``batch`` was asked. ``template`` is the job every raster gets (its ``raster`` and
    ``out`` are set per raster); ``workers`` None: one lane for a local model, ``concurrency``
    lanes for a server, the cluster's CPUs with Ray."""

    template: JobSpec
    inputs: List[str]
    out: str
    resume: bool = False
    overwrite: bool = False
    out_crs: Optional[str] = None
    backend: BackendName = "local"
    workers: Optional[int] = None
    ray_address: Optional[str] = None
    ray_cpus: float = 1.0
    ray_gpus: float = 0.0
    command: str = ""
    progress: Optional[bool] = None
    engine_factory: Optional[Callable[..., Any]] = field(default=None, repr=False)  # tests, bench


class FailedRaster(TypedDict):
    raster: str
    message: str


class BatchSummary(TypedDict):
    out: str
    status: RunStatus
    exit_code: int
    rasters: int
    done: int
    skipped: int
    failed: List[FailedRaster]
    features: Dict[str, Dict[str, int]]
    tiles: int
    elapsed_s: float
    run_id: int
    stopped_by: str


def versions() -> Dict[str, str]:
    """Versions of the backend's packages, from their metadata (importing torch takes seconds)."""
    from importlib import metadata

    from ..versions import PACKAGES

    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def check_template(job: JobSpec) -> None:
    """The job's own checks (jobs.run.validate) and the task table's ``needs``, once, up front."""
    validate(replace(job, raster=job.raster or "batch"))
    spec = job.spec
    text, labels = job.text(), [x for x in job.labels if x.strip()]
    if (spec.needs == "text" and not text) or (spec.needs == "labels or text" and not text and not labels):
        raise BadInput(spec.missing)


def settings_of(job: JobSpec, out_crs: str) -> Dict[str, Any]:
    data = job.to_dict()
    for key in ("raster", "out", "history"):
        data.pop(key, None)
    data["out_crs"] = out_crs
    return data


def _crs_of(path: str) -> Optional[str]:
    try:
        return open_info(path).crs_wkt
    except BadInput:  # a bad raster is reported when its turn comes
        return None


def first_crs(rasters: List[str]) -> str:
    """The CRS of the first raster that opens with one (the default output CRS)."""
    found = next((crs for crs in map(_crs_of, rasters) if crs), None)
    if found is None:
        raise BadInput("None of the rasters opens with a CRS, so the run has no output CRS; give --out-crs")
    return found


def parse_crs(text: str) -> str:
    try:
        return pyproj.CRS.from_user_input(text).to_wkt()
    except pyproj.exceptions.CRSError as exc:
        raise BadInput(f"Unknown --out-crs {text!r}: use e.g. EPSG:4326") from exc


def same_crs(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a and b) and pyproj.CRS.from_user_input(a) == pyproj.CRS.from_user_input(b)


def open_store(opts: BatchOptions, rasters: List[str], settings: Dict[str, Any]) -> RunStore:
    """The run file: resumed (settings checked against its first run), or new."""
    job = opts.template
    if os.path.exists(opts.out) and opts.overwrite and not opts.resume:
        os.remove(opts.out)
    if opts.resume and os.path.exists(opts.out):
        store = RunStore.open(opts.out)
        first = store.first_run()
        if first is not None:
            before = first["settings"]
            if opts.out_crs is None:
                settings["out_crs"] = before.get("out_crs")
            diff = [
                k
                for k in RESUME_KEYS
                if before.get(k) != settings.get(k)
                and not (k == "out_crs" and same_crs(before.get(k), settings.get(k)))
            ]
            if diff:
                store.close()
                raise BadInput(
                    f"{opts.out} was started with other settings ({', '.join(diff)}); resume it "
                    "with the same ones, or write a new run file"
                )
        return store
    out_crs = settings["out_crs"] or first_crs(rasters)
    settings["out_crs"] = out_crs
    return RunStore.create(opts.out, {k.key: dict(LAYER_FIELDS[k.key]) for k in job.spec.layers}, out_crs)


def make_lanes(opts: BatchOptions, cancel: threading.Event, out_crs: str, n_todo: int):
    """(lanes, stop) of the chosen backend."""
    job = opts.template
    if opts.backend == "ray":
        from .ray_backend import ray_lanes

        return ray_lanes(
            out_crs,
            min(opts.workers or 2, max(1, n_todo)),
            opts.ray_address,
            opts.ray_cpus,
            opts.ray_gpus,
            opts.engine_factory,
        )
    default = job.concurrency if job.engine == "openai" else 1
    lanes: List[Lane] = local_lanes(
        EngineCache(opts.engine_factory), cancel, out_crs, min(opts.workers or default, max(1, n_todo))
    )
    return lanes, lambda: None


def run_batch(opts: BatchOptions, stream: Optional[TextIO] = None) -> BatchSummary:
    """Run (or resume) the batch; BadInput before anything is written when the input is bad."""
    t0 = time.perf_counter()
    job = opts.template
    if job.engine == "openai":  # one raster's tiles go out together; the engine's pool bounds them
        job = replace(job, batch_size=max(job.batch_size, job.concurrency))
    check_template(job)
    task_spec(job.task)
    rasters = expand_inputs(opts.inputs)
    settings = settings_of(job, parse_crs(opts.out_crs) if opts.out_crs else "")
    store = open_store(replace(opts, template=job), rasters, settings)
    out_crs = store.crs_wkt()
    store.begin_run(job.task, settings, versions(), opts.backend, opts.command)
    status = store.raster_status()
    todo = [(replace(job, raster=r, out=None), store.resume_state(r)) for r in rasters if status.get(r) != "done"]
    skipped = len(rasters) - len(todo)
    display = BatchProgress(len(rasters), skipped, opts.progress, stream)
    cancel = threading.Event()
    done, tiles, failed = 0, 0, {}  # failed: raster -> why, this run
    cancelled, stopped_by = False, ""
    lanes, stop = make_lanes(opts, cancel, out_crs, len(todo)) if todo else ([], lambda: None)
    commits = dispatch(lanes, todo, cancel)
    try:
        for c in commits:
            name = os.path.basename(c.raster)
            for text in c.logs:
                display.line(f"warning: {name}: {text}")
            if c.planned:
                display.planned(c.stats.get("tiles_total", 0), c.stats.get("tiles_done", 0))
                continue
            if c.fatal:
                stopped_by = c.failed or "the engine failed"
                display.line(f"stopped: {stopped_by}")
                cancel.set()
                break
            write(store, c, out_crs)
            if c.tile is not None:
                tiles += 1
                display.tile()
            if c.failed:
                failed[c.raster] = c.failed
                display.line(f"failed: {c.raster}: {c.failed}")
                display.raster(c.raster)
            elif c.final:
                done += 1
                display.raster(c.raster)
    except KeyboardInterrupt:
        cancelled = True
        cancel.set()
    finally:
        commits.close()
        stop()
        display.close()
    final = {r["raster"]: r for r in store.rasters()}
    failures = [
        FailedRaster(raster=r, message=final[r]["message"] or failed.get(r, ""))
        for r in rasters
        if final.get(r, {}).get("status") == "failed"
    ]
    run_status: RunStatus = "stopped" if stopped_by else "cancelled" if cancelled else "failed" if failures else "done"
    store.end_run(run_status)
    summary = BatchSummary(
        out=opts.out,
        status=run_status,
        rasters=len(rasters),
        done=done,
        skipped=skipped,
        failed=failures,
        features=store.labels(),
        tiles=tiles,
        elapsed_s=round(time.perf_counter() - t0, 3),
        run_id=store.run_id or 0,
        exit_code=EXIT_BAD_INPUT
        if stopped_by
        else EXIT_CANCELLED
        if cancelled
        else EXIT_SOME_FAILED
        if failures
        else EXIT_OK,
        stopped_by=stopped_by,
    )
    store.close()
    return summary


def write(store: RunStore, c: Commit, out_crs: str) -> None:
    for key in c.features:
        if key not in store.layers():
            store.ensure_layer(key, dict(LAYER_FIELDS.get(key) or infer_fields(c.features[key].rows)), out_crs)
    store.commit(c)


def infer_fields(rows: List[Dict[str, Any]]) -> Dict[str, str]:
    """Field types of a layer no table announces, from its first rows."""
    out: Dict[str, str] = {}
    for row in rows:
        for k, v in row.items():
            if v is not None and k not in out:
                out[k] = (
                    "int"
                    if isinstance(v, int) and not isinstance(v, bool)
                    else "float"
                    if isinstance(v, float)
                    else "str"
                )
    return out
