"""The VLM side of change: describing the largest changes and the vlm method's tile veto.

Through the loopback stand-in for an OpenAI-compatible server (a real HTTP server on
127.0.0.1, see its docstring), whose answers are set here so the job's use of them can be
checked; and with the tiny random Qwen2.5-VL through the real worker process, whose answers
are noise: that run checks the plumbing (load, prompt, generate, stream) only.
"""

from __future__ import annotations

import numpy as np
import pytest

from model_backend import protocol as P
from model_backend.errors import BadInput
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job

from ..loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer
from ..test_worker import WorkerProcess
from .synthetic import DateGrid, write_date

SENTENCE = "A new building with a light roof on a former field."


def pair(tmp_path):
    before = write_date(str(tmp_path / "before.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "after.tif"), 1, DateGrid(), gain=1.15, offset=8, seed=2)
    return before, after


def served_job(before, after, url, **extra):
    return P.JobSpec(
        raster=before,
        after=after,
        task="change",
        min_area=100,
        engine="openai",
        base_url=url,
        model=DEFAULT_MODEL,
        **extra,
    )


def run_collecting(job):
    events = []
    res = run_job(job, JobContext("t", lambda m, p: events.append((m, p)), EngineCache()))
    return res, [f for m, p in events if m == "features" for f in p["features"]]


def test_describe_asks_about_the_largest_changes_before_and_after_side_by_side(tmp_path):
    before, after = pair(tmp_path)
    with LoopbackOpenAIServer(answer=SENTENCE) as srv:
        res, streamed = run_collecting(served_job(before, after, srv.url, describe=2, question="new buildings?"))
    assert res["status"] == "ok" and res["described"] == 2 and res["changes"] == 3
    assert len(srv.requests) == 2
    for seen in srv.requests:
        text = " ".join(seen.texts)
        assert "left one was taken before.tif" in text and "right one after.tif" in text
        assert "The analyst asks: new buildings?" in text
        px = np.asarray(seen.images[0].convert("RGB"))
        half = (px.shape[1] - 8) // 2
        assert (px[:, half : half + 8] == 255).all()  # before | white bar | after
    # the undescribed polygon streams first, then the described ones, largest first
    assert [f["properties"]["description"] for f in streamed] == [None, SENTENCE, SENTENCE]
    areas = [f["properties"]["area_m2"] for f in streamed]
    assert areas[1] > areas[2] > areas[0]
    assert all(f["properties"]["model"] == DEFAULT_MODEL for f in streamed)
    assert SENTENCE in res["answer"]


@pytest.mark.parametrize(
    "answer,kept,unparsed",
    [
        ("No. Only the light and the colours differ.", 0, 0),
        ("Yes: a new building.", 3, None),
        ("Hard to say.", 3, None),
    ],
)
def test_the_vlm_method_drops_what_the_model_says_did_not_change(tmp_path, answer, kept, unparsed):
    before, after = pair(tmp_path)
    with LoopbackOpenAIServer(answer=answer) as srv:
        res, streamed = run_collecting(served_job(before, after, srv.url, method="vlm", tile_size=128))
    asked = res["tiles_asked"]
    assert asked == len(srv.requests) >= 3  # every tile holding a diff polygon, no other
    assert res["changes"] == kept == len(streamed)
    assert res["tiles_no"] == (asked if kept == 0 else 0)
    assert res["tiles_unparsed"] == (asked if answer.startswith("Hard") else 0)
    assert "Answer yes or no first" in " ".join(srv.requests[0].texts)


def test_a_family_that_cannot_answer_free_questions_cannot_describe(tmp_path):
    before, after = pair(tmp_path)
    job = P.JobSpec(
        raster=before,
        after=after,
        task="change",
        describe=1,
        model="florence-community/Florence-2-large",
        family="florence2",
    )
    with pytest.raises(BadInput, match="Florence-2"):
        run_job(job, JobContext("t", lambda m, p: None, EngineCache()))
    # diff alone needs no model: the same job without describe runs
    res = run_job(P.JobSpec(**dict(job.to_dict(), describe=0)), JobContext("t", lambda m, p: None, EngineCache()))
    assert res["changes"] == 3 and res["model"] == ""


@pytest.mark.timeout(300)
def test_describe_with_the_tiny_model_through_the_worker(tiny_model_dir, tmp_path):
    before, after = pair(tmp_path)
    job = P.JobSpec(
        raster=before,
        after=after,
        task="change",
        min_area=100,
        describe=1,
        model=tiny_model_dir,
        device="cpu",
        max_new_tokens=8,
        out=str(tmp_path / "changes.gpkg"),
    ).to_dict()
    worker = WorkerProcess()
    try:
        worker.send(P.request(1, "run", job))
        msgs = worker.until(lambda m: m.get("id") == 1, timeout=240)
    finally:
        worker.close()
    reply = msgs[-1]
    assert "result" in reply, reply
    res = reply["result"]
    assert res["status"] == "ok" and res["described"] == 1 and res["changes"] == 3
    feats = [m["params"] for m in msgs if m.get("method") == "features"]
    assert {f["layer"] for f in feats} == {"changes"}
    props = [f["properties"] for batch in feats for f in batch["features"]]
    assert len(props) == 3 and props[-1]["area_m2"] == max(p["area_m2"] for p in props)
    assert isinstance(props[-1]["description"], str) and props[-1]["model"] == tiny_model_dir
    assert all(p["description"] is None for p in props[:-1])
    stages = [m["params"]["stage"] for m in msgs if m.get("method") == "progress"]
    assert stages.index("load") < stages.index("change") < stages.index("describe")
