"""The change task: two dates (or a series) -> change polygons with area, score and, for the
largest, a description of what changed (layer "changes").

Order, so bad input fails in seconds and before any model loads: the dates and their order
(``change.dates``), the common grid (``change.coregister``; no overlap is a BadInput), the
radiometric fit of every later date against the first (``change.normalise``), the ONNX model
or the VLM when the job needs one. Then the change mask block by block (``change.blocks``),
the polygons (``change.vectorise``), the VLM's veto per tile (method ``vlm``), and the output:
the polygons that are not described are written and streamed at once, the ``describe`` largest
then one chunk at a time as the VLM answers. Cancel keeps what was found: during the mask, the
polygons of the blocks done; during the descriptions, every polygon (those not yet described
without a description).
"""

from __future__ import annotations

import time
from typing import Any, Dict, List, Optional, Tuple, cast

from ..change.blocks import run_blocks
from ..change.coregister import (
    DateReader,
    DateSource,
    Grid,
    both_valid,
    close_readers,
    open_readers,
    open_series,
    to_float,
)
from ..change.dates import Dated, date_series
from ..change.describe import Pair, ask_in_chunks, crop_window, describe_prompt, side_by_side
from ..change.diff import DiffMethod
from ..change.normalise import PairModel, fit_pair, sample_windows
from ..change.onnx_method import OnnxMethod, unit_scaling
from ..change.vectorise import Region, default_min_area, finish, merge_parts
from ..change.vlm import vlm_filter
from ..errors import BadInput, Cancelled
from ..protocol import CHANGE_METHODS, JobResult, JobSpec
from .context import JobContext
from .families_check import check_job, require_task
from .output import LayerOutput, check_job_output, utc_now

CHANGES_LAYER = "changes"
EMIT_BATCH = 500
WORKERS = 2


def series(job: JobSpec) -> List[Dated]:
    """The dates in order: ``dates`` (sorted by their metadata dates when all have one), else
    ``raster`` then ``after`` as given."""
    if job.dates:
        if len(job.dates) < 2:
            raise BadInput("A change series needs at least two rasters (--dates A.tif B.tif ...)")
        return date_series(job.dates)
    if not job.after:
        raise BadInput("Change needs the after raster (--after) or a series of rasters (--dates)")
    return date_series([job.raster, job.after], sort=False)


def _validate(job: JobSpec) -> None:
    if job.method not in CHANGE_METHODS:
        raise BadInput(f"method must be one of {', '.join(CHANGE_METHODS)}, not {job.method!r}")
    if job.method == "onnx" and not job.onnx_model:
        raise BadInput("method onnx needs the change model: --onnx-model M.onnx")
    if job.describe < 0:
        raise BadInput(f"describe must be 0 or more polygons, not {job.describe}")
    if job.min_area is not None and job.min_area < 0:
        raise BadInput(f"min_area must be 0 or more square metres, not {job.min_area}")


def fit_models(grid: Grid, dates: List[DateReader], ctx: JobContext) -> List[PairModel]:
    """One radiometric fit per later date, on the same sample windows."""
    windows = sample_windows(grid.width, grid.height)
    firsts = [dates[0].read(w) for w in windows]
    models = []
    for k in range(1, len(dates)):
        ctx.check_cancel()
        ctx.progress("normalise", k - 1, len(dates) - 1, f"radiometric fit of {dates[k].source.label}")
        samples = []
        for w, (before, v0) in zip(windows, firsts):
            raw = dates[k].read_raw(w)  # integer bands stay so: the fit's magnitudes use the lookup tables
            after, vk = raw if not dates[k].source.grey and raw[0].dtype.kind in "ui" else to_float(*raw, True)
            samples.append((before, after, both_valid(v0, vk)))
        models.append(fit_pair(samples))
    return models


def _method(job: JobSpec, sources: List[DateSource], models: List[PairModel]) -> Any:
    if job.method == "onnx":
        stretch = sources[0].stretch()
        scale, offset = unit_scaling(stretch.lo, stretch.hi)
        return OnnxMethod(
            str(job.onnx_model),
            models,
            scale,
            offset,
            job.device,
            sources[0].rgb,
            job.tile_size,
            job.overlap,
            job.batch_size,
        )
    return DiffMethod(models)


