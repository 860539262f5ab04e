"""Versions and devices of the backend environment, for ``hello`` and bug reports."""
from __future__ import annotations

import importlib
import platform
from typing import Any, Dict

PACKAGES = ("torch", "transformers", "bitsandbytes", "accelerate", "rasterio", "shapely", "pyproj",
            "numpy", "onnxruntime", "pyogrio")


def environment() -> Dict[str, Any]:
    versions: Dict[str, Any] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = getattr(importlib.import_module(name), "__version__", "?")
        except Exception as exc:  # a broken optional package must not break hello
            versions[name] = f"unavailable ({type(exc).__name__})"
    cuda, devices = False, []
    try:
        import torch

        cuda = bool(torch.cuda.is_available())
        devices = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if cuda else []
    except ImportError:
        pass
    return {"versions": versions, "cuda": cuda, "devices": devices or ["cpu"]}
