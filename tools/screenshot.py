"""Take docs/dock.png in real QGIS: run with ``qgis --code tools/screenshot.py <raster>``.

Meant for an X server without a screen (Xvfb) and a throw-away profile with the plugin linked
in and enabled; see ``tools/screenshot.sh``. It shows the dock, asks one question through the
real worker (with the tiny model given in ``GEORSMLLM_SHOT_MODEL``, if any), grabs the main
window and quits. Settings come from the environment:

- ``GEORSMLLM_SHOT_OUT``   where to save the PNG (default docs/dock.png under the current folder)
- ``GEORSMLLM_SHOT_MODEL`` a model folder (tiny model) to run; without it the dock is shown idle
- ``GEORSMLLM_SHOT_RESULTS`` the GeoPackage results go to (default: a temp file)
- ``GEORSMLLM_SHOT_URL``   an OpenAI-compatible server to ask instead of a local model (the
  model name is then ``GEORSMLLM_SHOT_MODEL``, default Qwen/Qwen2.5-VL-3B-Instruct)
- ``GEORSMLLM_SHOT_TASK``  the dock's task (default ask); ``GEORSMLLM_SHOT_LABELS`` its object
  names (detect, count); ``GEORSMLLM_SHOT_AOI=layer`` the whole layer instead of a drawn box
See ``tools/screenshot_detect.sh`` for Detect through a loopback server.
"""

import os
import tempfile
import time

import qgis.utils
from qgis.core import QgsContrastEnhancement, QgsMultiBandColorRenderer, QgsProject, QgsRasterLayer, QgsRectangle
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication

ROOT = os.getcwd()  # QGIS exec()s this file: no __file__; run from the repo root
OUT = os.environ.get("GEORSMLLM_SHOT_OUT", os.path.join(ROOT, "docs", "dock.png"))
MODEL = os.environ.get("GEORSMLLM_SHOT_MODEL", "")
RESULTS = os.environ.get("GEORSMLLM_SHOT_RESULTS", os.path.join(tempfile.mkdtemp(), "results.gpkg"))
URL = os.environ.get("GEORSMLLM_SHOT_URL", "")
TASK = os.environ.get("GEORSMLLM_SHOT_TASK", "ask")
LABELS = os.environ.get("GEORSMLLM_SHOT_LABELS", "")
AOI = os.environ.get("GEORSMLLM_SHOT_AOI", "drawn")
TIMEOUT_S = 240
iface = qgis.utils.iface
state = {"start": time.monotonic()}


def log(text):
    print(f"screenshot: {text}", flush=True)


def plugin():
    if "georsmllm" not in qgis.utils.plugins:
        qgis.utils.loadPlugin("georsmllm")
        qgis.utils.startPlugin("georsmllm")
    return qgis.utils.plugins["georsmllm"]


def raster_layer():
    for layer in QgsProject.instance().mapLayers().values():
        if isinstance(layer, QgsRasterLayer):
            return layer
    return None


def setup():
    layer = raster_layer()
    if layer is None:
        log("no raster layer was opened; pass one on the command line")
        return finish()
    if layer.bandCount() >= 4:  # NAIP: band 4 is NIR but tagged alpha; show RGB, opaque
        renderer = QgsMultiBandColorRenderer(layer.dataProvider(), 1, 2, 3)
        renderer.setAlphaBand(-1)
        layer.setRenderer(renderer)
        layer.setContrastEnhancement(QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum)
    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()
    iface.setActiveLayer(layer)
    iface.mapCanvas().setExtent(layer.extent())
    iface.mapCanvas().refresh()
    dock = plugin().show_dock()
    window.resizeDocks([dock], [400], Qt.Orientation.Horizontal)
    dock.layer_combo.setLayer(layer)
    extent = layer.extent()
    w, h = extent.width(), extent.height()
    aoi = QgsRectangle(
        extent.xMinimum() + 0.25 * w,
        extent.yMinimum() + 0.3 * h,
        extent.xMinimum() + 0.7 * w,
        extent.yMinimum() + 0.8 * h,
    )
    if AOI == "layer":
        dock.set_aoi_mode("layer")
    else:
        dock.set_drawn_aoi(aoi, layer.crs())
    dock.task_group.set_task(TASK)
    if LABELS:
        dock.task_group.set_labels(LABELS)
    group = dock.model_group
    group.setCollapsed(False)
    if URL:
        group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
        group.url_edit.setText(URL)
        group.model_edit.setText(MODEL or "Qwen/Qwen2.5-VL-3B-Instruct")
    elif MODEL:
        group.model_edit.setText(MODEL)
        group.device_combo.setCurrentText("cpu")
        group.quant_combo.setCurrentText("nf4")
        group.tokens_spin.setValue(24)
    group.results_edit.setText(RESULTS)
    state["dock"] = dock
    if MODEL or URL:
        log(f"running {TASK} with {URL or MODEL}")
        dock.run_button.click()
        QTimer.singleShot(500, wait_for_answer)
    else:
        QTimer.singleShot(1500, grab)


def wait_for_answer():
    dock = state["dock"]
    if dock.is_running() and time.monotonic() - state["start"] < TIMEOUT_S:
        QTimer.singleShot(500, wait_for_answer)
        return
    log(f"status: {dock.status()}")
    iface.mapCanvas().refresh()
    QTimer.singleShot(2000, grab)


def grab():
    QApplication.processEvents()
    image = iface.mainWindow().grab().toImage()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    ok = image.save(OUT, "PNG")
    log(f"saved {OUT} ({image.width()}x{image.height()}): {ok}")
    finish()


def finish():
    """Quit without any "save the project?" question; hard exit if QGIS still hangs on."""
    if "georsmllm" in qgis.utils.plugins:
        qgis.utils.unloadPlugin("georsmllm")
    QgsProject.instance().clear()
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(200, lambda: QApplication.instance().exit(0))
    QTimer.singleShot(15000, lambda: os._exit(0))


QTimer.singleShot(3000, setup)
QTimer.singleShot((TIMEOUT_S + 30) * 1000, finish)  # never hang a CI job
