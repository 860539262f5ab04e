"""WorkerClient against the real worker process (``python -m model_backend worker``), plus one
scripted stand-in that writes its answers in pieces, to prove the line buffering."""

from __future__ import annotations

import os
import signal
import stat
import sys
import textwrap

import pytest

from .conftest import wait_until


def _collect(client):
    seen = {"hello": [], "log": [], "crashed": [], "failed": [], "finished": [], "replied": []}
    client.hello_received.connect(seen["hello"].append)
    client.log.connect(seen["log"].append)
    client.crashed.connect(seen["crashed"].append)
    client.failed.connect(lambda *a: seen["failed"].append(a))
    client.finished.connect(lambda *a: seen["finished"].append(a))
    client.replied.connect(lambda *a: seen["replied"].append(a))
    return seen


@pytest.fixture
def client(qgis_app, backend_python, retired_workers_gone):
    from georsmllm.plugin.worker.client import WorkerClient

    c = WorkerClient(backend_python)
    yield c
    c.shutdown()


def test_hello_queued_before_start_returns_versions(client):
    seen = _collect(client)
    assert not client.is_running()
    msg_id = client.hello()  # sent before the process is up: queued, then written on start
    assert wait_until(lambda: seen["hello"], 60), f"no hello answer; crashed={seen['crashed']}"
    info = seen["hello"][0]
    assert info["protocol"] == 1
    for name in ("torch", "transformers", "bitsandbytes"):
        assert info["versions"].get(name), f"{name} version missing in {info['versions']}"
    assert isinstance(info["cuda"], bool) and info["devices"]
    assert seen["replied"][0][:2] == (msg_id, "hello")
    assert seen["crashed"] == []


def test_malformed_line_is_answered_and_the_client_goes_on(client):
    seen = _collect(client)
    client.hello()
    assert wait_until(lambda: seen["hello"], 60)
    client._process.write(b"this is not json\n")  # what a broken client would send
    assert wait_until(lambda: any("Parse error" in m.get("message", "") for m in seen["log"]), 10), seen["log"]
    pid = seen["hello"][0]["pid"]
    client.hello()
    assert wait_until(lambda: len(seen["hello"]) == 2, 10)
    assert seen["hello"][1]["pid"] == pid  # same worker, still serving
    assert seen["crashed"] == []


def test_bad_job_fails_with_bad_input_through_run_blocking(client, tmp_path):
    from georsmllm.model_backend import protocol
    from georsmllm.plugin.worker.client import WorkerError

    events = []
    with pytest.raises(WorkerError) as info:
        client.run_blocking(
            {"raster": str(tmp_path / "missing.tif")}, on_event=lambda k, p: events.append(k), timeout_s=60
        )
    assert info.value.code == protocol.BAD_INPUT
    assert "missing.tif" in info.value.message


def test_killed_worker_reports_crash_and_next_request_starts_a_new_one(client):
    seen = _collect(client)
    client.hello()
    assert wait_until(lambda: seen["hello"], 60)
    first_pid = seen["hello"][0]["pid"]
    os.kill(first_pid, signal.SIGKILL)
    assert wait_until(lambda: seen["crashed"], 10)
    message = seen["crashed"][0]
    assert "stopped unexpectedly" in message and "out of memory" in message and "-9" in message
    assert not client.is_running()
    client.hello()
    assert wait_until(lambda: len(seen["hello"]) == 2, 60), seen["crashed"]
    assert seen["hello"][1]["pid"] != first_pid
    assert len(seen["crashed"]) == 1


def test_polite_shutdown_ends_the_worker_without_a_crash(client):
    from georsmllm.plugin.worker.client import retiring_processes

    seen = _collect(client)
    client.hello()
    assert wait_until(lambda: seen["hello"], 60)
    pid = seen["hello"][0]["pid"]
    client.shutdown(grace_ms=10000)
    assert not client.is_running()
    assert wait_until(lambda: not retiring_processes(), 10)  # exited by itself, well before terminate()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert seen["crashed"] == []


def test_missing_python_says_so(qgis_app, tmp_path):
    from georsmllm.plugin.worker.client import WorkerClient

    c = WorkerClient(str(tmp_path / "no-python"))
    seen = _collect(c)
    c.hello()
    assert wait_until(lambda: seen["crashed"], 5)
    assert "could not be started" in seen["crashed"][0] and "no-python" in seen["crashed"][0]


