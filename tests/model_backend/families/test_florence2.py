"""Florence-2: parser on recorded real answers (against the processor's own post-processing),
a location-token round trip, and the real generate path with a tiny Florence-2."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from model_backend.families import florence2 as fam
from model_backend.families import get, infer

REC = Path(__file__).resolve().parents[2] / "data" / "recorded" / "florence2"
CAR, AUSTRALIA = (640, 480), (1300, 876)  # the images of the recordings (see README there)


def rec(name: str) -> str:
    return (REC / name).read_text(encoding="utf-8")


def flat(points) -> list:
    return [v for p in points for v in p]


def truncated(answer) -> list:
    """Our float bin centres as Florence2Processor reports them (truncated to int)."""
    return [[int(v) for p in ps.points for v in p] for ps in answer.point_sets]


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> str:
    from model_backend.tiny import build_tiny_model

    return build_tiny_model("florence2", str(tmp_path_factory.mktemp("tiny") / "florence2"))


@pytest.fixture(scope="module")
def processor(tiny_dir):
    """The real Florence2Processor (tiny tokenizer, same post-processor code)."""
    from transformers import AutoProcessor

    return AutoProcessor.from_pretrained(tiny_dir)  # nosec B615 local folder


# --- recorded answers: values are the EXPECTED_PARSED_ANSWERs of the transformers tests -------


def test_od_answer_with_two_boxes_after_one_label():
    a = fam.parse("detect", rec("od_car_base.txt"), CAR)
    assert truncated(a) == [[34, 160, 597, 371], [272, 241, 303, 247], [454, 276, 553, 370], [96, 280, 198, 371]]
    assert [p.label for p in a.point_sets] == ["car", "door handle", "wheel", "wheel"]
    assert a.warnings == [] and "<pad>" not in a.text and "</s>" not in a.text


def test_bin_centres_are_floats_not_truncated():
    a = fam.parse("detect", rec("ovd_car_large.txt"), CAR)
    (box,) = a.point_sets
    assert flat(box.points) == pytest.approx([52.5 * 0.64, 334.5 * 0.48, 932.5 * 0.64, 774.5 * 0.48])
    assert truncated(a) == [[33, 160, 596, 371]] and box.label == "car"


def test_label_repeated_for_each_box():
    a = fam.parse("detect", rec("ovd_wheels_base.txt"), CAR)
    assert truncated(a) == [[92, 273, 557, 373], [455, 275, 554, 371], [95, 278, 194, 371]]
    assert {p.label for p in a.point_sets} == {"wheels"}


def test_unlabelled_region_proposals_after_repeated_bos():
    a = fam.parse("detect", rec("region_proposal_large.txt"), AUSTRALIA)
    assert truncated(a) == [
        [0, 0, 1299, 591],
        [0, 0, 471, 588],
        [0, 0, 398, 588],
        [992, 0, 1299, 581],
        [681, 476, 1197, 667],
        [212, 116, 472, 370],
        [1043, 590, 1157, 664],
        [736, 593, 840, 666],
    ]
    assert all(p.label == "" for p in a.point_sets) and a.warnings == []


def test_ocr_quads_become_four_point_sets():
    a = fam.parse("ocr", rec("ocr_with_region_large.txt"), AUSTRALIA)
    assert [p.kind for p in a.point_sets] == ["rotated_box"] * 9
    assert truncated(a)[3] == [230, 198, 449, 196, 449, 286, 230, 290]
    assert truncated(a)[0] == [693, 60, 849, 60, 849, 112, 693, 112]
    assert [p.label for p in a.point_sets] == ["中新中", "88", "DAT", "STOP", "KUO", "OPTUS", "OD COUKT", "yes", "88"]


def test_the_same_quads_read_as_detect_are_still_quads():
    """8 tokens that go backwards are a quad, not two boxes, whatever the task asked for (the
    parse CLI's default task is detect)."""
    ocr = fam.parse("ocr", rec("ocr_with_region_large.txt"), AUSTRALIA)
    det = fam.parse("detect", rec("ocr_with_region_large.txt"), AUSTRALIA)
    assert [p.points for p in det.point_sets] == [p.points for p in ocr.point_sets]
    assert [p.kind for p in det.point_sets] == ["rotated_box"] * 9 and not det.unparsed


@pytest.mark.parametrize(
    "name,task,size",
    [
        ("od_car_base.txt", "<OD>", CAR),
        ("ovd_wheels_base.txt", "<OPEN_VOCABULARY_DETECTION>", CAR),
        ("region_proposal_large.txt", "<REGION_PROPOSAL>", AUSTRALIA),
        ("ocr_with_region_large.txt", "<OCR_WITH_REGION>", AUSTRALIA),
    ],
)
def test_agrees_with_the_processors_own_post_processing(processor, name, task, size):
    ours = fam.parse("ocr" if task == "<OCR_WITH_REGION>" else "detect", rec(name), size)
    theirs = processor.post_process_generation(rec(name), task=task, image_size=size)[task]
    boxes = theirs.get("quad_boxes", theirs.get("bboxes"))
    assert truncated(ours) == [[int(v) for v in b] for b in boxes]


def test_caption_text_without_frame_tokens():
    a = fam.parse("caption", rec("caption_large.txt"), CAR)
    assert a.text == "a green car parked in front of a yellow building"
    assert a.point_sets == [] and a.warnings == []


def test_edge_cases_warn_and_keep_the_good_boxes():
    a = fam.parse("detect", rec("edge_cases.txt"), (768, 768))
    c = 768 / 1000
    assert [p.label for p in a.point_sets] == ["ship", "ship", "storage tank"]
    assert [flat(p.points) for p in a.point_sets] == [
        pytest.approx([100.5 * c, 200.5 * c, 150.5 * c, 260.5 * c]),
        pytest.approx([600.5 * c, 610.5 * c, 680.5 * c, 700.5 * c]),
        pytest.approx([700.5 * c, 100.5 * c, 760.5 * c, 160.5 * c]),
    ]
    assert len(a.warnings) == 4
    assert sum("past 999" in w for w in a.warnings) == 1
    assert sum("degenerate" in w for w in a.warnings) == 1
    assert sum("duplicate" in w for w in a.warnings) == 1
    assert sum("left over" in w and "'ship'" in w for w in a.warnings) == 1


def test_ground_keeps_one_box():
    a = fam.parse("ground", rec("ovd_wheels_base.txt"), CAR)
    assert truncated(a) == [[92, 273, 557, 373]] and any("first of 3" in w for w in a.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "</s><s></s>",
        "no boxes here",
        "<loc_12>",
        "<loc_x><loc_",
        "<loc_99999999999999999999><loc_1><loc_2><loc_3>",
        "\x00<<>>",
    ],
)
def test_garbage_never_raises(text):
    for task in ("detect", "ground", "ocr", "caption", "summarize", "ask"):
        a = fam.parse(task, text, (768, 768))
        assert a.point_sets == []
    assert fam.parse("detect", text, (768, 768)).warnings


