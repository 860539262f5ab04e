"""The ground task: a referring expression ("the largest white building") -> the one best box.

An expression names one thing, so the answer is one feature (layer "grounding", the detect
fields). An AOI up to twice the model's input size on its long side (in raster pixels at the
job's resolution) is shown as ONE image, downsampled to the input size: the model can compare
candidates only within an image it sees whole, and a halved resolution still shows most
objects an expression singles out. A larger AOI is tiled (``job.overlap``, ``job.batch_size``)
and every tile is asked; each tile's boxes are candidates, and one is kept:

1. a candidate with a model score beats any without; the highest score wins;
2. without scores (Qwen-style answers give none), the box from the tile whose centre is
   nearest the AOI's centre: the user framed the AOI around what they mean, and a model asked
   about a tile that does not hold the object tends to name something anyway, which is then
   as likely near an edge as anywhere;
3. within a tile, the first box the model named (its own preference); ties of 1 and 2 are
   settled by 2 then 3.

Boxes are clipped to the AOI; one left with no area is no candidate. No candidate: status "ok",
``found`` False and the answer "the model found no <expression> in the area"; the output file
is still written, with an empty layer, so scripts reading it need no special case. Cancel (tiled
AOIs) keeps the best box of the tiles done, with status "cancelled".
"""

from __future__ import annotations

import re
import time
from typing import Any, Dict, List, Optional, Tuple, cast

from PIL import Image as PILImage

from ..errors import BadInput, Cancelled
from ..protocol import JobResult, JobSpec
from ..raster.read import read_image
from ..raster.windows import plan_tiles, tile_side_px
from .context import JobContext
from .output import LayerOutput, utc_now
from .parse_guard import parse_answer
from .tiled import Area, answer_geometries, batched_answers, clip_to, result_base, start_job

GROUNDING_LAYER = "grounding"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)  # "found no the ship" reads badly
SINGLE_IMAGE_FACTOR = 2  # AOIs up to this many model input sizes (long side) go in one image


class Candidate:
    """One box some tile's answer named, with what ranks it (see the module docstring)."""

    def __init__(self, geom: Any, label: str, score: Optional[float], distance: float, order: int, tile_id: int):
        self.geom, self.label, self.score = geom, label, score
        self.distance, self.order, self.tile_id = distance, order, tile_id

    def rank(self) -> Tuple[int, float, float, int]:
        """Smaller is better: scored first, higher score, nearer tile centre, named earlier."""
        scored = self.score is not None
        return (0 if scored else 1, -(self.score or 0.0), self.distance, self.order)


def best(candidates: List[Candidate]) -> Optional[Candidate]:
    return min(candidates, key=Candidate.rank) if candidates else None


def _expression(job: JobSpec) -> str:
    expression = job.text()
    if not expression:
        raise BadInput("Nothing to locate: give a referring expression, e.g. 'the largest white building'")
    return expression


def _candidates(fam: Any, image: Any, gen: Any, area: Area, distance: float, tile_id: int) -> List[Candidate]:
    """The boxes of one answer; none when the answer cannot be read (the tile is skipped)."""
    answer, _ = parse_answer(fam, "ground", gen)
    if answer is None:
        return []
    try:
        geoms = answer_geometries(image, gen, answer.point_sets, fam)
    except Exception:  # noqa: BLE001 - coordinates no geometry can hold: an unreadable tile
        return []
    out = []
    for order, (geom, ps) in enumerate(zip(geoms, answer.point_sets)):
        clipped = clip_to(area.aoi, geom)
        if clipped is not None:
            out.append(Candidate(clipped, ps.label, ps.score, distance, order, tile_id))
    return out


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    """Read first (fast errors), load, ask one image or every tile, keep the best box."""
    t0 = time.perf_counter()
    expression = _expression(job)
    area, engine = start_job(job, ctx)
    fam = engine.family_module
    tile_px = job.tile_size or fam.INPUT_SIZE
    side_x, side_y = tile_side_px(area.info, tile_px, job.gsd)
    messages = fam.build_messages("ground", expression)
    candidates: List[Candidate] = []
    cancelled, n_tiles = False, 1
    if area.window.width <= SINGLE_IMAGE_FACTOR * side_x and area.window.height <= SINGLE_IMAGE_FACTOR * side_y:
        ctx.progress("read", 0, 1, f"reading {area.window.width}x{area.window.height} px")
        image = read_image(job.raster, area.window, tile_px, area.bands, area.stretch)
        if image.valid_fraction == 0:
            raise BadInput("The AOI holds only nodata pixels: nothing to look at")
        ctx.check_cancel()
        gen = engine.generate(
            [PILImage.fromarray(image.rgb)],
            [messages],
            job.max_new_tokens,
            cancel=ctx.cancel,
            on_token=ctx.token_progress(),
        )[0]
        candidates = _candidates(fam, image, gen, area, 0.0, 0)
    else:
        tiles = plan_tiles(area.info, area.window, tile_px, job.overlap, job.gsd, aoi=area.aoi)
        n_tiles, centre = len(tiles), area.aoi.centroid
        ctx.progress("ground", 0, n_tiles, f"{n_tiles} tiles")
        answers = batched_answers(job, ctx, engine, tiles, area, messages)
        try:
            for done, (tile, image, tile_gen) in enumerate(answers, 1):
                if tile_gen is not None:
                    dist = tile.footprint().centroid.distance(centre)
                    candidates += _candidates(fam, image, tile_gen, area, dist, tile.id)
                ctx.progress("ground", done, n_tiles, f"{len(candidates)} candidate boxes")
        except Cancelled:
            cancelled = True
            ctx.log("warning", "cancelled: the best box of the tiles done so far is kept")
        finally:
            answers.close()
    pick = best(candidates)
    props: Optional[Dict[str, Any]] = None
    if pick is not None:
        props = {
            "label": pick.label or expression,
            "score": pick.score,
            "task": "ground",
            "prompt": expression,
            "model": job.model,
            "source": job.raster,
            "tile_id": pick.tile_id,
            "created": utc_now(),
        }
        text = f"located {expression}" + (f" (score {pick.score:.2f})" if pick.score is not None else "")
        if n_tiles > 1:
            text += f": best of {len(candidates)} candidate boxes in {n_tiles} tiles"
    else:
        text = f"the model found no {_ARTICLE.sub('', expression)} in the area"
    with LayerOutput(ctx, job.out, GROUNDING_LAYER, area.info.crs_wkt, job=job) as out:
        out.cancelled = cancelled
        if pick is not None and props is not None:
            out.emit([pick.geom], [props])
    return cast(
        JobResult,
        {
            **result_base(job, engine, area),
            "status": "cancelled" if cancelled else "ok",
            "task": "ground",
            "found": pick is not None,
            "answer": text,
            "expression": expression,
            "wkt": pick.geom.wkt if pick else None,
            "score": pick.score if pick else None,
            "properties": props,
            "tiles": n_tiles,
            "candidates": len(candidates),
            "features": [{"wkt": pick.geom.wkt, "properties": props}] if pick else [],
            "elapsed_s": round(time.perf_counter() - t0, 3),
            **out.report(),
        },
    )
