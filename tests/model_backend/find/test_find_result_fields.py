"""Find's result carries the VLM's verdicts as counts (``verdicts``), the fields its English
``answer`` is made from, so the dock can word it in its own language; without ``confirm`` it is
None."""

from __future__ import annotations

import json

from ..loopback_openai_server import LoopbackOpenAIServer
from .helpers import run_find
from .test_confirm import answer


def _shown(r):
    return {k: v for k, v in r.items() if k not in ("crs_wkt", "aoi_wkt")}


def test_verdict_counts_match_the_rows_and_the_answer(tiny_clip, scene, tmp_path):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    with LoopbackOpenAIServer(answer=answer) as srv:
        r = run_find(
            raster=tif,
            question="solar farm",
            encoder=onnx_dir,
            top=24,
            confirm=True,
            out=str(tmp_path / "find.gpkg"),
            engine="openai",
            base_url=srv.url,
        )
    print("RESULT find_confirm", json.dumps(_shown(r)))
    v = r["verdicts"]
    assert v["asked"] == r["features"] == 24 and v["yes"] + v["no"] + v["unclear"] == 24
    assert v["yes"] == r["count"]  # one box per "yes" tile (the server grounds a quarter tile)
    assert f"said yes to {v['yes']} of 24" in r["answer"] and r["answer"].startswith("Best 24 tiles for 'solar farm'")


def test_without_confirm_there_are_no_verdicts(tiny_clip, scene, tmp_path):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    r = run_find(raster=tif, question="solar farm", encoder=onnx_dir, top=3, out=str(tmp_path / "f.gpkg"))
    print("RESULT find", json.dumps(_shown(r)))
    assert r["verdicts"] is None and r["features"] == 3 and "VLM" not in r["answer"]
    assert r["answer"].startswith("Best 3 tiles for 'solar farm' in 1 of 1 raster(s)")
