"""The answer forms ``qwen_parse`` reads, one by one, for both Qwen families.

CONSTRUCTED answers (not recordings): they exercise the forms the issue lists for which no real
public answer was found (single quotes, comments, unquoted keys, QwenVL HTML, a tool-call click,
a bare list) next to small versions of the recorded ones; real answers are scored in
test_recovery.py. Qwen2.5-VL reads absolute pixels, so the expected numbers are the written ones;
Qwen3-VL reads the same text on its 0-1000 grid (checked once at the end)."""

from __future__ import annotations

import pytest

from model_backend.families import qwen2_5_vl, qwen3_vl
from model_backend.families.lenient_json import extract_json

SIZE = (1000, 800)


def boxes(text: str, task: str = "detect"):
    answer = qwen2_5_vl.parse(task, text, SIZE)
    return [tuple(v for p in ps.points for v in p) for ps in answer.point_sets], answer


@pytest.mark.parametrize(
    "text",
    [
        '[{"bbox_2d": [10, 20, 110, 220], "label": "tank"},]',  # trailing comma
        "[{'bbox_2d': [10, 20, 110, 220], 'label': 'tank'}]",  # single quotes
        '[\n  // the tank\n  {"bbox_2d": [10, 20, 110, 220], "label": "tank"}\n]',  # a comment
        '[{bbox_2d: [10, 20, 110, 220], label: "tank"}]',  # unquoted keys
        '```json\n[{"bbox_2d": [10, 20, 110, 220], "label": "tank"}\n{"bbox_2d": [5, 5',  # missing comma, cut off
    ],
)
def test_json_that_is_not_json(text):
    got, answer = boxes(text)
    assert got == [(10, 20, 110, 220)] and answer.point_sets[0].label == "tank" and not answer.unparsed


def test_a_cut_off_answer_keeps_only_complete_items():
    got, answer = boxes('[{"bbox_2d": [1, 2, 30, 40]}, {"bbox_2d": [300, 310, 400, 4')
    assert got == [(1, 2, 30, 40)] and any("truncated" in w for w in answer.warnings)
    value, _ = extract_json('{"bbox_2d": [[1, 2, 30, 40], [50, 60, 7')
    assert value == {"bbox_2d": [[1, 2, 30, 40]]}  # an object keeps the containers it closed
    assert extract_json('{"bbox_2d": [300, 310, 400, 4')[0] is None


@pytest.mark.parametrize(
    "text,want",
    [
        ("43,378,996,957 cakes\n12,20,40,60 cake", [(43, 378, 996, 800), (12, 20, 40, 60)]),  # plain lines
        ("The tank is at [10, 20, 110, 220].", [(10, 20, 110, 220)]),  # a bare list in prose
        ("[[10, 20, 110, 220], [300, 300, 400, 420]]", [(10, 20, 110, 220), (300, 300, 400, 420)]),
        ('<html><body><p data-bbox="10 20 110 220">Storage tank</p></body></html>', [(10, 20, 110, 220)]),
        ("<|object_ref_start|>tank<|object_ref_end|><|box_start|>(10,20),(110,220)<|box_end|>", [(10, 20, 110, 220)]),
    ],
)
def test_answers_without_json(text, want):
    got, answer = boxes(text)
    assert got == want and not answer.unparsed


@pytest.mark.parametrize(
    "text",
    [
        '[{"point_2d": [120, 340], "label": "ship"}]',
        '<points x1="120" y1="340" alt="ship">ship</points>',
        '<tool_call>\n{"name": "computer_use", "arguments": {"action": "left_click", '
        '"coordinate": [120, 340]}}\n</tool_call>',
        "click at coordinate: [120, 340]",
    ],
)
def test_a_point_is_kept_as_a_point(text):
    answer = qwen2_5_vl.parse("ground", text, SIZE)
    assert [ps.points for ps in answer.point_sets] == [((120, 340),)]
    assert answer.point_sets[0].kind == "point" and not answer.unparsed


@pytest.mark.parametrize(
    "text,unparsed",
    [
        ("[]", False),
        ("```json\n[]\n```", False),
        ("There are none.", False),
        ("I cannot find any storage tanks in this image.", False),
        ("No ships are visible.", False),
        ("I am not sure what is in this picture.", True),
        ("!!!!!!!!!!!!", True),
        ("", True),
        ('[{"label": "tank"}]', True),
    ],
)
def test_an_honest_empty_answer_is_not_unparsed(text, unparsed):
    got, answer = boxes(text)
    assert got == [] and answer.unparsed is unparsed


def test_a_box_dropped_for_being_outside_the_image_is_not_unparsed():
    got, answer = boxes('[{"bbox_2d": [2000, 2000, 2100, 2100]}]')
    assert got == [] and not answer.unparsed and any("out-of-image" in w for w in answer.warnings)


def test_qwen3_reads_the_same_forms_on_its_grid():
    answer = qwen3_vl.parse("detect", "[{'bbox_2d': [100, 250, 300, 500],},]\n", (2000, 400))
    assert [ps.points for ps in answer.point_sets] == [((200, 100), (600, 200))]
    point = qwen3_vl.parse("ground", '<points x1="500" y1="500" alt="x">x</points>', (2000, 400))
    assert [ps.points for ps in point.point_sets] == [((1000, 200),)]
