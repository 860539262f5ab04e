"""The set-up as a QgsTask: runs the ``Step`` commands one after another off the GUI thread,
streaming their output to a log view, with a progress bar per step and cancel.

Commands run as plain subprocesses with the environment the worker gets (``clean_environment``:
no QGIS ``PYTHONPATH``/``PYTHONHOME`` leaking into the new venv's pip). Cancel terminates the
running command; a failed step stops the set-up with ``failure_reason``'s sentence.
"""

from __future__ import annotations

import queue
import subprocess  # nosec B404 venv, pip and nvidia-smi run as argv lists, never a shell
import threading
import time
from typing import List, Optional

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ..worker.launch import clean_environment
from .text import tr
from .venv_paths import Step, failure_kind


def failure_reason(log_text: str, returncode: int) -> str:
    """One sentence for the user from a failed step's output (see ``failure_kind``)."""
    kind, detail = failure_kind(log_text)
    if kind == "no_space":
        return tr("The disk is full: free some space (torch alone needs about 3 GB) and try again.")
    if kind == "no_network":
        return tr(
            "The packages could not be downloaded: this computer cannot reach the package index. "
            "Check the network or proxy and try again."
        )
    if kind == "pip":
        return tr("pip failed: {errors}").format(errors=detail)
    return tr("The step failed with exit status {code}.").format(code=returncode)


class CommandsTask(QgsTask):
    """Runs ``steps`` in order. ``line`` carries each output line (queued to the GUI thread),
    ``step_started`` the step's label; after ``finished``, ``error`` is None on success."""

    line = pyqtSignal(str)
    step_started = pyqtSignal(str)
    done = pyqtSignal(bool, str)  # ok, error sentence ("" on success)

    def __init__(self, description: str, steps: List[Step], cwd: Optional[str] = None) -> None:
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.steps = list(steps)
        self.cwd = cwd
        self.error: Optional[str] = None
        self.log: List[str] = []

    def run(self) -> bool:
        for index, step in enumerate(self.steps):
            if self.isCanceled():
                self.error = tr("Cancelled.")
                return False
            self.step_started.emit(step.label)
            self.setProgress(100.0 * index / len(self.steps))
            code = self._run_step(step)
            if self.isCanceled():
                self.error = tr("Cancelled.")
                return False
            if code != 0:
                self.error = f"{step.label}: " + failure_reason("\n".join(self.log[-200:]), code)
                return False
        self.setProgress(100.0)
        return True

    def _run_step(self, step: Step) -> int:
        self._emit(f"$ {' '.join(step.argv)}")
        try:
            proc = subprocess.Popen(
                step.argv,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,  # nosec B603 argv list from the set-up, no shell
                errors="replace",
                cwd=self.cwd,
                env=clean_environment(),
                bufsize=1,
            )
        except OSError as exc:
            self._emit(str(exc))
            return 127
        lines: queue.Queue[Optional[str]] = queue.Queue()
        reader = threading.Thread(target=_pump, args=(proc, lines), daemon=True)
        reader.start()
        while True:
            try:
                text = lines.get(timeout=0.1)
            except queue.Empty:
                if self.isCanceled():
                    _stop(proc)
                continue
            if text is None:
                break
            self._emit(text.rstrip("\n"))
        return proc.wait()

    def _emit(self, text: str) -> None:
        self.log.append(text)
        self.line.emit(text)

    def finished(self, result: bool) -> None:  # GUI thread
        if not result and self.error is None:
            self.error = tr("Cancelled.") if self.isCanceled() else tr("The set-up stopped.")
        self.done.emit(bool(result), self.error or "")


def _pump(proc: subprocess.Popen[str], lines: queue.Queue[Optional[str]]) -> None:
    for text in proc.stdout or ():
        lines.put(text)
    lines.put(None)


def _stop(proc: subprocess.Popen[str]) -> None:
    """Terminate, then kill what does not exit within 5 s (pip ignores nothing, but be sure)."""
    if proc.poll() is not None:
        return
    proc.terminate()
    deadline = time.monotonic() + 5
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
