"""Issue 3 end to end in real headless QGIS: dock → JobSpec → real worker process with a tiny
4-bit model → "Captions" layer in the "GeoRSMLLM" group; and Cancel leaves nothing behind."""

from __future__ import annotations

import os
from datetime import datetime

import numpy as np
import pytest

from .conftest import wait_until

ORIGIN_X, ORIGIN_Y, PIXEL = 500000.0, 4500000.0, 10.0


@pytest.fixture
def utm_raster(tmp_path):
    """A 3-band uint8 GeoTIFF in EPSG:32618, 160 x 120 px of 10 m."""
    import rasterio
    from rasterio.transform import from_origin

    path = str(tmp_path / "scene_32618.tif")
    data = np.random.default_rng(3).integers(0, 255, (3, 120, 160), dtype=np.uint8)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=160,
        height=120,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(ORIGIN_X, ORIGIN_Y, PIXEL, PIXEL),
    ) as dst:
        dst.write(data)
    return path


def _fill_form(dock, layer, model_dir, backend_python, results):
    dock.layer_combo.setLayer(layer)
    group = dock.model_group
    group.model_edit.setText(model_dir)
    group.device_combo.setCurrentText("cpu")
    group.quant_combo.setCurrentText("nf4")
    group.tokens_spin.setValue(12)
    group.python_edit.setText(backend_python)
    group.results_edit.setText(results)


def _add_raster(path):
    from qgis.core import QgsProject, QgsRasterLayer

    layer = QgsRasterLayer(path, "scene")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.mark.timeout(600)
def test_run_from_the_dock_writes_one_caption(loaded_plugin, utm_raster, tiny_model_dir, backend_python, tmp_path):
    from qgis.core import QgsGeometry, QgsProject, QgsRectangle

    layer = _add_raster(utm_raster)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "out" / "answers.gpkg")
    _fill_form(dock, layer, tiny_model_dir, backend_python, results)
    aoi = QgsRectangle(ORIGIN_X + 200, ORIGIN_Y - 900, ORIGIN_X + 1000, ORIGIN_Y - 300)
    dock.set_drawn_aoi(aoi, layer.crs())
    assert dock.aoi_mode() == "drawn"

    dock.run_button.click()
    assert dock.is_running() and dock.cancel_button.isEnabled() and not dock.run_button.isEnabled()
    assert wait_until(lambda: not dock.is_running(), 480), f"no result; status: {dock.status()}"
    assert dock.status().startswith("Done."), dock.status()

    group = QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM")
    assert group is not None
    captions = [n.layer() for n in group.findLayers() if n.layer().name() == "Captions"]
    assert len(captions) == 1
    captions = captions[0]
    assert captions.crs().authid() == "EPSG:32618"
    assert captions.source().startswith(results)
    features = list(captions.getFeatures())
    assert len(features) == 1
    feature = features[0]

    geometry = feature.geometry()
    box = geometry.boundingBox()
    for got, want in (
        (box.xMinimum(), aoi.xMinimum()),
        (box.yMinimum(), aoi.yMinimum()),
        (box.xMaximum(), aoi.xMaximum()),
        (box.yMaximum(), aoi.yMaximum()),
    ):
        assert abs(got - want) < 1e-6
    assert geometry.symDifference(QgsGeometry.fromRect(aoi)).area() < 1e-6

    answer = feature["answer"]
    assert isinstance(answer, str) and answer.strip()
    assert feature["question"] == "Describe this area."
    assert feature["model"] == tiny_model_dir
    assert feature["quantization"] == "nf4"
    assert feature["device"] == "cpu"
    assert os.path.samefile(feature["source"], utm_raster)
    created = datetime.fromisoformat(feature["created"].replace("Z", "+00:00"))
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0
    assert isinstance(feature["elapsed_s"], float) and feature["elapsed_s"] > 0
    shown = dock.answer_text()
    assert answer.strip().splitlines()[0][:20] in shown
    assert "TINY RANDOM TEST MODEL" in shown  # the tiny model is named as such
    assert dock.progress_bar.value() == dock.progress_bar.maximum()

    # a second question about the same raster lands in the same layer, with the model still loaded
    dock.question_edit.setPlainText("What is in the north-east corner?")
    dock.run_button.click()
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert dock.status().startswith("Done."), dock.status()
    assert captions.featureCount() == 2
    assert [n.layer().name() for n in group.findLayers()] == ["Captions"]


@pytest.mark.timeout(300)
def test_cancel_leaves_no_layer_and_the_dock_idle(loaded_plugin, utm_raster, tiny_model_dir, backend_python, tmp_path):
    from qgis.core import QgsProject

    from georsmllm.model_backend import protocol

    layer = _add_raster(utm_raster)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "cancelled.gpkg")
    _fill_form(dock, layer, tiny_model_dir, backend_python, results)
    dock.set_aoi_mode("layer")

    # 1) Cancel while the worker is still starting: the job never reaches it
    dock.run_button.click()
    dock.cancel_button.click()
    assert wait_until(lambda: not dock.is_running(), 60), dock.status()
    assert dock.status().startswith("Cancelled"), dock.status()

    # 2) Cancel a job the running worker has already received
    client = loaded_plugin.controller.client
    hello = []
    client.hello_received.connect(hello.append)
    client.hello()
    assert wait_until(lambda: hello, 60)
    outcomes = []
    client.failed.connect(lambda jid, code, msg: outcomes.append(code))
    client.finished.connect(lambda jid, result: outcomes.append("finished"))
    dock.run_button.click()
    assert client.pending_jobs()
    dock.cancel_button.click()
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert dock.status().startswith("Cancelled"), dock.status()
    # the worker stopped the job (CANCELLED), or its answer raced the cancel and was dropped
    assert outcomes in ([protocol.CANCELLED], ["finished"]), outcomes
    print("worker-side cancel outcome:", outcomes)

    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled()
    assert dock.progress_bar.value() in (0, -1) and dock.progress_bar.maximum() == 100
    assert QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM") is None
    assert [lyr.name() for lyr in QgsProject.instance().mapLayers().values()] == ["scene"]
    assert not os.path.exists(results)
    assert client.pending_jobs() == []


@pytest.mark.timeout(300)
def test_worker_killed_mid_job_is_reported_and_the_next_run_works(
    loaded_plugin, utm_raster, tiny_model_dir, backend_python, tmp_path, qgis_iface
):
    import signal

    from qgis.core import Qgis, QgsProject

    layer = _add_raster(utm_raster)
    dock = loaded_plugin.show_dock()
    _fill_form(dock, layer, tiny_model_dir, backend_python, str(tmp_path / "crash.gpkg"))
    dock.set_aoi_mode("layer")
    client = loaded_plugin.controller.client
    pids, killed = [], []

    def kill_once(job_id, params):  # an exception in a slot would abort the Qt process: keep it safe
        if pids and not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    client.hello_received.connect(lambda info: pids.append(info["pid"]))
    client.progress.connect(kill_once)

    dock.run_button.click()  # the first run also asks hello, so we learn the worker's pid
    assert wait_until(lambda: not dock.is_running(), 120), dock.status()
    assert killed, "the job ended before the worker could be killed"
    assert "stopped unexpectedly" in dock.status() and "out of memory" in dock.status()
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert any("stopped unexpectedly" in m for m in critical), critical
    assert QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM") is None

    dock.run_button.click()  # a new worker starts
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert dock.status().startswith("Done."), dock.status()
    assert len(pids) == 2 and pids[0] != pids[1]
