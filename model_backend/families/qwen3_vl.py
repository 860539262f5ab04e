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

import math
from typing import Any, List, Optional, Sequence, Tuple

from ..errors import BadInput
from ..geometry import PointSet, normalise_box, normalise_points
from .base import Answer, chat, extract_json

NAME = "qwen3_vl"
MODEL_TYPES = ("qwen3_vl", "qwen3_vl_moe")
NAME_HINTS = ("qwen3-vl", "qwen3_vl")
TASKS = ("ask", "detect", "caption", "count", "ground")
UNAVAILABLE: dict = {}
COORDINATES = "relative 0-1000 grid over the fed image, x and y scaled separately (JSON bbox_2d / point_2d)"
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
DETECT_PROMPT = ('Locate every instance that belongs to the following categories: "{labels}". '
                 "Report bbox coordinates in JSON format.")
DETECT_EXPRESSION_PROMPT = ('Locate every instance of "{expression}" in the image. '
                            "Report bbox coordinates in JSON format.")
GROUND_PROMPT = "Locate {expression}, output its bbox coordinates using JSON format."
CAPTION_PROMPT = ("Describe this aerial or satellite image tile in two or three sentences: the land "
                  "cover, the notable objects and how they are arranged.")
SUMMARIZE_PROMPT = ("This image is an overview of a whole area of interest. Below are descriptions "
                    "of its tiles, one per line:\n{captions}\n\nWrite one concise summary of the "
                    "whole area: main land cover, notable objects and where they are.")
_THINK_END = "</think>"


def build_messages(task: str, prompt: str, labels: Sequence[str] = (),
                   history: Optional[List[Tuple[str, str]]] = None) -> List[dict]:
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
    return text[cut + len(_THINK_END):] if cut >= 0 else text


def parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    """Raw answer -> Answer; points in pixels of the fed image of size ``image_size`` (w, h).

    ask / caption / summarize: the text. detect / count / ground: every ``bbox_2d`` (a 2-point
    box) and ``point_2d`` (a 1-point set), 0-1000 grid -> pixels; ground keeps the first one.
    Never raises: anything unusable becomes a warning."""
    body = strip_thinking(text if isinstance(text, str) else str(text)).strip()
    if task in ("ask", "caption", "summarize"):
        return Answer(text=body)
    try:
        return _parse_shapes(task, body, image_size)
    except Exception as exc:  # noqa: BLE001 - the contract: a bad answer is a warning, never a crash
        return Answer(text=body, warnings=[f"could not read the answer: {type(exc).__name__}: {exc}"])


def _parse_shapes(task: str, body: str, image_size: Tuple[int, int]) -> Answer:
    value, warning = extract_json(body)
    answer = Answer(text=body, warnings=[warning] if warning else [])
    if value is None:
        return answer
    items = value if isinstance(value, list) else [value]
    seen = set()
    for item in items:
        for ps, raw in _item_shapes(item, image_size, answer.warnings):
            key = (ps.points, ps.label)
            if key in seen:
                answer.warnings.append(f"dropped a duplicate shape: {raw}")
                continue
            seen.add(key)
            answer.point_sets.append(ps)
    if task == "ground" and len(answer.point_sets) > 1:
        answer.warnings.append(f"kept the first of {len(answer.point_sets)} shapes for the expression")
        del answer.point_sets[1:]
    return answer


def _item_shapes(item: Any, image_size: Tuple[int, int], warnings: List[str]) -> List[Tuple[PointSet, Any]]:
    """The point sets of one JSON item: its bbox_2d box(es) or point_2d point(s)."""
    if not isinstance(item, dict):
        warnings.append(f"skipped an item that is not a JSON object: {str(item)[:80]}")
        return []
    label = str(item.get("label", "")).strip()
    score = _score(item)
    out: List[Tuple[PointSet, Any]] = []
    if "bbox_2d" in item or "bbox" in item:
        raw_boxes = item.get("bbox_2d", item.get("bbox"))
        for coords in _groups(raw_boxes, 4, warnings, "bbox_2d"):
            _warn_off_grid(coords, warnings)
            ps = normalise_box(_to_pixels(coords, image_size), image_size, label=label, score=score)
            if ps is None:
                warnings.append(f"dropped a degenerate or out-of-image box: {coords}")
            else:
                out.append((ps, coords))
    elif "point_2d" in item or "point" in item:
        raw_points = item.get("point_2d", item.get("point"))
        for coords in _groups(raw_points, 2, warnings, "point_2d"):
            _warn_off_grid(coords, warnings)
            ps = normalise_points([_to_pixels(coords, image_size)], image_size, label=label, score=score)
            if ps is None:
                warnings.append(f"dropped a point outside the image: {coords}")
            else:
                out.append((ps, coords))
    else:
        warnings.append(f"skipped an item without bbox_2d or point_2d: {str(item)[:80]}")
    return out


def _groups(raw: Any, size: int, warnings: List[str], key: str) -> List[List[float]]:
    """[n numbers] -> one group; [[n numbers], ...] (several shapes under one key) -> each."""
    if isinstance(raw, (list, tuple)) and raw and all(isinstance(v, (list, tuple)) for v in raw):
        candidates = list(raw)
    else:
        candidates = [raw]
    groups = []
    for cand in candidates:
        coords = _numbers(cand, size)
        if coords is None:
            warnings.append(f"skipped a {key} that is not {size} finite numbers: {str(cand)[:80]}")
        else:
            groups.append(coords)
    return groups


def _numbers(raw: Any, size: int) -> Optional[List[float]]:
    if not isinstance(raw, (list, tuple)) or len(raw) != size:
        return None
    if any(isinstance(v, bool) or not isinstance(v, (int, float, str)) for v in raw):
        return None
    try:
        coords = [float(v) for v in raw]
    except (TypeError, ValueError):
        return None
    return coords if all(math.isfinite(v) for v in coords) else None


def _to_pixels(coords: Sequence[float], image_size: Tuple[int, int]) -> Tuple[float, ...]:
    """0-1000 grid (x, y, x, y...) -> pixels of the fed image (x * w / 1000, y * h / 1000)."""
    w, h = image_size
    return tuple(v * (w if i % 2 == 0 else h) / GRID for i, v in enumerate(coords))


def _warn_off_grid(coords: Sequence[float], warnings: List[str]) -> None:
    if any(v < 0 or v > GRID for v in coords):
        warnings.append(f"coordinates outside the 0-1000 grid were clipped to the image: {coords}")


def _score(item: dict) -> Optional[float]:
    for key in ("score", "confidence"):
        value = item.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None


def server_fed_size(w: int, h: int) -> Tuple[int, int]:
    """(w, h) the released Qwen3-VL processor makes of a w x h image (``smart_resize``, factor
    32, pixels within [65536, 16777216])."""
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

    new_h, new_w = smart_resize(h, w, factor=FACTOR, min_pixels=SERVER_MIN_PIXELS,
                                max_pixels=SERVER_MAX_PIXELS)
    return new_w, new_h


def fed_size(inputs, index: int, patch_size: int = PATCH_SIZE) -> Tuple[int, int]:
    """(w, h) of image ``index`` as the processor fed it, from ``image_grid_thw`` (16 px patches)."""
    _, grid_h, grid_w = (int(v) for v in inputs["image_grid_thw"][index])
    return grid_w * patch_size, grid_h * patch_size
