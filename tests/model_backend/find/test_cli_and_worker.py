"""Find from the command line and through the real worker subprocess; cancel keeps the work."""

from __future__ import annotations

import json
import threading

from model_backend import protocol as P
from model_backend.cli import main
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job

from ..test_worker import WorkerProcess, _reply
from .conftest import patch_kinds, write_patches
from .helpers import read_layer


def test_cli_find_writes_the_layer_and_heat_map_and_prints_json(tiny_clip, scene, tmp_path, capsys):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    out = str(tmp_path / "find.geojson")
    code = main(
        ["find", "--raster", tif, "--query", "solar farm", "--encoder", onnx_dir, "--top", "3", "--out", out, "--json"]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    r = json.loads(captured.out)
    assert r["features"] == 3 and r["heatmaps"][tif].endswith("find_heat_scene.tif")
    assert "3 best ->" in captured.err and "CPUExecutionProvider" in captured.err
    _, geoms, rows = read_layer(out, "find")
    assert [row["rank"] for row in rows] == [1, 2, 3]


def test_cli_find_bad_input_exits_2(tmp_path, scene, capsys):
    tif, _ = scene
    assert main(["find", "--query", "x", "--out", str(tmp_path / "o.gpkg")]) == 2
    assert "--raster" in capsys.readouterr().err
    assert main(["find", "--raster", tif, "--out", str(tmp_path / "o.gpkg"), "--encoder", "none"]) == 2
    assert "Nothing to look for" in capsys.readouterr().err


def test_find_through_the_worker_streams_the_layer(tiny_clip, scene):
    _, onnx_dir = tiny_clip
    tif, _ = scene
    worker = WorkerProcess()
    try:
        job = P.JobSpec(raster=tif, task="find", question="ship", encoder=onnx_dir, top=4, overlap=0.0).to_dict()
        worker.send(P.request(1, "run", job))
        msgs = worker.until(_reply(1), timeout=180)
    finally:
        worker.close()
    reply = msgs[-1]
    assert "result" in reply, reply
    assert reply["result"]["status"] == "ok" and reply["result"]["provider"] == "CPUExecutionProvider"
    features = [m["params"] for m in msgs if m.get("method") == "features"]
    assert [f["layer"] for f in features] == ["find"] and len(features[0]["features"]) == 4
    assert any(m.get("method") == "progress" and m["params"]["stage"] == "find" for m in msgs)


def test_cancel_while_indexing_ranks_what_was_done_and_keeps_it_cached(tiny_clip, tmp_path):
    _, onnx_dir = tiny_clip
    tif = write_patches(str(tmp_path / "big.tif"), patch_kinds(12, 12))  # 144 tiles, 9 batches
    cancel = threading.Event()

    def emit(method, params):
        if method == "progress" and params["stage"] == "find" and params["done"] >= 32:
            cancel.set()

    job = P.JobSpec(
        raster=tif, task="find", question="x", encoder=onnx_dir, overlap=0.0, top=500, out=str(tmp_path / "a.gpkg")
    )
    r = run_job(job, JobContext("t", emit, EngineCache(), cancel))
    assert r["status"] == "cancelled" and 32 <= r["tiles_encoded"] < 144
    assert r["features"] == r["tiles_encoded"]  # every tile embedded before the cancel is ranked
    again = run_job(
        P.JobSpec(raster=tif, task="find", question="x", encoder=onnx_dir, overlap=0.0, out=str(tmp_path / "b.gpkg")),
        JobContext("t", lambda m, p: None, EngineCache()),
    )
    assert again["tiles_cached"] == r["tiles_encoded"] and again["tiles_encoded"] == 144 - r["tiles_encoded"]
