"""The dock after a run of each task, for the README: run by ``tools/screenshot_tasks.sh`` as
``qgis --code tools/screenshot_tasks.py``.

One QGIS session runs Ask, Describe, Count and Find one object over the whole sample chip, then
Change between the two NAIP crops of the tests, each through the real worker and the
OpenAI-compatible server at ``GEORSMLLM_SHOT_URL``; after each run it saves the dock and the map
(earlier runs' layers hidden) as PNGs in ``GEORSMLLM_SHOT_DIR`` and goes on.
"""

import json
import os
import sys
import time

import qgis.utils
from qgis.core import QgsMultiBandColorRenderer, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication

sys.path.insert(0, os.path.join(os.getcwd(), "tools"))  # QGIS exec()s this from the repo root
from qgis_shot import finish, log, main_window, plugin, when_run_ends  # noqa: E402

ROOT = os.getcwd()
OUT_DIR = os.environ["GEORSMLLM_SHOT_DIR"]
RESULTS_DIR = os.environ.get("GEORSMLLM_SHOT_RESULTS", OUT_DIR)
URL = os.environ["GEORSMLLM_SHOT_URL"]
SAMPLE = os.path.join(ROOT, "resources", "sample", "naip_milwaukee_airport_0p6m.tif")
BEFORE = os.path.join(ROOT, "tests", "data", "rasters", "naip_nd_2010.tif")
AFTER = os.path.join(ROOT, "tests", "data", "rasters", "naip_nd_2015.tif")
# (task, text, labels, grab the map too)
RUNS = (
    ("ask", "What is in this area?", "", True),
    ("caption", "", "", True),
    ("count", "", "vehicle", True),
    ("ground", "the jet bridge attached to the airliner", "", True),
    ("change", "", "", True),
)
RUN_TIMEOUT_S = 90
iface = qgis.utils.iface
state = {"index": 0, "layers": {}, "shots": []}


def setup():
    project = QgsProject.instance()
    for key, path, name in (
        ("sample", SAMPLE, "NAIP Milwaukee airport"),
        ("before", BEFORE, "NAIP 2010"),
        ("after", AFTER, "NAIP 2015"),
    ):
        layer = QgsRasterLayer(path, name)
        if not layer.isValid():
            log(f"not a valid raster: {path}")
            return finish()
        if key == "sample":  # NAIP: band 4 is NIR but tagged alpha; show RGB, opaque
            renderer = QgsMultiBandColorRenderer(layer.dataProvider(), 1, 2, 3)
            renderer.setAlphaBand(-1)
            layer.setRenderer(renderer)
        project.addMapLayer(layer)
        state["layers"][key] = layer
    window = main_window()
    dock = plugin().show_dock()
    window.resizeDocks([dock], [400], Qt.Orientation.Horizontal)
    group = dock.model_group
    group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
    group.url_edit.setText(URL)
    group.model_edit.setText("Qwen/Qwen2.5-VL-3B-Instruct")
    state["dock"] = dock
    QTimer.singleShot(1500, start_run)


def show_only(*keys):
    """Only the rasters in ``keys`` visible, earlier runs' groups hidden; map on the first."""
    root = QgsProject.instance().layerTreeRoot()
    for key, layer in state["layers"].items():
        root.findLayer(layer.id()).setItemVisibilityChecked(key in keys)
    results = root.findGroup("GeoRSMLLM")
    for child in results.children() if results else ():
        child.setItemVisibilityChecked(False)
    first = state["layers"][keys[0]]
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(first.crs())
    canvas.setExtent(first.extent().buffered(first.extent().width() * 0.03))
    canvas.refresh()


def start_run():
    task, text, labels, _map = RUNS[state["index"]]
    dock = state["dock"]
    if task == "change":
        show_only("after", "before")
        dock.layer_combo.setLayer(state["layers"]["before"])
    else:
        show_only("sample")
        dock.layer_combo.setLayer(state["layers"]["sample"])
    dock.aoi_box.layer_radio.setChecked(True)
    dock.task_group.set_task(task)
    if task == "change":
        change = dock.task_group.change_inputs
        change.after_combo.setLayer(state["layers"]["after"])
        change.set_method("diff")
        change.describe_spin.setValue(3)
    if labels:
        dock.task_group.set_labels(labels)
    if text or task in ("ask", "ground"):
        dock.task_group.set_text(text)
    dock.model_group.results_edit.setText(os.path.join(RESULTS_DIR, f"{task}.gpkg"))
    state["start"] = time.monotonic()
    log(f"run {task}")
    dock.run_button.click()
    QTimer.singleShot(500, lambda: when_run_ends(dock, state["start"], RUN_TIMEOUT_S, grab, 2500))


def grab():
    QApplication.processEvents()
    task, _text, _labels, with_map = RUNS[state["index"]]
    dock = state["dock"]
    shot = {"task": task, "title": dock.task_group.task_combo.currentText(), "status": dock.status()}
    shot["dock"] = save(dock.grab(), f"{task}_dock.png")
    if with_map:
        shot["map"] = save(iface.mapCanvas().grab(), f"{task}_map.png")
    state["shots"].append(shot)
    state["index"] += 1
    if state["index"] < len(RUNS):
        QTimer.singleShot(500, start_run)
    else:
        with open(os.path.join(OUT_DIR, "shots.json"), "w", encoding="utf-8") as f:
            json.dump(state["shots"], f, indent=1)
        finish()


def save(pixmap, name):
    path = os.path.join(OUT_DIR, name)
    image = pixmap.toImage()
    log(f"saved {path} ({image.width()}x{image.height()}): {image.save(path, 'PNG')}")
    return path


QTimer.singleShot(3000, setup)
QTimer.singleShot(480 * 1000, lambda: os._exit(1))
