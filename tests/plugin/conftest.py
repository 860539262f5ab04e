"""Plugin tests run in real headless QGIS (pytest-qgis) against the real worker process.

QGIS imports the plugin folder as a package; here the folder is reached through the
``build/pkg/georsmllm`` symlink, so tests import ``georsmllm`` exactly as QGIS would (relative
imports, ``from ..model_backend import protocol``).
"""

from __future__ import annotations

import os
import pathlib
import sys
import time
from typing import Callable

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PKG = ROOT / "build" / "pkg"
LINK = PKG / "georsmllm"
if not LINK.exists():
    PKG.mkdir(parents=True, exist_ok=True)
    os.symlink(ROOT, LINK, target_is_directory=True)
if str(PKG) not in sys.path:
    sys.path.insert(0, str(PKG))

BACKEND_PYTHON = str(ROOT / ".venv" / "bin" / "python")


def wait_until(condition: Callable[[], bool], timeout_s: float, step_ms: int = 50) -> bool:
    """Process Qt events until ``condition()`` is true or the time is up (no qtbot needed)."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        loop = QEventLoop()
        QTimer.singleShot(step_ms, loop.quit)
        loop.exec()
    return True


@pytest.fixture
def backend_python() -> str:
    if not os.access(BACKEND_PYTHON, os.X_OK):
        pytest.fail(f"{BACKEND_PYTHON} is missing: run `make setup` first")
    return BACKEND_PYTHON


@pytest.fixture
def plugin_settings(tmp_path, qgis_app):
    """Isolated plugin settings for one test: the backend venv of this checkout, results in tmp."""
    from qgis.core import QgsSettings

    from georsmllm.plugin import settings as settings_mod

    qs = QgsSettings()
    qs.remove("georsmllm")
    s = settings_mod.Settings(backend_python=BACKEND_PYTHON, results_gpkg=str(tmp_path / "results.gpkg"))
    settings_mod.save(s)
    yield s
    QgsSettings().remove("georsmllm")


@pytest.fixture
def loaded_plugin(qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    """The plugin as QGIS starts it (classFactory, initGui), in a new project; unloaded after."""
    import georsmllm

    plugin = georsmllm.classFactory(qgis_iface)
    plugin.initGui()
    yield plugin
    plugin.unload()


@pytest.fixture
def retired_workers_gone():
    """After the test, every worker that was asked to stop has exited."""
    yield
    from georsmllm.plugin.worker.client import retiring_processes

    assert wait_until(lambda: not retiring_processes(), 15), "a worker process did not exit after shutdown"
