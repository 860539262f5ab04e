"""Which family can do which task: answered before a model load, with the family's own reason."""

from __future__ import annotations

import io
import json
import types

import pytest

from model_backend import families
from model_backend import protocol as P
from model_backend.errors import BadInput
from model_backend.jobs import families_check as fc
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.service import Worker

from ..helpers import write_utm_rgb


def fake_family(tasks, unavailable=None):
    return types.SimpleNamespace(
        NAME="fake", TASKS=tasks, UNAVAILABLE=unavailable or {}, INPUT_SIZE=512, COORDINATES="none"
    )


def test_require_task_passes_or_gives_the_familys_reason():
    fc.require_task(families.get("qwen2_5_vl"), "ask")
    fam = fake_family(("detect",), {"ask": "fake models only detect: use a chat model"})
    with pytest.raises(BadInput, match="^fake models only detect: use a chat model$"):
        fc.require_task(fam, "ask")
    with pytest.raises(BadInput, match="the fake family cannot do caption; it can do: detect"):
        fc.require_task(fam, "caption")


def test_count_needs_detect_too():
    with pytest.raises(BadInput, match="cannot do detect"):
        fc.require_task(fake_family(("count",)), "count")
    fc.require_task(fake_family(("count", "detect")), "count")


def test_task_matrix_covers_every_registered_family():
    matrix = fc.task_matrix()
    assert set(matrix) == set(families.all_families())
    assert matrix["qwen2_5_vl"] == {"tasks": list(P.TASKS), "unavailable": {}}
    for name, row in matrix.items():
        assert set(row["tasks"]) | set(row["unavailable"]) == set(P.TASKS), name
        assert all(isinstance(why, str) and why for why in row["unavailable"].values())
    if "florence2" in matrix:  # registered by the Florence-2 work
        assert "ask" in matrix["florence2"]["unavailable"] and "ask" not in matrix["florence2"]["tasks"]


def test_model_info_without_loading(tiny_model_dir):
    info = fc.model_info(tiny_model_dir)  # config.json of the folder says qwen2_5_vl
    assert info["family"] == "qwen2_5_vl" and info["tasks"] == list(P.TASKS)
    assert info["input_size"] == 784 and "bbox_2d" in info["coordinates"]
    by_name = fc.model_info("Qwen/Qwen2.5-VL-72B-Instruct-AWQ", engine="openai")
    assert by_name["family"] == "qwen2_5_vl"
    with pytest.raises(BadInput, match="Cannot tell the model family"):
        fc.model_info("some-org/mystery-model")
    with pytest.raises(BadInput, match="Unknown model family"):
        fc.model_info(tiny_model_dir, family="nope")


def test_a_family_that_cannot_fails_before_the_model_is_loaded(tmp_path, monkeypatch):
    """The job names a family that cannot do the task: BadInput at once, no load attempted."""
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    loads = []
    ctx = JobContext(1, lambda m, p: None, EngineCache(factory=lambda **kw: loads.append(kw)))
    fam = fake_family(("detect",), {"caption": "no words here"})
    real_get = families.get
    monkeypatch.setattr(families, "get", lambda name: fam if name == "fake" else real_get(name))
    for task, extra, why in [
        ("caption", {}, "no words here"),
        ("ask", {}, "cannot do ask"),
        ("ground", {"question": "the lake"}, "cannot do ground"),
        ("count", {"labels": ["ship"]}, "cannot do count"),
    ]:
        with pytest.raises(BadInput, match=why):
            run_job(P.JobSpec(raster=tif, task=task, family="fake", model="x", **extra), ctx)
    assert loads == []


@pytest.mark.skipif("florence2" not in families.all_families(), reason="Florence-2 not registered")
def test_florence_ask_is_refused_by_name_before_any_load(tmp_path):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    ctx = JobContext(1, lambda m, p: None, EngineCache(factory=lambda **kw: pytest.fail("loaded")))
    with pytest.raises(BadInput, match="free questions"):
        run_job(P.JobSpec(raster=tif, task="ask", model="florence-community/Florence-2-large"), ctx)


def worker_call(method, params):
    out = io.StringIO()
    w = Worker(io.StringIO(), out, EngineCache(factory=lambda **kw: pytest.fail("no load expected")))
    w.handle(P.encode(P.request(7, method, params)))
    return json.loads(out.getvalue())


def test_worker_model_info_and_families(tiny_model_dir):
    reply = worker_call("model_info", {"model": tiny_model_dir})
    assert reply["id"] == 7 and reply["result"]["family"] == "qwen2_5_vl"
    assert set(reply["result"]) >= {"family", "tasks", "unavailable", "input_size", "coordinates"}
    if "florence2" in families.all_families():
        flo = worker_call("model_info", {"model": "florence-community/Florence-2-base"})["result"]
        assert flo["family"] == "florence2" and "ask" in flo["unavailable"]
        assert "free questions" in flo["unavailable"]["ask"]
    bad = worker_call("model_info", {"model": "some-org/mystery-model"})
    assert bad["error"]["code"] == P.BAD_INPUT and "Cannot tell" in bad["error"]["message"]
    matrix = worker_call("families", {})["result"]
    assert matrix == fc.task_matrix()
