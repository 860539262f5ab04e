"""How the worker process is started: program, arguments, working folder and environment.

Kept apart from the client so that the one place deciding what the child sees is small and
testable. The child runs the backend's own Python; QGIS's environment must not leak into it:
``PYTHONPATH``/``PYTHONHOME`` would point it at QGIS's packages (numpy 1 vs 2, another GDAL),
and ``PROJ_DATA``/``PROJ_LIB``/``GDAL_DATA`` at QGIS's data files, which break the wheels'
own PROJ and GDAL (rasterio, pyproj). ``HF_*`` and everything else is kept on purpose (model
cache, offline mode, proxies, CUDA settings).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional

from qgis.PyQt.QtCore import QProcessEnvironment

from ..translate import tr

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DROPPED_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PROJ_DATA", "PROJ_LIB", "GDAL_DATA")
WORKER_ARGS = ("-m", "model_backend", "worker")


@dataclass(frozen=True)
class LaunchSpec:
    """Everything QProcess needs to start one worker."""

    program: str
    arguments: List[str]
    working_directory: str
    environment: Dict[str, str]


def clean_environment(base: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """A copy of ``base`` (default: this process's environment) without the variables that
    would point the backend's Python at QGIS's libraries or data."""
    env = dict(os.environ if base is None else base)
    for name in DROPPED_VARIABLES:
        env.pop(name, None)
    # stdout is the protocol: make the child flush each line and speak UTF-8 whatever the locale.
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def launch_spec(python: str, plugin_dir: str = PLUGIN_DIR) -> LaunchSpec:
    """``<python> -m model_backend worker`` run in the plugin folder, where ``model_backend``
    sits next to ``plugin`` and is importable without installing anything."""
    return LaunchSpec(python, list(WORKER_ARGS), plugin_dir, clean_environment())


def check_python(python: str) -> Optional[str]:
    """A sentence explaining why ``python`` cannot be started, or None when it looks usable."""
    if not python:
        return tr("No backend Python is set. Set it in the dock's Model section, or create one with Set-up….")
    if not os.path.isfile(python):
        return tr(
            "The backend Python {0} does not exist. Create the backend environment (Set-up… in the dock's "
            "Model section) or set its Python there."
        ).format(python)
    if not os.access(python, os.X_OK):
        return tr("The backend Python {0} is not executable.").format(python)
    return None


def process_environment(env: Mapping[str, str]) -> QProcessEnvironment:
    """The dict form above as the object QProcess wants."""
    qenv = QProcessEnvironment()
    for key, value in env.items():
        qenv.insert(key, value)
    return qenv