def _mask_regions(
    grid: Grid, dates: List[DateReader], method: Any, ctx: JobContext
) -> Tuple[List[Any], bool, int, int]:
    """(parts, cancelled, blocks done, blocks total)."""
    parts: List[Any] = []
    count = [0, 0]

    def progress(done: int, total: int) -> None:
        count[:] = [done, total]
        ctx.progress("change", done, total, f"{len(parts)} changed region part(s)")

    try:
        for block in run_blocks(
            grid,
            dates,
            method,
            workers=1 if method.name == "onnx" else WORKERS,
            check=ctx.check_cancel,
            progress=progress,
        ):
            parts.extend(block)
    except Cancelled:
        ctx.log("warning", "cancelled: the changes of the blocks done so far are kept")
        return parts, True, count[0], count[1]
    return parts, False, count[0], count[1]


def _row(region: Region, sources: List[DateSource], method: str, model: Optional[str]) -> Dict[str, Any]:
    first, last = region.seen()
    return {
        "area_m2": round(region.area_m2, 2),
        "change_score": round(region.score, 4),
        "description": None,
        "before_source": sources[0].path,
        "after_source": sources[last + 1].path,
        "method": method,
        "model": model,
        "created": utc_now(),
        "first_seen": sources[first + 1].label,
        "last_seen": sources[last + 1].label,
    }


def _summary(regions: List[Region], rows: List[Dict[str, Any]], sources: List[DateSource], method: str) -> str:
    span = f"between {sources[0].label} and {sources[-1].label}"
    if not regions:
        return f"No change found {span} ({method})."
    total = sum(r.area_m2 for r in regions)
    text = f"{len(regions)} change polygon(s) {span}, {total:,.0f} m² in all ({method})"
    text += f"; largest {regions[0].area_m2:,.0f} m²"
    described = next((row["description"] for row in rows if row.get("description")), None)
    return text + (f": {described}" if described else ".")


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    t0 = time.perf_counter()
    _validate(job)
    uses_vlm = job.describe > 0 or job.method == "vlm"
    if uses_vlm:
        check_job(job, "ask")  # the family, when known without a load, must answer free questions
    check_job_output(job)
    dated = series(job)
    grid, sources = open_series(dated, job.aoi, job.aoi_crs, job.bands)
    ctx.progress("read", 0, 1, f"{len(sources)} dates on a {grid.width}x{grid.height} px grid")
    dates = open_readers(sources, grid)
    engine: Any = None
    try:
        models = fit_models(grid, dates, ctx)
        method = _method(job, sources, models)
        if uses_vlm:
            engine = ctx.engine_for(job)
            require_task(engine.family_module, "ask")
        parts, cancelled, done, total = _mask_regions(grid, dates, method, ctx)
        ctx.progress("vectorise", 0, 1, f"joining {len(parts)} part(s)")
        min_area = job.min_area if job.min_area is not None else default_min_area(grid)
        regions = finish(merge_parts(parts), grid, min_area)
        del parts
        stretches = [s.stretch() for s in sources] if uses_vlm else []
        chunk = max(job.batch_size, job.concurrency if job.engine == "openai" else 1)
        vlm_stats: Dict[str, int] = {}
        if job.method == "vlm" and not cancelled:
            try:
                regions, vlm_stats = vlm_filter(
                    regions,
                    grid,
                    dates,
                    sources,
                    stretches,
                    engine,
                    job.question,
                    job.max_new_tokens,
                    job.tile_size,
                    chunk,
                    ctx,
                )
            except Cancelled:
                cancelled = True
                ctx.log("warning", "cancelled while the model checked tiles: every diff polygon is kept")
        model = job.model if uses_vlm else (getattr(method, "model_name", None))
        rows = [_row(r, sources, job.method, model) for r in regions]
        n_desc = 0 if cancelled else min(job.describe, len(regions))
        with LayerOutput(ctx, job.out, CHANGES_LAYER, grid.crs_wkt, job=job) as out:
            rest = list(range(n_desc, len(regions)))
            for i in range(0, len(rest), EMIT_BATCH):
                idx = rest[i : i + EMIT_BATCH]
                out.emit([regions[j].geom for j in idx], [rows[j] for j in idx])
            n_desc, cancelled = _describe(
                regions, rows, n_desc, grid, dates, sources, stretches, engine, job, chunk, ctx, out, cancelled
            )
            out.cancelled = cancelled  # a partial result: the file says so (run status)
        written = out.report()
    finally:
        close_readers(dates)
    fam = engine.family if engine is not None else None
    result: Dict[str, Any] = {
        "status": "cancelled" if cancelled else "ok",
        "task": "change",
        "model": model or "",
        "family": fam or "",
        "device": getattr(engine, "device", job.device),
        "quantization": getattr(engine, "quantization", ""),
        "source": sources[0].path,
        "crs_wkt": grid.crs_wkt,
        "crs_authid": sources[0].info.crs_authid,
        "aoi_wkt": grid.area.wkt,
        **written,
        "elapsed_s": round(time.perf_counter() - t0, 3),
        "changes": len(regions),
        "features": len(regions),
        "answer": _summary(regions, rows, sources, job.method),
        # what the summary says, as fields (the dock words its own sentence from them)
        "area_m2_total": round(sum(r.area_m2 for r in regions), 2),
        "area_m2_largest": round(regions[0].area_m2, 2) if regions else None,
        "description": next((row["description"] for row in rows if row.get("description")), None),
        "dates": [s.label for s in sources],
        "method": job.method,
        "described": n_desc,
        "tiles_total": total,
        "tiles_done": done,
        "tiles_skipped_nodata": 0,
        "tiles_unparsed": vlm_stats.get("tiles_unparsed", 0),
        "thresholds": [round(m.t_smooth, 3) for m in models],
        **vlm_stats,
    }
    return cast(JobResult, result)