# --- prompts, hooks, registry --------------------------------------------------------------


def test_messages_and_prompt_text():
    msgs = fam.build_messages("detect", "", labels=["ship", " storage tank "])
    assert msgs[0]["content"][0] == {"type": "image"} and len(msgs) == 1
    assert fam.prompt_text(None, msgs) == "<CAPTION_TO_PHRASE_GROUNDING>ship, storage tank"
    assert (
        fam.prompt_text(None, fam.build_messages("ground", "the red roof"))
        == "<CAPTION_TO_PHRASE_GROUNDING>the red roof"
    )
    for task in ("caption", "summarize"):
        assert fam.prompt_text(None, fam.build_messages(task, "tile captions")) == "<MORE_DETAILED_CAPTION>"


def test_the_processor_expands_our_task_tokens(processor):
    text = fam.prompt_text(processor, fam.build_messages("detect", "", labels=["ship", "tank"]))
    ids = processor(images=[Image.new("RGB", (32, 32))], text=[text])["input_ids"][0]
    decoded = processor.tokenizer.decode(ids)
    assert decoded.endswith("<s>Locate the phrases in the caption: ship, tank</s>")


def test_ask_is_unavailable_with_a_reason():
    from model_backend.errors import BadInput

    assert "ask" not in fam.TASKS and "Qwen2.5-VL" in fam.UNAVAILABLE["ask"]
    with pytest.raises(BadInput, match="cannot answer free questions"):
        fam.build_messages("ask", "How many ships?")


