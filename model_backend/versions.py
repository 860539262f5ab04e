"""Versions and devices of the backend environment, for ``hello`` and bug reports."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any, Dict

PACKAGES = (
    "torch",
    "transformers",
    "bitsandbytes",
    "accelerate",
    "rasterio",
    "shapely",
    "pyproj",
    "numpy",
    "onnxruntime",
    "pyogrio",
)


def environment() -> Dict[str, Any]:
    versions: Dict[str, Any] = {"python": platform.python_version()}
    # Package metadata, not imports: hello may arrive while a job thread is importing
    # transformers, and a concurrent import from this thread breaks that job.
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "unavailable (not installed)"
    cuda, devices = False, []
    try:
        import torch  # torch itself is safe to import from two threads

        cuda = bool(torch.cuda.is_available())
        devices = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if cuda else []
    except ImportError:
        pass
    return {"versions": versions, "cuda": cuda, "devices": devices or ["cpu"]}
