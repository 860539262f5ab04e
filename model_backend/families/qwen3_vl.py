"""Qwen3-VL (dense ``qwen3_vl`` and MoE ``qwen3_vl_moe`` checkpoints, Instruct and Thinking).

Coordinate convention: RELATIVE coordinates on a 0-1000 grid laid over the image the model saw,
x and y scaled separately: a box is JSON ``{"bbox_2d": [x1, y1, x2, y2], "label": ...}``, a point
``{"point_2d": [x, y], "label": ...}``; (0, 0) is the top-left corner and (1000, 1000) the
bottom-right corner whatever the image size. Source: the QwenLM/Qwen3-VL cookbook
``cookbooks/2d_grounding.ipynb`` ("Qwen3-VL's default coordinate system has been changed from the
absolute coordinates used in Qwen2.5-VL to relative coordinates ranging from 0 to 1000"), whose
plotting code maps ``x / 1000 * width`` and ``y / 1000 * height``; the repository README calls
it "relative position coordinates" for "both boxes and points". So, unlike Qwen2.5-VL, the
processor's resize does not move the boxes; we still map onto ``Generation.fed_size`` so that
the jobs' fed-size -> tile scaling is the same for every family.

The processor (transformers ``Qwen3VLProcessor`` with the ``Qwen2VLImageProcessor`` class, as in
the released preprocessor_config.json): 16 px patches merged 2x2, so ``smart_resize`` makes both
sides multiples of 32 with the pixel count within [65536, 16777216] (``size.shortest_edge`` /
``size.longest_edge`` of the released config).
"""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from ..errors import BadInput
from .base import Answer, chat, guarded
from .qwen_parse import read_answer, to_answer

NAME = "qwen3_vl"
MODEL_TYPES = ("qwen3_vl", "qwen3_vl_moe")
NAME_HINTS = ("qwen3-vl", "qwen3_vl")
TASKS = ("ask", "detect", "caption", "count", "ground")
UNAVAILABLE: dict = {}
COORDINATES = "relative 0-1000 grid over the fed image, x and y scaled separately (JSON bbox_2d / point_2d)"
# Module-name prefixes of each part in transformers' Qwen3VL(Moe)ForConditionalGeneration
# (modeling_qwen3_vl.py: Qwen3VLModel.visual with its .merger and the DeepStack mergers,
# .language_model; lm_head). The longest prefix wins; nf4/int8 quantize "language" only.
MODULE_PARTS = {
    "vision": ("model.visual",),
    "projector": ("model.visual.merger", "model.visual.deepstack_merger_list"),
    "language": ("model.language_model",),
    "lm_head": ("lm_head",),
}
GRID = 1000.0
PATCH_SIZE, MERGE_SIZE = 16, 2
FACTOR = PATCH_SIZE * MERGE_SIZE  # 32: smart_resize's factor (patch_size * merge_size)
# Released processor defaults (preprocessor_config.json of Qwen3-VL-*-Instruct: size
# {"shortest_edge": 65536, "longest_edge": 16777216}): what a server (vLLM...) resizes with.
SERVER_MIN_PIXELS, SERVER_MAX_PIXELS = 65536, 16777216
# Long side of the tile handed to the processor. 896 = 28 x 32: a multiple of 32, so a square
# tile is fed unresized (and it is above the 256 x 256 minimum); 28 x 28 = 784 visual tokens,
# the same cost per tile as Qwen2.5-VL's 784 px tile (28 x 28 tokens of 28 px). Below 1000 px
# one grid unit is under a pixel (0.9 px), so the 0-1000 answer loses no precision.
INPUT_SIZE = 896

