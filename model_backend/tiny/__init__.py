"""Tiny, randomly initialised models of each family, built locally in seconds with no network.

They exist so that the real generate path (processor, chat template, bitsandbytes 4-bit,
decode) runs in tests and in the offline demo. Their answers are noise by construction.
"""

from __future__ import annotations

import importlib
import json
import os
from typing import Any, Callable, Dict

from ..errors import BadInput
from ..protocol import TINY_MARKER  # noqa: F401 (re-exported)

# family name -> module in this package exposing build(out_dir) -> None
_BUILDERS: Dict[str, str] = {
    "qwen2_5_vl": ".qwen2_5_vl",
    "florence2": ".florence2",
    "qwen3_vl": ".qwen3_vl",
    "geochat": ".llava",
}


def families() -> list:
    return sorted(_BUILDERS)


def build_tiny_model(family: str, out_dir: str, seed: int = 0) -> str:
    """Build, save (safetensors) and return the folder of a tiny random model of ``family``."""
    if family not in _BUILDERS:
        raise BadInput(f"No tiny model for family {family!r}; available: {', '.join(families())}")
    module = importlib.import_module(_BUILDERS[family], __name__)
    build: Callable[[str, int], None] = module.build
    build(out_dir, seed)
    return out_dir


def save(model: Any, processor: Any, out_dir: str, family: str, seed: int) -> None:
    """Save a built tiny model as a real checkpoint folder (safetensors + processor files) and
    mark it, so both halves can tell a tiny random model from a real one (``TINY_MARKER``)."""
    os.makedirs(out_dir, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    processor.save_pretrained(out_dir)
    with open(os.path.join(out_dir, TINY_MARKER), "w") as f:
        json.dump(
            {
                "family": family,
                "seed": seed,
                "note": "tiny random model built by GeoRSMLLM for tests: answers are meaningless",
            },
            f,
        )
