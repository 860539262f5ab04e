"""GeoChat (Kuckreja et al., CVPR 2024): the LLaVA-1.5 remote-sensing family.

What this module relies on, and where it was read (github.com/mbzuai-oryx/GeoChat, commit
3e61ee39 unless noted; the paper is arXiv 2311.15826):

- Boxes are text ``{<x1><y1><x2><y2>|<θ>}``: (x1, y1) the top-left and (x2, y2) the bottom-right
  CORNER (not a centre), integers on a 0-100 grid of the image (0 = left/top edge, 100 =
  right/bottom edge); θ "the angle of rotation for the bounding box, from the lower edge", in
  degrees (paper §3.1 "Spatial location representation"; Table 1 writes
  ``[identify] {bx_left, by_top, bx_right, by_bottom|θ}``). Model outputs write θ in angle
  brackets, ``|<90>``; a bare ``|90`` and a missing θ are accepted too.
- Several boxes follow each other, ``{..}{..}`` or ``{..}<delim>{..}``, and grounded
  descriptions put the object phrase before its boxes: ``<p>1 white plane</p> {<49><48><57><56>|<90>}``
  (geochat_demo.py ``extract_substrings`` / ``visualize_all_bbox_together``).
- The grid maps to the image by ``x / 100 * width``, ``y / 100 * height`` (geochat_demo.py,
  ``bounding_box_size = 100``).
- Rotation, AMBIGUOUS in the sources: the paper gives no direction, and no official evaluation
  code turns θ into geometry. We use the one public code that draws it, geochat_demo.py
  ``rotate_bbox``: the corner box is rotated about its centre by θ with
  ``cv2.getRotationMatrix2D(center, θ, 1)``, i.e. x' = cx + cosθ·dx + sinθ·dy,
  y' = cy − sinθ·dx + cosθ·dy (y grows downward), so a positive θ turns the box
  COUNTER-CLOCKWISE as seen on screen. The same file also holds an unused helper
  (``bbox_and_angle_to_polygon``) with the opposite sign, and third-party evaluators differ.
  Real answers (tests/data/recorded/geochat) fit this reading: a road answered as
  ``{<69><0><77><100>|<45>}`` is a thin strip turned by 45° (as an axis-aligned hull with a 45°
  object inside it, an 8 x 100 box is impossible). Caution: most real answers say ``|<90>``, and
  one third-party reading of GeoChat_Instruct takes θ=90 to mean "axis-aligned" (OpenCV's
  minAreaRect range (0, 90]); here such boxes are turned by a quarter turn, which is right if
  the data wrote minAreaRect's own (swapped) width and height, as the demo assumes.
  ``_rotated_corners`` is the one place to change if the other reading is confirmed.
- Image: CLIP ViT-L/14 with position embeddings interpolated to 504 x 504 (36 x 36 patches,
  CLS dropped; paper §3.1, clip_encoder.py ``clip_interpolate_embeddings(image_size=504)``);
  images are padded to a square with the CLIP mean colour, then resized to 504 and centre-cropped
  (mm_utils.py ``process_images``/``expand2square``, ``image_aspect_ratio pad`` in
  scripts/finetune_lora.sh). So the grid is that of the padded square (``fed_to_image``).
- Prompts: conversation ``llava_v1`` (conversation.py): system line, ``USER: <image>\\n{q}
  ASSISTANT:``, turns ended by ``</s>``. Task tags: ``[refer] Give me the location of <p> {expr}
  </p>`` (eval/batch_geochat_grounding.py), ``[grounding] Describe the image in detail.``
  (paper Table 1), ``[identify] What is the object present at {box}`` (region -> words,
  eval/batch_geochat_referring.py; not used for detection since it takes a box as input);
  ``Describe the image in detail.`` for a plain description (Table 1).

Model types: the original checkpoints say ``model_type: geochat`` (geochat_llama.py
``GeoChatConfig``; transformers cannot load them until converted); a converted GeoChat is a
plain ``llava`` model, so every ``llava`` model maps here. For a generic LLaVA-1.5 that was never
trained on this box format the parser simply finds no boxes.
"""

from __future__ import annotations

import math
import re
from typing import Iterator, List, Optional, Sequence, Tuple

from ..geometry import Point, PointSet, normalise_points
from .base import Answer, chat, guarded, says_none

