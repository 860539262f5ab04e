"""Where model weights come from: a local folder, or a hub id resolved into the user's
Hugging Face cache (``HF_HOME`` / ``HF_HUB_CACHE`` honoured, ``HF_HUB_OFFLINE`` respected).

Only safetensors weights are fetched or accepted (no pickle ``.bin`` files), and a folder that
would need its own Python code (an ``auto_map`` in its config files) is refused before anything
of it is loaded: transformers would otherwise ask "run the custom code? [y/N]" at a terminal."""

from __future__ import annotations

import json
import os
import struct
from typing import Any, Dict, List, Optional

from ..errors import BadInput, ModelUnavailable

# The config files transformers reads that may name the folder's own code (``auto_map``).
CODE_CONFIGS = (
    "config.json",
    "processor_config.json",
    "preprocessor_config.json",
    "tokenizer_config.json",
    "video_preprocessor_config.json",
    "generation_config.json",
    "image_processor_config.json",
    "feature_extractor_config.json",
)
MAX_CONFIG_BYTES = 16 * 1024 * 1024  # a config.json is kilobytes; anything this large is not one

ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.jinja", "*.txt", "*.model", "*.tiktoken"]


def looks_like_path(ref: str) -> bool:
    """Hub ids are ``name`` or ``org/name``; anything else is meant as a folder."""
    return ref.startswith(("/", ".", "~")) or ref.count("/") > 1 or "\\" in ref or os.path.exists(ref)


def read_config(path: str, name: str = "config.json") -> Optional[dict]:
    """The JSON object in ``path/name`` (None when the file is absent); BadInput when it is not
    a JSON object, so a damaged model folder is the user's one clear line, not a traceback."""
    file = os.path.join(path, name)
    if not os.path.isfile(file):
        return None
    try:
        if os.path.getsize(file) > MAX_CONFIG_BYTES:
            raise ValueError(f"{os.path.getsize(file)} bytes, too large for a config file")
        with open(file, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise BadInput(f"Model folder {path}: {name} is not valid JSON ({_first_line(exc)})") from None
    if not isinstance(data, dict):
        raise BadInput(f"Model folder {path}: {name} must hold a JSON object, not {type(data).__name__}")
    return data


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _has_auto_map(data: Any, depth: int = 0) -> bool:
    """An ``auto_map`` key anywhere in a config (processor configs nest sub-configs)."""
    if depth > 8 or not isinstance(data, dict):
        return False
    return "auto_map" in data or any(_has_auto_map(v, depth + 1) for v in data.values())


def refuse_remote_code(path: str) -> None:
    """BadInput when the folder's config files name its own Python code (``auto_map``): that
    code would run in the worker with the user's rights. Native transformers classes only."""
    found = [name for name in CODE_CONFIGS if _has_auto_map(read_config(path, name))]
    if found:
        raise BadInput(
            f"Model folder {path} needs its own Python code ('auto_map' in "
            f"{', '.join(found)}); GeoRSMLLM never runs a model's custom code. Use a "
            "checkpoint in native transformers format (e.g. the -hf or community "
            "conversion of this model)"
        )


def check_safetensors(file: str) -> None:
    """BadInput unless ``file`` is a whole safetensors file: an 8-byte header length, a JSON
    header, and every tensor's bytes inside the file (a zero-byte or cut download fails here,
    in milliseconds, instead of deep inside the load)."""
    size = os.path.getsize(file)
    try:
        with open(file, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                raise ValueError(f"{size} bytes, not even a header")
            (n,) = struct.unpack("<Q", head)
            if n > min(size - 8, 100 * 1024 * 1024):
                raise ValueError(f"the header claims {n} bytes, the file has {size}")
            header = json.loads(f.read(n))
        ends = [int(t["data_offsets"][1]) for k, t in header.items() if k != "__metadata__"]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, struct.error) as exc:
        raise BadInput(
            f"Model weights {file} are damaged or incomplete ({_first_line(exc)}): download the model again"
        ) from None
    if ends and 8 + n + max(ends) > size:
        raise BadInput(
            f"Model weights {file} are cut short ({size} bytes, the header needs "
            f"{8 + n + max(ends)}): download the model again"
        )


def check_local_folder(path: str) -> str:
    if not os.path.isdir(path):
        raise ModelUnavailable(f"Model folder not found: {path}")
    if not os.path.isfile(os.path.join(path, "config.json")):
        raise ModelUnavailable(f"Model folder {path} has no config.json: not a transformers model")
    weights: List[str] = sorted(f for f in os.listdir(path) if f.endswith(".safetensors"))
    if not weights:
        raise ModelUnavailable(
            f"Model folder {path} has no *.safetensors weights (pickle .bin weights are not loaded, for safety)"
        )
    read_config(path)
    refuse_remote_code(path)
    for name in weights:
        check_safetensors(os.path.join(path, name))
    return path


def unavailable_message(ref: str, reason: str) -> str:
    from huggingface_hub import constants

    return (
        f"Model {ref!r} is not in the Hugging Face cache ({constants.HF_HUB_CACHE}) and could "
        f"not be downloaded: {reason}. Either connect this machine to the internet (the model "
        f"is downloaded once into that cache), or download it elsewhere with "
        f"`hf download {ref}` and copy the cache folder here (HF_HOME selects it), or point "
        f"the model setting (CLI --model, make demo MODEL=...) at a local folder holding "
        f"config.json and *.safetensors."
    )


def resolve_model(ref: str, revision: Optional[str] = None, cache_dir: Optional[str] = None) -> str:
    """Return a local folder for ``ref`` (a folder path or a hub id), downloading on first use."""
    ref = os.path.expanduser(ref)
    if os.path.isdir(ref) or looks_like_path(ref):
        return check_local_folder(ref)
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    kwargs: Dict[str, Any] = dict(repo_id=ref, revision=revision, cache_dir=cache_dir, allow_patterns=ALLOW_PATTERNS)
    try:
        # The user chooses the model (and may pin revision=); a pinned default would make every
        # user's cache miss when upstream fixes its files.
        return check_local_folder(snapshot_download(local_files_only=True, **kwargs))  # nosec B615
    except (LocalEntryNotFoundError, FileNotFoundError, ModelUnavailable):
        pass
    if constants.HF_HUB_OFFLINE:
        raise ModelUnavailable(unavailable_message(ref, "HF_HUB_OFFLINE is set"))
    try:
        return check_local_folder(snapshot_download(**kwargs))  # nosec B615 (see above)
    except (RepositoryNotFoundError, GatedRepoError, RevisionNotFoundError) as exc:
        raise ModelUnavailable(unavailable_message(ref, f"the hub does not serve it ({type(exc).__name__})")) from None
    except (LocalEntryNotFoundError, HfHubHTTPError, OSError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ModelUnavailable(unavailable_message(ref, f"the hub cannot be reached ({reason})")) from None
