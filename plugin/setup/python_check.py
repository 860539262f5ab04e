""" "Use an existing Python": run a small script in that Python (as a task) and say what it has.

The script reuses the worker's own ``model_backend.versions.environment`` (what ``hello``
reports) and adds the GPU's free memory; it runs in the plugin folder so ``model_backend`` is
importable, and prints one marked JSON line the task's log is searched for.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, TypedDict

from .text import tr
from .venv_paths import Step

MARK = "GEORSMLLM_CHECK "
SCRIPT = (
    "import json\n"
    "from model_backend.versions import environment\n"
    "env = environment()\n"
    "try:\n"
    "    import torch\n"
    "    if torch.cuda.is_available():\n"
    "        free, total = torch.cuda.mem_get_info()\n"
    "        env['free_bytes'], env['total_bytes'] = int(free), int(total)\n"
    "except Exception:\n"
    "    pass\n"
    f"print({MARK!r} + json.dumps(env), flush=True)\n"
)
NEEDED = ("torch", "transformers", "rasterio", "numpy")


class CheckResult(TypedDict, total=False):
    versions: Dict[str, str]
    cuda: bool
    devices: List[str]
    free_bytes: int
    total_bytes: int


def check_step(python: str) -> Step:
    return Step(tr("Checking the Python"), [python, "-c", SCRIPT])


def parse_check(log: List[str]) -> Optional[CheckResult]:
    """The JSON the script printed, or None when it never got that far."""
    for line in reversed(log):
        if line.startswith(MARK):
            return json.loads(line[len(MARK) :])
    return None


def missing_packages(result: CheckResult) -> List[str]:
    versions = result.get("versions") or {}
    return [name for name in NEEDED if str(versions.get(name, "unavailable")).startswith("unavailable")]


def describe(result: CheckResult) -> str:
    """One paragraph: versions, CUDA yes/no, GPU name and free memory, what is missing."""
    versions: Dict[str, Any] = result.get("versions") or {}
    parts = [f"Python {versions.get('python', '?')}"]
    parts += [
        f"{name} {versions[name]}"
        for name in ("torch", "transformers", "rasterio")
        if name in versions and not str(versions[name]).startswith("unavailable")
    ]
    text = ", ".join(parts) + ". "
    if result.get("cuda"):
        gpu = ", ".join(result.get("devices") or [])
        free = result.get("free_bytes")
        text += tr("CUDA: yes, {gpu}").format(gpu=gpu)
        if free is not None:
            text += tr(", {free:.1f} GiB free").format(free=free / 2**30)
        text += "."
    else:
        text += tr("CUDA: no, models run on the CPU (slow).")
    missing = missing_packages(result)
    if missing:
        text += " " + tr(
            "Missing: {names}. This Python cannot run the backend; create the environment above instead."
        ).format(names=", ".join(missing))
    return text
