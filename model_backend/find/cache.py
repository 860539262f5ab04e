"""Where Find keeps what it computes once: exported encoders, tile-embedding indexes, heat maps.

The user cache (``$XDG_CACHE_HOME`` or ``~/.cache``)/georsmllm, or ``GEORSMLLM_CACHE`` when set
(tests point it at a temporary folder). Everything under it can be deleted at any time: it is
rebuilt on the next query."""

from __future__ import annotations

import os


def cache_root() -> str:
    """The GeoRSMLLM cache folder (created)."""
    root = os.environ.get("GEORSMLLM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "georsmllm"
    )
    os.makedirs(root, exist_ok=True)
    return root


def cache_dir(*parts: str) -> str:
    """A folder under the cache root (created)."""
    path = os.path.join(cache_root(), *parts)
    os.makedirs(path, exist_ok=True)
    return path
