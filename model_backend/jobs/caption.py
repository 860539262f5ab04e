"""The caption task: a description of an AOI of any size.

A model sees one image of about ``INPUT_SIZE`` pixels: an AOI shrunk into it loses the detail
that makes a caption worth having, and cutting it into tiles gives many captions but no
description of the whole. So: the AOI is tiled at the family's input size (native resolution,
or ``job.gsd``; no overlap: captions are not merged), each tile is captioned (``job.batch_size``
per call), and then the model writes ONE summary from an overview image of the whole AOI plus
the tile captions, one per line (model task "summarize"): the overview gives the layout, the
captions the detail. An AOI that fits in one tile gets no second call: its caption is the
summary.

Output layer "captions": one feature per tile with data (kind "tile": the tile footprint
clipped to the AOI), streamed as they come, then the summary (kind "summary": the AOI). A
one-tile AOI gets only the summary feature. Cancel keeps the tile captions and skips the
summary (result status "cancelled", empty answer).
"""

from __future__ import annotations

import time
from typing import Any, List, Optional, cast

from PIL import Image as PILImage

from ..errors import BadInput, Cancelled
from ..protocol import JobResult, JobSpec
from ..raster.read import read_image
from ..raster.windows import plan_tiles
from .ask import CAPTION_LAYER, EMPTY_ANSWER
from .context import JobContext
from .output import LayerOutput, utc_now
from .parse_guard import parse_answer
from .tiled import batched_answers, clip_to, result_base, start_job

# The summary prompt holds every tile caption: beyond this many characters each caption is
# cut to an equal share, so a large AOI cannot overflow the model's context.
MAX_SUMMARY_CHARS = 8000


def caption_prompt(job: JobSpec) -> str:
    """The user's own caption prompt, or "" for the family's default."""
    return job.text()


def summary_input(captions: List[str], limit: int = MAX_SUMMARY_CHARS) -> str:
    """The tile captions one per line (newlines inside a caption flattened), each cut to an
    equal share of ``limit`` when all of them together are longer."""
    lines = [" ".join(c.split()) for c in captions]
    if sum(len(line) + 1 for line in lines) > limit:
        share = max(40, limit // max(1, len(lines)) - 1)
        lines = [line if len(line) <= share else line[: share - 1].rstrip() + "…" for line in lines]
    return "\n".join(lines)


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    """Read first (fast errors), load, caption the tiles, then summarise."""
    t0 = time.perf_counter()
    prompt = caption_prompt(job)
    area, engine = start_job(job, ctx)
    fam = engine.family_module
    tile_px = job.tile_size or fam.INPUT_SIZE
    tiles = plan_tiles(area.info, area.window, tile_px, 0.0, job.gsd, aoi=area.aoi)
    messages = fam.build_messages("caption", prompt)
    question = _prompt_text(messages)  # what the model was really asked, for the attributes
    if prompt and prompt not in question:
        ctx.log("warning", f"the {fam.NAME} family captions with its own prompt; yours is not used")
    created = utc_now()
    base = {
        "question": question,
        "model": job.model,
        "quantization": engine.quantization,
        "device": engine.device,
        "source": job.raster,
        "created": created,
    }
    out = LayerOutput(ctx, job.out, CAPTION_LAYER, area.info.crs_wkt, job=job)
    emit = out.emit
    captions: List[str] = []
    captioned: List[int] = []  # tile ids, in the order of ``captions``
    skipped, unreadable, summary, cancelled = 0, 0, "", False
    try:
        ctx.progress("caption", 0, len(tiles), f"{len(tiles)} tiles")
        answers = batched_answers(job, ctx, engine, tiles, area, messages)
        try:
            for done, (tile, _image, gen) in enumerate(answers, 1):
                answer, why = parse_answer(fam, "caption", gen) if gen is not None else (None, "")
                if gen is None:
                    skipped += 1
                elif answer is None:
                    unreadable += 1  # the parser failed on this answer: the tile is skipped
                    if unreadable == 1:
                        ctx.log(
                            "warning",
                            f"tile {tile.id}: {why}; its caption is skipped (further ones are counted, not repeated)",
                        )
                else:
                    text = answer.text or EMPTY_ANSWER
                    captions.append(text)
                    captioned.append(tile.id)
                    geom = clip_to(area.aoi, tile.footprint())
                    if geom is not None and len(tiles) > 1:
                        emit(
                            [geom],
                            [
                                {
                                    **base,
                                    "answer": text,
                                    "kind": "tile",
                                    "tile_id": tile.id,
                                    "elapsed_s": round(time.perf_counter() - t0, 3),
                                }
                            ],
                        )
                ctx.progress("caption", done, len(tiles), f"{len(captions)} captions")
        finally:
            answers.close()
        if not captions and not unreadable:
            raise BadInput("The AOI holds only nodata pixels: nothing to describe")
        if not captions:
            summary = EMPTY_ANSWER
        elif len(captions) == 1:
            summary = captions[0]
        else:
            summary = _summarize(job, ctx, engine, area, captions)
        row = {
            **base,
            "answer": summary,
            "elapsed_s": round(time.perf_counter() - t0, 3),
            "kind": "summary",
            "tile_id": captioned[0] if len(captions) == 1 else None,
        }
        emit([area.aoi], [row])
    except Cancelled:
        cancelled = True
        ctx.log(
            "warning",
            f"cancelled after {len(captions)} tile captions of {len(tiles)} tiles: "
            "the tile captions are kept, the summary of the whole area was not written",
        )
    except BaseException as exc:  # failed: the file keeps what was found as a partial result, or nothing
        out.abandon(exc)
        raise
    out.cancelled = cancelled
    out.close()
    return cast(
        JobResult,
        {
            **result_base(job, engine, area),
            "status": "cancelled" if cancelled else "ok",
            "task": "caption",
            "answer": summary,
            "question": question,
            "tiles": len(tiles),
            "tiles_captioned": len(captions),
            "tiles_skipped_nodata": skipped,
            "tiles_unparsed": unreadable,
            "captions": captions,
            "elapsed_s": round(time.perf_counter() - t0, 3),
            **out.report(),
        },
    )


def _prompt_text(messages: List[dict]) -> str:
    """The text of the last user turn (a family's default caption prompt or task token)."""
    content = messages[-1].get("content")
    if isinstance(content, str):
        return content
    return " ".join(c.get("text", "") for c in content or [] if c.get("type") == "text").strip()


def _summarize(job: JobSpec, ctx: JobContext, engine: Any, area: Any, captions: List[str]) -> str:
    """One model call: the overview image of the whole AOI and the tile captions -> a summary."""
    ctx.check_cancel()
    fam = engine.family_module
    ctx.progress("summarize", 0, 1, f"summarising {len(captions)} tile captions")
    overview = read_image(job.raster, area.window, fam.INPUT_SIZE, area.bands, area.stretch)
    messages = fam.build_messages("summarize", summary_input(captions))
    gen = engine.generate(
        [PILImage.fromarray(overview.rgb)],
        [messages],
        job.max_new_tokens,
        cancel=ctx.cancel,
        on_token=ctx.token_progress(),
    )[0]
    ctx.check_cancel()
    ctx.progress("summarize", 1, 1)
    answer, why = parse_answer(fam, "summarize", gen)
    if answer is None:
        ctx.log("warning", f"the summary could not be read: {why}")
    text: Optional[str] = answer.text if answer is not None else None
    return text or EMPTY_ANSWER
