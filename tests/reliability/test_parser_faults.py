"""One pathological model answer costs its tile, never the job: detect, count, caption, ground
and ask go on past a parser that raises, count the tile as unreadable and say so once.

The answers come from a real loopback server (one per tile, in tile order: concurrency 1).
Family parsers are being hardened never to raise, so a *raising* parser cannot be had from a
real answer for long: ``raising_parser`` wraps the real Qwen2.5-VL parser and raises
RecursionError on answers holding ``BOOM``, a stand-in for the parser bug not yet found. The
real pathological answer (3000 ``[``) is sent too, and must never end a job either way."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from model_backend.families import qwen2_5_vl
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from ..model_backend.helpers import write_utm_rgb
from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer
from .support import run_cli

BOX = '[{"bbox_2d": [4, 4, 24, 24], "label": "tank"}]'
PATHOLOGICAL = "[" * 3000
BOOM = "BOOM " + BOX


@pytest.fixture
def raising_parser(monkeypatch):
    real = qwen2_5_vl.parse

    def parse(task: str, text: str, image_size: Any) -> Any:
        if "BOOM" in text:
            raise RecursionError("maximum recursion depth exceeded (test stand-in for a parser bug)")
        return real(task, text, image_size)

    monkeypatch.setattr(qwen2_5_vl, "parse", parse)


def serve(bad: Dict[int, str], default: str = BOX) -> LoopbackOpenAIServer:
    """Answers ``bad[n]`` to the n-th request (from 1), else ``default``."""
    count = [0]

    def answer(seen: Any) -> str:
        count[0] += 1
        return bad.get(count[0], default)

    return LoopbackOpenAIServer(answer=answer)


def run(task: str, raster: str, url: str, tmp_path, **extra: Any):
    events: List[tuple] = []
    job = JobSpec(
        raster=raster,
        task=task,
        engine="openai",
        base_url=url,
        model=DEFAULT_MODEL,
        concurrency=1,
        tile_size=64,
        overlap=0.0,
        max_new_tokens=64,
        out=str(tmp_path / f"{task}.gpkg"),
        **extra,
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    result = run_job(job, JobContext("t", lambda m, p: events.append((m, p)), EngineCache()))
    warnings = [p["message"] for m, p in events if m == "log" and p.get("level") == "warning"]
    return result, warnings


@pytest.fixture
def raster(tmp_path) -> str:
    return write_utm_rgb(str(tmp_path / "utm.tif"))  # 200 x 150 px: 12 tiles of 64 px


@pytest.mark.parametrize("task,extra", [("detect", {"labels": ["tank"]}), ("count", {"labels": ["tank"]})])
def test_detection_jobs_skip_a_tile_whose_parser_raises(task, extra, raster, tmp_path, raising_parser):
    with serve({3: BOOM, 7: BOOM}) as srv:
        result, warnings = run(task, raster, srv.url, tmp_path, **extra)
    assert result["status"] == "ok" and result["tiles_done"] == 12
    assert result["tiles_unparsed"] == 2
    assert sum("parser failed (RecursionError)" in w for w in warnings) == 1  # said once, then counted
    assert any("2 of 12 tiles had an unparseable answer" in w for w in warnings)


def test_detect_keeps_the_features_of_the_other_tiles(raster, tmp_path, raising_parser):
    """The same job with every answer readable finds exactly one feature more (tile 5's box)."""
    with serve({}) as srv:
        baseline, _ = run("detect", raster, srv.url, tmp_path / "a", labels=["tank"])
    with serve({5: BOOM}) as srv:
        result, _ = run("detect", raster, srv.url, tmp_path / "b", labels=["tank"])
    assert baseline["features"] >= 8 and result["features"] == baseline["features"] - 1


def test_caption_skips_the_tile_and_still_summarises(raster, tmp_path, raising_parser):
    with serve({2: "BOOM a caption"}, default="a field with a road") as srv:
        result, warnings = run("caption", raster, srv.url, tmp_path)
    assert result["status"] == "ok" and result["tiles_unparsed"] == 1
    assert result["tiles_captioned"] == result["tiles"] - 1
    assert result["answer"] == "a field with a road"  # the summary call was made and read
    assert any("its caption is skipped" in w for w in warnings)


def test_caption_whose_summary_cannot_be_read_still_ends(raster, tmp_path, raising_parser):
    with serve({13: "BOOM summary"}, default="a field") as srv:
        result, warnings = run("caption", raster, srv.url, tmp_path)
    assert result["status"] == "ok" and result["answer"] == "(the model gave an empty answer)"
    assert any("summary could not be read" in w for w in warnings)


def test_ground_drops_the_candidates_of_that_tile_only(tmp_path, raising_parser):
    raster = write_utm_rgb(str(tmp_path / "wide.tif"), width=400, height=300)  # tiled at 64 px
    with serve({1: BOOM}) as srv:
        result, _ = run("ground", raster, srv.url, tmp_path, question="the tank")
    assert result["status"] == "ok" and result["found"] and result["candidates"] == result["tiles"] - 1


def test_ask_keeps_the_models_words_when_its_parser_raises(raster, tmp_path, raising_parser):
    with serve({1: "BOOM there are three tanks"}) as srv:
        result, warnings = run("ask", raster, srv.url, tmp_path, question="What is here?")
    assert result["answer"] == "BOOM there are three tanks"
    assert any("parser failed" in w and "as the model wrote it" in w for w in warnings)


@pytest.mark.parametrize(
    "task,text",
    [
        ("detect", ["--labels", "tank"]),
        ("count", ["--labels", "tank"]),
        ("caption", []),
        ("ground", ["--expression", "the tank"]),
    ],
)
def test_the_real_pathological_answer_never_ends_a_job(task, text, raster, tmp_path):
    """3000 '[' on one tile, through the CLI and the real (unpatched) parser."""
    with serve({2: PATHOLOGICAL}) as srv:
        proc = run_cli(
            task,
            "--raster",
            raster,
            "--engine",
            "openai",
            "--base-url",
            srv.url,
            "--model",
            DEFAULT_MODEL,
            "--concurrency",
            "1",
            "--tile-size",
            "64",
            *text,
            "--out",
            str(tmp_path / "o.gpkg"),
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
