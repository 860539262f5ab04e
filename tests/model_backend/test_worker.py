"""The worker as the plugin sees it: a real subprocess speaking JSON lines."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from model_backend import protocol as P

from .helpers import write_utm_rgb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class WorkerProcess:
    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "model_backend", "worker"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[dict] = queue.Queue()
        self.raw: list = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.raw.append(line)
            self.lines.put(json.loads(line))  # every stdout line must be JSON

    def send(self, msg) -> None:
        self.proc.stdin.write(msg if isinstance(msg, str) else P.encode(msg))
        self.proc.stdin.flush()

    def until(self, pred, timeout=120.0) -> list:
        """Messages received until one satisfies pred (included)."""
        seen, end = [], time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                msg = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(msg)
            if pred(msg):
                return seen
        raise AssertionError(f"timed out; got {seen[-5:]}")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def worker():
    w = WorkerProcess()
    yield w
    w.close()


def _reply(msg_id):
    return lambda m: m.get("id") == msg_id and ("result" in m or "error" in m)


def test_hello_reports_versions_and_devices(worker):
    worker.send(P.request(1, "hello"))
    msg = worker.until(_reply(1))[-1]
    res = msg["result"]
    assert res["protocol"] == P.PROTOCOL_VERSION
    for pkg in ("torch", "transformers", "bitsandbytes"):
        assert res["versions"][pkg][0].isdigit(), res["versions"]
    assert isinstance(res["cuda"], bool) and res["devices"]


def test_malformed_lines_get_errors_and_the_worker_goes_on(worker):
    worker.send("this is not json\n")
    worker.send('{"jsonrpc": "2.0", "id": 5, "method": "no_such_method"}\n')
    worker.send('{"id": 6, "method": "hello"}\n')  # no jsonrpc member
    worker.send(P.request(7, "run", {"rasterx": "typo.tif"}))
    worker.send(P.request(8, "hello"))
    msgs = worker.until(_reply(8))
    errors = {m.get("id"): m["error"]["code"] for m in msgs if "error" in m}
    assert errors == {None: P.PARSE_ERROR, 5: P.METHOD_NOT_FOUND, 6: P.INVALID_REQUEST, 7: P.INVALID_PARAMS}
    assert "result" in msgs[-1]


def test_run_streams_progress_then_result(worker, tiny_model_dir, tmp_path):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    job = P.JobSpec(
        raster=tif, model=tiny_model_dir, device="cpu", max_new_tokens=8, aoi=[500100, 4498800, 500900, 4499600]
    ).to_dict()
    worker.send(P.request(3, "run", job))
    msgs = worker.until(_reply(3))
    stages = [m["params"]["stage"] for m in msgs if m.get("method") == "progress"]
    assert stages[0] == "read" and "load" in stages and "generate" in stages
    assert all(m["params"]["job"] == 3 for m in msgs if m.get("method") == "progress")
    res = msgs[-1]["result"]
    assert res["answer"] and res["quantization"] == "nf4" and res["device"] == "cpu"
    assert res["aoi_wkt"].startswith("POLYGON")
    # the model stays loaded: a second question does not load it again
    worker.send(P.request(4, "run", dict(job, question="Is there water?")))
    msgs = worker.until(_reply(4))
    assert "result" in msgs[-1]
    assert "load" not in [m["params"]["stage"] for m in msgs if m.get("method") == "progress"]


def test_cancel_mid_generation(worker, tiny_model_dir, tmp_path):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    job = P.JobSpec(raster=tif, model=tiny_model_dir, device="cpu", max_new_tokens=1500).to_dict()
    worker.send(P.request(10, "run", job))
    msgs = worker.until(lambda m: m.get("method") == "progress" and m["params"]["stage"] == "generate")
    worker.send(P.request(11, "cancel", {"job": 10}))
    msgs += worker.until(_reply(10))
    cancel_reply = [m for m in msgs if m.get("id") == 11]
    assert cancel_reply and cancel_reply[0]["result"]["cancelled"] is True
    assert msgs[-1]["error"]["code"] == P.CANCELLED
    done = [m["params"]["done"] for m in msgs if m.get("method") == "progress" and m["params"]["stage"] == "generate"]
    assert max(done) < 1500  # stopped early, not after the whole generation
    worker.send(P.request(12, "hello"))  # and the worker is still there
    assert "result" in worker.until(_reply(12))[-1]


def test_bad_input_is_an_error_reply_not_a_crash(worker, tmp_path):
    worker.send(P.request(20, "run", {"raster": str(tmp_path / "missing.tif")}))
    msg = worker.until(_reply(20))[-1]
    assert msg["error"]["code"] == P.BAD_INPUT and "not found" in msg["error"]["message"]


def test_shutdown_and_eof_end_the_worker(worker):
    worker.send(P.request(30, "shutdown"))
    assert worker.until(_reply(30))[-1]["result"] == {"ok": True}
    assert worker.proc.wait(20) == 0


def test_killed_worker_leaves_stdout_clean(worker):
    worker.send(P.request(40, "hello"))
    worker.until(_reply(40))
    worker.proc.send_signal(signal.SIGKILL)
    assert worker.proc.wait(10) == -signal.SIGKILL
    assert all(line.startswith("{") for line in worker.raw)
