"""The worker: a JSON-lines JSON-RPC 2.0 loop over stdin/stdout (see ``protocol``).

The main thread reads requests so that ``hello`` and ``cancel`` are answered while a job runs
in its own thread. stdout carries protocol messages only: at start the real stdout file
descriptor is kept for the protocol and fd 1 is pointed at stderr, so stray prints from any
library (Python or C) can never corrupt the stream.

No input ends the loop but ``shutdown`` and end of stdin: stdin is read as bytes, one line at a
time (at most ``MAX_LINE_BYTES``), and a line that is not UTF-8, not JSON, not an object or not
a valid request gets an error reply. ``main`` always ends the process after the loop, even when
a job thread does not stop within ``SHUTDOWN_GRACE_S``. Every line sent is redacted
(``engines.redact``): an API key never reaches the client.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
import traceback
from typing import IO, Any, Callable, Dict, Optional

from . import protocol as P
from .engines.redact import guard_handlers, redact
from .errors import BadInput, Cancelled, ModelUnavailable
from .jobs.context import EngineCache, JobContext

log = logging.getLogger("georsmllm.worker")
HEARTBEAT_S = 5.0
# One request line: a JobSpec is kilobytes; a longer line is refused (and skipped) unread.
MAX_LINE_BYTES = 16 * 1024 * 1024
# After shutdown or end of stdin, a running job gets this long to stop before the process ends.
SHUTDOWN_GRACE_S = 10.0


def error_code(exc: BaseException) -> int:
    """Map an exception from a job to a protocol error code."""
    if isinstance(exc, Cancelled):
        return P.CANCELLED
    if isinstance(exc, ModelUnavailable):
        return P.MODEL_UNAVAILABLE
    if isinstance(exc, BadInput):
        return P.BAD_INPUT
    if isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError":
        return P.OUT_OF_MEMORY
    return P.INTERNAL_ERROR


def error_message(exc: BaseException) -> str:
    return redact(_error_message(exc))


def _error_message(exc: BaseException) -> str:
    code = error_code(exc)
    if code == P.CANCELLED:
        return "Cancelled"
    if code == P.OUT_OF_MEMORY:
        return (
            "Out of memory while running the model: try a smaller tile size, 4-bit "
            "quantization (nf4) or the CPU device. " + str(exc).splitlines()[0][:200]
        )
    if code == P.INTERNAL_ERROR:
        return f"Internal error: {type(exc).__name__}: {exc}"
    return str(exc)


class JobWarnings(logging.Handler):
    """Warnings the backend's own code logs while a job runs (an out-of-memory batch halved, a
    retried server...) go to the client as ``log`` notifications of that job, so the dock shows
    them as warnings instead of burying them in the worker's stderr."""

    def __init__(self, worker: Worker, job_id: Any) -> None:
        super().__init__(logging.WARNING)
        self.worker, self.job_id = worker, job_id

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level = "error" if record.levelno >= logging.ERROR else "warning"
            self.worker.emit("log", {"job": self.job_id, "level": level, "message": record.getMessage()})
        except Exception:  # noqa: BLE001 - logging must never break the job
            self.handleError(record)


def _valid_id(msg_id: Any) -> bool:
    """JSON-RPC ids are strings, numbers or null (a bool is none of them, nor NaN or infinity,
    which a reply could not carry as JSON)."""
    if isinstance(msg_id, float):
        return msg_id == msg_id and abs(msg_id) != float("inf")
    return msg_id is None or (isinstance(msg_id, (str, int)) and not isinstance(msg_id, bool))


