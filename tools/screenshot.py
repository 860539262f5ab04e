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
import sys
import tempfile
import time

import qgis.utils
from qgis.core import QgsContrastEnhancement, QgsMultiBandColorRenderer, QgsProject, QgsRasterLayer, QgsRectangle
from qgis.PyQt.QtCore import Qt, QTimer

sys.path.insert(0, os.path.join(os.getcwd(), "tools"))  # QGIS exec()s this from the repo root
from qgis_shot import finish, log, main_window, plugin, save_window, when_run_ends  # noqa: E402

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
    window = main_window()
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
        QTimer.singleShot(500, lambda: when_run_ends(dock, state["start"], TIMEOUT_S, grab, 2000))
    else:
        QTimer.singleShot(1500, grab)


def grab():
    save_window(OUT)
    finish()


QTimer.singleShot(3000, setup)
QTimer.singleShot((TIMEOUT_S + 30) * 1000, finish)  # never hang a CI job
