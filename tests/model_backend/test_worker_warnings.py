"""Warnings the backend logs during a job reach the client as that job's ``log`` notifications
(the worker in-process, on string streams: the same ``Worker`` the subprocess runs)."""

from __future__ import annotations

import io
import json
import logging

from model_backend import protocol as P
from model_backend.service import Worker


def _messages(out: io.StringIO) -> list:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_a_backend_warning_during_a_job_is_a_log_notification_of_that_job():
    out = io.StringIO()
    worker = Worker(io.StringIO(""), out)
    engine_log = logging.getLogger("model_backend.engines.transformers_engine")

    def work(ctx):
        engine_log.warning("CUDA out of memory with batch %d; retrying with %d", 4, 2)
        logging.getLogger("somebody.else").warning("not ours")  # other libraries stay in stderr
        return {"status": "ok"}

    worker._start(7, work)
    worker._job.join(10)
    msgs = _messages(out)
    logs = [m["params"] for m in msgs if m.get("method") == "log"]
    assert logs == [{"job": 7, "level": "warning", "message": "CUDA out of memory with batch 4; retrying with 2"}]
    assert msgs[-1] == P.response(7, {"status": "ok"})  # the warning came before the reply

    engine_log.warning("between jobs")  # no job: nothing is sent, the handler is gone
    assert len([m for m in _messages(out) if m.get("method") == "log"]) == 1
    assert not [h for h in logging.getLogger("model_backend").handlers if getattr(h, "worker", None) is worker]
