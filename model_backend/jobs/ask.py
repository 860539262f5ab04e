"""The ask task: one question about one AOI, answered from one image of it.

A conversation about one AOI is carried by the caller: ``job.history`` holds the earlier
[question, answer] turns, the model sees them (chat turns after the image), and the result's
``history`` is the conversation including this turn, to hand back with the next question. The
worker keeps no state between jobs, so a restarted worker or the CLI (``--history``) continue a
conversation the same way."""

from __future__ import annotations

import time
from typing import Dict, cast

from PIL import Image as PILImage

from ..errors import BadInput
from ..protocol import DEFAULT_QUESTION, LAYER_FIELDS, JobResult, JobSpec
from ..raster.read import read_image
from .context import JobContext
from .output import LayerOutput, utc_now
from .parse_guard import parse_answer
from .tiled import start_job

CAPTION_LAYER = "captions"
# ask's own "captions" schema: the caption/count one (protocol.LAYER_FIELDS) less what only
# tiled answers have (kind, tile_id, count, count_id).
TILED_ONLY = ("kind", "tile_id", "count", "count_id")
CAPTION_FIELDS: Dict[str, str] = {k: v for k, v in LAYER_FIELDS[CAPTION_LAYER].items() if k not in TILED_ONLY}
EMPTY_ANSWER = "(the model gave an empty answer)"


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    """Validate and read first (fast, clear errors), then load the model and ask."""
    t0 = time.perf_counter()
    question = job.text() if job.question is not None else DEFAULT_QUESTION
    if not question:
        raise BadInput("The question is empty")
    history = [(str(q), str(a)) for q, a in job.history]
    area, engine = start_job(job, ctx)
    family = engine.family_module
    image = read_image(job.raster, area.window, job.tile_size or family.INPUT_SIZE, area.bands, area.stretch)
    if image.valid_fraction == 0:
        raise BadInput("The AOI holds only nodata pixels: nothing to look at")
    ctx.progress("read", 1, 1)
    ctx.check_cancel()
    messages = family.build_messages("ask", question, history=history)
    gen = engine.generate(
        [PILImage.fromarray(image.rgb)],
        [messages],
        job.max_new_tokens,
        cancel=ctx.cancel,
        on_token=ctx.token_progress(),
    )[0]
    answer, why = parse_answer(family, "ask", gen)
    if answer is None:  # the parser failed: the model's own words are still the answer
        ctx.log("warning", f"{why}; the answer is shown as the model wrote it")
    text = (answer.text if answer is not None else " ".join(gen.text.split())) or EMPTY_ANSWER
    elapsed = round(time.perf_counter() - t0, 3)
    props = {
        "answer": text,
        "question": question,
        "model": job.model,
        "quantization": engine.quantization,
        "device": engine.device,
        "source": job.raster,
        "created": utc_now(),
        "elapsed_s": elapsed,
    }
    if job.out:
        ctx.progress("write", 0, 1, f"writing {job.out}")
    with LayerOutput(ctx, job.out, CAPTION_LAYER, area.info.crs_wkt, CAPTION_FIELDS, stream=False, job=job) as out:
        out.emit([area.aoi], [props])
    polygon = area.aoi
    return cast(
        JobResult,
        {
            "status": "ok",
            "task": "ask",
            "answer": text,
            "family": engine.family,
            "crs_wkt": area.info.crs_wkt,
            "crs_authid": area.info.crs_authid,
            "aoi_wkt": polygon.wkt,
            "image_size": list(gen.fed_size),
            "warnings": answer.warnings if answer is not None else [why],
            **out.report(),
            "properties": props,
            "features": [{"wkt": polygon.wkt, "properties": props}],
            "history": [list(turn) for turn in history] + [[question, text]],
            **props,
        },
    )
