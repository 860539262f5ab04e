"""Qwen3-VL: parser on recorded answers (0-1000 grid -> fed-image pixels), a property round
trip, prompts, registry, and the real generate path with a tiny random Qwen3-VL on CPU."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from model_backend.errors import BadInput
from model_backend.families import get, infer, qwen2_5_vl
from model_backend.families import qwen3_vl as fam
from model_backend.geometry import PointSet

REC = Path(__file__).resolve().parents[2] / "data" / "recorded" / "qwen3_vl"


def rec(name: str) -> str:
    return (REC / name).read_text(encoding="utf-8")


def pts(answer):
    return [p.points for p in answer.point_sets]


def flat(points):
    """Nested (x, y) tuples -> a flat list, for pytest.approx (which does not nest)."""
    return [v for p in points for v in p]


# ---------------------------------------------------------------- recorded answers


def test_cookbook_answer_maps_the_grid_onto_the_fed_image():
    a = fam.parse("detect", rec("cookbook_dining_table.txt"), (640, 479))
    assert a.warnings == [] and len(a.point_sets) == 27
    first = a.point_sets[0]
    assert first.label == "plate/dish" and first.score is None
    assert flat(first.points) == pytest.approx([74 * 0.64, 361 * 0.479, 324 * 0.64, 808 * 0.479])
    assert Counter(p.label for p in a.point_sets) == {
        "plate/dish": 6,
        "scallop": 6,
        "bowl": 6,
        "wine bottle": 2,
        "chopsticks": 3,
        "cup": 2,
        "spoon": 1,
        "coconut drink": 1,
    }
    # 999 is the grid's last cell: just inside the right/bottom edge
    assert max(p.bounds[2] for p in a.point_sets) == pytest.approx(999 * 0.64)


def test_same_answer_scales_with_the_image_size():
    small = fam.parse("detect", rec("cookbook_dining_table.txt"), (640, 479))
    big = fam.parse("detect", rec("cookbook_dining_table.txt"), (1280, 958))
    for s, b in zip(small.point_sets, big.point_sets):
        assert np.allclose(np.array(b.points), 2 * np.array(s.points))


def test_single_box_for_a_referring_expression():
    a = fam.parse("ground", rec("single_ground.txt"), (896, 672))
    assert len(a.point_sets) == 1
    assert flat(a.point_sets[0].points) == pytest.approx([612 * 0.896, 48 * 0.672, 790 * 0.896, 262 * 0.672])
    assert a.point_sets[0].label == "top right brown cake" and a.warnings == []


def test_ground_keeps_the_first_of_several_boxes():
    a = fam.parse("ground", rec("cookbook_dining_table.txt"), (1000, 1000))
    assert pts(a) == [((74, 361), (324, 808))]
    assert any("kept the first of 27" in w for w in a.warnings)


def test_point_answers_become_one_point_sets():
    a = fam.parse("detect", rec("points.txt"), (1000, 500))
    assert pts(a) == [((412, 152.5),), ((588, 320),), ((1000, 0),)]
    assert all(p.kind == "point" and p.label == "person" for p in a.point_sets)
    assert a.warnings == []


def test_several_boxes_under_one_key():
    a = fam.parse("count", rec("count_and_box.txt"), (500, 500))
    assert pts(a) == [((50, 50), (100, 100)), ((150, 150), (200, 210))]
    assert {p.label for p in a.point_sets} == {"solar panel"}


def test_prose_around_the_fence():
    a = fam.parse("detect", rec("prose_around.txt"), (448, 448))
    assert len(a.point_sets) == 1 and flat(a.point_sets[0].points) == pytest.approx([44.8, 112, 134.4, 224])
    assert a.point_sets[0].label == "storage tank" and a.warnings == []


def test_truncated_json_keeps_complete_objects_and_warns():
    a = fam.parse("detect", rec("truncated.txt"), (1000, 1000))
    assert pts(a) == [((12, 30), (80, 96)), ((200, 210), (260, 280))]
    assert any("truncated" in w for w in a.warnings)


def test_swapped_off_grid_degenerate_duplicate_and_broken_items():
    a = fam.parse("detect", rec("edge_cases.txt"), (1000, 800))
    assert pts(a) == [
        ((300, 160), (500, 320)),  # swapped corners put in order
        ((0, 0), (100, 160)),  # negative grid values clipped at the image edge
        ((900, 640), (1000, 800)),  # values past 1000 clipped to (w, h)
    ]
    w = a.warnings
    assert sum("outside the 0-1000 grid" in x for x in w) == 2
    assert sum("degenerate" in x for x in w) == 1
    assert sum("duplicate" in x for x in w) == 1
    assert sum("not 4 finite numbers" in x for x in w) == 2  # "north", and a 3-number box
    assert sum("without bbox_2d or point_2d" in x for x in w) == 1
    assert sum("not a JSON object" in x for x in w) == 1


def test_no_json_is_a_warning_not_an_exception():
    a = fam.parse("detect", rec("no_json.txt"), (448, 448))
    assert a.point_sets == [] and a.warnings and "storage tanks" in a.text


def test_thinking_answer_reads_only_the_reply():
    a = fam.parse("detect", rec("thinking.txt"), (1000, 1000))
    assert pts(a) == [((120, 340), (260, 420)), ((610, 355), (720, 440))]
    assert "draft" not in a.text and a.warnings == []
    assert fam.parse("caption", "Let me look.</think>\nFields and a river.", (10, 10)).text == "Fields and a river."


def test_text_tasks_return_the_text():
    for task in ("ask", "caption", "summarize"):
        a = fam.parse(task, '  A port with [{"bbox_2d": [1, 2, 300, 400]}] \n', (100, 100))
        assert a.point_sets == [] and a.text.startswith("A port with")


# ---------------------------------------------------------------- properties


@st.composite
def scenes(draw):
    """A fed image size and point sets in its pixels: boxes wide enough to survive the grid's
    rounding (>= 2 px + 2 grid units a side) and points anywhere in the image."""
    w, h = draw(st.integers(32, 4096)), draw(st.integers(32, 4096))
    shapes = []
    for i in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            mx, my = 2 + 2 * w / 1000, 2 + 2 * h / 1000
            x1 = draw(st.floats(0, w - mx))
            y1 = draw(st.floats(0, h - my))
            x2, y2 = draw(st.floats(x1 + mx, w)), draw(st.floats(y1 + my, h))
            shapes.append(PointSet(((x1, y1), (x2, y2)), label=f"object {i}"))
        else:
            shapes.append(PointSet(((draw(st.floats(0, w)), draw(st.floats(0, h))),), label=f"object {i}"))
    return (w, h), shapes, draw(st.booleans()), draw(st.booleans())


def _grid(v: float, side: int) -> int:
    return round(v / side * 1000)


@settings(max_examples=200, deadline=None)
@given(scenes())
def test_round_trip_through_the_0_1000_grid(scene):
    (w, h), shapes, swap, fenced = scene
    items = []
    for ps in shapes:
        g = [(_grid(x, w), _grid(y, h)) for x, y in ps.points]
        if len(g) == 1:
            items.append({"point_2d": list(g[0]), "label": ps.label})
        else:
            (x1, y1), (x2, y2) = g
            items.append({"bbox_2d": [x2, y2, x1, y1] if swap else [x1, y1, x2, y2], "label": ps.label})
    text = json.dumps(items)
    if fenced:
        text = f"Here you are:\n```json\n{text}\n```"
    a = fam.parse("detect", text, (w, h))
    assert a.warnings == []
    assert [p.label for p in a.point_sets] == [p.label for p in shapes]
    for got, want in zip(a.point_sets, shapes):
        assert got.kind == want.kind
        diff = np.abs(np.array(got.points) - np.array(want.points))
        assert (diff[:, 0] <= w / 1000 + 1e-9).all() and (diff[:, 1] <= h / 1000 + 1e-9).all()


_KEYS = st.sampled_from(["bbox_2d", "point_2d", "bbox", "point", "label", "score", "count"])
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats() | st.text(max_size=6),
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(_KEYS, kids, max_size=4),
    max_leaves=24,
)


@settings(max_examples=300, deadline=None)
@given(
    _JSON,
    st.sampled_from(["detect", "ground", "count"]),
    st.integers(1, 3000),
    st.integers(1, 3000),
    st.integers(0, 40),
)
def test_parse_never_raises_and_stays_inside_the_image(value, task, w, h, cut):
    text = json.dumps(value)
    for candidate in (text, text[:-cut] if cut else text, "```json\n" + text):
        a = fam.parse(task, candidate, (w, h))
        for p in a.point_sets:
            x0, y0, x1, y1 = p.bounds
            assert 0 <= x0 <= x1 <= w and 0 <= y0 <= y1 <= h


# ---------------------------------------------------------------- prompts, sizes, registry


def test_prompts():
    msgs = fam.build_messages("detect", "", labels=["ship", " storage tank ", ""])
    text = msgs[0]["content"][-1]["text"]
    assert '"ship, storage tank"' in text and "JSON" in text
    assert msgs[0]["content"][0] == {"type": "image"}
    assert fam.build_messages("count", "", labels=["ship"]) == fam.build_messages("detect", "", labels=["ship"])
    assert "the white building" in fam.build_messages("ground", " the white building ")[0]["content"][-1]["text"]
    assert "large ships" in fam.build_messages("detect", "large ships")[0]["content"][-1]["text"]
    summary = fam.build_messages("summarize", "tile 1: fields\ntile 2: a town")[0]["content"]
    assert summary[0] == {"type": "image"} and "tile 2: a town" in summary[-1]["text"]
    assert fam.build_messages("caption", "")[0]["content"][0] == {"type": "image"}
    follow = fam.build_messages("ask", "And now?", history=[("Describe.", "A port.")])
    assert [m["role"] for m in follow] == ["user", "assistant", "user"]
    assert follow[2]["content"] == [{"type": "text", "text": "And now?"}]  # image only once
    with pytest.raises(BadInput):
        fam.build_messages("ground", "  ")
    with pytest.raises(ValueError):
        fam.build_messages("segment", "x")


def test_sizes_follow_the_released_processor():
    assert fam.INPUT_SIZE % 32 == 0 and fam.INPUT_SIZE < 1000
    assert fam.server_fed_size(fam.INPUT_SIZE, fam.INPUT_SIZE) == (fam.INPUT_SIZE, fam.INPUT_SIZE)
    assert fam.server_fed_size(100, 100) == (256, 256)  # raised to >= 65536 pixels
    assert fam.server_fed_size(300, 200) == (320, 224)  # rounded to multiples of 32
    w, h = fam.server_fed_size(6000, 4000)
    assert w % 32 == 0 and h % 32 == 0 and w * h <= fam.SERVER_MAX_PIXELS and w > h


def test_registry_tells_qwen3_from_qwen2_5(tiny_qwen3_dir):
    assert infer("whatever", tiny_qwen3_dir) is fam  # config.json model_type qwen3_vl
    assert infer("Qwen/Qwen3-VL-4B-Instruct") is fam
    assert infer("Qwen/Qwen3-VL-30B-A3B-Thinking") is fam
    assert infer("qwen3_vl_moe") is fam
    assert infer("Qwen/Qwen2.5-VL-3B-Instruct") is qwen2_5_vl
    assert get("qwen3_vl") is fam


# ---------------------------------------------------------------- real generate, tiny model


@pytest.fixture(scope="module")
def tiny_qwen3_dir(tmp_path_factory) -> str:
    from model_backend.tiny import build_tiny_model

    return build_tiny_model("qwen3_vl", str(tmp_path_factory.mktemp("tiny") / "qwen3_vl"))


@pytest.fixture(scope="module", params=["nf4", "none"])
def engine(request, tiny_qwen3_dir):
    from model_backend.engines.transformers_engine import TransformersEngine

    return TransformersEngine(tiny_qwen3_dir, device="cpu", quantization=request.param, family="qwen3_vl")


def _image(w, h, seed=1):
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, (h, w, 3), dtype=np.uint8))


def test_quantisation_replaces_the_language_models_linears_only(engine):
    import bitsandbytes as bnb
    import torch

    linears = {n: m for n, m in engine.net.named_modules() if isinstance(m, torch.nn.Linear)}
    four_bit = {n for n, m in linears.items() if isinstance(m, bnb.nn.Linear4bit)}
    assert engine.family == "qwen3_vl" and type(engine.net).__name__ == "Qwen3VLForConditionalGeneration"
    if engine.quantization == "nf4":
        # the language model only: vision tower, merger, DeepStack mergers and lm_head stay 16-bit
        assert four_bit == {n for n in linears if n.startswith("model.language_model.")} and len(four_bit) == 14
        assert all(linears[n].weight.quant_state.quant_type == "nf4" for n in four_bit)
        assert not any("deepstack_merger_list" in n for n in four_bit)
    else:
        assert four_bit == set() and len(linears) >= 21


def test_ask_reports_the_size_the_processor_really_fed(engine):
    from transformers.models.qwen2_vl.image_processing_qwen2_vl import smart_resize

    sizes = [(300, 200), (120, 260)]
    images = [_image(w, h, i) for i, (w, h) in enumerate(sizes)]
    messages = [fam.build_messages("ask", "Describe this area.")] * 2
    gens = engine.generate(images, messages, max_new_tokens=6)
    assert len(gens) == 2 and all(isinstance(g.text, str) for g in gens)
    proc = engine.processor
    prompts = [proc.apply_chat_template(m, add_generation_prompt=True) for m in messages]
    inputs = proc(images=images, text=prompts, return_tensors="pt", padding=True)
    size = proc.image_processor.size
    for i, (g, (w, h)) in enumerate(zip(gens, sizes)):
        rh, rw = smart_resize(h, w, factor=32, min_pixels=size["shortest_edge"], max_pixels=size["longest_edge"])
        assert g.fed_size == (rw, rh) == fam.fed_size(inputs, i)
        assert rw % 32 == 0 and rh % 32 == 0 and (rw > rh) == (w > h)
    # 16 px patches (3 channels x 2 frames x 16 x 16 values each), merged 2x2 into image tokens
    assert inputs["pixel_values"].shape == (sum(fw * fh // 256 for fw, fh in (g.fed_size for g in gens)), 1536)
    image_token = engine.net.config.image_token_id
    assert int((inputs["input_ids"] == image_token).sum()) == sum(
        fw * fh // 1024 for fw, fh in (g.fed_size for g in gens)
    )


def test_detect_and_other_prompts_run_and_parse_without_raising(engine):
    tasks = [("detect", "", ["ship", "storage tank"]), ("ground", "the pier", ()), ("caption", "", ())]
    images = [_image(256, 192, seed=7)] * len(tasks)
    gens = engine.generate(images, [fam.build_messages(t, p, labels=l) for t, p, l in tasks], max_new_tokens=8)
    for (task, _, _), g in zip(tasks, gens):
        assert isinstance(g.text, str) and g.fed_size == (128, 96)
        answer = fam.parse(task, g.text, g.fed_size)
        assert isinstance(answer.text, str)
        assert all(
            0 <= p.bounds[0] <= p.bounds[2] <= 128 and 0 <= p.bounds[1] <= p.bounds[3] <= 96 for p in answer.point_sets
        )
