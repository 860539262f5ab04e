"""Find in the dock for the README picture: run by ``tools/screenshot_find.sh`` as
``qgis --code tools/screenshot_find.py <raster>``. Shows the dock, draws the example rectangle
(``GEORSMLLM_SHOT_BOX``, raster CRS), runs "more like this" with the encoder in
``GEORSMLLM_SHOT_ENCODER`` through the real worker, grabs the main window, quits."""

import os
import time

import qgis.utils
from qgis.core import QgsProject, QgsRasterLayer, QgsRectangle
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication

OUT = os.environ["GEORSMLLM_SHOT_OUT"]
BOX = [float(v) for v in os.environ["GEORSMLLM_SHOT_BOX"].split(",")]
iface = qgis.utils.iface
state = {"start": time.monotonic()}


def log(text):
    print(f"screenshot: {text}", flush=True)


def setup():
    layer = next(lyr for lyr in QgsProject.instance().mapLayers().values() if isinstance(lyr, QgsRasterLayer))
    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()
    iface.mapCanvas().setExtent(layer.extent())
    if "georsmllm" not in qgis.utils.plugins:
        qgis.utils.loadPlugin("georsmllm")
        qgis.utils.startPlugin("georsmllm")
    dock = qgis.utils.plugins["georsmllm"].show_dock()
    window.resizeDocks([dock], [420], Qt.Orientation.Horizontal)
    dock.layer_combo.setLayer(layer)
    dock.task_group.set_task("find")
    find = dock.task_group.find_inputs
    find.encoder_edit.setText(os.environ["GEORSMLLM_SHOT_ENCODER"])
    find.top_spin.setValue(24)
    find.like_check.setChecked(True)
    dock.set_drawn_aoi(QgsRectangle(*BOX), layer.crs())
    dock.model_group.results_edit.setText(os.environ["GEORSMLLM_SHOT_RESULTS"])
    state["dock"] = dock
    dock.run_button.click()
    QTimer.singleShot(500, wait)


def wait():
    dock = state["dock"]
    if dock.is_running() and time.monotonic() - state["start"] < 240:
        QTimer.singleShot(500, wait)
        return
    log(f"status: {dock.status()}")
    iface.mapCanvas().refresh()
    QTimer.singleShot(2500, grab)


def grab():
    QApplication.processEvents()
    image = iface.mainWindow().grab().toImage()
    log(f"saved {OUT}: {image.save(OUT, 'PNG')}")
    qgis.utils.unloadPlugin("georsmllm")
    QgsProject.instance().clear()
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(200, lambda: QApplication.instance().exit(0))
    QTimer.singleShot(15000, lambda: os._exit(0))


QTimer.singleShot(3000, setup)
QTimer.singleShot(300 * 1000, lambda: os._exit(1))
