"""Misbehaving OpenAI-compatible servers, through the real CLI and the real worker: whatever
the server does, the CLI ends with exit 2 and one clear ``error:`` line, the worker answers
BAD_INPUT and keeps serving, both within the --timeout, and the API key never appears in
what either prints or writes, nor travels to another host.

The servers are real sockets on 127.0.0.1 (misbehaving_server.py); the model is a fixed
answer, since only the server's behaviour is under test here."""

from __future__ import annotations

import os
import time
from typing import Any, Callable, List, NamedTuple, Optional

import pytest

from ..model_backend.helpers import write_utm_rgb
from . import misbehaving_server as ms
from .support import KEY, KEY_ENV, WorkerProc, assert_no_key, one_error_line, run_cli


class Case(NamedTuple):
    """One server behaviour and what the user must be told."""

    behaviour: Optional[Callable[[Any], ms.Behaviour]]  # given the trap server; None: nothing listens
    extra: List[str]
    exit: int
    words: List[str]
    trap_untouched: bool = False  # a redirect target that must never see a request


CASES = {
    "refused": Case(None, [], 2, ["no server", "connection refused"]),
    "http-401": Case(lambda t: ms.status(401), [], 2, ["refused the API key", KEY_ENV]),
    "http-403": Case(lambda t: ms.status(403), [], 2, ["refused the API key", "HTTP 403"]),
    "http-404": Case(lambda t: ms.status(404), [], 2, ["not served", "some-other-model"]),
    "http-400": Case(lambda t: ms.status(400, "image too large"), [], 2, ["HTTP 400", "image too large"]),
    "http-500": Case(lambda t: ms.status(500), [], 2, ["HTTP 500", "4 tries"]),
    "http-503-retry-after": Case(lambda t: ms.status(503, headers={"Retry-After": "0"}), [], 2, ["HTTP 503"]),
    "slow": Case(lambda t: ms.slow(60), ["--timeout", "1.5"], 2, ["no answer", "1.5 s"]),
    "trickle-status-line": Case(lambda t: ms.trickle(0.2), ["--timeout", "1.5"], 2, ["no answer", "1.5 s"]),
    "trickle-body": Case(
        lambda t: ms.trickle(0.2, headers_first=True), ["--timeout", "1.5"], 2, ["no answer", "1.5 s"]
    ),
    "garbage": Case(lambda t: ms.garbage(), [], 2, ["did not answer HTTP"]),
    "closed-without-answer": Case(lambda t: ms.close_without_answer(), [], 2, ["could not be reached"]),
    "not-json": Case(lambda t: ms.not_json(), [], 2, ["did not answer JSON"]),
    "huge-body": Case(lambda t: ms.huge_body(), [], 2, ["misbehaved", "MiB"]),
    "redirect-other-port": Case(
        lambda t: ms.redirect(lambda s: t.url + "/chat/completions"),
        [],
        2,
        ["redirected to another host"],
        trap_untouched=True,
    ),
    "redirect-other-port-302": Case(
        lambda t: ms.redirect(lambda s: t.url + "/chat/completions", 302),
        [],
        2,
        ["redirected to another host"],
        trap_untouched=True,
    ),
    "redirect-localhost-name": Case(
        lambda t: ms.redirect(lambda s: f"http://localhost:{s.port}/v1/chat/completions"),
        [],
        2,
        ["redirected to another host", "localhost"],
    ),
    "redirect-https": Case(
        lambda t: ms.redirect(lambda s: f"https://127.0.0.1:{s.port}/v1/chat/completions"),
        [],
        2,
        ["redirected to another host", "https"],
    ),
    "redirect-loop": Case(lambda t: ms.redirect(lambda s: "/v1/chat/completions"), [], 2, ["redirects"]),
    "echo-key-500": Case(lambda t: ms.echo_key(500), [], 2, ["***", "HTTP 500"]),
    "echo-key-401": Case(lambda t: ms.echo_key(401), [], 2, ["***", "refused the API key"]),
    "echo-key-400": Case(lambda t: ms.echo_key(400), [], 2, ["***", "HTTP 400"]),
    "echo-key-in-answer": Case(lambda t: ms.echo_key(200), [], 0, []),
    "same-origin-redirect": Case(lambda t: ms.same_origin_redirect_then_answer(), [], 0, []),
}
DETECT_CASES = [
    "refused",
    "http-500",
    "trickle-status-line",
    "garbage",
    "redirect-other-port",
    "echo-key-500",
    "echo-key-in-answer",
]


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> str:
    return write_utm_rgb(str(tmp_path_factory.mktemp("servers") / "utm.tif"))  # 200 x 150 px