NAME = "geochat"
MODEL_TYPES = ("llava", "geochat")
NAME_HINTS = ("geochat",)
TASKS = ("ask", "detect", "caption", "count", "ground")
UNAVAILABLE: dict = {}
COORDINATES = (
    "0-100 grid of the square model input: {<x1><y1><x2><y2>|<θ>} corners, "
    "rotated about the centre by θ degrees (GeoChat)"
)
INPUT_SIZE = 504
GRID = 100.0
# Module-name prefixes of each part in transformers' LlavaForConditionalGeneration
# (modeling_llava.py: LlavaModel.vision_tower (CLIP), .multi_modal_projector (the 2-layer MLP),
# .language_model (Llama); lm_head). nf4/int8 quantize "language" only (engines/model_cost.py).
MODULE_PARTS = {
    "vision": ("model.vision_tower",),
    "projector": ("model.multi_modal_projector",),
    "language": ("model.language_model",),
    "lm_head": ("lm_head",),
}

SYSTEM = (
    "A chat between a curious human and an artificial intelligence assistant. "
    "The assistant gives helpful, detailed, and polite answers to the human's questions."
)
REFER_PROMPT = "[refer] Give me the location of <p> {expression} </p>"
CAPTION_PROMPT = "Describe the image in detail."
SUMMARY_PROMPT = (
    "These are descriptions of parts of the area shown in this image, one per line:\n"
    "{captions}\nDescribe the whole area in a few sentences."
)
# Opening words of the warning that goes with ``Answer.unparsed`` (for people: callers read the flag).
UNPARSED = "could not be parsed"

_NUM = r"(-?\d+(?:\.\d+)?)"
_BOX = re.compile(
    r"\{\s*" + r"<\s*" + r"\s*>\s*<\s*".join([_NUM] * 4) + r"\s*>\s*"
    r"(?:\|\s*(?:<\s*" + _NUM + r"\s*>|" + _NUM + r"))?\s*(\}|$)"
)
_BOX_START = re.compile(r"\{\s*<")
_PHRASE = re.compile(r"<p>(.*?)</p>", re.S)
_GLUE = re.compile(r"(?:[ \t]|<delim>|[,;]|\band\b)*")  # between a phrase and its boxes (one line)
_BARE = re.compile(r"(?:\d+[.)]\s*)?([A-Za-z][\w\- ]*)")
_MARKUP = re.compile(r"\{\s*<[^{}]*\}?|<delim>|</?p>")


def build_messages(
    task: str, prompt: str, labels: Sequence[str] = (), history: Optional[List[Tuple[str, str]]] = None
) -> List[dict]:
    """Chat messages for one image, worded as GeoChat was trained (see the module docstring).

    detect/count: GeoChat has no detection tag; its referring tag returns every box that fits the
    expression, so labels become one expression ("ship and storage tank") and boxes carry no
    per-label name (the job names them after the prompt)."""
    if task == "ask":
        return chat(prompt, history)
    if task in ("detect", "count"):
        return chat(REFER_PROMPT.format(expression=_join(labels) or prompt.strip()))
    if task == "ground":
        return chat(REFER_PROMPT.format(expression=prompt.strip()))
    if task == "caption":
        return chat(CAPTION_PROMPT)
    if task == "summarize":
        return chat(SUMMARY_PROMPT.format(captions=prompt.strip()))
    raise ValueError(f"task {task!r} is not supported by {NAME}")


def _join(labels: Sequence[str]) -> str:
    """ "ship", "ship and tank", "ship, tank and plane"; "" for no names."""
    names = [l.strip() for l in labels if l.strip()]
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""


def prompt_text(processor, messages: List[dict]) -> str:
    """GeoChat's ``llava_v1`` prompt for ``messages``, whatever chat template a converted
    checkpoint ships: ``<system> USER: <image>\\n<q> ASSISTANT: <a></s>USER: ... ASSISTANT:``."""
    image = getattr(processor, "image_token", None) or "<image>"
    out = SYSTEM + " "
    for m in messages:
        parts = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        body = "".join(image + "\n" if p["type"] == "image" else p.get("text", "") for p in parts)
        if m["role"] == "user":
            out += f"USER: {body} "
        elif m["role"] == "assistant":
            out += f"ASSISTANT: {body}</s>"
    return out + "ASSISTANT:"


