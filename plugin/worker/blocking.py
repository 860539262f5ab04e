"""A blocking run over the signal-driven client, for callers that must wait (Processing).

It spins a local QEventLoop in the calling thread, which must be the thread owning the client
(a Processing algorithm creates its own client in its own thread, or runs with NoThreading).
The GUI paths never use it: the dock drives the client through signals.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Protocol

from qgis.PyQt.QtCore import QEventLoop, QTimer

from ...model_backend import protocol
from .errors import WorkerCrashed, WorkerError


class SignalClient(Protocol):
    """What ``run_blocking`` needs of the worker client (``client.WorkerClient``): its signals,
    ``run`` and ``cancel``. A protocol rather than an import, so the two modules stay acyclic."""

    progress: Any
    features: Any
    heartbeat: Any
    log: Any
    finished: Any
    failed: Any
    crashed: Any

    def run(self, job: Dict[str, Any]) -> int: ...

    def cancel(self, job_id: int) -> None: ...


POLL_MS = 100


def run_blocking(
    client: SignalClient,
    job: Dict[str, Any],
    cancelled: Callable[[], bool] = lambda: False,
    on_event: Optional[Callable[[str, Dict[str, Any]], None]] = None,
    timeout_s: Optional[float] = None,
) -> Dict[str, Any]:
    """Run ``job`` and return its result. ``cancelled`` is polled every 100 ms (a true answer
    sends one cancel); ``on_event(kind, params)`` receives progress, log, features and heartbeat
    events of this job. Raises WorkerError (code CANCELLED when cancelled) or WorkerCrashed."""
    loop = QEventLoop()
    state: Dict[str, Any] = {"id": None}

    def event(kind: str) -> Callable[[int, dict], None]:
        def handler(job_id: int, params: dict) -> None:
            if job_id == state["id"] and on_event is not None:
                on_event(kind, params)

        return handler

    def on_log(params: dict) -> None:
        if on_event is not None and params.get("job") in (None, state["id"]):
            on_event("log", params)

    def done(job_id: int, result: dict) -> None:
        if job_id == state["id"]:
            state["result"] = result
            loop.quit()

    def fail(job_id: int, code: int, message: str) -> None:
        if job_id == state["id"]:
            state["error"] = WorkerError(code, message)
            loop.quit()

    def crash(message: str) -> None:
        state["error"] = WorkerCrashed(message)
        loop.quit()

    def poll() -> None:
        if not state.get("cancel_sent") and cancelled():
            state["cancel_sent"] = True
            client.cancel(state["id"])

    def expire() -> None:
        state["error"] = WorkerError(protocol.INTERNAL_ERROR, f"The job took longer than {timeout_s} s.")
        client.cancel(state["id"])
        loop.quit()

    handlers = [
        (client.progress, event("progress")),
        (client.features, event("features")),
        (client.heartbeat, event("heartbeat")),
        (client.log, on_log),
        (client.finished, done),
        (client.failed, fail),
        (client.crashed, crash),
    ]
    for signal, handler in handlers:
        signal.connect(handler)
    poller, deadline = QTimer(), QTimer()
    poller.timeout.connect(poll)
    deadline.setSingleShot(True)
    deadline.timeout.connect(expire)
    try:
        # every client signal is delivered through the event loop, never from inside run()
        state["id"] = client.run(job)
        poller.start(POLL_MS)
        if timeout_s:
            deadline.start(int(timeout_s * 1000))
        loop.exec()
    finally:
        poller.stop()
        deadline.stop()
        for signal, handler in handlers:
            signal.disconnect(handler)
    if "error" in state:
        raise state["error"]
    return state["result"]
