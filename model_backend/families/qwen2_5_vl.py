"""Qwen2.5-VL (default family).

Coordinate convention (Qwen2.5-VL technical report, and the grounding examples of the
model card / Qwen cookbooks): boxes are JSON ``{"bbox_2d": [x1, y1, x2, y2], "label": ...}`` in
ABSOLUTE pixels of the image after the processor's resize (``smart_resize``: both sides
multiples of 28, total pixels within [min_pixels, max_pixels]) — not the original image and
not a normalised grid. The engine reports that size as ``Generation.fed_size``. Points
(``point_2d``, ``<points x1 y1>``) and the other forms real answers take are in the same pixels
(``qwen_parse``).
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from .base import Answer, chat, guarded
from .qwen_parse import read_answer, to_answer

NAME = "qwen2_5_vl"
MODEL_TYPES = ("qwen2_5_vl",)
NAME_HINTS = ("qwen2.5-vl", "qwen2_5_vl", "qwen2.5vl")
TASKS = ("ask", "detect", "caption", "count", "ground")
UNAVAILABLE: dict = {}
COORDINATES = "absolute pixels of the processor-resized image (JSON bbox_2d)"
# Module-name prefixes of each part in transformers' Qwen2_5_VLForConditionalGeneration
# (modeling_qwen2_5_vl.py: Qwen2_5_VLModel.visual, its .merger, .language_model; lm_head). The
# longest prefix wins; nf4/int8 quantize "language" only (engines/model_cost.py).
MODULE_PARTS = {
    "vision": ("model.visual",),
    "projector": ("model.visual.merger",),
    "language": ("model.language_model",),
    "lm_head": ("lm_head",),
}
# The released processor's defaults (preprocessor_config.json of Qwen2.5-VL-*-Instruct): what a
# server (vLLM...) resizes our tiles with, unless it was started with other min/max pixels.
SERVER_MIN_PIXELS, SERVER_MAX_PIXELS, FACTOR = 3136, 12845056, 28
# Long side of the image handed to the processor: a multiple of 28 (14 px patches, 2x2 merge).
INPUT_SIZE = 784

DETECT_PROMPT = (
    "Locate every instance that belongs to the following categories: {labels}. Report bbox coordinates in JSON format."
)
GROUND_PROMPT = "Locate {expression} in the image. Report its bbox coordinates in JSON format."
# caption / summarize: plain text. The summary is asked of the overview image *with* the tile
# captions, so the model can correct a tile caption against the whole picture; asking for prose
# (not a list) is what keeps it from echoing the tile captions one by one.
CAPTION_PROMPT = (
    "Describe this aerial or satellite image in two or three sentences: the land "
    "cover, the notable objects and structures, and how they are arranged."
)
SUMMARIZE_PROMPT = (
    "This image is an overview of a whole area of interest. Below are descriptions "
    "of its parts (tiles read row by row from the top left), one per line:\n"
    "{captions}\n\nWrite one concise summary of the whole area in a few sentences: "
    "the main land cover, the notable objects and where they are. Do not list the "
    "parts one by one."
)
TEXT_TASKS = ("ask", "caption", "summarize")


def build_messages(
    task: str, prompt: str, labels: Sequence[str] = (), history: Optional[List[Tuple[str, str]]] = None
) -> List[dict]:
    """Chat messages (one image) for a model task (see ``base``). caption: ``prompt`` replaces
    the default caption prompt when given. count is prompted like detect (the count job counts
    the boxes)."""
    if task == "ask":
        return chat(prompt, history)
    if task in ("detect", "count"):
        text = (
            DETECT_PROMPT.format(labels=", ".join(f"'{l}'" for l in labels))
            if labels
            else GROUND_PROMPT.format(expression=prompt)
        )
        return chat(text)
    if task == "ground":
        return chat(GROUND_PROMPT.format(expression=prompt.strip()))
    if task == "caption":
        return chat(prompt.strip() or CAPTION_PROMPT)
    if task == "summarize":
        return chat(SUMMARIZE_PROMPT.format(captions=prompt.strip()))
    raise ValueError(f"task {task!r} is not supported by {NAME}")


@guarded
def parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    """Raw answer -> Answer; shapes in pixels of the fed image of size ``image_size`` (w, h).

    ask / caption / summarize: the text. detect / count / ground: every box and point the
    answer holds, in any of the forms ``qwen_parse`` reads (absolute pixels of the fed image);
    ground keeps them all, in the model's order: the ground job picks one."""
    if task in TEXT_TASKS:
        return Answer(text=text.strip())
    return to_answer(task, text.strip(), read_answer(text), image_size, lambda coords: coords, keep_first=False)


def server_fed_size(w: int, h: int) -> Tuple[int, int]:
    """(w, h) the model's own processor makes of a w x h image (``smart_resize``)."""
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

    new_h, new_w = smart_resize(h, w, factor=FACTOR, min_pixels=SERVER_MIN_PIXELS, max_pixels=SERVER_MAX_PIXELS)
    return new_w, new_h


def fed_size(inputs, index: int, patch_size: int = 14) -> Tuple[int, int]:
    """(w, h) of image ``index`` as the processor fed it, from ``image_grid_thw`` (patches)."""
    _, grid_h, grid_w = (int(v) for v in inputs["image_grid_thw"][index])
    return grid_w * patch_size, grid_h * patch_size
