"""The detect task: open-vocabulary labels or a referring expression, over a raster of any size.

Tiles are read ahead while the model works and answered ``job.batch_size`` at a time
(``tiled.batched_answers``); detections are merged across tile overlaps and settled as their
neighbouring tiles finish (``settle.detection_loop``), then written and streamed in batches, so
the layer fills while the job runs and a crash loses at most the unsettled rows.
"""

from __future__ import annotations

import time
from typing import Any, List, Tuple, cast

from ..errors import BadInput
from ..protocol import JobResult, JobSpec
from ..raster.windows import plan_tiles
from .ask import utc_now
from .context import JobContext
from .output import LayerOutput
from .settle import Found, detection_loop
from .tiled import result_base, start_job


def detect_target(job: JobSpec) -> Tuple[List[str], str, str]:
    """(labels, referring expression, prompt text) of a detect job; BadInput when neither."""
    labels = [label.strip() for label in job.labels if label.strip()]
    expression = job.text()
    if not labels and not expression:
        raise BadInput("Nothing to detect: give object names (e.g. 'ship, storage tank') or a referring expression")
    return labels, expression, ", ".join(labels) if labels else expression


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    t0 = time.perf_counter()
    labels, expression, prompt = detect_target(job)
    area, engine = start_job(job, ctx)
    fam = engine.family_module
    tiles = plan_tiles(area.info, area.window, job.tile_size or fam.INPUT_SIZE, job.overlap, job.gsd, aoi=area.aoi)
    messages = fam.build_messages("detect", expression, labels=labels)
    created = utc_now()
    layer = job.spec.main_layer.key
    with LayerOutput(ctx, job.out, layer, area.info.crs_wkt, job=job) as out:

        def on_settled(geoms: List[Any], found: List[Found]) -> None:
            out.emit(
                geoms,
                [
                    {
                        "label": label or prompt,
                        "score": score,
                        "task": "detect",
                        "prompt": prompt,
                        "model": job.model,
                        "source": job.raster,
                        "tile_id": tile_id,
                        "created": created,
                    }
                    for label, score, tile_id in found
                ],
            )

        stats, cancelled = detection_loop(job, ctx, engine, area, tiles, messages, on_settled)
        require_data(stats, cancelled)
        out.cancelled = cancelled
    return cast(
        JobResult,
        {
            **result_base(job, engine, area),
            "status": "cancelled" if cancelled else "ok",
            "prompt": prompt,
            "labels": labels,
            "elapsed_s": round(time.perf_counter() - t0, 3),
            **stats,
            **out.report(),
        },
    )


def require_data(stats: Any, cancelled: bool) -> None:
    """Every tile all nodata is no answer ("0 found" would be a lie): BadInput, so the output is
    left as it was."""
    if not cancelled and stats["tiles_done"] and stats["tiles_skipped_nodata"] == stats["tiles_done"]:
        raise BadInput("The AOI holds only nodata pixels: nothing to look at")
