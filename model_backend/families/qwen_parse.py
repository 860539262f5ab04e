"""Reading boxes and points out of what Qwen-VL models really answer (Qwen2.5-VL and Qwen3-VL).

The documented form is JSON (``{"bbox_2d": [x1, y1, x2, y2], "label": ...}``, ``point_2d``), but
recorded answers (tests/data/recorded/qwen*) also come as: JSON that is not strict (read by
``lenient_json``), other keys (``bbox`` + ``description``, ``text_content``), the plain-text
format the Qwen2.5-VL cookbook documents (``x1,y1,x2,y2 label``, one per line), XML points
(``<points x1="" y1="" alt="">label</points>``, spaces and line breaks included), QwenVL HTML
(``data-bbox="x1 y1 x2 y2"``), Qwen2-VL box tokens (``<|box_start|>(x1,y1),(x2,y2)<|box_end|>``,
seen from a fine-tuned Qwen3-VL), a bare ``[x1, y1, x2, y2]`` and click-style
``coordinate: [x, y]``. Coordinates stay in the family's units here (absolute pixels for
Qwen2.5-VL, the 0-1000 grid for Qwen3-VL); the family maps them with ``to_answer``.

A point is kept as a point (a 1-point PointSet): it is a valid answer to "where is ...".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Sequence, Tuple

from ..geometry import normalise_box, normalise_points
from .base import Answer, says_none
from .lenient_json import MAX_CHARS, extract_json

BOX_KEYS = ("bbox_2d", "bbox", "box_2d", "box", "bbox2d", "bounding_box")
POINT_KEYS = ("point_2d", "point", "coordinate", "coordinates", "click")
LABEL_KEYS = ("label", "text_content", "description", "name", "text", "category")
MAX_DEPTH = 12

_N = r"(-?\d+(?:\.\d+)?)"
_BOX_TOKENS = re.compile(
    r"(?:<\|object_ref_start\|>([^<]{0,200})<\|object_ref_end\|>\s*)?<\|box_start\|>\s*"
    r"\(\s*" + _N + r"\s*,\s*" + _N + r"\s*\)\s*,?\s*\(\s*" + _N + r"\s*,\s*" + _N + r"\s*\)\s*<\|box_end\|>"
)
_XML_POINTS = re.compile(r"<\s*points?\b([^<>]*?)/?\s*>(?:([^<]{0,200})<\s*/\s*points?\s*>)?", re.I)
_ATTR = re.compile(r"([\w-]+)\s*=\s*[\"']([^\"']*)[\"']")
_DATA_BBOX = re.compile(r"<\s*([a-zA-Z][\w-]*)\b[^<>]*?\bdata-bbox\s*=\s*[\"']([^\"']*)[\"'][^<>]*>([^<]{0,200})")
_LINE = re.compile(
    r"^[ \t]*(?:[-*\u2022]|\d+[.)])?[ \t]*" + r"[ \t]*,[ \t]*".join([_N] * 4) + r"(?:[ \t]+([^\n]*?))?[ \t]*$", re.M
)
_BRACKET_BOX = re.compile(r"\[\s*" + r"\s*,\s*".join([_N] * 4) + r"\s*\]")
_PAIR_BOX = re.compile(r"\(\s*" + _N + r"\s*,\s*" + _N + r"\s*\)\s*,\s*\(\s*" + _N + r"\s*,\s*" + _N + r"\s*\)")
_CLICK = re.compile(
    r"\b(?:coordinates?|point(?:_2d)?|click|position)\b[\"']?\s*[:=(]?\s*[\[(]\s*" + _N + r"\s*,\s*" + _N + r"\s*[\])]",
    re.I,
)


@dataclass
class Shape:
    """A box (4 numbers) or point (2) in the family's units, as the answer wrote it."""

    kind: str
    coords: List[float]
    label: str = ""
    score: Optional[float] = None


@dataclass
class Reading:
    """What an answer held: shapes, warnings, and whether it was an honest empty answer."""

    shapes: List[Shape] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    empty: bool = False


def read_answer(body: str) -> Reading:
    """Shapes of one answer, trying its forms in order: markup (box tokens, XML points,
    data-bbox), JSON, plain-text lines, then bare ``[x1, y1, x2, y2]`` / click coordinates."""
    reading = Reading()
    if len(body) > MAX_CHARS:
        reading.warnings.append(f"read only the first {MAX_CHARS} characters of a longer answer")
        body = body[:MAX_CHARS]
    reading.shapes = _markup(body)
    if reading.shapes:
        return reading
    value, warning = extract_json(body)
    if value is not None:
        if warning:
            reading.warnings.append(warning)
        _walk(value, "", 0, True, reading)
        if reading.shapes or value in ([], {}):
            reading.empty = not reading.shapes
            return reading
    reading.shapes = _text_shapes(body)
    if not reading.shapes:
        if warning and value is None:
            reading.warnings.append(warning)
        reading.empty = says_none(body)
        reading.warnings.append(
            "no boxes: the answer says there is none"
            if reading.empty
            else "no boxes or points could be read from the answer"
        )
    return reading