def test_registry_and_sizes():
    assert get("florence2") is fam and infer("florence-community/Florence-2-large") is fam
    assert fam.server_fed_size(1000, 300) == (768, 768) and fam.INPUT_SIZE == 768
    assert fam.SKIP_SPECIAL_TOKENS is False


def test_model_class_is_the_auto_class_or_the_native_fallback(tiny_dir, monkeypatch):
    """transformers 5.23 maps florence2 in AutoModelForImageTextToText; a version that did not
    would get the native class named in config.json, never remote code."""
    from transformers import AutoModelForImageTextToText, Florence2ForConditionalGeneration

    from model_backend.engines.transformers_engine import model_class

    assert model_class(tiny_dir) is AutoModelForImageTextToText
    mapping = type(AutoModelForImageTextToText._model_mapping)
    monkeypatch.setattr(mapping, "__contains__", lambda self, key: False)
    assert model_class(tiny_dir) is Florence2ForConditionalGeneration


def test_quantize_matches_the_processor(processor):
    import torch

    xs = torch.tensor([[0.0, 0.0], [639.75, 479.75], [640.0, 480.0], [33.5, 160.25], [1.5, 0.75]])
    theirs = processor.post_processor.quantize(xs, size=CAR).tolist()
    assert [[fam.quantize(x, 640), fam.quantize(y, 480)] for x, y in xs.tolist()] == theirs


# --- round trip: point sets -> <loc_N> text -> parse --------------------------------------

LABEL = st.from_regex(r"[a-z]{1,8}( [a-z]{1,8}){0,2}", fullmatch=True)


@st.composite
def boxes(draw, w: int, h: int):
    """An axis-aligned box at least 3 bins + 2 px wide and high, inside a w x h image."""
    mw, mh = 3 * w / 1000 + 2, 3 * h / 1000 + 2
    x1 = draw(st.floats(0, w - mw, allow_nan=False))
    y1 = draw(st.floats(0, h - mh, allow_nan=False))
    x2 = draw(st.floats(x1 + mw, w, allow_nan=False))
    y2 = draw(st.floats(y1 + mh, h, allow_nan=False))
    return ((x1, y1), (x2, y2))


def loc_text(items, w: int, h: int) -> str:
    """Florence's layout: a label, then every consecutive box of that label."""
    out, last = [], None
    for label, points in items:
        if label != last:
            out.append(label)
            last = label
        out.extend(f"<loc_{fam.quantize(x, w)}><loc_{fam.quantize(y, h)}>" for x, y in points)
    return "</s><s>" + "".join(out) + "</s><pad><pad>"


@settings(max_examples=150, deadline=None)
@given(data=st.data(), w=st.integers(16, 4000), h=st.integers(16, 4000))
def test_boxes_round_trip_within_one_grid_unit(data, w, h):
    items = data.draw(st.lists(st.tuples(LABEL, boxes(w, h)), min_size=1, max_size=6))
    keys = [(label, tuple((fam.quantize(x, w), fam.quantize(y, h)) for x, y in pts)) for label, pts in items]
    assume(len(set(keys)) == len(keys))  # two boxes in one bin are one box for Florence
    a = fam.parse("detect", loc_text(items, w, h), (w, h))
    assert a.warnings == []
    assert [p.label for p in a.point_sets] == [label for label, _ in items]
    for ps, (_, pts) in zip(a.point_sets, items):
        for (px, py), (x, y) in zip(ps.points, pts):
            # The bin centre is within half a grid unit (image_size / 1000) of the original.
            assert abs(px - x) <= 0.5 * w / 1000 + 1e-9 and abs(py - y) <= 0.5 * h / 1000 + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    w=st.integers(200, 4000),
    h=st.integers(200, 4000),
    cx=st.floats(0.3, 0.7),
    cy=st.floats(0.3, 0.7),
    r=st.floats(0.05, 0.25),
    turn=st.floats(0, math.pi / 2),
    label=LABEL,
)
def test_quads_round_trip_within_one_grid_unit(w, h, cx, cy, r, turn, label):
    corners = [
        (w * (cx + r * math.cos(turn + k * math.pi / 2)), h * (cy + r * math.sin(turn + k * math.pi / 2)))
        for k in range(4)
    ]
    a = fam.parse("ocr", loc_text([(label, corners)], w, h), (w, h))
    (ps,) = a.point_sets
    assert ps.kind == "rotated_box" and ps.label == label
    for (px, py), (x, y) in zip(ps.points, corners):
        assert abs(px - x) <= 0.5 * w / 1000 + 1e-9 and abs(py - y) <= 0.5 * h / 1000 + 1e-9


