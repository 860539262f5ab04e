"""Qwen2.5-VL parser on recorded answers: boxes in pixels of the processor-resized image."""

from __future__ import annotations

from pathlib import Path

import pytest

from model_backend.families import get, infer
from model_backend.families import qwen2_5_vl as fam

REC = Path(__file__).resolve().parents[2] / "data" / "recorded" / "qwen2_5_vl"


def rec(name: str) -> str:
    return (REC / name).read_text(encoding="utf-8")


def test_clean_answer():
    a = fam.parse("detect", rec("clean_two_boxes.txt"), (1288, 728))
    assert [(p.points, p.label) for p in a.point_sets] == [
        (((135, 114), (1016, 672)), "airplane"),
        (((1100, 40), (1230, 170)), "vehicle"),
    ]
    assert a.warnings == [] and all(p.score is None for p in a.point_sets)


def test_prose_around_the_fence():
    a = fam.parse("detect", rec("prose_around.txt"), (448, 448))
    assert [p.points for p in a.point_sets] == [((10, 20), (110, 220))]
    assert a.point_sets[0].label == "storage tank"


def test_truncated_json_keeps_complete_objects_and_warns():
    a = fam.parse("detect", rec("truncated.txt"), (448, 448))
    assert [p.points for p in a.point_sets] == [((12, 30), (80, 96)), ((200, 210), (260, 280))]
    assert any("truncated" in w for w in a.warnings)


def test_swapped_clipped_degenerate_and_duplicate_boxes():
    a = fam.parse("detect", rec("edge_cases.txt"), (800, 600))
    assert [p.points for p in a.point_sets] == [
        ((300, 200), (500, 400)),  # swapped corners put in order
        ((0, 0), (50, 60)),  # clipped at the image edge
        ((700, 500), (800, 600)),  # clipped to (w, h)
    ]
    assert sum("degenerate" in w for w in a.warnings) == 1
    assert sum("duplicate" in w for w in a.warnings) == 1


def test_no_json_is_a_warning_not_an_exception():
    a = fam.parse("detect", rec("no_json.txt"), (448, 448))
    assert a.point_sets == [] and a.warnings and "storage tanks" in a.text


def test_single_object_for_a_referring_expression():
    a = fam.parse("detect", rec("single_object.txt"), (448, 448))
    assert len(a.point_sets) == 1 and a.point_sets[0].label.startswith("the large white building")


def test_prompts():
    msgs = fam.build_messages("detect", "", labels=["ship", "storage tank"])
    text = msgs[0]["content"][-1]["text"]
    assert "'ship', 'storage tank'" in text and "JSON" in text
    assert msgs[0]["content"][0] == {"type": "image"}
    follow = fam.build_messages("ask", "And now?", history=[("Describe.", "A port.")])
    assert [m["role"] for m in follow] == ["user", "assistant", "user"]
    assert follow[2]["content"] == [{"type": "text", "text": "And now?"}]  # image only once


def test_registry_infers_from_config_and_from_names(tiny_model_dir):
    assert infer("whatever", tiny_model_dir) is fam
    assert infer("Qwen/Qwen2.5-VL-7B-Instruct") is fam
    assert get("qwen2_5_vl") is fam
    with pytest.raises(ValueError):
        infer("some/unknown-model")