class Worker:
    def __init__(self, stdin: IO[Any], stdout: IO[str], engines: Optional[EngineCache] = None):
        self.stdin, self.stdout = stdin, stdout
        self.engines = engines or EngineCache()
        self._out_lock = threading.Lock()
        self._job: Optional[threading.Thread] = None
        self._job_id: Any = None
        self._cancel = threading.Event()
        self._busy = False
        self._busy_lock = threading.Lock()
        # One thread at a time in torch/transformers (a job, or a model_cost estimate): the first
        # import of transformers' lazy modules from two threads at once fails ("cannot import name").
        self._backend_lock = threading.Lock()
        self._stop = False
        self.methods: Dict[str, Callable[[Any, Dict[str, Any]], Any]] = {
            "hello": self.hello,
            "load_model": self.load_model,
            "run": self.run,
            "cancel": self.cancel,
            "shutdown": self.shutdown,
            "model_info": self.model_info,
            "families": self.families,
            "model_cost": self.model_cost,
        }

    # -- output ---------------------------------------------------------------------------
    def send(self, msg: Dict[str, Any]) -> None:
        line = P.encode(msg)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate echoed from a request: \ud800 escapes
            line = json.dumps(msg, ensure_ascii=True, separators=(",", ":")) + "\n"
        line = redact(line)
        with self._out_lock:
            self.stdout.write(line)
            self.stdout.flush()

    def emit(self, method: str, params: Dict[str, Any]) -> None:
        self.send(P.notification(method, params))

    # -- loop -----------------------------------------------------------------------------
    def serve(self, grace_s: float = SHUTDOWN_GRACE_S) -> None:
        while not self._stop:
            line = self.stdin.readline(MAX_LINE_BYTES + 1)
            if not line:
                break  # end of stdin
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
                self._skip_rest_of_line()
                self.send(
                    P.error_response(
                        None, P.INVALID_REQUEST, f"Invalid request: a line longer than {MAX_LINE_BYTES} bytes"
                    )
                )
                continue
            self.handle(line)
        # EOF or shutdown: stop a running job politely and give it ``grace_s`` to end.
        self._cancel.set()
        if self._job is not None:
            self._job.join(timeout=grace_s)

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self.stdin.readline(MAX_LINE_BYTES)
            if not chunk or chunk.endswith(b"\n" if isinstance(chunk, bytes) else "\n"):
                return

    def handle(self, line: Any) -> None:
        """Answer one line (bytes or str). Never raises: whatever the line holds, the worst
        outcome is an error reply, and the loop goes on."""
        try:
            self._handle(line)
        except Exception as exc:  # noqa: BLE001 - a bug must cost one reply, not the worker
            log.error("request failed:\n%s", traceback.format_exc())
            self.send(P.error_response(None, P.INTERNAL_ERROR, f"Internal error: {type(exc).__name__}: {exc}"))

    def _handle(self, line: Any) -> None:
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                why = f"Parse error: the line is not UTF-8 ({exc.reason} at byte {exc.start})"
                self.send(P.error_response(None, P.PARSE_ERROR, why))
                return
        if not line.strip():
            return
        try:
            msg = json.loads(line)
        except (ValueError, RecursionError) as exc:
            self.send(P.error_response(None, P.PARSE_ERROR, f"Parse error: {str(exc)[:200] or type(exc).__name__}"))
            return
        if not isinstance(msg, dict):
            kind = "a batch (JSON array)" if isinstance(msg, list) else f"a JSON {type(msg).__name__}"
            self.send(
                P.error_response(None, P.INVALID_REQUEST, f"Invalid request: {kind}; send one JSON object per line")
            )
            return
        msg_id, method = msg.get("id"), msg.get("method")
        if not _valid_id(msg_id):
            self.send(
                P.error_response(None, P.INVALID_REQUEST, "Invalid request: id must be a string, a number or null")
            )
            return
        if msg.get("jsonrpc") != P.JSONRPC or not isinstance(method, str):
            self.send(P.error_response(msg_id, P.INVALID_REQUEST, "Invalid request: need jsonrpc '2.0' and a method"))
            return
        handler = self.methods.get(method)
        if handler is None:
            self.send(P.error_response(msg_id, P.METHOD_NOT_FOUND, f"Method not found: {method[:100]}"))
            return
        params = msg.get("params")
        params = {} if params is None else params
        if not isinstance(params, dict):
            self.send(P.error_response(msg_id, P.INVALID_PARAMS, "params must be an object"))
            return
        try:
            result = handler(msg_id, params)
        except (ValueError, TypeError) as exc:
            code = P.BAD_INPUT if isinstance(exc, BadInput) else P.INVALID_PARAMS
            self.send(P.error_response(msg_id, code, redact(str(exc))))
            return
        if result is not None and msg_id is not None:
            self.send(P.response(msg_id, result))

    # -- methods --------------------------------------------------------------------------
    def hello(self, msg_id: Any, params: Dict[str, Any]) -> Dict[str, Any]:
        from .versions import environment

        return {"protocol": P.PROTOCOL_VERSION, "pid": os.getpid(), **environment()}

    def model_info(self, msg_id: Any, params: Dict[str, Any]) -> Dict[str, Any]:
        """Family, tasks and why the others are unavailable, WITHOUT loading the model (config.json
        of a local folder or of the Hugging Face cache, else the name): answered at once, even
        while a job runs, so the dock can grey out tasks as soon as a model is chosen."""
        from .jobs.families_check import model_info

        P.check_params({k: params[k] for k in ("model", "family", "engine") if params.get(k) is not None})
        return model_info(str(params.get("model") or ""), params.get("family"), params.get("engine"))

    def families(self, msg_id: Any, params: Dict[str, Any]) -> Dict[str, Any]:
        """{family: {"tasks", "unavailable"}} for every registered family."""
        from .jobs.families_check import task_matrix

        return task_matrix()

    def model_cost(self, msg_id: Any, params: Dict[str, Any]) -> None:
        """What ``model`` would cost in memory with ``quantization`` on ``device``, per part, from
        its config.json alone (``engines.model_cost.estimate_cost``: no weights, no download of
        them). Answered from its own thread (importing torch and building the model on the meta
        device take seconds), so hello and cancel are never held up; it waits for a running job
        (``_backend_lock``), and a job sent meanwhile waits for it."""
        from .engines.model_cost import estimate_cost

        args = (
            str(params.get("model") or P.DEFAULT_MODEL),
            params.get("family") or None,
            str(params.get("quantization") or "nf4"),
            str(params.get("device") or "auto"),
        )

        def answer() -> None:
            try:
                with self._backend_lock:
                    reply = P.response(msg_id, dict(estimate_cost(*args)))
            except BaseException as exc:  # noqa: BLE001 - every failure is an answer
                if error_code(exc) == P.INTERNAL_ERROR:
                    log.error("model_cost %s failed:\n%s", msg_id, traceback.format_exc())
                reply = P.error_response(msg_id, error_code(exc), error_message(exc))
            self.send(reply)

        threading.Thread(target=answer, name=f"model-cost-{msg_id}", daemon=True).start()

    def load_model(self, msg_id: Any, params: Dict[str, Any]) -> None:
        spec: Dict[str, Any] = {k: params.get(k) for k in ("model", "device", "quantization", "family")}
        spec = {k: v for k, v in spec.items() if v is not None}
        P.check_params(spec)  # ValueError -> INVALID_PARAMS

        def work(ctx: JobContext) -> Dict[str, Any]:
            from .jobs.families_check import known_family

            defaults = P.JobSpec(raster="-")
            known_family(str(spec.get("model", defaults.model)), spec.get("family"))  # before the load
            engine = ctx.engine(
                spec.get("model", defaults.model),
                spec.get("device", defaults.device),
                spec.get("quantization", defaults.quantization),
                spec.get("family"),
            )
            return engine.describe()

        self._start(msg_id, work)

    def run(self, msg_id: Any, params: Dict[str, Any]) -> None:
        from .jobs.run import run_job

        job = P.JobSpec.from_dict(params)  # ValueError -> INVALID_PARAMS
        self._start(msg_id, lambda ctx: dict(run_job(job, ctx)))

    def cancel(self, msg_id: Any, params: Dict[str, Any]) -> Dict[str, Any]:
        running = self._busy
        wanted = params.get("job")
        if running and (wanted is None or wanted == self._job_id):
            self._cancel.set()
            return {"cancelled": True, "job": self._job_id}
        return {"cancelled": False, "job": wanted}

    def shutdown(self, msg_id: Any, params: Dict[str, Any]) -> Dict[str, Any]:
        self._stop = True
        self._cancel.set()
        return {"ok": True}

    # -- jobs -----------------------------------------------------------------------------
    def _start(self, msg_id: Any, work: Callable[[JobContext], Dict[str, Any]]) -> None:
        with self._busy_lock:
            if self._busy:
                self.send(P.error_response(msg_id, P.BUSY, f"Busy with job {self._job_id}; cancel it or wait"))
                return
            self._busy = True
        self._cancel = threading.Event()
        self._job_id = msg_id
        ctx = JobContext(msg_id, self.emit, self.engines, self._cancel)
        self._job = threading.Thread(target=self._run_job, args=(msg_id, work, ctx), name=f"job-{msg_id}", daemon=True)
        self._job.start()
        threading.Thread(target=self._heartbeat, args=(msg_id, self._job), daemon=True).start()

    def _run_job(self, msg_id: Any, work: Callable[[JobContext], Dict[str, Any]], ctx: JobContext) -> None:
        backend_log = logging.getLogger("model_backend")
        forward = JobWarnings(self, msg_id)
        backend_log.addHandler(forward)
        try:
            with self._backend_lock:
                reply = P.response(msg_id, work(ctx))
        except BaseException as exc:  # every failure becomes an answer; the worker goes on
            code = error_code(exc)
            if code == P.INTERNAL_ERROR:
                log.error("job %s failed:\n%s", msg_id, traceback.format_exc())
            reply = P.error_response(msg_id, code, error_message(exc))
        finally:
            backend_log.removeHandler(forward)
        with self._busy_lock:  # free before replying: the client may send the next job at once
            self._busy = False
        self.send(reply)

    def _heartbeat(self, msg_id: Any, thread: threading.Thread) -> None:
        start = time.monotonic()
        while True:
            thread.join(HEARTBEAT_S)
            if not thread.is_alive():
                break
            self.emit("heartbeat", {"job": msg_id, "elapsed_s": round(time.monotonic() - start, 1)})


def protocol_stdout() -> IO[str]:
    """Keep the real stdout for the protocol; send everything else written to fd 1 to stderr."""
    sys.stdout.flush()
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto


def main() -> int:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="georsmllm-worker %(levelname)s %(name)s: %(message)s"
    )
    guard_handlers(logging.getLogger())  # no API key in the log either
    from .raster import source  # noqa: F401  (sets GDAL_CACHEMAX before any other GDAL read)

    out = protocol_stdout()
    stdin = open(sys.stdin.fileno(), "rb", closefd=False)  # bytes: each line decoded on its own
    Worker(stdin, out).serve()
    # Shutdown or end of stdin always ends the process: a job thread that did not stop in the
    # grace period (a model mid-generate, a request a server keeps open) must not keep it alive,
    # nor must the interpreter's exit wait on reader or request threads.
    for stream in (out, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(0)