def _describe(
    regions: List[Region],
    rows: List[Dict[str, Any]],
    n: int,
    grid: Grid,
    dates: Any,
    sources: List[DateSource],
    stretches: List[Any],
    engine: Any,
    job: JobSpec,
    chunk: int,
    ctx: JobContext,
    out: LayerOutput,
    cancelled: bool,
) -> Tuple[int, bool]:
    """Describe the ``n`` largest regions, writing each chunk as it is answered; on cancel the
    rest is written without a description. Returns (described, cancelled)."""
    if n == 0:
        return 0, cancelled
    fam = engine.family_module

    def image(i: int) -> Any:
        last = regions[i].seen()[1]
        return side_by_side(
            dates[0],
            dates[last + 1],
            crop_window(grid, regions[i].geom),
            fam.INPUT_SIZE,
            (stretches[0], stretches[last + 1]),
        )

    def prompt(i: int) -> str:
        last = regions[i].seen()[1]
        return describe_prompt(Pair(sources[0].label, sources[last + 1].label), job.question)

    ctx.progress("describe", 0, n, f"describing the {n} largest change(s)")
    emitted: set = set()
    pending: List[int] = []

    def flush() -> None:
        out.emit([regions[j].geom for j in pending], [rows[j] for j in pending])
        emitted.update(pending)
        pending.clear()

    described = 0
    try:
        for i, text in ask_in_chunks(engine, n, image, prompt, job.max_new_tokens, chunk, ctx.cancel):
            rows[i]["description"] = text
            pending.append(i)
            described += 1
            if len(pending) >= chunk:
                flush()
            ctx.progress("describe", described, n, f"described {described} of {n}")
    except Cancelled:
        cancelled = True
        ctx.log("warning", f"cancelled: {described} of {n} change(s) described; the rest are kept without one")
    pending.extend(j for j in range(n) if j not in emitted and j not in pending)
    if pending:
        flush()
    return described, cancelled
