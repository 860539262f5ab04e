"""The worker and the CLI always end when asked, whatever a job is stuck in: SIGTERM and
SIGKILL at rest and mid-job, end of stdin, ``shutdown``, ``cancel`` then shutdown, Ctrl-C;
the stuck parts are real: a server trickling one byte at a time (a read that never times
out on its own) and a server whose backlog is full (a connect that never completes)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from ..model_backend.helpers import write_utm_rgb
from . import misbehaving_server as ms
from .support import ROOT, WorkerProc, env

LONG = 600.0  # --timeout far beyond the test: only the code under test can end the wait


class FullBacklog:
    """A port that accepts one connection and never another: a connect to it hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0)
        self.filler = socket.create_connection(self.sock.getsockname())
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def __enter__(self) -> FullBacklog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.filler.close()
        self.sock.close()


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> str:
    return write_utm_rgb(str(tmp_path_factory.mktemp("signals") / "utm.tif"))


def start_stuck_job(w: WorkerProc, url: str, raster: str, job_id: str = "stuck") -> None:
    """A job whose request hangs; returns once the worker is really waiting on it."""
    w.send(
        {
            "jsonrpc": "2.0",
            "id": job_id,
            "method": "run",
            "params": {
                "raster": raster,
                "task": "ask",
                "engine": "openai",
                "base_url": url,
                "model": ms.SERVED,
                "timeout_s": LONG,
            },
        }
    )
    w.until(lambda m: m.get("method") == "progress" and m["params"].get("stage") == "load", timeout=60)
    time.sleep(1.0)


@pytest.fixture(params=["trickle", "full-backlog"])
def stuck_url(request):
    if request.param == "trickle":
        with ms.RawServer(ms.trickle(0.5)) as srv:
            yield srv.url
    else:
        with FullBacklog() as blocked:
            yield blocked.url


def test_sigterm_at_rest_ends_the_worker():
    w = WorkerProc()
    try:
        assert w.call(1, "hello")["result"]
        w.proc.send_signal(signal.SIGTERM)
        assert w.wait_exit(15) == -signal.SIGTERM
    finally:
        w.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_signal_mid_job_ends_the_worker_and_a_new_one_works(sig, stuck_url, raster, tmp_path):
    w = WorkerProc()
    try:
        start_stuck_job(w, stuck_url, raster)
        w.proc.send_signal(sig)
        assert w.wait_exit(15) == -sig
    finally:
        w.close()
    with ms.RawServer(ms.answer("a field")) as good:
        fresh = WorkerProc()
        try:
            reply = fresh.call(
                "again",
                "run",
                {
                    "raster": raster,
                    "task": "ask",
                    "engine": "openai",
                    "base_url": good.url,
                    "model": ms.SERVED,
                    "out": str(tmp_path / "a.gpkg"),
                },
            )
            assert reply["result"]["answer"] == "a field"
        finally:
            fresh.close()


def test_end_of_stdin_mid_job_ends_the_worker(stuck_url, raster):
    w = WorkerProc()
    try:
        start_stuck_job(w, stuck_url, raster)
        t0 = time.monotonic()
        w.proc.stdin.close()
        assert w.wait_exit(60) == 0, b"".join(w.stderr[-20:]).decode(errors="replace")
        assert time.monotonic() - t0 < 30
    finally:
        w.close()


def test_shutdown_mid_job_is_answered_and_ends_the_worker(stuck_url, raster):
    w = WorkerProc()
    try:
        start_stuck_job(w, stuck_url, raster)
        t0 = time.monotonic()
        assert w.call("bye", "shutdown", {})["result"] == {"ok": True}
        assert w.wait_exit(60) == 0
        assert time.monotonic() - t0 < 30
    finally:
        w.close()


def test_cancel_then_shutdown_mid_request(stuck_url, raster):
    """Cancel answers the job at once (the request is aborted, not left to its --timeout),
    then shutdown still ends the process."""
    w = WorkerProc()
    try:
        start_stuck_job(w, stuck_url, raster)
        t0 = time.monotonic()
        assert w.call("c", "cancel", {"job": "stuck"})["result"]["cancelled"] is True
        reply = w.reply("stuck", timeout=30)
        assert reply["error"]["code"] == -32002 and time.monotonic() - t0 < 15
        assert w.call("h", "hello")["result"]  # still serving after the cancel
        w.proc.stdin.close()
        assert w.wait_exit(60) == 0
    finally:
        w.close()


def _cli(url: str, raster: str, out: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "model_backend",
            "ask",
            "--raster",
            raster,
            "--engine",
            "openai",
            "--base-url",
            url,
            "--model",
            ms.SERVED,
            "--timeout",
            str(LONG),
            "--out",
            out,
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)])
def test_the_cli_stops_on_ctrl_c_and_sigterm_mid_request(sig, code, stuck_url, raster, tmp_path):
    proc = _cli(stuck_url, raster, str(tmp_path / "a.gpkg"))
    err: list = []
    reader = threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 90
        while not any("[load]" in line for line in err) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.5)  # the request is on its way
        assert proc.poll() is None, "".join(err)
        proc.send_signal(sig)
        t0 = time.monotonic()
        proc.wait(60)
        reader.join(10)
        assert proc.returncode == code, "".join(err)[-2000:]
        assert time.monotonic() - t0 < 30
        if sig == signal.SIGINT:
            assert err[-1].strip() == "cancelled" and "Traceback" not in "".join(err)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
