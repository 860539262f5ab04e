"""Where model weights come from: a local folder, or a hub id resolved into the user's
Hugging Face cache (``HF_HOME`` / ``HF_HUB_CACHE`` honoured, ``HF_HUB_OFFLINE`` respected).

Only safetensors weights are fetched or accepted (no pickle ``.bin`` files)."""
from __future__ import annotations

import os
from typing import Optional

from ..errors import ModelUnavailable

ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.jinja", "*.txt", "*.model", "*.tiktoken"]


def looks_like_path(ref: str) -> bool:
    """Hub ids are ``name`` or ``org/name``; anything else is meant as a folder."""
    return ref.startswith(("/", ".", "~")) or ref.count("/") > 1 or "\\" in ref or os.path.exists(ref)


def check_local_folder(path: str) -> str:
    if not os.path.isdir(path):
        raise ModelUnavailable(f"Model folder not found: {path}")
    if not os.path.isfile(os.path.join(path, "config.json")):
        raise ModelUnavailable(f"Model folder {path} has no config.json: not a transformers model")
    if not any(f.endswith(".safetensors") for f in os.listdir(path)):
        raise ModelUnavailable(f"Model folder {path} has no *.safetensors weights "
                               "(pickle .bin weights are not loaded, for safety)")
    return path


def unavailable_message(ref: str, reason: str) -> str:
    from huggingface_hub import constants

    return (f"Model {ref!r} is not in the Hugging Face cache ({constants.HF_HUB_CACHE}) and could "
            f"not be downloaded: {reason}. Either connect this machine to the internet (the model "
            f"is downloaded once into that cache), or download it elsewhere with "
            f"`hf download {ref}` and copy the cache folder here (HF_HOME selects it), or point "
            f"the model setting (CLI --model, make demo MODEL=...) at a local folder holding "
            f"config.json and *.safetensors.")


def resolve_model(ref: str, revision: Optional[str] = None, cache_dir: Optional[str] = None) -> str:
    """Return a local folder for ``ref`` (a folder path or a hub id), downloading on first use."""
    ref = os.path.expanduser(ref)
    if os.path.isdir(ref) or looks_like_path(ref):
        return check_local_folder(ref)
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.errors import (GatedRepoError, HfHubHTTPError, LocalEntryNotFoundError,
                                        RepositoryNotFoundError, RevisionNotFoundError)

    kwargs = dict(repo_id=ref, revision=revision, cache_dir=cache_dir, allow_patterns=ALLOW_PATTERNS)
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
        raise ModelUnavailable(unavailable_message(ref, f"the hub does not serve it ({type(exc).__name__})"))
    except (LocalEntryNotFoundError, HfHubHTTPError, OSError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ModelUnavailable(unavailable_message(ref, f"the hub cannot be reached ({reason})"))
