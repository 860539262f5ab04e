"""GeoChat: parser on recorded answers, the rotation convention, prompts, and the tiny LLaVA through
the real engine (none and nf4). Expected numbers are worked out by hand in the comments."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from model_backend.families import geochat as fam
from model_backend.families import get, infer

REC = Path(__file__).resolve().parents[2] / "data" / "recorded" / "geochat"


def rec(name: str) -> str:
    return (REC / name).read_text(encoding="utf-8")


def pts(ps, nd=3):
    return [(round(x, nd), round(y, nd)) for x, y in ps.points]


def cv2_rotate(x1, y1, x2, y2, theta):
    """What geochat_demo.py draws: cv2.getRotationMatrix2D(center, theta, 1) applied to the corners
    (x1,y1), (x2,y1), (x2,y2), (x1,y2). OpenCV documents the matrix as
    [[a, b, (1-a)cx - b cy], [-b, a, b cx + (1-a) cy]], a = cos, b = sin (written here from that
    formula, independently of the module)."""
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    a, b = math.cos(math.radians(theta)), math.sin(math.radians(theta))
    m = [[a, b, (1 - a) * cx - b * cy], [-b, a, b * cx + (1 - a) * cy]]
    return [
        (m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2])
        for x, y in ((x1, y1), (x2, y1), (x2, y2), (x1, y2))
    ]


# ---------------------------------------------------------------- rotation convention


def test_theta_0_and_missing_theta_give_the_axis_aligned_rectangle():
    for text in ("{<10><20><40><30>|<0>}", "{<10><20><40><30>}"):
        a = fam.parse("detect", text, (100, 100))
        assert [pts(p) for p in a.point_sets] == [[(10, 20), (40, 20), (40, 30), (10, 30)]]
        assert a.point_sets[0].kind == "rotated_box" and a.warnings == []


def test_theta_90_on_a_non_square_box_swaps_its_extents_about_the_centre():
    a = fam.parse("detect", "{<10><20><40><30>|<90>}", (100, 100))
    xmin, ymin, xmax, ymax = a.point_sets[0].bounds
    # 30 wide x 10 high about (25, 25) -> 10 wide x 30 high about (25, 25)
    assert (round(xmin, 6), round(ymin, 6), round(xmax, 6), round(ymax, 6)) == (20, 10, 30, 40)


def test_sign_and_point_order_follow_the_demo_cv2_convention():
    a = fam.parse("detect", "{<30><45><70><55>|<30>}", (100, 100))
    got = a.point_sets[0].points
    want = cv2_rotate(30, 45, 70, 55, 30)
    assert all(math.isclose(g, w, abs_tol=1e-9) for gp, wp in zip(got, want) for g, w in zip(gp, wp))
    # counter-clockwise on screen (y down): the right end of the box goes UP, the left end down
    tl, tr, br, bl = got
    assert tr[1] < 45 and br[1] < 55 and tl[1] > 45 and tr[0] < 70


def test_angles_are_periodic_and_may_be_negative():
    base = fam.parse("detect", "{<30><45><70><55>|<-30>}", (100, 100)).point_sets[0]
    same = fam.parse("detect", "{<30><45><70><55>|<330>}", (100, 100)).point_sets[0]
    assert pts(base, 6) == pts(same, 6)
    mirror = fam.parse("detect", "{<30><45><70><55>|<30>}", (100, 100)).point_sets[0]
    assert pts(base, 6) != pts(mirror, 6)


def test_grid_maps_to_each_axis_of_a_non_square_image():
    a = fam.parse("detect", "{<10><20><50><60>}", (640, 480))
    assert pts(a.point_sets[0]) == [(64, 96), (320, 96), (320, 288), (64, 288)]


# ---------------------------------------------------------------- recorded answers (504 x 504)


def test_refer_water_body_theta_90():
    a = fam.parse("ground", rec("refer_water_body.txt"), (504, 504))
    # 29 x 20 cells about (14.5, 63) turned a quarter: x 4.5..24.5, y 48.5..77.5 cells; TL -> (4.5, 77.5)
    (ps,) = a.point_sets
    assert ps.label == "" and a.warnings == []
    assert pts(ps) == [(22.68, 390.6), (22.68, 244.44), (123.48, 244.44), (123.48, 390.6)]


def test_refer_seven_buildings_back_to_back():
    a = fam.parse("detect", rec("refer_buildings_seven.txt"), (504, 504))
    assert len(a.point_sets) == 7 and a.warnings == []
    # first box 8 x 12 cells about (14, 19) turned by 90: 12 x 8 cells
    assert [round(v, 2) for v in a.point_sets[0].bounds] == [round(v * 5.04, 2) for v in (8, 15, 20, 23)]
    g = fam.parse("ground", rec("refer_buildings_seven.txt"), (504, 504))
    assert len(g.point_sets) == 1 and any("first of 7" in w for w in g.warnings)


def test_refer_road_at_45_degrees_is_clipped_to_the_image_not_clamped():
    a = fam.parse("detect", rec("refer_road_45.txt"), (504, 504))
    (ps,) = a.point_sets
    xs, ys = zip(*ps.points)
    assert min(xs) >= 0 and max(xs) == pytest.approx(504) and min(ys) >= 0 and max(ys) <= 504
    # every edge that is not the image border keeps the 45-degree direction of the strip
    n = len(ps.points)
    for i in range(n):
        (ax, ay), (bx, by) = ps.points[i], ps.points[(i + 1) % n]
        if not (math.isclose(ax, 504) and math.isclose(bx, 504)):
            assert abs(abs(bx - ax) - abs(by - ay)) < 1e-6


def test_a_prose_answer_is_unparsed_for_detect_and_plain_text_for_ask():
    d = fam.parse("detect", rec("refer_prose_no_box.txt"), (504, 504))
    assert d.point_sets == [] and d.warnings[0].startswith(fam.UNPARSED)
    a = fam.parse("ask", rec("refer_prose_no_box.txt"), (504, 504))
    assert a.text == "The bridge is located at the center of the image." and a.warnings == []


def test_grounding_phrases_label_their_boxes():
    (ps,) = fam.parse("detect", rec("grounding_harbor.txt"), (504, 504)).point_sets
    assert ps.label == "1 large harbor"
    a = fam.parse("detect", rec("grounding_dota_truncated.txt"), (1024, 1024))
    assert [p.label for p in a.point_sets] == ["1 white plane"] * 5 + [
        "1 silver large-vehicle",
        "1 white large-vehicle",
        "1 white large-vehicle",
    ]
    assert a.warnings == ["skipped a malformed box: {<70><8"]  # cut off by the token limit


def test_zero_height_boxes_get_one_grid_cell():
    a = fam.parse("detect", rec("grounding_zero_height.txt"), (100, 100))
    assert len(a.point_sets) == 4 and all(p.label == "1 white small vehicle" for p in a.point_sets)
    assert sum(w.startswith("widened") for w in a.warnings) == 4
    # {<45><93><49><93>|<90>}: 4 x 1 cells about (47, 93), turned: 1 wide, 4 high
    assert [round(v, 6) for v in a.point_sets[0].bounds] == [46.5, 91, 47.5, 95]


def test_bare_names_before_boxes_become_labels():
    a = fam.parse("detect", rec("grounding_bare_labels.txt"), (504, 504))
    assert [p.label for p in a.point_sets] == ["plane", "tennis-court", "tennis-court"]


def test_grounded_caption_text_is_readable_and_keeps_its_boxes():
    a = fam.parse("caption", rec("caption_grounded_buildings.txt"), (504, 504))
    assert a.text.startswith("In the satellite image, there are some buildings located close to each")
    assert "{" not in a.text and "<" not in a.text
    assert [p.label for p in a.point_sets] == ["some buildings"] * 2
    # theta = 1: the first box is turned a little, not axis-aligned
    assert pts(a.point_sets[0], 6) != pts(fam.parse("detect", "{<40><77><52><85>}", (504, 504)).point_sets[0], 6)


def test_the_demo_region_without_theta():
    a = fam.parse("detect", rec("demo_identify_prompt_no_angle.txt"), (100, 100))
    assert [pts(p) for p in a.point_sets] == [[(8, 26), (22, 26), (22, 37), (8, 37)]]


def test_edge_cases():
    a = fam.parse("detect", rec("edge_cases.txt"), (100, 100))
    s45 = 5 * math.sqrt(2)
    assert [(p.label, pts(p)) for p in a.point_sets] == [
        ("ship", pts(fam.PointSet(tuple(cv2_rotate(10, 20, 30, 40, 30))))),
        ("storage tank", [(59.5, 60), (60.5, 60), (60.5, 80), (59.5, 80)]),  # widened to 1 cell
        ("storage tank", [(0, 100), (0, 90), (8, 90), (8, 100)]),  # clipped at the left and bottom
        ("storage tank", pts(fam.PointSet(((45 - s45, 45), (45, 45 - s45), (45 + s45, 45), (45, 45 + s45))))),
    ]
    w = a.warnings
    assert sum(x.startswith("dropped a duplicate") for x in w) == 1
    assert sum(x.startswith("widened") for x in w) == 1
    assert sum(x.startswith("dropped a degenerate or out-of-image") for x in w) == 1
    assert sum(x.startswith("skipped a malformed") for x in w) == 2
    assert sum("no closing brace" in x for x in w) == 1 and len(w) == 6


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="{}<>|p/ -.0123456789abcdelimθ\n", max_size=80),
    st.sampled_from(["ask", "detect", "ground", "caption", "count", "summarize"]),
)
def test_parse_never_raises(text, task):
    a = fam.parse(task, text, (504, 504))
    assert isinstance(a.text, str)
    for p in a.point_sets:
        assert all(0 <= x <= 504 and 0 <= y <= 504 for x, y in p.points)


# ---------------------------------------------------------------- round trip

SIZES = st.sampled_from([(100, 100), (504, 504), (640, 480)])


@settings(max_examples=200, deadline=None)
@given(st.integers(25, 50), st.integers(25, 50), st.integers(2, 25), st.integers(2, 25), st.integers(0, 89), SIZES)
def test_grid_boxes_round_trip_through_geochat_text(gx, gy, gw, gh, theta, size):
    """Point sets GeoChat can write (integer grid corners, integer θ; kept inside the image):
    points -> format_box -> parse gives the same points (much closer than one grid unit)."""
    w, h = size
    points = cv2_rotate(gx * w / 100, gy * h / 100, (gx + gw) * w / 100, (gy + gh) * h / 100, theta)
    text = fam.format_box(points, size)
    assert text == "{<%d><%d><%d><%d>|<%d>}" % (gx, gy, gx + gw, gy + gh, theta)
    (ps,) = fam.parse("detect", text, size).point_sets
    unit = max(w, h) / 100
    assert all(abs(a - b) < 1e-6 * unit for p, q in zip(ps.points, points) for a, b in zip(p, q))


@settings(max_examples=200, deadline=None)
@given(st.floats(30, 70), st.floats(30, 70), st.floats(3, 20), st.floats(3, 20), st.integers(-180, 180), SIZES)
def test_any_rotated_box_round_trips_within_the_rounding_bound(cx, cy, bw, bh, theta, size):
    """Arbitrary boxes: the written corners are rounded to the grid (0.5 unit per axis), which
    moves the centre by at most 0.71 units and the turned half extents by at most 0.71, so each
    corner by at most sqrt(2) units; the polygon is the same up to its start corner (θ is
    written in [0, 90))."""
    w, h = size
    points = cv2_rotate(
        (cx - bw / 2) * w / 100, (cy - bh / 2) * h / 100, (cx + bw / 2) * w / 100, (cy + bh / 2) * h / 100, theta
    )
    (ps,) = fam.parse("detect", fam.format_box(points, size), size).point_sets
    unit = max(w, h) / 100
    best = min(max(math.dist(ps.points[(i + k) % 4], points[i]) for i in range(4)) for k in range(4))
    assert best <= math.sqrt(2) * unit + 1e-9


def test_format_box_writes_theta_below_90():
    points = cv2_rotate(40, 45, 60, 55, 120)  # 20 x 10 turned by 120 = 10 x 20 turned by 30
    text = fam.format_box(points, (100, 100))
    assert text == "{<45><40><55><60>|<30>}"
    back = fam.parse("detect", text, (100, 100)).point_sets[0].points
    assert all(any(math.dist(p, q) < 1e-9 for q in points) for p in back)


# ---------------------------------------------------------------- prompts and registry


def test_prompts():
    det = fam.build_messages("detect", "", labels=["ship", "storage tank"])
    assert det[0]["content"] == [
        {"type": "image"},
        {"type": "text", "text": "[refer] Give me the location of <p> ship and storage tank </p>"},
    ]
    three = fam.build_messages("count", "", labels=["ship", " ", "tank", "plane"])[0]["content"][-1]["text"]
    assert "<p> ship, tank and plane </p>" in three
    ref = fam.build_messages("detect", "the white ship near the pier", labels=[" "])
    assert ref[0]["content"][-1]["text"].endswith("<p> the white ship near the pier </p>")
    assert fam.build_messages("ground", "the lake")[0]["content"][-1]["text"].startswith("[refer] ")
    assert fam.build_messages("caption", "")[0]["content"][-1]["text"] == "Describe the image in detail."
    summ = fam.build_messages("summarize", "a port\nfields")[0]["content"][-1]["text"]
    assert "a port\nfields" in summ
    follow = fam.build_messages("ask", "And now?", history=[("Describe.", "A port.")])
    assert [m["role"] for m in follow] == ["user", "assistant", "user"]
    assert follow[2]["content"] == [{"type": "text", "text": "And now?"}]  # image only once
    with pytest.raises(ValueError):
        fam.build_messages("segment", "x")


def test_prompt_text_is_geochats_llava_v1_conversation():
    class P:
        image_token = "<image>"

    msgs = fam.build_messages("ask", "And now?", history=[("Describe.", "A port.")])
    assert fam.prompt_text(P(), msgs) == (
        fam.SYSTEM + " USER: <image>\nDescribe. ASSISTANT: A port.</s>USER: And now? ASSISTANT:"
    )


def test_registry():
    assert infer("MBZUAI/geochat-7B") is fam and get("geochat") is fam
    assert fam.server_fed_size(1000, 300) == (504, 504)


# ---------------------------------------------------------------- tiny model, real engine


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> str:
    from model_backend.tiny import build_tiny_model

    return build_tiny_model("geochat", str(tmp_path_factory.mktemp("tiny") / "geochat"))


def _image(w, h, seed=1):
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, (h, w, 3), dtype=np.uint8))


def test_tiny_model_is_llava_marked_and_inferred(tiny_dir):
    import json

    from model_backend.protocol import TINY_MARKER

    cfg = json.loads((Path(tiny_dir) / "config.json").read_text())
    assert cfg["model_type"] == "llava" and infer("some/folder", tiny_dir) is fam
    assert json.loads((Path(tiny_dir) / TINY_MARKER).read_text())["family"] == "geochat"


@pytest.mark.parametrize("quantization", ["none", "nf4"])
def test_generate_ask_and_detect_through_the_engine(tiny_dir, quantization):
    import bitsandbytes as bnb

    from model_backend.engines.transformers_engine import TransformersEngine
    from model_backend.tiny.llava import IMAGE_SIZE

    eng = TransformersEngine(model=tiny_dir, family="geochat", device="cpu", quantization=quantization)
    n4 = sum(isinstance(m, bnb.nn.Linear4bit) for m in eng.net.modules())
    # nf4: the language model's Linears (2 text layers x 7); the CLIP tower and projector stay
    # in the compute dtype (tests/model_backend/test_quantization.py)
    assert n4 == (14 if quantization == "nf4" else 0)
    msgs = fam.build_messages("ask", "Describe this area.")
    assert eng.processor.apply_chat_template(msgs, add_generation_prompt=True) == fam.prompt_text(eng.processor, msgs)
    images = [_image(504, 504), _image(300, 200)]
    expected = eng.processor.image_processor(images=images, return_tensors="pt")["pixel_values"].shape
    for task, labels in (("ask", ()), ("detect", ("ship",))):
        msg = fam.build_messages(task, "Describe this area." if task == "ask" else "", labels=labels)
        gens = eng.generate(images, [msg, msg], max_new_tokens=12)
        assert len(gens) == 2
        for g in gens:
            assert isinstance(g.text, str)
            assert g.fed_size == (expected[-1], expected[-2]) == (IMAGE_SIZE, IMAGE_SIZE)
            a = fam.parse(task, g.text, g.fed_size)
            assert isinstance(a.text, str) and all(
                0 <= x <= IMAGE_SIZE and 0 <= y <= IMAGE_SIZE for p in a.point_sets for x, y in p.points
            )


def test_fed_to_image_undoes_the_processors_pad_to_a_square(tiny_dir):
    """The real processor pads a wide image to a centred square before the resize; the hook
    the jobs georeference with must map the fed square back onto the image, pad taken off."""
    from transformers import AutoProcessor

    img = np.zeros((56, 112, 3), dtype=np.uint8)  # 112 wide, 56 high, black
    img[:, 56:84] = 255  # a white band, image columns 56..84
    proc = AutoProcessor.from_pretrained(tiny_dir)
    pv = proc.image_processor(images=[Image.fromarray(img)], return_tensors="pt")["pixel_values"][0].mean(0)
    # The pad is the mean colour (0 once normalised); black and white are far from it.
    rows = np.flatnonzero((pv.abs() > 0.5).any(dim=1).numpy())
    cols = np.flatnonzero((pv > 0.5).any(dim=0).numpy())
    sx, sy, dx, dy = fam.fed_to_image((112, 56), tuple(pv.shape[::-1]))
    assert (sx, sy, dx, dy) == (2.0, 2.0, 0.0, -28.0)
    assert (sy * rows[0] + dy, sy * (rows[-1] + 1) + dy) == (0, 56)  # the image's full height
    assert (sx * cols[0] + dx, sx * (cols[-1] + 1) + dx) == (56, 84)  # the band, where it was