# --- the real generate path with the tiny model ---------------------------------------------


def _tile(seed: int, w: int = 300, h: int = 200) -> Image.Image:
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, (h, w, 3), dtype=np.uint8))


@pytest.mark.parametrize("quantization", ["none", "nf4"])
def test_generate_end_to_end(tiny_dir, quantization):
    """Detect and caption through TransformersEngine: the task-token prompt, the
    encoder-decoder output kept whole, special tokens kept, frame tokens stripped; the answer
    is what the documented Florence-2 recipe (processor -> generate -> batch_decode with
    skip_special_tokens=False) gives."""
    import bitsandbytes as bnb
    import torch

    from model_backend.engines.transformers_engine import TransformersEngine

    eng = TransformersEngine(tiny_dir, device="cpu", quantization=quantization, family="florence2")
    assert type(eng.net).__name__ == "Florence2ForConditionalGeneration"
    n4 = sum(isinstance(m, bnb.nn.Linear4bit) for m in eng.net.modules())
    assert n4 == (16 if quantization == "nf4" else 0)  # nf4: BART's Linears; DaViT and projector 16-bit
    tiles = [_tile(1), _tile(2, 120, 260)]
    for task, kw in (("detect", {"labels": ["ship", "storage tank"]}), ("caption", {})):
        msgs = fam.build_messages(task, "", **kw)
        gens = eng.generate(tiles, [msgs, msgs], max_new_tokens=12, batch_size=2)
        assert [g.fed_size for g in gens] == [(64, 64), (64, 64)]  # square, whatever the tile
        inputs = eng.processor(images=tiles[:1], text=[fam.prompt_text(eng.processor, msgs)], return_tensors="pt")
        with torch.inference_mode():
            ids = eng.net.generate(**inputs, max_new_tokens=12, do_sample=False)
        raw = eng.processor.batch_decode(ids, skip_special_tokens=False)[0]
        assert raw.startswith("</s><s>")
        assert gens[0].text == fam.post_process(eng.processor, raw, (64, 64))
        # seed 0: the random model answers with location tokens (1000 of its 1408 tokens are),
        # which decoding with skip_special_tokens=True would have removed.
        assert "<loc_" in gens[0].text and not gens[0].text.startswith("</s>")
        answer = fam.parse(task, gens[0].text, gens[0].fed_size)
        assert all(0 <= v <= 64 for ps in answer.point_sets for p in ps.points for v in p)


def test_an_answer_without_location_tokens_counts_as_unparsed():
    for text in ("ship", "</s><s></s>", ""):
        answer = fam.parse("detect", text, (768, 768))
        assert answer.point_sets == [] and answer.unparsed, text
    found = fam.parse("detect", "ship<loc_10><loc_20><loc_30><loc_40>", (768, 768))
    assert len(found.point_sets) == 1 and not found.unparsed
    # tokens that were read but made nothing valid (a degenerate box) are an answer, not garbage
    degenerate = fam.parse("detect", "ship<loc_10><loc_20><loc_10><loc_40>", (768, 768))
    assert degenerate.point_sets == [] and not degenerate.unparsed
