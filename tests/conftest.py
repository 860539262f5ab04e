"""Shared fixtures: the repo root on sys.path, and a tiny real model built once per run."""

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Tests never reach a model hub (our machines have no network). Set before anything imports
# huggingface_hub, which reads these once; worker subprocesses inherit them.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
# Small real rasters cut from the team's samples (tests/data/rasters/README.md): in the repo, so a
# bare clone passes its tests.
RASTERS = ROOT / "tests" / "data" / "rasters"


@pytest.fixture(scope="session")
def rasters_dir() -> str:
    """The folder of the repository's test rasters (real imagery and bad-input files)."""
    assert (RASTERS / "README.md").is_file(), RASTERS
    return str(RASTERS)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> str:
    """A tiny random Qwen2.5-VL (real classes, 64-wide: 4-bit capable on CPU), built once."""
    from model_backend.tiny import build_tiny_model

    return build_tiny_model("qwen2_5_vl", str(tmp_path_factory.mktemp("tiny") / "qwen2_5_vl"))
