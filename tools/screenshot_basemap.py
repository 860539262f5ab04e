"""Take the README's basemap screenshot in real QGIS: run with ``qgis --code tools/screenshot_basemap.py``
from ``tools/screenshot_basemap.sh`` (Xvfb, throw-away profile, XYZ tiles made from the sample).

The dock detects on an XYZ layer (``GEORSMLLM_SHOT_XYZ``, a ``file://…/{z}/{x}/{y}.png``
template) rendered at 0.6 m per pixel inside a drawn polygon, through the OpenAI-compatible
server at ``GEORSMLLM_SHOT_URL``; the window is saved to ``GEORSMLLM_SHOT_OUT``.
"""

import os
import sys
import tempfile
import time

import qgis.utils
from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import Qt, QTimer

sys.path.insert(0, os.path.join(os.getcwd(), "tools"))  # QGIS exec()s this from the repo root
from qgis_shot import finish, log, main_window, plugin, save_window, when_run_ends  # noqa: E402

ROOT = os.getcwd()
OUT = os.environ.get("GEORSMLLM_SHOT_OUT", os.path.join(ROOT, "docs", "basemap.png"))
XYZ = os.environ["GEORSMLLM_SHOT_XYZ"]
URL = os.environ.get("GEORSMLLM_SHOT_URL", "")
RESULTS = os.environ.get("GEORSMLLM_SHOT_RESULTS", os.path.join(tempfile.mkdtemp(), "results.gpkg"))
TIMEOUT_S = 200
iface = qgis.utils.iface
state = {"start": time.monotonic()}


def setup():
    layer = QgsRasterLayer(f"type=xyz&url={XYZ}&zmin=14&zmax=19", "Basemap (XYZ)", "wms")
    if not layer.isValid():
        log("the XYZ layer is not valid")
        return finish()
    QgsProject.instance().addMapLayer(layer)
    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(merc)
    main_window()
    state["layer"] = layer
    QTimer.singleShot(1500, run)


def run():
    layer, canvas, window = state["layer"], iface.mapCanvas(), iface.mainWindow()
    extent = QgsRectangle_from(os.environ["GEORSMLLM_SHOT_EXTENT"])
    canvas.setExtent(extent)
    canvas.refresh()
    extent = canvas.extent()  # the canvas's aspect ratio
    extent.scale(0.8)
    dock = plugin().show_dock()
    window.resizeDocks([dock], [480], Qt.Orientation.Horizontal)
    dock.layer_combo.setLayer(layer)
    dock.aoi_box.resolution_spin.setValue(0.6)
    cx, cy, w, h = extent.center().x(), extent.center().y(), extent.width(), extent.height()
    dock.start_drawing_polygon()
    for fx, fy in ((-0.35, -0.3), (0.3, -0.38), (0.38, 0.2), (0.0, 0.36), (-0.3, 0.25)):
        dock.polygon_tool.add_point(QgsPointXY(cx + fx * w, cy + fy * h))
    dock.polygon_tool.finish()
    dock.task_group.set_task("detect")
    dock.task_group.set_labels(os.environ.get("GEORSMLLM_SHOT_LABELS", "airplane, vehicle"))
    group = dock.model_group
    if URL:
        group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
        group.url_edit.setText(URL)
        group.model_edit.setText("Qwen/Qwen2.5-VL-3B-Instruct")
    group.results_edit.setText(RESULTS)
    state["dock"] = dock
    dock.run_button.click()
    QTimer.singleShot(500, lambda: when_run_ends(dock, state["start"], TIMEOUT_S, grab, 3000))


def grab():
    save_window(OUT)
    finish()


def QgsRectangle_from(text):  # noqa: N802 (reads as the class it builds)
    from qgis.core import QgsRectangle

    return QgsRectangle(*(float(v) for v in text.split(",")))


QTimer.singleShot(3000, setup)
QTimer.singleShot((TIMEOUT_S + 30) * 1000, finish)
