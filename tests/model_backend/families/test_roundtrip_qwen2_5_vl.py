"""Property round trip for Qwen2.5-VL: boxes in fed-image pixels -> the model's JSON (absolute
pixels, integers) -> parse -> the same boxes within a pixel, whatever the image size, corner
order or prose around the JSON."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from model_backend.families import qwen2_5_vl as fam
from model_backend.geometry import PointSet


@st.composite
def scenes(draw):
    """A fed image size (multiples of 28, as smart_resize makes them) and boxes in its pixels,
    at least 3 px a side so integer rounding cannot make them degenerate."""
    w, h = 28 * draw(st.integers(2, 128)), 28 * draw(st.integers(2, 128))
    boxes = []
    for i in range(draw(st.integers(0, 8))):
        x1, y1 = draw(st.floats(0, w - 3)), draw(st.floats(0, h - 3))
        x2, y2 = draw(st.floats(x1 + 3, w)), draw(st.floats(y1 + 3, h))
        boxes.append(PointSet(((x1, y1), (x2, y2)), label=f"object {i}"))
    return (w, h), boxes, draw(st.booleans()), draw(st.booleans())


@settings(max_examples=200, deadline=None)
@given(scenes())
def test_round_trip_through_absolute_pixels(scene):
    (w, h), boxes, swap, fenced = scene
    items = []
    for ps in boxes:
        (x1, y1), (x2, y2) = ((round(x), round(y)) for x, y in ps.points)
        items.append({"bbox_2d": [x2, y2, x1, y1] if swap else [x1, y1, x2, y2], "label": ps.label})
    text = json.dumps(items)
    if fenced:
        text = f"Sure.\n```json\n{text}\n```\nDone."
    a = fam.parse("detect", text, (w, h))
    assert a.warnings == []
    assert [p.label for p in a.point_sets] == [p.label for p in boxes]
    for got, want in zip(a.point_sets, boxes):
        assert got.kind == "box"
        assert (np.abs(np.array(got.points) - np.array(want.points)) <= 1.0).all()
