"""The ask task: one question about one AOI, answered from one image of it.

A conversation about one AOI is carried by the caller: ``job.history`` holds the earlier
[question, answer] turns, the model sees them (chat turns after the image), and the result's
``history`` is the conversation including this turn, to hand back with the next question. The
worker keeps no state between jobs, so a restarted worker or the CLI (``--history``) continue a
conversation the same way."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Dict

from PIL import Image as PILImage

from ..errors import BadInput
from ..protocol import JobSpec
from ..raster.aoi import aoi_polygon, polygon_window
from ..raster.read import compute_stretch, read_image, select_bands
from ..raster.source import open_info
from .context import JobContext
from .families_check import check_job, require_task

CAPTION_LAYER = "captions"
CAPTION_FIELDS = {"answer": "str", "question": "str", "model": "str", "quantization": "str",
                  "device": "str", "source": "str", "created": "str", "elapsed_s": "float"}
EMPTY_ANSWER = "(the model gave an empty answer)"


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def run_ask(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    """Validate and read first (fast, clear errors), then load the model and ask."""
    t0 = time.perf_counter()
    if not job.question.strip():
        raise BadInput("The question is empty")
    history = [(str(q), str(a)) for q, a in job.history]
    check_job(job, "ask")
    info = open_info(job.raster)
    polygon = aoi_polygon(info, job.aoi, job.aoi_crs)
    window = polygon_window(info, polygon)
    bands = select_bands(info, job.bands)
    ctx.progress("read", 0, 1, f"reading {window.width}x{window.height} px")
    stretch = compute_stretch(job.raster, bands)
    engine = ctx.engine_for(job)
    family = engine.family_module
    require_task(family, "ask")
    image = read_image(job.raster, window, job.tile_size or family.INPUT_SIZE, bands, stretch)
    if image.valid_fraction == 0:
        raise BadInput("The AOI holds only nodata pixels: nothing to look at")
    ctx.progress("read", 1, 1)
    ctx.check_cancel()
    messages = family.build_messages("ask", job.question, history=history)
    gen = engine.generate([PILImage.fromarray(image.rgb)], [messages], job.max_new_tokens,
                          cancel=ctx.cancel,
                          on_token=ctx.token_progress())[0]
    answer = family.parse("ask", gen.text, gen.fed_size)
    text = answer.text or EMPTY_ANSWER
    elapsed = round(time.perf_counter() - t0, 3)
    props = {"answer": text, "question": job.question, "model": job.model,
             "quantization": engine.quantization, "device": engine.device,
             "source": job.raster, "created": utc_now(), "elapsed_s": elapsed}
    if job.out:
        ctx.progress("write", 0, 1, f"writing {job.out}")
        from ..writers.vector import VectorWriter

        with VectorWriter(job.out, CAPTION_LAYER, info.crs_wkt, CAPTION_FIELDS) as writer:
            writer.write([polygon], [props])
    return {"status": "ok", "task": "ask", "answer": text, "family": engine.family,
            "crs_wkt": info.crs_wkt, "crs_authid": info.crs_authid, "aoi_wkt": polygon.wkt,
            "image_size": list(gen.fed_size), "warnings": answer.warnings, "output": job.out,
            "properties": props, "features": [{"wkt": polygon.wkt, "properties": props}],
            "history": [list(turn) for turn in history] + [[job.question, text]],
            **props}
