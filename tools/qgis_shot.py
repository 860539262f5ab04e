"""What the README screenshot scripts share, inside real QGIS (``qgis --code tools/screenshot*.py``).

QGIS exec()s those scripts without ``__file__``; each puts ``tools/`` on ``sys.path`` (they run
from the repo root) and imports this: start the plugin, size the window, wait for a Run to end,
save the window, quit without a "save the project?" question (hard exit if QGIS hangs on).
"""

import os
import time
from typing import Any, Callable

import qgis.utils
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication


def log(text: str) -> None:
    print(f"screenshot: {text}", flush=True)


def plugin() -> Any:
    """The GeoRSMLLM plugin, started if QGIS has not started it yet."""
    if "georsmllm" not in qgis.utils.plugins:
        qgis.utils.loadPlugin("georsmllm")
        qgis.utils.startPlugin("georsmllm")
    return qgis.utils.plugins["georsmllm"]


def main_window() -> Any:
    """QGIS's window at the README pictures' 1600 x 1000."""
    window = qgis.utils.iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()
    return window


def when_run_ends(dock: Any, started: float, timeout_s: float, then: Callable[[], None], settle_ms: int) -> None:
    """Poll until ``dock`` is idle (or ``timeout_s`` after ``started``), log its status, redraw
    the map, and call ``then`` ``settle_ms`` later (the canvas renders meanwhile)."""
    if dock.is_running() and time.monotonic() - started < timeout_s:
        QTimer.singleShot(500, lambda: when_run_ends(dock, started, timeout_s, then, settle_ms))
        return
    log(f"status: {dock.status()}")
    qgis.utils.iface.mapCanvas().refresh()
    QTimer.singleShot(settle_ms, then)


def save_window(out: str) -> None:
    QApplication.processEvents()
    image = qgis.utils.iface.mainWindow().grab().toImage()
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    log(f"saved {out} ({image.width()}x{image.height()}): {image.save(out, 'PNG')}")


def finish() -> None:
    if "georsmllm" in qgis.utils.plugins:
        qgis.utils.unloadPlugin("georsmllm")
    QgsProject.instance().clear()
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(200, lambda: QApplication.instance().exit(0))
    QTimer.singleShot(15000, lambda: os._exit(0))
