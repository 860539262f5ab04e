"""Reading Florence-2 answers: runs of ``<loc_N>`` tokens, and post-processed dicts pasted back.

A run of location tokens after a label is not always pairs of boxes. Florence writes a box as
its top-left then bottom-right bin, so in a run of boxes no group of four ever goes backwards;
an ``<OCR_WITH_REGION>`` quad (8 tokens, corners clockwise) and a referring-expression polygon
(many location pairs round an outline) do go backwards (recorded answers in
tests/data/recorded/florence2). So a run with a backward group is read as a point set: quads
when every 8 tokens make one, else one polygon.

``Florence2Processor.post_process_generation`` output pasted back
(``{'<OD>': {'bboxes': [...], 'labels': [...]}}``, ``quad_boxes``, ``polygons``) is read too:
its numbers are already pixels of the image given to the post-processor, taken here as pixels
of ``image_size``.
"""

from __future__ import annotations

import math
import re
from typing import Any, List, Optional, Sequence, Tuple

from .lenient_json import extract_json

Region = Tuple[str, List[float]]  # ("box", x1 y1 x2 y2) or ("points", x y x y ...), in bins or px
_DICT_KEYS = re.compile(r"['\"](?:bboxes|quad_boxes|polygons)['\"]\s*:")
_LABEL_NOISE = re.compile(r"</?s>|<pad>|<unk>")


def regions_of_run(bins: Sequence[int], group: int) -> Tuple[List[Region], int]:
    """(regions, leftover token count) of one run of location bins. ``group`` 8 (the ocr task)
    forces quads; otherwise boxes unless a group of four goes backwards (see module doc)."""
    if group == 8:
        usable = len(bins) - len(bins) % 8
        return [("points", list(bins[i : i + 8])) for i in range(0, usable, 8)], len(bins) - usable
    usable4 = len(bins) - len(bins) % 4
    backward = any(bins[i + 2] < bins[i] or bins[i + 3] < bins[i + 1] for i in range(0, usable4, 4))
    if not backward:
        return [("box", list(bins[i : i + 4])) for i in range(0, usable4, 4)], len(bins) - usable4
    if len(bins) % 8 == 0 and all(_is_quad(bins[i : i + 8]) for i in range(0, len(bins), 8)):
        return [("points", list(bins[i : i + 8])) for i in range(0, len(bins), 8)], 0
    usable2 = len(bins) - len(bins) % 2
    return [("points", list(bins[:usable2]))], len(bins) - usable2


def _is_quad(q: Sequence[int]) -> bool:
    """Four corners clockwise from the top-left, as Florence writes a text region."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = zip(q[0::2], q[1::2])
    return x1 > x0 and y2 > y1 and x3 < x2 and y3 > y0


def looks_like_dict(text: str) -> bool:
    """A post-processed result pasted back rather than the model's raw tokens."""
    return "<loc_" not in text and bool(_DICT_KEYS.search(text))


def dict_regions(text: str) -> Tuple[List[Tuple[str, List[float], str]], Optional[str]]:
    """([(kind, pixel coordinates, label)], warning) of a pasted ``post_process_generation``
    result, any task key (or none)."""
    value, warning = extract_json(text)
    out: List[Tuple[str, List[float], str]] = []
    _collect(value, out, 0)
    return out, warning


def _collect(value: Any, out: List[Tuple[str, List[float], str]], depth: int) -> None:
    if depth > 6 or not isinstance(value, dict):
        return
    if any(k in value for k in ("bboxes", "quad_boxes", "polygons")):
        labels = _labels(value.get("labels") or value.get("bboxes_labels"))
        for i, box in enumerate(_lists(value.get("bboxes"))):
            if len(box) == 4:
                out.append(("box", box, _at(labels, i)))
        for i, quad in enumerate(_lists(value.get("quad_boxes"))):
            out.append(("points", quad, _at(labels, i)))
        poly_labels = _labels(value.get("polygons_labels")) or labels
        for i, obj in enumerate(value.get("polygons") or []):
            for ring in _lists(obj) if obj and isinstance(obj[0], list) else _lists([obj]):
                out.append(("points", ring, _at(poly_labels, i)))
        return
    for v in value.values():
        _collect(v, out, depth + 1)


def _lists(raw: Any) -> List[List[float]]:
    """The lists of finite numbers (an even count) in ``raw``; others skipped."""
    out = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, list) and item and len(item) % 2 == 0:
            values = [_finite(v) for v in item]
            if all(v is not None for v in values):
                out.append([v for v in values if v is not None])
    return out


def _finite(v: Any) -> Optional[float]:
    """``v`` as a finite float; None for a bool, a non-number, inf/nan or an int past float."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    try:
        f = float(v)
    except OverflowError:
        return None
    return f if math.isfinite(f) else None


def _labels(raw: Any) -> List[str]:
    return [" ".join(_LABEL_NOISE.sub(" ", str(v)).split()) for v in raw] if isinstance(raw, list) else []


def _at(labels: List[str], i: int) -> str:
    return labels[i] if i < len(labels) else ""
