"""The one client of the worker process: JSON-RPC over the stdin/stdout of a QProcess.

Everything is driven by Qt signals, so the GUI never waits on the model: a request is written
and the answer arrives later as a signal. The process is started on the first request (which
is queued until the process is up) and started again on the first request after it died.
``run_blocking`` wraps the same signals in a local event loop for callers that must block
(Processing algorithms), in the thread that owns the client.
"""

from __future__ import annotations

import contextlib
from collections import deque
from typing import Any, Callable, Dict, List, Optional

from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QProcess, QTimer, pyqtSignal

from ...model_backend import protocol
from . import launch
from .blocking import run_blocking
from .errors import WorkerCrashed, WorkerError  # noqa: F401 - re-exported: callers catch them from here

STDERR_TAIL_LINES = 30
# A worker that writes garbage must not fill QGIS's memory nor its log: a line longer than this
# is dropped unread, and only the first few bad lines of a process are reported one by one.
MAX_LINE_BYTES = 64 * 1024 * 1024
GARBAGE_REPORTS = 5
_RETIRING: List[QProcess] = []  # processes asked to stop; kept alive until they exit


def retiring_processes() -> List[QProcess]:
    """Workers that were asked to shut down and have not exited yet (for tests and unload)."""
    return list(_RETIRING)