# Prompts in the wording of the Qwen3-VL 2D-grounding cookbook.
DETECT_PROMPT = (
    'Locate every instance that belongs to the following categories: "{labels}". '
    "Report bbox coordinates in JSON format."
)
DETECT_EXPRESSION_PROMPT = (
    'Locate every instance of "{expression}" in the image. Report bbox coordinates in JSON format.'
)
GROUND_PROMPT = "Locate {expression}, output its bbox coordinates using JSON format."
CAPTION_PROMPT = (
    "Describe this aerial or satellite image tile in two or three sentences: the land "
    "cover, the notable objects and how they are arranged."
)
SUMMARIZE_PROMPT = (
    "This image is an overview of a whole area of interest. Below are descriptions "
    "of its tiles, one per line:\n{captions}\n\nWrite one concise summary of the "
    "whole area: main land cover, notable objects and where they are."
)
_THINK_END = "</think>"


def build_messages(
    task: str, prompt: str, labels: Sequence[str] = (), history: Optional[List[Tuple[str, str]]] = None
) -> List[dict]:
    """Chat messages (one image) for a model task; see ``base`` for the tasks' meaning.

    count is prompted like detect: the count job counts the boxes."""
    if task == "ask":
        return chat(prompt, history)
    if task in ("detect", "count"):
        names = [label.strip() for label in labels if label.strip()]
        if names:
            return chat(DETECT_PROMPT.format(labels=", ".join(names)))
        return chat(DETECT_EXPRESSION_PROMPT.format(expression=_expression(prompt)))
    if task == "ground":
        return chat(GROUND_PROMPT.format(expression=_expression(prompt)))
    if task == "caption":
        return chat(CAPTION_PROMPT)
    if task == "summarize":
        return chat(SUMMARIZE_PROMPT.format(captions=prompt.strip()))
    raise ValueError(f"task {task!r} is not supported by {NAME}")


def _expression(prompt: str) -> str:
    expression = prompt.strip()
    if not expression:
        raise BadInput("Qwen3-VL grounding needs object names or a referring expression")
    return expression


def strip_thinking(text: str) -> str:
    """The answer after a Thinking model's reasoning (``...</think>``); the text itself otherwise.

    Qwen3-VL-*-Thinking opens ``<think>`` in the generation prompt, so the decoded answer holds
    the reasoning, ``</think>``, then the reply: JSON-like drafts in the reasoning must not be
    read as boxes."""
    cut = text.rfind(_THINK_END)
    return text[cut + len(_THINK_END) :] if cut >= 0 else text


@guarded
def parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    """Raw answer -> Answer; points in pixels of the fed image of size ``image_size`` (w, h).

    ask / caption / summarize: the text. detect / count / ground: every box (2-point set) and
    point (1-point set) the answer holds, in any of the forms ``qwen_parse`` reads, 0-1000 grid
    -> pixels; ground keeps the first one."""
    body = strip_thinking(text).strip()
    if task in ("ask", "caption", "summarize"):
        return Answer(text=body)
    reading = read_answer(body)
    for shape in reading.shapes:
        if any(v < 0 or v > GRID for v in shape.coords):
            reading.warnings.append(f"coordinates outside the 0-1000 grid were clipped to the image: {shape.coords}")
    w, h = image_size
    return to_answer(
        task,
        body,
        reading,
        image_size,
        lambda c: [v * (w if i % 2 == 0 else h) / GRID for i, v in enumerate(c)],
        keep_first=True,
    )


def server_fed_size(w: int, h: int) -> Tuple[int, int]:
    """(w, h) the released Qwen3-VL processor makes of a w x h image (``smart_resize``, factor
    32, pixels within [65536, 16777216])."""
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

    new_h, new_w = smart_resize(h, w, factor=FACTOR, min_pixels=SERVER_MIN_PIXELS, max_pixels=SERVER_MAX_PIXELS)
    return new_w, new_h


def fed_size(inputs, index: int, patch_size: int = PATCH_SIZE) -> Tuple[int, int]:
    """(w, h) of image ``index`` as the processor fed it, from ``image_grid_thw`` (16 px patches)."""
    _, grid_h, grid_w = (int(v) for v in inputs["image_grid_thw"][index])
    return grid_w * patch_size, grid_h * patch_size
