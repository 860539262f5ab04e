"""--confirm through a real HTTP server on 127.0.0.1 (tests/model_backend/loopback_openai_server:
it stands in for vLLM, which cannot run here). Its "model" looks at each tile it is sent the way
the test scene was made (stripe patches are grey, the others green) and answers in Qwen2.5-VL's
formats: yes/no prose to the question, a JSON ``bbox_2d`` to the grounding prompt. So what is
tested is the real path: tiles read at the family's input size, the question and the family's
grounding prompt, the answers parsed, boxes georeferenced into the tile and written."""

from __future__ import annotations

import json

import numpy as np
import pytest

from model_backend.errors import BadInput
from model_backend.find.confirm import verdict, with_article

from ..loopback_openai_server import LoopbackOpenAIServer
from .conftest import PATCH, PX, is_stripes, stripe_boxes
from .helpers import read_layer, run_find


def answer(seen) -> str:
    rgb = np.asarray(seen.images[0].convert("RGB"))
    prompt = seen.texts[-1]
    if prompt.startswith("Is there"):
        return "Yes. It covers the top left of the image." if is_stripes(rgb) else "No, there is none."
    h, w = rgb.shape[:2]  # the image as sent; the family's server size for 784 px is 784 px
    return json.dumps([{"bbox_2d": [0, 0, w // 2, h // 2], "label": "solar farm"}])


def test_confirm_asks_the_vlm_about_the_best_tiles_and_writes_boxes(tiny_clip, scene, tmp_path):
    _, onnx_dir = tiny_clip
    tif, kinds = scene
    out = str(tmp_path / "find.gpkg")
    with LoopbackOpenAIServer(answer=answer) as srv:
        r = run_find(
            raster=tif,
            question="solar farm",
            encoder=onnx_dir,
            top=24,
            confirm=True,
            out=out,
            engine="openai",
            base_url=srv.url,
            batch_size=4,
        )
        asks = [s for s in srv.requests if s.texts[-1].startswith("Is there")]
        grounds = [s for s in srv.requests if not s.texts[-1].startswith("Is there")]
    assert r["status"] == "ok" and r["family"] == "qwen2_5_vl"
    assert len(asks) == 24 and len(grounds) == 12  # ground only where the VLM said yes
    assert asks[0].texts[-1] == "Is there a solar farm in this image? Answer yes or no, then where."
    assert "solar farm" in grounds[0].texts[-1] and "bbox" in grounds[0].texts[-1]
    assert asks[0].images[0].size == (784, 784)  # the tile at the family's input size
    _, geoms, rows = read_layer(out, "find")
    stripes = set(stripe_boxes(kinds))
    for g, row in zip(geoms, rows):
        want = "yes" if tuple(g.bounds) in stripes else "no"
        assert row["confirmed"] == want and row["boxes"] == (1 if want == "yes" else 0), row
        assert row["answer"].startswith("Yes" if want == "yes" else "No")
    _, boxes, box_rows = read_layer(out, "detections")
    assert len(boxes) == 12 == r["count"] and all(b["task"] == "find" for b in box_rows)
    side = PATCH * PX
    want_boxes = {(x0, y1 - side / 2, x0 + side / 2, y1) for x0, _, _, y1 in stripes}  # top-left quarters
    assert {tuple(round(v, 6) for v in b.bounds) for b in boxes} == want_boxes
    assert "said yes to 12 of 24" in r["answer"]


def test_verdicts_and_articles():
    assert verdict("Yes, at the top.") == "yes" and verdict("no.") == "no"
    assert verdict("There is no solar farm.") == "no" and verdict("I cannot tell") == "unclear"
    assert verdict("yes and no") == "yes" and verdict("Maybe yes, maybe no") == "unclear"
    assert with_article("solar farm") == "a solar farm" and with_article("oil tanks") == "oil tanks"
    assert with_article("airport") == "an airport" and with_article("the bridge") == "the bridge"


def test_confirm_with_a_family_that_can_do_neither_fails_before_indexing(scene, tmp_path):
    """A family that can neither answer nor ground: refused before the encoder is opened."""
    import types

    from model_backend.find.confirm import check_family

    with pytest.raises(BadInput, match="--confirm needs"):
        check_family(types.SimpleNamespace(NAME="ocr-only", TASKS=("caption",)))
    tif, _ = scene
    with pytest.raises(BadInput, match="Nothing to look for"):
        run_find(raster=tif, confirm=True, encoder=str(tmp_path / "none"))
