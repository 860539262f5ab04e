"""The family contract: ``parse`` never raises, for every family and task, whatever the text.

Arbitrary text from hypothesis, text made of the families' own syntax (so the parsers get deep,
not just rejected early), and pathological answers (deep nesting, a megabyte of brackets) that
used to end in RecursionError. A pathological answer is unparsed, and is read in well under a
second."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model_backend.families import all_families

FAMILIES = all_families()
PAIRS = [
    (name, task)
    for name, fam in FAMILIES.items()
    for task in (*fam.TASKS, *getattr(fam, "EXTRA_TASKS", ()), "summarize")
]
# Pieces of every family's syntax, glued at random by hypothesis.
_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        '"',
        "'",
        "bbox_2d",
        "point_2d",
        '"label"',
        "1",
        "-2",
        "3.5",
        "1e400",
        "```json\n",
        "```",
        "<loc_",
        "<loc_12>",
        "<loc_999>",
        "<poly>",
        "<sep>",
        "</s>",
        "{<",
        "><",
        ">|<",
        "90",
        "}",
        "<p>",
        "</p>",
        "<delim>",
        '<points x1="',
        '" y1="',
        '">',
        "</points>",
        'data-bbox="',
        "<|box_start|>(",
        "),(",
        ")<|box_end|>",
        "\n",
        " ",
        "//",
        "NaN",
        "'bboxes':",
        "'<OD>':",
        "</think>",
    ]
)
_SYNTAX = st.lists(_PIECES, max_size=60).map("".join)


def _check(name: str, task: str, text: str, size=(640, 480)) -> None:
    answer = FAMILIES[name].parse(task, text, size)
    assert isinstance(answer.text, str) and isinstance(answer.unparsed, bool)
    for ps in answer.point_sets:
        x0, y0, x1, y1 = ps.bounds
        assert 0 <= x0 <= x1 <= size[0] and 0 <= y0 <= y1 <= size[1], (name, task, text)


@pytest.mark.parametrize("name,task", PAIRS)
@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_raises(name, task, text):
    _check(name, task, text)


@pytest.mark.parametrize("name,task", PAIRS)
@settings(max_examples=60, deadline=None)
@given(text=_SYNTAX, w=st.integers(1, 4000), h=st.integers(1, 4000))
def test_text_made_of_the_families_syntax_never_raises(name, task, text, w, h):
    _check(name, task, text, (w, h))


PATHOLOGICAL = {
    "3000 [": "[" * 3000,
    "3000 {": "{" * 3000,
    "deep object": '{"a":' * 5000 + "1" + "}" * 5000,
    "a megabyte of [": "[" * 1_000_000,
    "unclosed string": '[{"label": "' + "a" * 500_000,
    "100k loc tokens": "<loc_1>" * 100_000,
    "100k GeoChat openings": "{<" * 100_000,
    "surrogates and NUL": "\x00\ud800" * 1000,
}


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("what", sorted(PATHOLOGICAL))
def test_pathological_answers_are_unparsed_fast_not_errors(name, what):
    for task in ("detect", "ground"):
        if task not in FAMILIES[name].TASKS:
            continue
        t0 = time.perf_counter()
        answer = FAMILIES[name].parse(task, PATHOLOGICAL[what], (512, 512))
        assert time.perf_counter() - t0 < 5
        assert not any("parser error" in w for w in answer.warnings), answer.warnings[:1]
        if what != "100k loc tokens":  # 25000 degenerate boxes: read, all dropped
            assert answer.point_sets == [] and answer.unparsed


BIG = "1" + "0" * 400  # an int no float can hold
PAST_FLOAT = [
    t.replace("BIG", BIG)
    for t in (
        '[{"bbox_2d": [BIG, 1, 2, 3]}]',
        "{'<OD>': {'bboxes': [[BIG, 1, 2, 3]], 'labels': ['a']}}",
        "{<BIG><1><2><3>|<90>}",
        "<loc_BIG><loc_1><loc_2><loc_3>",
        "BIG,1,2,3 tank",
        '<points x1="BIG" y1="2"></points>',
        '{"point_2d": [1e400, 2]}',
    )
]


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("text", PAST_FLOAT)
def test_numbers_past_float_are_skipped_not_errors(name, text):
    answer = FAMILIES[name].parse("detect", text, (100, 100))
    assert answer.point_sets == [] and not any("parser error" in w for w in answer.warnings)


def test_a_parser_error_is_an_unparsed_answer(monkeypatch):
    """If a parser has a bug, the answer says so instead of raising (``guarded``)."""
    from model_backend.families import qwen2_5_vl

    def broken(body):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(qwen2_5_vl, "read_answer", broken)
    answer = qwen2_5_vl.parse("detect", "[]", (10, 10))
    assert answer.unparsed and answer.point_sets == [] and "RecursionError" in answer.warnings[0]
