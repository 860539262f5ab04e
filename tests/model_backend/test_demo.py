"""`make demo` offline: says the model is missing, then runs the pipeline with a tiny model."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyogrio

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_demo_falls_back_to_a_tiny_model_and_says_so(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "model_backend",
            "demo",
            "--out-dir",
            str(tmp_path),
            "--model",
            "georsmllm-test/not-cached",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    assert "is not in the Hugging Face cache" in r.stderr and "MODEL=" in r.stderr
    assert r.stderr.count("MEANINGLESS") == 2  # banner before and after
    meta = json.loads((tmp_path / "demo.json").read_text())
    assert meta["tiny_model"] is True and meta["answer"]
    info = pyogrio.read_info(meta["gpkg"], layer="captions")
    assert info["features"] == 1 and info["crs"] == "EPSG:26916"
