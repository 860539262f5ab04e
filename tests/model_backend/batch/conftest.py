"""The batch tests' shared pieces: the loopback server answering like a perfect Qwen2.5-VL, and
``batch_cli`` running ``python -m model_backend batch`` as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Dict, List, Optional

import pytest

from ..loopback_openai_server import LoopbackOpenAIServer
from .scenes import oracle_answer, three_scenes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODEL = "team-model"


@pytest.fixture(autouse=True)
def _direct_to_loopback(monkeypatch):
    """urllib honours *_proxy variables; the loopback server must be reached directly."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with LoopbackOpenAIServer(answer=oracle_answer, models=(MODEL,)) as srv:
        yield srv


@pytest.fixture
def scenes(tmp_path) -> List[str]:
    return three_scenes(str(tmp_path / "scenes"))


def server_args(url: str, labels: str = "ship,storage tank") -> List[str]:
    return [
        "--task",
        "detect",
        "--labels",
        labels,
        "--engine",
        "openai",
        "--base-url",
        url,
        "--model",
        MODEL,
        "--family",
        "florence2",
        "--tile-size",
        "128",
    ]


def batch_cli(
    args: List[str], env: Optional[Dict[str, str]] = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``python -m model_backend batch ARGS`` from the repository root (stderr is not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "model_backend", "batch", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