def to_answer(
    task: str,
    text: str,
    reading: Reading,
    image_size: Tuple[int, int],
    to_pixels: Callable[[Sequence[float]], Sequence[float]],
    keep_first: bool,
) -> Answer:
    """The family's Answer: shapes mapped to fed-image pixels, clipped, degenerate and duplicate
    ones dropped (with warnings); ``keep_first`` for a ground task keeps the first shape."""
    answer = Answer(text=text, warnings=list(reading.warnings), unparsed=not reading.shapes and not reading.empty)
    seen = set()
    for shape in reading.shapes:
        px = list(to_pixels(shape.coords))
        if shape.kind == "box":
            ps = normalise_box(px, image_size, label=shape.label, score=shape.score)
        else:
            ps = normalise_points([px], image_size, label=shape.label, score=shape.score)
        if ps is None:
            answer.warnings.append(f"dropped a degenerate or out-of-image {shape.kind}: {shape.coords}")
            continue
        key = (ps.points, ps.label)
        if key in seen:
            answer.warnings.append(f"dropped a duplicate shape: {shape.coords}")
            continue
        seen.add(key)
        answer.point_sets.append(ps)
    if keep_first and task == "ground" and len(answer.point_sets) > 1:
        answer.warnings.append(f"kept the first of {len(answer.point_sets)} shapes for the expression")
        del answer.point_sets[1:]
    return answer


# ---------------------------------------------------------------- markup and plain text


def _markup(body: str) -> List[Shape]:
    shapes = [
        Shape("box", _floats(m.group(2, 3, 4, 5)), (m.group(1) or "").strip()) for m in _BOX_TOKENS.finditer(body)
    ]
    for m in _XML_POINTS.finditer(body):
        attrs = {k.lower(): v for k, v in _ATTR.findall(m.group(1))}
        label = (m.group(2) or "").strip() or attrs.get("alt", "").strip()
        for x, y in _xml_pairs(attrs):
            shapes.append(Shape("point", [x, y], label))
    for m in _DATA_BBOX.finditer(body):
        numbers = re.findall(_N, m.group(2))
        if len(numbers) == 4:
            shapes.append(Shape("box", _floats(numbers), (m.group(3) or "").strip()[:80] or m.group(1)))
    return shapes


def _xml_pairs(attrs: dict) -> List[Tuple[float, float]]:
    """(x, y) of ``x="" y=""`` or of ``x1="" y1="" x2="" y2="" ...`` (in index order)."""
    names = [("x", "y")] + [(f"x{i}", f"y{i}") for i in range(1, 101)]
    pairs = []
    for xn, yn in names:
        if xn in attrs and yn in attrs:
            try:
                pairs.append((float(attrs[xn]), float(attrs[yn])))
            except ValueError:
                continue
    return pairs


def _text_shapes(body: str) -> List[Shape]:
    shapes = [
        Shape("box", _floats(m.group(1, 2, 3, 4)), (m.group(5) or "").strip(" .;:")) for m in _LINE.finditer(body)
    ]
    if shapes:
        return shapes
    shapes = [Shape("box", _floats(m.groups())) for m in _BRACKET_BOX.finditer(body)]
    shapes += [Shape("box", _floats(m.groups())) for m in _PAIR_BOX.finditer(body)]
    shapes += [Shape("point", _floats(m.groups())) for m in _CLICK.finditer(body)]
    return shapes


def _floats(values: Sequence[Any]) -> List[float]:
    return [float(v) for v in values]


# ---------------------------------------------------------------- JSON values


def _walk(value: Any, label: str, depth: int, top: bool, reading: Reading) -> None:
    """Shapes of a JSON value: items with a box or point key (also nested, e.g. a tool call's
    ``arguments.coordinate``), and, at the top level only, bare lists of 4 or 2 numbers."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        _item(value, label, depth, reading)
    elif isinstance(value, list):
        if top and _numbers(value, 4) is not None:
            reading.shapes.append(Shape("box", _numbers(value, 4) or []))
            return
        for item in value:
            if isinstance(item, dict):
                _item(item, label, depth + 1, reading)
            elif isinstance(item, list) and top and (_numbers(item, 4) or _numbers(item, 2)):
                coords = _numbers(item, 4) or _numbers(item, 2) or []
                reading.shapes.append(Shape("box" if len(coords) == 4 else "point", coords, label))
            elif isinstance(item, list):
                _walk(item, label, depth + 1, False, reading)
            else:
                reading.warnings.append(f"skipped an item that is not a JSON object: {str(item)[:80]}")


def _item(item: dict, parent_label: str, depth: int, reading: Reading) -> None:
    label = next(
        (
            str(item[k]).strip()
            for k in LABEL_KEYS
            if isinstance(item.get(k), (str, int, float)) and not isinstance(item.get(k), bool)
        ),
        parent_label,
    )
    score = _score(item)
    box_key = next((k for k in BOX_KEYS if k in item), None)
    point_key = next((k for k in POINT_KEYS if k in item), None) if box_key is None else None
    if box_key or point_key:
        key, size = (box_key, 4) if box_key else (point_key, 2)
        for coords in _groups(item[key], size, reading.warnings, str(key)):
            reading.shapes.append(Shape("box" if size == 4 else "point", coords, label, score))
        return
    before = len(reading.shapes)
    for name, value in item.items():
        if isinstance(value, (dict, list)):
            _walk(value, label or str(name), depth + 1, False, reading)
    if len(reading.shapes) == before:
        reading.warnings.append(f"skipped an item without bbox_2d or point_2d: {str(item)[:80]}")


def _groups(raw: Any, size: int, warnings: List[str], key: str) -> List[List[float]]:
    """[n numbers] -> one group; [[n numbers], ...] (several shapes under one key) -> each;
    a string of n numbers ("12 30 80 96") -> one group."""
    if isinstance(raw, str):
        raw = re.findall(_N, raw)
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
    except (TypeError, ValueError, OverflowError):
        return None
    return coords if all(math.isfinite(v) for v in coords) else None


def _score(item: dict) -> Optional[float]:
    for key in ("score", "confidence"):
        value = item.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None
