"""Tiny, randomly initialised models of each family, built locally in seconds with no network.

They exist so that the real generate path (processor, chat template, bitsandbytes 4-bit,
decode) runs in tests and in the offline demo. Their answers are noise by construction.
"""
from __future__ import annotations

import importlib
from typing import Callable, Dict

from ..errors import BadInput
from ..protocol import TINY_MARKER  # noqa: F401 (re-exported)

# family name -> module in this package exposing build(out_dir) -> None
_BUILDERS: Dict[str, str] = {"qwen2_5_vl": ".qwen2_5_vl", "florence2": ".florence2", "qwen3_vl": ".qwen3_vl", "geochat": ".llava"}


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
