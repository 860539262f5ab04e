"""What the VLM sees of a change, and what it is asked: for ``--describe`` (what changed in
this polygon?) and for the ``vlm`` method (did anything really change in this tile?).

Every engine and family takes one image per prompt, so the two dates go side by side in one
image, before on the left and after on the right, with a white bar between them, and the
prompt says so. Each half is a crop of the common grid around the polygon (or the tile) with
a context margin, each date through its own 2-98 % stretch (identity for uint8), resized so
both halves together fit the family's input size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, List, Optional, Tuple

import numpy as np
from PIL import Image as PILImage
from rasterio.windows import Window

from ..raster.read import Stretch
from .coregister import DateReader, Grid

GAP = 8  # px of white between the two halves
MIN_MARGIN = 16  # grid px of context around a polygon, at least
MARGIN_SHARE = 0.5  # ... and half the polygon's size
MIN_HALF = 64  # px: a half is never smaller than this


@dataclass(frozen=True)
class Pair:
    """The labels of the two dates shown."""

    before: str
    after: str


def describe_prompt(pair: Pair, question: Optional[str]) -> str:
    text = (
        f"These are two aerial images of the same place side by side: the left one was taken "
        f"{pair.before} (before), the right one {pair.after} (after). Something changed in the "
        "middle of the images. In one short sentence, say what changed (for example: 'a new "
        "building on a former field', 'a pond dried up')."
    )
    if question:
        text += f" The analyst asks: {question.strip()}"
    return text


def filter_prompt(pair: Pair, question: Optional[str]) -> str:
    text = (
        f"These are two aerial images of the same place side by side: left {pair.before} "
        f"(before), right {pair.after} (after). Did anything really change on the ground (new, "
        "removed or altered buildings, roads, water, vegetation cleared or planted), not just "
        "light, shadows, season or colour? Answer yes or no first, then say what changed."
    )
    if question:
        text += f" Only count changes of this kind: {question.strip()}"
    return text


_YES_NO = re.compile(r"^\W*(yes|no)\b", re.I)


def yes_no(answer: str) -> Optional[bool]:
    """True for an answer starting with "yes", False with "no", None otherwise."""
    m = _YES_NO.match(answer or "")
    return None if m is None else m.group(1).lower() == "yes"


def _to_rgb(data: np.ndarray, valid: Optional[np.ndarray], stretch: Stretch, where: Tuple[int, int, int]) -> np.ndarray:
    rgb = stretch.apply(data[list(where)])
    if valid is not None:
        rgb = np.where(valid[None], rgb, 0).astype(np.uint8)
    return np.moveaxis(rgb, 0, -1)


def crop_window(grid: Grid, geom: Any) -> Window:
    """The polygon's bounding window on the grid plus its context margin."""
    box = grid.pixel_window(geom)
    margin = max(MIN_MARGIN, int(MARGIN_SHARE * max(box.width, box.height)))
    return grid.pixel_window(geom, margin)


def side_by_side(
    before: DateReader, after: DateReader, window: Window, input_size: int, stretches: Tuple[Stretch, Stretch]
) -> PILImage.Image:
    """The two dates of ``window`` side by side, fitting ``input_size`` px in width."""
    w, h = int(window.width), int(window.height)
    half = max(MIN_HALF, (input_size - GAP) // 2)
    scale = half / max(w, h)
    out_w, out_h = max(1, round(w * scale)), max(1, round(h * scale))
    halves = []
    for reader, stretch in zip((before, after), stretches):
        data, valid = reader.read(window, out_shape=(out_h, out_w))
        halves.append(_to_rgb(data, valid, stretch, reader.source.rgb))
    canvas = np.full((out_h, 2 * out_w + GAP, 3), 255, dtype=np.uint8)
    canvas[:, :out_w] = halves[0]
    canvas[:, out_w + GAP :] = halves[1]
    return PILImage.fromarray(canvas)


def ask_in_chunks(
    engine: Any,
    count: int,
    image: Callable[[int], PILImage.Image],
    prompt: Callable[[int], str],
    max_new_tokens: int,
    chunk: int,
    cancel: Any,
) -> Iterator[Tuple[int, str]]:
    """(index, answer text) for ``count`` images made on demand, asked ``chunk`` at a time (a
    local model batches them, a server engine sends them concurrently)."""
    fam = engine.family_module
    for start in range(0, count, chunk):
        idx = list(range(start, min(count, start + chunk)))
        imgs = [image(i) for i in idx]
        msgs = [fam.build_messages("ask", prompt(i)) for i in idx]
        gens = engine.generate(imgs, msgs, max_new_tokens, cancel=cancel, batch_size=len(idx))
        for i, gen in zip(idx, gens):
            yield i, fam.parse("ask", gen.text, gen.fed_size).text.strip() or gen.text.strip()


def tile_windows(grid: Grid, side: int) -> List[Window]:
    """Non-overlapping grid windows of ``side`` px (the last ones cut at the grid edge)."""
    return [
        Window(c, r, min(side, grid.width - c), min(side, grid.height - r))
        for r in range(0, grid.height, side)
        for c in range(0, grid.width, side)
    ]