@guarded
def parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    """Raw answer -> Answer; never raises (``guarded``).

    Every box becomes a PointSet in pixels of the fed image (w, h): 4 corners of the rotated
    box (or the polygon left after clipping it to the image), labelled with the ``<p>phrase</p>``
    written just before it. ``ground`` keeps the first box. A detection answer without a box is
    unparsed, unless it says there is none. For the text tasks (ask, caption, summarize)
    ``text`` has the box markup removed, since it is shown to people."""
    return _parse(task, text, image_size)


def _parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    text = text if isinstance(text, str) else str(text)
    answer = Answer(text=text.strip())
    seen, found = set(), 0
    for label, raw, values in _boxes(text, answer.warnings):
        found += 1
        ps = _to_point_set(values, image_size, label, raw, answer.warnings)
        if ps is None:
            answer.warnings.append(f"dropped a degenerate or out-of-image box: {raw}")
            continue
        key = (tuple((round(x, 3), round(y, 3)) for x, y in ps.points), ps.label)
        if key in seen:
            answer.warnings.append(f"dropped a duplicate box: {raw}")
            continue
        seen.add(key)
        answer.point_sets.append(ps)
    if task == "ground" and len(answer.point_sets) > 1:
        answer.warnings.append(f"kept the first of {len(answer.point_sets)} boxes for one expression")
        answer.point_sets = answer.point_sets[:1]
    if task in ("detect", "count", "ground") and not found:
        answer.unparsed = not says_none(text)
        answer.warnings.append(
            f"{UNPARSED}: no well-formed {{<x1><y1><x2><y2>|<θ>}} box in the answer"
            if answer.unparsed
            else "no boxes: the answer says there is none"
        )
    if task in ("ask", "caption", "summarize"):
        answer.text = re.sub(r"[ \t]{2,}", " ", _MARKUP.sub("", text)).strip()
    return answer


def _boxes(text: str, warnings: List[str]) -> Iterator[Tuple[str, str, Tuple[float, ...]]]:
    """(label, raw text, (x1, y1, x2, y2, θ)) for each well-formed box, in order; a malformed
    ``{<...`` adds a warning. The label is the last ``<p>phrase</p>`` when only spaces, commas,
    ``<delim>``, "and" or other boxes of the same line stand between it and the box; else a
    name of at most three words opening the line (``1. plane {..}``, seen in real GeoChat
    answers); else empty."""
    phrases = list(_PHRASE.finditer(text))
    label, last_end, pos = "", 0, 0
    for start in (m.start() for m in _BOX_START.finditer(text)):
        if start < pos:
            continue
        m = _BOX.match(text, start)
        if m is None:
            end = text.find("}", start)
            warnings.append(f"skipped a malformed box: {text[start : end + 1 if end >= 0 else None][:60]}")
            pos = start + 1
            continue
        for p in phrases:
            if last_end <= p.start() and p.end() <= start:
                label, last_end = p.group(1).strip(), p.end()
        if label and not _GLUE.fullmatch(text, last_end, start):
            label = ""
        if not label:  # "plane {..}", "2. tennis-court {..}": a short name opening the line
            bare = _BARE.fullmatch(text[max(text.rfind("\n", 0, start) + 1, last_end) : start].strip())
            label = bare.group(1) if bare and len(bare.group(1).split()) <= 3 else ""
        if not m.group(7):
            warnings.append(f"the last box has no closing brace (answer cut off?): {m.group(0)[:60]}")
        angle = m.group(5) or m.group(6) or "0"
        yield label, m.group(0).strip(), tuple(float(v) for v in m.group(1, 2, 3, 4)) + (float(angle),)
        last_end = pos = m.end()


def _to_point_set(
    values: Tuple[float, ...], image_size: Tuple[int, int], label: str, raw: str, warnings: List[str]
) -> Optional[PointSet]:
    """Grid numbers -> rotated corners in pixels -> clipped to the image -> validated.

    A side of exactly 0 grid units (GeoChat answers small vehicles as ``{<45><93><49><93>|..}``)
    means "thinner than one cell of the integer grid": it gets one cell, centred."""
    if not all(math.isfinite(v) for v in values):
        return None
    w, h = image_size
    x1, y1, x2, y2, theta = values
    if x1 == x2 or y1 == y2:
        warnings.append(f"widened a zero-width side to one grid cell: {raw}")
    if x1 == x2:
        x1, x2 = x1 - 0.5, x2 + 0.5
    if y1 == y2:
        y1, y2 = y1 - 0.5, y2 + 0.5
    corners = _rotated_corners(x1 * w / GRID, y1 * h / GRID, x2 * w / GRID, y2 * h / GRID, theta)
    ring = _clip(corners, w, h)
    return normalise_points(ring, image_size, label=label) if len(ring) >= 3 else None