class WorkerClient(QObject):
    """Talks to ``python -m model_backend worker``; request ids are ints, a run's id is its job id."""

    progress = pyqtSignal(int, dict)  # job id, {done, total, stage, message}
    log = pyqtSignal(dict)  # {job?, level, message}
    features = pyqtSignal(int, dict)  # job id, {crs_wkt, features: [{wkt, properties}]}
    heartbeat = pyqtSignal(int, dict)  # job id, {elapsed_s}
    finished = pyqtSignal(int, dict)  # job id, JobResult dict
    failed = pyqtSignal(int, int, str)  # request id, error code, message
    crashed = pyqtSignal(str)  # the process died (or never started): a sentence for the user
    hello_received = pyqtSignal(dict)  # versions, cuda, devices
    replied = pyqtSignal(int, str, object)  # any successful answer: id, method, result
    stderr_text = pyqtSignal(str)  # the worker's log lines, for the QGIS log panel

    def __init__(self, python: str, plugin_dir: str = launch.PLUGIN_DIR, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._python = python
        self._plugin_dir = plugin_dir
        self._process: Optional[QProcess] = None
        self._secret_env: Dict[str, str] = {}  # only the worker gets these (set_secret_environment)
        self._ready = False
        self._queue: List[Dict[str, Any]] = []
        self._pending: Dict[int, str] = {}  # id -> method, sent or queued
        self._buffer = bytearray()
        self._skipping = False  # inside a line longer than MAX_LINE_BYTES: drop until its end
        self._garbage = 0  # bad lines from this process
        self._stderr: deque = deque(maxlen=STDERR_TAIL_LINES)
        self._next_id = 0

    # ----------------------------------------------------------------- public API
    @property
    def python(self) -> str:
        return self._python

    def set_python(self, python: str) -> None:
        """Use another backend interpreter; a running worker is retired, the next request
        starts the new one."""
        if python != self._python:
            self._python = python
            self.shutdown()

    def set_secret_environment(self, env: Dict[str, str]) -> None:
        """Variables only the worker's environment gets, e.g. a server key read from the QGIS
        authentication manager: never QGIS's own environment, the settings or the project. A
        change retires the running worker; the next request starts one that has them."""
        if env != self._secret_env:
            self._secret_env = dict(env)
            self.shutdown()

    def is_running(self) -> bool:
        return self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning

    def pending_jobs(self) -> List[int]:
        return [i for i, method in self._pending.items() if method == "run"]

    def hello(self) -> int:
        return self._request("hello", {})

    def load_model(self, params: Dict[str, Any]) -> int:
        return self._request("load_model", params)

    def model_info(self, params: Dict[str, Any]) -> int:
        """What the model can do ({family, tasks, unavailable}), without loading it."""
        return self._request("model_info", params)

    def model_cost(self, params: Dict[str, Any]) -> int:
        """What the model would cost in memory ({parts, total_bytes, device}), estimated by the
        worker from its config.json alone: no weights are loaded or downloaded."""
        return self._request("model_cost", params)

    def run(self, job: Dict[str, Any]) -> int:
        """Send a job (a ``protocol.JobSpec`` dict); returns its id, used by every event about it."""
        return self._request("run", dict(job))

    def cancel(self, job_id: int) -> None:
        """Ask the worker to stop a job. A job still waiting for the process to start is dropped
        here and reported as cancelled, so it never reaches the worker."""
        queued = [m for m in self._queue if m["id"] == job_id]
        if queued:
            self._queue.remove(queued[0])
            self._pending.pop(job_id, None)
            QTimer.singleShot(
                0, lambda: self.failed.emit(job_id, protocol.CANCELLED, "Cancelled before the job started.")
            )
        elif self._pending.get(job_id) == "run":
            self._request("cancel", {"job": job_id})

    def shutdown(self, grace_ms: int = 3000, kill_ms: int = 2000) -> None:
        """Stop the worker without waiting: ask politely (``shutdown`` + end of stdin), terminate
        after ``grace_ms``, kill ``kill_ms`` later. Jobs still pending are reported as failed."""
        proc = self._process
        self._process = None
        if proc is None:
            return
        self._disconnect(proc)
        if proc.state() != QProcess.ProcessState.NotRunning:
            if self._ready:
                proc.write(protocol.encode(protocol.request(self._allocate_id(), "shutdown")).encode("utf-8"))
                proc.closeWriteChannel()
            else:
                proc.kill()
            _retire(proc, grace_ms, kill_ms)
        else:
            proc.deleteLater()
        self._ready = False
        self._queue = []
        pending, self._pending = self._pending, {}
        for msg_id, method in pending.items():
            if method == "run":
                self.failed.emit(msg_id, protocol.CANCELLED, "The worker was shut down before the job finished.")

    def run_blocking(
        self,
        job: Dict[str, Any],
        cancelled: Callable[[], bool] = lambda: False,
        on_event: Optional[Callable[[str, Dict[str, Any]], None]] = None,
        timeout_s: Optional[float] = None,
    ) -> Dict[str, Any]:
        """Run a job and return its result, spinning a local event loop (see ``blocking``)."""
        return run_blocking(self, job, cancelled, on_event, timeout_s)

    # ----------------------------------------------------------------- process
    def _allocate_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _request(self, method: str, params: Dict[str, Any]) -> int:
        """Send now, or queue until the process has started (starting it if needed)."""
        msg_id = self._allocate_id()
        msg = protocol.request(msg_id, method, params)
        if method != "cancel":
            self._pending[msg_id] = method
        if self._process is None or self._process.state() == QProcess.ProcessState.NotRunning:
            self._start()
        if self._ready:
            self._write(msg)
        elif self._process is not None:
            self._queue.append(msg)
        return msg_id

    def _start(self) -> None:
        if self._process is not None:
            self._disconnect(self._process)
            self._process.deleteLater()
        self._process, self._ready = None, False
        self._buffer, self._stderr = bytearray(), deque(maxlen=STDERR_TAIL_LINES)
        self._skipping, self._garbage = False, 0
        problem = launch.check_python(self._python)
        if problem:
            self._fail_start(problem)
            return
        spec = launch.launch_spec(self._python, self._plugin_dir)
        proc = QProcess(self)
        proc.setProgram(spec.program)
        proc.setArguments(spec.arguments)
        proc.setWorkingDirectory(spec.working_directory)
        proc.setProcessEnvironment(launch.process_environment({**spec.environment, **self._secret_env}))
        proc.started.connect(self._on_started)
        proc.readyReadStandardOutput.connect(self._on_stdout)
        proc.readyReadStandardError.connect(self._on_stderr)
        proc.errorOccurred.connect(self._on_error)
        proc.finished.connect(self._on_finished)
        self._process = proc
        proc.start()

    def _disconnect(self, proc: QProcess) -> None:
        for signal in (
            proc.started,
            proc.readyReadStandardOutput,
            proc.readyReadStandardError,
            proc.errorOccurred,
            proc.finished,
        ):
            with contextlib.suppress(TypeError):  # nothing was connected
                signal.disconnect()

    def _write(self, msg: Dict[str, Any]) -> None:
        if self._process is not None:
            self._process.write(protocol.encode(msg).encode("utf-8"))

    def _on_started(self) -> None:
        self._ready = True
        queue, self._queue = self._queue, []
        for msg in queue:
            self._write(msg)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            reason = self._process.errorString()
            self._process.deleteLater()
            self._process = None
            self._fail_start(f"The backend Python {self._python} could not be started ({reason}).")

    def _fail_start(self, problem: str) -> None:
        """No process: drop what was waiting and say why, after the caller has returned."""
        self._queue = []
        self._pending = {}
        QTimer.singleShot(0, lambda: self.crashed.emit(f"The model worker could not be started. {problem}"))

    def _on_finished(self, *_args: Any) -> None:
        proc = self._process
        if proc is None:
            return
        self._on_stdout()
        self._on_stderr()
        code, status = proc.exitCode(), proc.exitStatus()
        self._disconnect(proc)
        proc.deleteLater()
        self._process, self._ready, self._queue = None, False, []
        self._pending = {}
        self.crashed.emit(self._death_message(code, status == QProcess.ExitStatus.CrashExit))

    def _death_message(self, code: int, by_signal: bool) -> str:
        if (by_signal and code == 9) or code in (137, -9):
            why = (
                "it was killed (exit -9 / 137), most likely by the operating system because the "
                "machine ran out of memory. Try quantization nf4, a smaller model or a smaller area"
            )
        elif by_signal:
            why = f"it crashed (signal {code})"
        else:
            why = f"it exited with code {code}"
        text = f"The model worker stopped unexpectedly: {why}. The next Run starts a new worker."
        tail = "\n".join(self._stderr)
        return text + ("\nLast lines of the worker's log:\n" + tail if tail else "")

    # ----------------------------------------------------------------- reading
    def _on_stderr(self) -> None:
        if self._process is None:
            return
        text = bytes(self._process.readAllStandardError()).decode("utf-8", "replace")
        if text:
            self._stderr.extend(line for line in text.splitlines() if line.strip())
            self.stderr_text.emit(text)

    def _on_stdout(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput())
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                if len(self._buffer) > MAX_LINE_BYTES:  # no end in sight: drop it, not QGIS's memory
                    if not self._skipping:
                        self._report_garbage(f"a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB")
                    self._buffer, self._skipping = bytearray(), True
                return
            line = bytes(self._buffer[:end]).strip()
            del self._buffer[: end + 1]
            if self._skipping:  # the end of an over-long line
                self._skipping = False
                continue
            if line:
                try:
                    self._handle_line(line)
                except Exception as exc:  # a bug in a slot must never abort QGIS (PyQt qFatal)
                    self.log.emit(
                        {"level": "error", "message": f"Internal error while handling a worker message: {exc!r}"}
                    )

    def _report_garbage(self, what: str) -> None:
        """Say that the worker wrote something that is not the protocol: the first few times
        one by one, then once that further ones are not reported (a flood stays one line)."""
        self._garbage += 1
        if self._garbage <= GARBAGE_REPORTS:
            self.log.emit({"level": "warning", "message": f"The worker wrote {what}"})
        elif self._garbage == GARBAGE_REPORTS + 1:
            self.log.emit(
                {
                    "level": "warning",
                    "message": "The worker keeps writing lines that are not "
                    "its protocol; further ones are not reported.",
                }
            )

    def _handle_line(self, line: bytes) -> None:
        try:
            msg = protocol.decode(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self._report_garbage("a line that is not JSON: " + line[:200].decode("utf-8", "replace"))
            return
        if protocol.is_notification(msg):
            params = msg.get("params")
            if isinstance(msg["method"], str) and isinstance(params, (dict, type(None))):
                self._handle_notification(msg["method"], params or {})
            else:
                self._report_garbage(f"a notification that is not one: {line[:200].decode('utf-8', 'replace')}")
        elif msg.get("id") is not None and ("result" in msg or "error" in msg):
            self._handle_response(msg)
        elif isinstance(msg.get("error"), dict):
            self.log.emit({"level": "error", "message": f"Worker error: {msg['error'].get('message', msg['error'])}"})
        else:
            self._report_garbage(f"a message that is not a reply: {line[:200].decode('utf-8', 'replace')}")

    def _handle_notification(self, method: str, params: Dict[str, Any]) -> None:
        job = params.get("job")
        if method == "log":
            self.log.emit(
                {**params, "level": str(params.get("level") or "info"), "message": str(params.get("message", ""))}
            )
        elif method in ("progress", "heartbeat") and _is_int(job):
            if all(_is_int(params.get(k, 0)) for k in ("done", "total")):
                getattr(self, method).emit(job, params)
            else:
                self._report_garbage(f"a {method} without numbers: {str(params)[:200]}")
        elif method == "features" and _is_int(job):
            if isinstance(params.get("features"), list):
                self.features.emit(job, params)
            else:
                self._report_garbage(f"features without a list of features: {str(params)[:200]}")
        else:
            self.log.emit({"level": "debug", "message": f"Ignored worker notification {method!r}."})

    def _handle_response(self, msg: Dict[str, Any]) -> None:
        msg_id = msg["id"]
        if not _is_int(msg_id):  # our ids are ints: anything else answers nothing we asked
            self._report_garbage(f"a reply to no request of ours (id {str(msg_id)[:50]})")
            return
        method = self._pending.pop(msg_id, None)
        if method is None:
            return  # the answer to a cancel, or to a request we stopped waiting for
        if "error" in msg:
            error = msg["error"] if isinstance(msg["error"], dict) else {"message": str(msg["error"])}
            code = error.get("code")
            self.failed.emit(
                msg_id,
                code if _is_int(code) else protocol.INTERNAL_ERROR,
                str(error.get("message", "Unknown worker error.")),
            )
            return
        result = msg.get("result")
        self.replied.emit(msg_id, method, result)
        if method == "run":
            self.finished.emit(msg_id, result if isinstance(result, dict) else {"result": result})
        elif method == "hello" and isinstance(result, dict):
            self.hello_received.emit(result)


def _is_int(value: Any) -> bool:
    """A JSON integer that fits a Qt int signal argument (bool is none)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31


def _retire(proc: QProcess, grace_ms: int, kill_ms: int) -> None:
    """Keep a stopping process alive (unparented) until it exits; escalate with timers that die
    with it, so nothing fires on a deleted object."""
    proc.setParent(None)
    _RETIRING.append(proc)

    def gone(*_args: Any) -> None:
        if proc in _RETIRING:
            _RETIRING.remove(proc)
            if not sip.isdeleted(proc):
                proc.deleteLater()

    proc.finished.connect(gone)
    proc.errorOccurred.connect(lambda err: gone() if proc.state() == QProcess.ProcessState.NotRunning else None)
    for delay, action in ((grace_ms, proc.terminate), (grace_ms + kill_ms, proc.kill)):
        timer = QTimer(proc)
        timer.setSingleShot(True)
        timer.timeout.connect(action)
        timer.start(delay)
