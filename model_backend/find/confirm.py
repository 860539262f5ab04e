"""``--confirm``: the best tiles of a Find go to the VLM, which says whether the thing is there.

The encoder ranks fast but loosely (a parking lot of white cars can look like a solar farm); a
VLM looks at each of the top K tiles at its own input size and is asked, as a person would:
"Is there a solar farm in this image? Answer yes or no, then where." The answer's first yes/no
is the tile's ``confirmed`` ("yes", "no", or "unclear" when it says neither or both). Families
that can ground (every family here) are then asked to locate the thing in the tiles they said
yes to, with their own grounding prompt and parser, so the boxes land on the map like a ground
job's. A family that cannot answer free questions (Florence-2) is asked to ground only, and a
box found is its yes. Tiles go in ``job.batch_size`` batches through the job's engine (local
transformers or an OpenAI-compatible server), with cancel and progress like every tiled job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, List, Optional

from PIL import Image as PILImage

from ..errors import BadInput
from ..jobs.context import JobContext
from ..jobs.tiled import answer_geometries, clip_to
from ..protocol import JobSpec
from ..raster.read import Image, read_image

PROMPT = "Is there {what} in this image? Answer yes or no, then where."
_YES_NO = re.compile(r"\b(yes|no)\b")
_LEADING = re.compile(r"^[\W_]*(yes|no)\b")


@dataclass
class Candidate:
    """One tile to confirm: where it is read from."""

    raster: str
    window: Any  # rasterio Window
    footprint: Any  # shapely polygon in the raster's CRS
    bands: Any
    stretch: Any


@dataclass
class Verdict:
    confirmed: str  # "yes" | "no" | "unclear"
    answer: str
    boxes: List[Any] = field(default_factory=list)  # shapely geometries in the tile raster's CRS
    labels: List[str] = field(default_factory=list)
    scores: List[Optional[float]] = field(default_factory=list)


def with_article(what: str) -> str:
    """'solar farm' -> 'a solar farm', 'oil tanks' stays; an article already there is kept."""
    what = what.strip()
    if re.match(r"^(a|an|the|any|some)\s", what, re.I) or what.lower().endswith("s"):
        return what
    return ("an " if what[:1].lower() in "aeiou" else "a ") + what


def verdict(text: str) -> str:
    """The yes/no of an answer: its leading word, else the one of yes/no it says; else unclear."""
    low = text.strip().lower()
    lead = _LEADING.match(low)
    if lead:
        return lead.group(1)
    said = set(_YES_NO.findall(low))
    return said.pop() if len(said) == 1 else "unclear"


def check_family(fam: Any) -> None:
    if "ask" not in fam.TASKS and "ground" not in fam.TASKS:
        raise BadInput(
            f"--confirm needs a model that answers questions or grounds objects; the {fam.NAME} "
            f"family does {', '.join(fam.TASKS)}"
        )


def confirm(job: JobSpec, ctx: JobContext, engine: Any, query: str, cands: List[Candidate]) -> List[Verdict]:
    """One ``Verdict`` per candidate, in order."""
    fam = engine.family_module
    check_family(fam)
    can_ask, can_ground = "ask" in fam.TASKS, "ground" in fam.TASKS
    images: List[Image] = [read_image(c.raster, c.window, int(fam.INPUT_SIZE), c.bands, c.stretch) for c in cands]
    steps = len(cands) * (2 if can_ask and can_ground else 1)
    done = [0]

    def ask(task: str, prompt: str, which: List[int]) -> List[Any]:
        out = []
        messages = fam.build_messages(task, prompt)
        size = max(1, int(job.batch_size))
        for start in range(0, len(which), size):
            ctx.check_cancel()
            part = which[start : start + size]
            out += engine.generate(
                [PILImage.fromarray(images[i].rgb) for i in part],
                [messages] * len(part),
                job.max_new_tokens,
                cancel=ctx.cancel,
                batch_size=size,
            )
            done[0] += len(part)
            ctx.progress("confirm", min(done[0], steps), steps, f"asking {job.model} about the best tiles")
        return out

    verdicts = [Verdict("unclear", "") for _ in cands]
    every = list(range(len(cands)))
    if can_ask:
        for i, gen in zip(every, ask("ask", PROMPT.format(what=with_article(query)), every)):
            text = fam.parse("ask", gen.text, gen.fed_size).text
            verdicts[i] = Verdict(verdict(text), text)
    if can_ground:
        which = [i for i in every if verdicts[i].confirmed == "yes"] if can_ask else every
        for i, gen in zip(which, ask("ground", query, which)):
            answer = fam.parse("ground", gen.text, gen.fed_size)
            v = verdicts[i]
            for geom, ps in zip(answer_geometries(images[i], gen, answer.point_sets, fam), answer.point_sets):
                clipped = clip_to(cands[i].footprint, geom)
                if clipped is not None:
                    v.boxes.append(clipped)
                    v.labels.append(ps.label or query)
                    v.scores.append(ps.score)
            if not can_ask:
                v.confirmed, v.answer = ("yes" if v.boxes else "no"), answer.text
    return verdicts