def _rotated_corners(x1: float, y1: float, x2: float, y2: float, theta: float) -> List[Point]:
    """Corners of the box rotated about its centre by ``theta`` degrees, as geochat_demo.py's
    ``cv2.getRotationMatrix2D(center, theta, 1)``: positive = counter-clockwise on screen
    (y down). Order: the top-left, top-right, bottom-right, bottom-left corners of the box
    before rotation (clockwise on screen)."""
    x1, x2 = sorted((x1, x2))
    y1, y2 = sorted((y1, y2))
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    c, s = math.cos(math.radians(theta)), math.sin(math.radians(theta))
    return [
        (cx + c * (x - cx) + s * (y - cy), cy - s * (x - cx) + c * (y - cy))
        for x, y in ((x1, y1), (x2, y1), (x2, y2), (x1, y2))
    ]


def _clip(points: List[Point], w: float, h: float) -> List[Point]:
    """The part of a convex polygon inside the image (Sutherland-Hodgman): clamping the corners
    of a rotated box would change its shape, clipping keeps what the model pointed at."""
    edges = ((0, 0.0, 1), (0, float(w), -1), (1, 0.0, 1), (1, float(h), -1))
    for axis, limit, sign in edges:
        inside = lambda p: sign * (p[axis] - limit) >= 0  # noqa: E731, B023 - used within this iteration
        out: List[Point] = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur) != inside(prev):
                t = (limit - prev[axis]) / (cur[axis] - prev[axis])
                out.append((prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])))
            if inside(cur):
                out.append(cur)
        points = out
        if not points:
            break
    return points


def format_box(points: Sequence[Point], image_size: Tuple[int, int]) -> str:
    """A rotated box (4 corners in order, pixels of an image of ``image_size``) in GeoChat's text
    form, the inverse of ``parse`` (for region prompts such as ``[identify]``). θ is written in
    [0, 90) like GeoChat's own answers (a box turned by 90° more is the same box with width and
    height swapped); numbers are rounded to the integer grid."""
    (ax, ay), (bx, by), _, (dx, dy) = points[:4]
    w, h = image_size
    theta = round(math.degrees(math.atan2(-(by - ay), bx - ax))) % 180
    width, height = math.hypot(bx - ax, by - ay), math.hypot(dx - ax, dy - ay)
    if theta >= 90:
        theta, width, height = theta - 90, height, width
    cx = sum(p[0] for p in points[:4]) / 4
    cy = sum(p[1] for p in points[:4]) / 4
    x1, x2 = ((cx + k * width / 2) * GRID / w for k in (-1, 1))
    y1, y2 = ((cy + k * height / 2) * GRID / h for k in (-1, 1))
    return "{<%d><%d><%d><%d>|<%d>}" % (round(x1), round(y1), round(x2), round(y2), theta)


def fed_size(inputs, index: int) -> Tuple[int, int]:
    """(w, h) of image ``index`` as the processor fed it: the last two axes of ``pixel_values``
    (a square for GeoChat's pad-resize-crop)."""
    height, width = inputs["pixel_values"][index].shape[-2:]
    return int(width), int(height)


def fed_to_image(image_size: Tuple[int, int], fed_size: Tuple[int, int]) -> Tuple[float, float, float, float]:
    """Fed-square pixels -> pixels of the w x h image we handed over (``base`` hook).

    The square is the image padded to max(w, h), centred with floored offsets (GeoChat's
    ``expand2square``, transformers ``LlavaImageProcessor.pad_to_square``), then resized: so a
    non-square image needs the pad taken off, not a per-axis scale."""
    w, h = image_size
    side = max(w, h)
    return side / fed_size[0], side / fed_size[1], -float((side - w) // 2), -float((side - h) // 2)


def server_fed_size(w: int, h: int) -> Tuple[int, int]:
    """GeoChat's own pipeline makes a 504 x 504 square of any image (pad, resize, crop); the grid
    spans that square (``fed_to_image`` takes the pad off again)."""
    return INPUT_SIZE, INPUT_SIZE