class Servers:
    """The case's server (or a port nothing listens on) and a trap server for redirects."""

    def __init__(self, case: Case) -> None:
        self.trap = ms.RawServer(ms.answer())
        self.server = ms.RawServer(case.behaviour(self.trap)) if case.behaviour else None

    def __enter__(self) -> Servers:
        self.trap.__enter__()
        if self.server is not None:
            self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.stop()
        self.trap.stop()

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else f"http://127.0.0.1:{ms.free_port()}/v1"


def _check_file(path: str) -> None:
    if os.path.exists(path):
        with open(path, "rb") as f:
            assert_no_key(f.read())


def _cli_case(name: str, task: str, raster: str, tmp_path) -> None:
    case = CASES[name]
    out = str(tmp_path / "out.gpkg")
    text = ["--question", "What is here?"] if task == "ask" else ["--labels", "tank", "--tile-size", "64"]
    with Servers(case) as servers:
        t0 = time.monotonic()
        proc = run_cli(
            task,
            "--raster",
            raster,
            "--engine",
            "openai",
            "--base-url",
            servers.url,
            "--model",
            ms.SERVED,
            "--api-key-env",
            KEY_ENV,
            "--max-new-tokens",
            "16",
            *text,
            *case.extra,
            "--out",
            out,
        )
        took = time.monotonic() - t0
        if case.exit == 0:
            assert proc.returncode == 0, proc.stderr[-2000:]
            assert_no_key(proc.stdout, proc.stderr)
        else:
            one_error_line(proc, *case.words)
        if case.trap_untouched:
            assert servers.trap.requests == [], "a request went to the redirect's other host"
        if servers.server is not None and servers.server.requests and name != "redirect-other-port":
            assert servers.server.requests[0].headers.get("authorization") == f"Bearer {KEY}"
    _check_file(out)
    if "--timeout" in case.extra:  # the whole request is bounded, not each read
        assert took < 60, took


@pytest.mark.parametrize("name", list(CASES))
def test_cli_ask_against_a_misbehaving_server(name, raster, tmp_path):
    _cli_case(name, "ask", raster, tmp_path)


@pytest.mark.parametrize("name", DETECT_CASES)
def test_cli_detect_against_a_misbehaving_server(name, raster, tmp_path):
    _cli_case(name, "detect", raster, tmp_path)


def test_cli_detect_when_the_server_dies_mid_job(raster, tmp_path):
    """Three tiles answered, then the server is gone: exit 2, one line, not a hang."""
    with ms.RawServer(ms.dies_after(3)) as srv:
        proc = run_cli(
            "detect",
            "--raster",
            raster,
            "--engine",
            "openai",
            "--base-url",
            srv.url,
            "--model",
            ms.SERVED,
            "--api-key-env",
            KEY_ENV,
            "--labels",
            "tank",
            "--tile-size",
            "64",
            "--concurrency",
            "1",
            "--out",
            str(tmp_path / "d.gpkg"),
        )
    one_error_line(proc, "no server")
    assert "[detect] 3/12" in proc.stderr  # it really was mid-job


@pytest.fixture(scope="module")
def worker():
    w = WorkerProc()
    yield w
    w.close()


@pytest.mark.parametrize("name", list(CASES))
def test_worker_against_a_misbehaving_server(name, worker, raster, tmp_path):
    """The same servers through the worker: a BAD_INPUT reply (or the result), no key in any
    line it sent, and the same process answers the next request."""
    case = CASES[name]
    job = {
        "raster": raster,
        "task": "ask",
        "question": "What is here?",
        "engine": "openai",
        "model": ms.SERVED,
        "api_key_env": KEY_ENV,
        "max_new_tokens": 16,
        "out": str(tmp_path / "w.gpkg"),
    }
    if "--timeout" in case.extra:
        job["timeout_s"] = float(case.extra[case.extra.index("--timeout") + 1])
    msg_id = f"job-{name}"
    before = len(worker.raw)
    with Servers(case) as servers:
        worker.send({"jsonrpc": "2.0", "id": msg_id, "method": "run", "params": {**job, "base_url": servers.url}})
        reply = worker.reply(msg_id, timeout=120)
        if case.trap_untouched:
            assert servers.trap.requests == []
    if case.exit == 0:
        assert reply.get("result", {}).get("status") == "ok", reply
    else:
        assert reply["error"]["code"] == -32001, reply
        for word in case.words:
            assert word in reply["error"]["message"], (word, reply)
    assert_no_key(*worker.raw[before:], *worker.stderr)
    assert worker.not_json == []
    assert worker.call(f"hello-{name}", "hello")["result"]["pid"] == worker.proc.pid
    _check_file(str(tmp_path / "w.gpkg"))
