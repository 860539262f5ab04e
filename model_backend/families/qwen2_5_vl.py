"""Qwen2.5-VL (default family).

Coordinate convention (Qwen2.5-VL technical report, and the grounding examples of the
model card / Qwen cookbooks): boxes are JSON ``{"bbox_2d": [x1, y1, x2, y2], "label": ...}`` in
ABSOLUTE pixels of the image after the processor's resize (``smart_resize``: both sides
multiples of 28, total pixels within [min_pixels, max_pixels]) — not the original image and
not a normalised grid. The engine reports that size as ``Generation.fed_size``.
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from ..geometry import PointSet, normalise_box
from .base import Answer, chat, extract_json

NAME = "qwen2_5_vl"
MODEL_TYPES = ("qwen2_5_vl",)
NAME_HINTS = ("qwen2.5-vl", "qwen2_5_vl", "qwen2.5vl")
TASKS = ("ask", "detect", "caption", "count", "ground")
UNAVAILABLE: dict = {}
COORDINATES = "absolute pixels of the processor-resized image (JSON bbox_2d)"
# The released processor's defaults (preprocessor_config.json of Qwen2.5-VL-*-Instruct): what a
# server (vLLM...) resizes our tiles with, unless it was started with other min/max pixels.
SERVER_MIN_PIXELS, SERVER_MAX_PIXELS, FACTOR = 3136, 12845056, 28
# Long side of the image handed to the processor: a multiple of 28 (14 px patches, 2x2 merge).
INPUT_SIZE = 784

DETECT_PROMPT = ("Locate every instance that belongs to the following categories: {labels}. "
                 "Report bbox coordinates in JSON format.")
GROUND_PROMPT = ("Locate {expression} in the image. "
                 "Report its bbox coordinates in JSON format.")
# caption / summarize: plain text. The summary is asked of the overview image *with* the tile
# captions, so the model can correct a tile caption against the whole picture; asking for prose
# (not a list) is what keeps it from echoing the tile captions one by one.
CAPTION_PROMPT = ("Describe this aerial or satellite image in two or three sentences: the land "
                  "cover, the notable objects and structures, and how they are arranged.")
SUMMARIZE_PROMPT = ("This image is an overview of a whole area of interest. Below are descriptions "
                    "of its parts (tiles read row by row from the top left), one per line:\n"
                    "{captions}\n\nWrite one concise summary of the whole area in a few sentences: "
                    "the main land cover, the notable objects and where they are. Do not list the "
                    "parts one by one.")
TEXT_TASKS = ("ask", "caption", "summarize")


def build_messages(task: str, prompt: str, labels: Sequence[str] = (),
                   history: Optional[List[Tuple[str, str]]] = None) -> List[dict]:
    """Chat messages (one image) for a model task (see ``base``). caption: ``prompt`` replaces
    the default caption prompt when given. count is prompted like detect (the count job counts
    the boxes)."""
    if task == "ask":
        return chat(prompt, history)
    if task in ("detect", "count"):
        text = DETECT_PROMPT.format(labels=", ".join(f"'{l}'" for l in labels)) if labels \
            else GROUND_PROMPT.format(expression=prompt)
        return chat(text)
    if task == "ground":
        return chat(GROUND_PROMPT.format(expression=prompt.strip()))
    if task == "caption":
        return chat(prompt.strip() or CAPTION_PROMPT)
    if task == "summarize":
        return chat(SUMMARIZE_PROMPT.format(captions=prompt.strip()))
    raise ValueError(f"task {task!r} is not supported by {NAME}")


def parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    """Raw answer -> Answer; boxes in pixels of the fed image of size ``image_size`` (w, h).

    ask / caption / summarize: the text. detect / count / ground: every ``bbox_2d`` box (ground
    keeps them all, in the model's order: the ground job picks one)."""
    if task in TEXT_TASKS:
        return Answer(text=text.strip())
    value, warning = extract_json(text)
    answer = Answer(text=text.strip(), warnings=[warning] if warning else [])
    if value is None:
        return answer
    items = value if isinstance(value, list) else [value]
    seen = set()
    for item in items:
        box = item.get("bbox_2d", item.get("bbox")) if isinstance(item, dict) else None
        if not isinstance(box, (list, tuple)) or len(box) != 4:
            answer.warnings.append(f"skipped an item without a 4-number bbox_2d: {str(item)[:80]}")
            continue
        try:
            coords = [float(v) for v in box]
        except (TypeError, ValueError):
            answer.warnings.append(f"skipped a bbox_2d with non-numbers: {box}")
            continue
        ps = normalise_box(coords, image_size, label=str(item.get("label", "")).strip(),
                           score=_score(item))
        if ps is None:
            answer.warnings.append(f"dropped a degenerate or out-of-image box: {box}")
            continue
        key = (ps.points, ps.label)
        if key in seen:
            answer.warnings.append(f"dropped a duplicate box: {box}")
            continue
        seen.add(key)
        answer.point_sets.append(ps)
    return answer


def _score(item: dict) -> Optional[float]:
    for key in ("score", "confidence"):
        if isinstance(item.get(key), (int, float)):
            return float(item[key])
    return None


def server_fed_size(w: int, h: int) -> Tuple[int, int]:
    """(w, h) the model's own processor makes of a w x h image (``smart_resize``)."""
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

    new_h, new_w = smart_resize(h, w, factor=FACTOR, min_pixels=SERVER_MIN_PIXELS,
                                max_pixels=SERVER_MAX_PIXELS)
    return new_w, new_h


def fed_size(inputs, index: int, patch_size: int = 14) -> Tuple[int, int]:
    """(w, h) of image ``index`` as the processor fed it, from ``image_grid_thw`` (patches)."""
    _, grid_h, grid_w = (int(v) for v in inputs["image_grid_thw"][index])
    return grid_w * patch_size, grid_h * patch_size