def test_split_lines_and_stray_output_from_a_scripted_worker(qgis_app, tmp_path, retired_workers_gone):
    """A stand-in worker writes a response in two pieces, a non-JSON line and notifications:
    the client must reassemble the line, report the stray one and route the rest."""
    from georsmllm.plugin.worker.client import WorkerClient

    script = tmp_path / "fake_worker.py"
    script.write_text(
        textwrap.dedent("""
        import json, sys, time
        for line in sys.stdin:
            req = json.loads(line)
            if req["method"] == "run":
                jid = req["id"]
                note = {"jsonrpc": "2.0", "method": "progress", "params": {"job": jid, "done": 1, "total": 2}}
                sys.stdout.write(json.dumps(note) + "\\n")
                sys.stdout.write("stray print from a library\\n")
                text = json.dumps({"jsonrpc": "2.0", "id": jid, "result": {"answer": "caf\\u00e9 " * 2000}})
                sys.stdout.write(text[:100]); sys.stdout.flush(); time.sleep(0.3)
                sys.stdout.write(text[100:] + "\\n"); sys.stdout.flush()
            elif req["method"] == "shutdown":
                break
    """)
    )
    fake_python = tmp_path / "python"
    fake_python.write_text(f"#!/bin/sh\nexec {sys.executable} {script}\n")
    fake_python.chmod(fake_python.stat().st_mode | stat.S_IXUSR)
    c = WorkerClient(str(fake_python))
    seen = _collect(c)
    progress = []
    c.progress.connect(lambda jid, p: progress.append((jid, p)))
    job_id = c.run({"raster": "x.tif"})
    assert wait_until(lambda: seen["finished"], 20), (seen["crashed"], seen["log"])
    assert seen["finished"][0][0] == job_id
    assert seen["finished"][0][1]["answer"] == "café " * 2000
    assert progress == [(job_id, {"job": job_id, "done": 1, "total": 2})]
    assert any("not JSON" in m["message"] and "stray print" in m["message"] for m in seen["log"])
    c.shutdown()


@pytest.mark.timeout(300)
def test_run_blocking_cancels_then_answers_with_events(client, tiny_model_dir, tmp_path):
    from osgeo import gdal, osr

    from georsmllm.model_backend import protocol
    from georsmllm.plugin.worker.client import WorkerError

    tif = str(tmp_path / "r.tif")
    ds = gdal.GetDriverByName("GTiff").Create(tif, 64, 48, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((500000, 10, 0, 4500000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32618)
    ds.SetProjection(srs.ExportToWkt())
    for band in range(1, 4):
        ds.GetRasterBand(band).Fill(40 * band)
    ds = None
    job = protocol.JobSpec(
        raster=tif, model=tiny_model_dir, device="cpu", quantization="nf4", max_new_tokens=8
    ).to_dict()

    with pytest.raises(WorkerError) as info:  # cancelled while the model loads
        client.run_blocking(job, cancelled=lambda: True, timeout_s=240)
    assert info.value.code == protocol.CANCELLED

    events = []
    result = client.run_blocking(job, on_event=lambda kind, params: events.append((kind, params)), timeout_s=240)
    assert isinstance(result["answer"], str) and result["answer"]
    assert result["aoi_wkt"].startswith("POLYGON")
    assert "32618" in result["crs_wkt"] or "UTM zone 18N" in result["crs_wkt"]
    assert any(kind == "progress" for kind, _ in events)


def test_launch_spec_cleans_the_environment(qgis_app):
    from georsmllm.plugin.worker import launch

    base = {
        "PYTHONPATH": "/usr/share/qgis/python",
        "PYTHONHOME": "/usr",
        "PROJ_DATA": "/usr/share/proj",
        "PROJ_LIB": "/usr/share/proj",
        "GDAL_DATA": "/usr/share/gdal",
        "HF_HOME": "/data/hf",
        "HF_HUB_OFFLINE": "1",
        "CUDA_VISIBLE_DEVICES": "0",
        "PATH": "/usr/bin",
    }
    env = launch.clean_environment(base)
    assert not {"PYTHONPATH", "PYTHONHOME", "PROJ_DATA", "PROJ_LIB", "GDAL_DATA"} & set(env)
    assert {k: env[k] for k in ("HF_HOME", "HF_HUB_OFFLINE", "CUDA_VISIBLE_DEVICES", "PATH")} == {
        "HF_HOME": "/data/hf",
        "HF_HUB_OFFLINE": "1",
        "CUDA_VISIBLE_DEVICES": "0",
        "PATH": "/usr/bin",
    }
    spec = launch.launch_spec("/venv/bin/python", "/plugins/georsmllm")
    assert (spec.program, spec.arguments, spec.working_directory) == (
        "/venv/bin/python",
        ["-m", "model_backend", "worker"],
        "/plugins/georsmllm",
    )
    assert os.path.isdir(os.path.join(launch.PLUGIN_DIR, "model_backend"))  # the default cwd holds the backend
    assert "does not exist" in launch.check_python("/nowhere/python")


def test_worker_starts_even_with_qgis_variables_set(client, monkeypatch):
    """QGIS sets PYTHONPATH (its own bindings) and PROJ/GDAL data paths; the child must not see them."""
    monkeypatch.setenv("PYTHONPATH", "/nonexistent/qgis/python")
    monkeypatch.setenv("PROJ_DATA", "/nonexistent/proj")
    seen = _collect(client)
    client.hello()
    assert wait_until(lambda: seen["hello"], 60), seen["crashed"]
    pid = seen["hello"][0]["pid"]
    with open(f"/proc/{pid}/environ", "rb") as fh:
        names = {item.split(b"=", 1)[0] for item in fh.read().split(b"\0") if item}
    assert b"PYTHONPATH" not in names and b"PROJ_DATA" not in names and b"HF_HUB_OFFLINE" in names
