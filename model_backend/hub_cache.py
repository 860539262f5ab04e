"""The Hugging Face hub cache for the model manager: list, download (with progress), verify,
delete. Run by the plugin as ``<backend python> -m model_backend.hub_cache ...`` in a QgsTask
(never QGIS's GUI thread, and huggingface_hub lives in the backend's Python, not QGIS's).

Each command prints JSON lines on stdout: ``{"event": "progress", ...}`` while downloading, then
one ``cached`` / ``downloaded`` / ``deleted`` line, or ``{"event": "error", "message": ...}``
(exit 1) with a sentence for the user. Everything goes through huggingface_hub's own APIs
(``snapshot_download``, ``scan_cache_dir``, ``delete_revisions``), so the cache layout and
``HF_HOME`` / ``HF_HUB_CACHE`` / ``HF_HUB_OFFLINE`` behave exactly as for a job.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any, Dict, List, Optional, TypedDict

# Only what a job loads: weights as safetensors, configs, tokenizer/processor files, chat template.
ALLOW_PATTERNS = [
    "*.safetensors",
    "*.safetensors.index.json",
    "*.json",
    "*.txt",
    "*.model",
    "*.tiktoken",
    "*.jinja",
    "*.py",
]


class DefaultModel(TypedDict):
    """One of the tested defaults the model manager lists."""

    family: str
    model: str
    download_bytes: int  # about: the weights' parameters x 2 bytes (bf16/fp16 safetensors), rounded


# Approximate download sizes (parameter count x 2 bytes); the manager shows them as "about".
DEFAULT_MODELS: List[DefaultModel] = [
    {"family": "qwen2_5_vl", "model": "Qwen/Qwen2.5-VL-3B-Instruct", "download_bytes": 7_510_000_000},
    {"family": "qwen2_5_vl", "model": "Qwen/Qwen2.5-VL-7B-Instruct", "download_bytes": 16_580_000_000},
    {"family": "qwen3_vl", "model": "Qwen/Qwen3-VL-4B-Instruct", "download_bytes": 8_880_000_000},
    {"family": "florence2", "model": "florence-community/Florence-2-large", "download_bytes": 1_550_000_000},
]


class CachedModel(TypedDict):
    repo_id: str
    size_on_disk: int
    nb_files: int
    revisions: List[str]
    path: str


OFFLINE_MESSAGE = (
    "This computer is offline (or downloads from the model hub are switched off), so {model} "
    "cannot be downloaded now. Download it once while online, or copy a model folder here and "
    "choose that folder as the model."
)


def cached_models(cache_dir: Optional[str] = None) -> List[CachedModel]:
    """Every model repository in the cache with its size, largest first; an absent cache is empty."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir(cache_dir)
    except CacheNotFound:
        return []
    repos = [r for r in info.repos if r.repo_type == "model"]
    return sorted(
        (
            {
                "repo_id": r.repo_id,
                "size_on_disk": int(r.size_on_disk),
                "nb_files": int(r.nb_files),
                "revisions": sorted(rev.commit_hash for rev in r.revisions),
                "path": str(r.repo_path),
            }
            for r in repos
        ),
        key=lambda m: -m["size_on_disk"],
    )


def delete_cached(repo_id: str, cache_dir: Optional[str] = None) -> int:
    """Delete every revision of ``repo_id`` from the cache; the bytes freed (0 if not cached).
    ``delete_revisions`` selects by commit hash, which the hub makes unique across repositories."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir(cache_dir)
    except CacheNotFound:
        return 0
    hashes = [
        rev.commit_hash for r in info.repos if r.repo_type == "model" and r.repo_id == repo_id for rev in r.revisions
    ]
    if not hashes:
        return 0
    strategy = info.delete_revisions(*hashes)
    strategy.execute()
    return int(strategy.expected_freed_size)


def verify(folder: str) -> List[str]:
    """What a downloaded snapshot lacks to be loaded: config.json, and every shard its
    safetensors index names (a download cut short leaves shards out); empty when complete."""
    problems = [] if os.path.isfile(os.path.join(folder, "config.json")) else ["config.json"]
    index = os.path.join(folder, "model.safetensors.index.json")
    if os.path.isfile(index):
        with open(index, encoding="utf-8") as f:
            shards = sorted(set(json.load(f).get("weight_map", {}).values()))
        problems += [s for s in shards if not os.path.isfile(os.path.join(folder, s))]
    elif not any(name.endswith(".safetensors") for name in os.listdir(folder)):
        problems.append("*.safetensors")
    return problems


def _emit(event: Dict[str, Any]) -> None:
    print(json.dumps(event), flush=True)


def progress_class(every_s: float = 0.5) -> type:
    """A tqdm class for ``snapshot_download`` that prints the byte bars as JSON progress lines
    (at most every ``every_s`` seconds, and at the end)."""
    from tqdm.auto import tqdm

    class JsonProgress(tqdm):
        _last = 0.0

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = False
            kwargs["file"] = open(os.devnull, "w")  # noqa: SIM115 - tqdm keeps writing to it
            super().__init__(*args, **kwargs)

        def update(self, n: float = 1) -> Optional[bool]:
            shown = super().update(n)
            now = time.monotonic()
            if self.unit == "B" and (now - self._last >= every_s or (self.total and self.n >= self.total)):
                self._last = now
                _emit(
                    {
                        "event": "progress",
                        "what": str(self.desc or ""),
                        "done": int(self.n),
                        "total": int(self.total or 0),
                    }
                )
            return shown

    return JsonProgress


def download(repo_id: str, cache_dir: Optional[str] = None) -> str:
    """Fetch the files a job needs into the cache; the snapshot folder. Raises ModelUnavailable
    with a sentence for the user when offline or the id is unknown."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import (
        LocalEntryNotFoundError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    from .errors import ModelUnavailable

    try:
        return snapshot_download(
            repo_id,
            cache_dir=cache_dir,
            allow_patterns=ALLOW_PATTERNS,  # nosec B615 the user's pick, latest revision as a job loads it
            tqdm_class=progress_class(),
        )
    except (OfflineModeIsEnabled, LocalEntryNotFoundError) as exc:
        raise ModelUnavailable(OFFLINE_MESSAGE.format(model=repo_id)) from exc
    except (RepositoryNotFoundError, RevisionNotFoundError) as exc:
        raise ModelUnavailable(
            f"There is no model {repo_id} on the Hugging Face hub (or it needs a login). Check the spelling of the id."
        ) from exc


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model_backend.hub_cache", description=__doc__.split("\n")[0])
    parser.add_argument("--cache-dir", help="hub cache folder (default: huggingface_hub's, from HF_HOME etc.)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="models in the cache and their size")
    sub.add_parser("defaults", help="the tested default models and their download size")
    for name in ("download", "delete"):
        sub.add_parser(name).add_argument("repo_id")
    args = parser.parse_args(argv)
    from .errors import ModelUnavailable

    try:
        if args.command == "list":
            _emit({"event": "cached", "models": cached_models(args.cache_dir)})
        elif args.command == "defaults":
            _emit({"event": "defaults", "models": DEFAULT_MODELS})
        elif args.command == "delete":
            _emit(
                {
                    "event": "deleted",
                    "repo_id": args.repo_id,
                    "freed_bytes": delete_cached(args.repo_id, args.cache_dir),
                }
            )
        else:
            folder = download(args.repo_id, args.cache_dir)
            _emit({"event": "downloaded", "repo_id": args.repo_id, "path": folder, "missing": verify(folder)})
    except ModelUnavailable as exc:
        _emit({"event": "error", "message": str(exc)})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
