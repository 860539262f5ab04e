"""Which family can do which task, answered before any model is loaded.

Loading a model takes from seconds to minutes; hearing only afterwards that it "cannot answer
free questions" wastes that time. So every job asks ``check_job`` first: when the family is
known without loading (``job.family``, the local folder's or the Hugging Face cache's
config.json, or a hint in the name), an impossible task fails at once; when it is not, the
job checks again with the loaded engine's family (``require_task``). ``model_info`` and
``task_matrix`` serve the dock and the CLI the same answers, also without a load.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any, Dict, Optional

from .. import families
from ..errors import BadInput
from ..protocol import TASK_SPECS, TASKS


def why_not(fam: ModuleType, task: str) -> Optional[str]:
    """None when ``fam`` can do job task ``task``, else the reason, in words for the user."""
    spec = TASK_SPECS.get(task)
    for need in spec.model_tasks if spec else (task,):
        if need in fam.TASKS:
            continue
        reason = getattr(fam, "UNAVAILABLE", {}).get(need)
        return reason or (f"the {fam.NAME} family cannot do {need}; it can do: {', '.join(fam.TASKS) or 'nothing'}")
    return None


def require_task(fam: ModuleType, task: str) -> None:
    """Raise BadInput (the family's own reason when it gives one) unless ``fam`` does ``task``."""
    reason = why_not(fam, task)
    if reason:
        raise BadInput(reason)


def unavailable(fam: ModuleType) -> Dict[str, str]:
    """Every protocol task ``fam`` cannot do -> why."""
    return {task: why for task in TASKS if (why := why_not(fam, task))}


def task_matrix() -> Dict[str, Dict[str, Any]]:
    """{family: {"tasks": [job tasks it can do], "unavailable": {task: why}}} over the registry."""
    out: Dict[str, Dict[str, Any]] = {}
    for name, fam in families.all_families().items():
        missing = unavailable(fam)
        out[name] = {"tasks": [t for t in TASKS if t not in missing], "unavailable": missing}
    return out


def _cached_folder(model: str) -> Optional[str]:
    """The folder holding ``model``'s config.json: the model itself when it is a folder, else
    its snapshot in the Hugging Face cache. Never downloads; None when there is none."""
    path = os.path.expanduser(model)
    if os.path.isdir(path):
        return path
    if model.count("/") > 1 or model.startswith(("/", ".", "~")):
        return None
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(model, "config.json")
    except Exception:  # noqa: BLE001 - an odd id or cache layout: fall back on name hints
        return None
    return os.path.dirname(found) if isinstance(found, str) else None


def config_model_type(folder: Optional[str]) -> Optional[str]:
    """``model_type`` of the folder's config.json (None without one). BadInput when the
    config is not a JSON object or names the folder's own code (``auto_map``), so a folder
    that can never load fails here, before the raster is read and the model loaded."""
    if folder is None:
        return None
    from ..engines.model_source import read_config, refuse_remote_code

    config = read_config(folder)
    refuse_remote_code(folder)
    model_type = (config or {}).get("model_type")
    return model_type if isinstance(model_type, str) else None


def _check_family(model: str, fam: ModuleType, model_type: Optional[str]) -> None:
    """BadInput when ``--family`` contradicts the model's own config.json: loading a Qwen
    folder as GeoChat fails deep inside transformers ("not enough values to unpack")."""
    if model_type is None or model_type in fam.MODEL_TYPES:
        return
    owner = next((f for f in families.all_families().values() if model_type in f.MODEL_TYPES), None)
    if owner is not None:
        raise BadInput(
            f"{model} is a {owner.NAME} model (config.json model_type {model_type!r}), "
            f"not {fam.NAME}: drop --family, or use --family {owner.NAME}"
        )
    raise BadInput(
        f"{model} has config.json model_type {model_type!r}, which the {fam.NAME} family "
        f"does not read ({fam.NAME} reads {', '.join(fam.MODEL_TYPES)}); GeoRSMLLM "
        f"families: {', '.join(sorted(families.all_families()))}"
    )


def known_family(model: str, family: Optional[str] = None) -> Optional[ModuleType]:
    """The family of ``model`` if it can be told without loading it, else None.

    An explicit ``family`` that is not registered, or that the model's config.json
    contradicts, raises BadInput (a typo should fail now, not after a load)."""
    folder = _cached_folder(model) if model else None
    model_type = config_model_type(folder)
    if family:
        fam = families.get(family)
        _check_family(model, fam, model_type)
        return fam
    try:
        return families.infer(model, folder)
    except (BadInput, OSError, ValueError):
        return None


def check_job(job: Any, task: Optional[str] = None) -> Optional[ModuleType]:
    """Fail fast, before the load, when the job's family is known and cannot do the task."""
    fam = known_family(job.model, job.family)
    if fam is not None:
        require_task(fam, task or job.task)
    return fam


def model_info(model: str, family: Optional[str] = None, engine: Optional[str] = None) -> Dict[str, Any]:
    """What the dock shows before a load: family, tasks, why the others are unavailable.

    ``engine`` only shapes the message: a remote model is known by its name alone."""
    if not model:
        raise BadInput("model_info needs a model (hub id, folder or server model name)")
    fam = known_family(model, family)
    if fam is None:
        where = "its name" if engine == "openai" else "its config.json or its name"
        raise BadInput(
            f"Cannot tell the model family of {model!r} from {where}; choose one "
            f"({', '.join(sorted(families.all_families()))})"
        )
    missing = unavailable(fam)
    return {
        "model": model,
        "family": fam.NAME,
        "tasks": [t for t in TASKS if t not in missing],
        "unavailable": missing,
        "input_size": int(fam.INPUT_SIZE),
        "coordinates": getattr(fam, "COORDINATES", ""),
    }
