"""Registry of model families: each sibling module is one family (see ``base``)."""

from __future__ import annotations

import importlib
import json
import os
from types import ModuleType
from typing import Dict, Optional

from ..errors import BadInput

_MODULES = ("qwen2_5_vl", "florence2", "qwen3_vl", "geochat")


def all_families() -> Dict[str, ModuleType]:
    mods = (importlib.import_module(f".{name}", __name__) for name in _MODULES)
    return {m.NAME: m for m in mods}


def get(name: str) -> ModuleType:
    fams = all_families()
    if name not in fams:
        raise BadInput(f"Unknown model family {name!r}; known: {', '.join(sorted(fams))}")
    return fams[name]


def infer(model_ref: str, local_dir: Optional[str] = None) -> ModuleType:
    """The family of a model: from its config.json ``model_type`` when we have the folder,
    else from hints in its name (for remote endpoints)."""
    model_type = None
    if local_dir and os.path.isfile(os.path.join(local_dir, "config.json")):
        with open(os.path.join(local_dir, "config.json"), encoding="utf-8") as f:
            model_type = json.load(f).get("model_type")
    name = model_ref.lower()
    for fam in all_families().values():
        if model_type in fam.MODEL_TYPES or any(h in name for h in fam.NAME_HINTS):
            return fam
    raise BadInput(
        f"Cannot tell the model family of {model_ref!r} (model_type {model_type!r}); "
        f"choose one with --family ({', '.join(sorted(all_families()))})"
    )
