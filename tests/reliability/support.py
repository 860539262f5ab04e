"""What the fault and abuse tests share: the real CLI and the real worker as subprocesses, and
the checks every failure must pass (one clear ``error:`` line, no traceback, no secret)."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY_ENV = "GEORSMLLM_TEST_KEY"
KEY = "sk-georsmllm-7Qz3xV9pLm2Rt8WcK4"  # the API key no message may ever show


def env(**extra: str) -> Dict[str, str]:
    """The test environment plus the API key, loopback never proxied."""
    return {**os.environ, KEY_ENV: KEY, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", **extra}


def run_cli(*args: str, timeout: float = 240, **extra_env: str) -> subprocess.CompletedProcess:
    """``python -m model_backend ARGS`` as a user runs it: its own process, text output."""
    return subprocess.run(
        [sys.executable, "-m", "model_backend", *args],
        cwd=ROOT,
        env=env(**extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_error_line(proc: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 2, exactly one line on stderr that starts with ``error:`` holding ``words``, no
    traceback, no internal error, and the key nowhere."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = [line for line in proc.stderr.splitlines() if line.startswith(("error:", "internal error"))]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert_no_key(proc.stdout, proc.stderr)
    return lines[0]


def assert_no_key(*texts: Any) -> None:
    for text in texts:
        blob = text if isinstance(text, (bytes, bytearray)) else str(text).encode("utf-8", "replace")
        assert KEY.encode() not in blob, "the API key was shown"


class WorkerProc:
    """``python -m model_backend worker`` with binary pipes: raw bytes in, every stdout line
    kept (each must be JSON), messages queued."""

    def __init__(self, **extra_env: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "model_backend", "worker"],
            cwd=ROOT,
            env=env(**extra_env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.raw: List[bytes] = []
        self.stderr: List[bytes] = []
        self.messages: queue.Queue[Dict[str, Any]] = queue.Queue()
        self.not_json: List[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.raw.append(line)
            try:
                self.messages.put(json.loads(line))
            except ValueError:
                self.not_json.append(line)

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg: Dict[str, Any]) -> None:
        self.write((json.dumps(msg) + "\n").encode())

    def until(self, pred: Callable[[Dict[str, Any]], bool], timeout: float = 120) -> List[Dict[str, Any]]:
        """Messages received until one satisfies ``pred`` (included)."""
        seen: List[Dict[str, Any]] = []
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                msg = self.messages.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.messages.empty():
                    break
                continue
            seen.append(msg)
            if pred(msg):
                return seen
        raise AssertionError(
            f"no such message (exit {self.proc.poll()}); last: {seen[-5:]}; "
            f"stderr: {b''.join(self.stderr[-20:]).decode(errors='replace')}"
        )

    def reply(self, msg_id: Any, timeout: float = 120) -> Dict[str, Any]:
        return self.until(lambda m: m.get("id") == msg_id and ("result" in m or "error" in m), timeout)[-1]

    def call(
        self, msg_id: Any, method: str, params: Optional[Dict[str, Any]] = None, timeout: float = 120
    ) -> Dict[str, Any]:
        msg: Dict[str, Any] = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.reply(msg_id, timeout)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait_exit(self, timeout: float) -> Optional[int]:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
