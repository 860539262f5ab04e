"""Controller paths that need no model: events arriving from the client are turned into dock
state and messages; a bug in a slot is reported, never fatal."""

from __future__ import annotations

import pytest


@pytest.fixture
def plugin(qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    import georsmllm

    p = georsmllm.classFactory(qgis_iface)
    p.initGui()
    p.show_dock()
    yield p
    p.unload()


def _pretend_running(controller, job):
    controller.job_id, controller.job, controller.cancelled = 41, job, False
    controller.dock.set_running(True)


def test_events_drive_the_dock(plugin, qgis_iface):
    from qgis.core import Qgis

    from georsmllm.model_backend import protocol

    controller, dock = plugin.controller, plugin.dock
    client = controller.client
    _pretend_running(controller, {"model": "m", "raster": "r.tif"})
    client.progress.emit(41, {"job": 41, "stage": "generate", "done": 3, "total": 12, "message": "generating"})
    assert (dock.progress_bar.value(), dock.progress_bar.maximum()) == (3, 12)
    assert dock.status() == "Generating"
    client.progress.emit(99, {"job": 99, "done": 11, "total": 12})  # another job's event is ignored
    assert dock.progress_bar.value() == 3

    client.failed.emit(41, protocol.BAD_INPUT, "The AOI does not overlap the raster.")
    assert not dock.is_running()
    assert dock.status() == "The AOI does not overlap the raster."
    assert (
        "The AOI does not overlap the raster." in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)[-1]
    )


def test_a_bug_in_a_slot_is_reported_and_the_dock_goes_idle(plugin, qgis_iface, monkeypatch):
    from qgis.core import Qgis

    from georsmllm.plugin import controller as controller_mod

    def broken(*_args, **_kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(controller_mod, "write_caption", broken)
    controller, dock = plugin.controller, plugin.dock
    _pretend_running(controller, {"model": "m", "raster": "r.tif"})
    controller.client.finished.emit(41, {"answer": "a", "aoi_wkt": "POLYGON((0 0,1 0,1 1,0 0))", "crs_wkt": ""})
    assert not dock.is_running() and controller.job_id is None
    assert dock.status().startswith("Internal error in the plugin: KeyError")
    assert any("KeyError" in m for m in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical))


def test_features_stream_into_a_detections_layer(plugin):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject

    controller = plugin.controller
    _pretend_running(controller, {"model": "m", "raster": "r.tif", "task": "detect"})
    crs = QgsCoordinateReferenceSystem("EPSG:32618").toWkt()
    box = {"wkt": "POLYGON((0 0,4 0,4 4,0 4,0 0))", "properties": {"label": "ship", "score": 0.8}}
    controller.client.features.emit(41, {"job": 41, "crs_wkt": crs, "features": [box, box]})
    controller.client.features.emit(41, {"job": 41, "crs_wkt": crs, "features": [box]})
    controller.client.finished.emit(41, {"status": "ok"})
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "Detections"]
    assert len(layers) == 1 and layers[0].featureCount() == 3
    results = controller.settings.results_path()
    assert plugin.dock.status() == f'Done. 3 features in "Detections". Saved in {results}.'
    assert layers[0].providerType() == "ogr" and layers[0].source().startswith(results)
    assert plugin.dock.save_button.isEnabled() and controller.last_layer is layers[0]


def test_cancel_keeps_streamed_features_and_says_so(plugin, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer

    controller, dock = plugin.controller, plugin.dock
    _pretend_running(controller, {"model": "m", "raster": "r.tif", "task": "detect"})
    crs = QgsCoordinateReferenceSystem("EPSG:4326").toWkt()
    box = {"wkt": "POLYGON((0 0,4 0,4 4,0 4,0 0))", "properties": {"label": "ship", "score": None, "tile_id": 0}}
    controller.client.features.emit(41, {"job": 41, "layer": "detections", "crs_wkt": crs, "features": [box]})
    dock.cancel_button.click()
    assert controller.cancelled
    # features settled before the worker stopped still arrive, then the result says "cancelled"
    controller.client.features.emit(41, {"job": 41, "layer": "detections", "crs_wkt": crs, "features": [box]})
    controller.client.finished.emit(41, {"status": "cancelled", "tiles_done": 3, "tiles_total": 10})
    assert not dock.is_running()
    assert dock.status().startswith("Cancelled after 3 of 10 tiles. The 2 features found so far are kept"), (
        dock.status()
    )
    layer = controller.last_layer
    assert layer.featureCount() == 2 and layer.crs().authid() == "EPSG:4326"

    out = controller.save_last_result(str(tmp_path / "kept.shp"))
    reopened = QgsVectorLayer(out, "kept", "ogr")
    assert reopened.isValid() and reopened.featureCount() == 2
    assert {f["label"] for f in reopened.getFeatures()} == {"ship"}
    assert dock.status().startswith("Saved 2 features to")
    assert controller.save_last_result(str(tmp_path / "kept.txt")) is None
    assert "Cannot save as .txt" in dock.status()


def test_model_info_greys_out_what_the_model_cannot_do(plugin):
    controller, dock = plugin.controller, plugin.dock
    controller._info_request = 7
    why = "Florence-2 cannot answer free questions."
    controller.client.replied.emit(
        7, "model_info", {"family": "florence2", "tasks": ["detect", "caption", "count"], "unavailable": {"ask": why}}
    )
    group = dock.task_group
    assert group.task() == "caption"  # the first task the model can do
    assert not group.is_available("ask") and group.reason("ask") == why
    assert not group.is_available("ground") and group.is_available("count")
    group.task_combo.setCurrentIndex(group.task_combo.findData("ask"))  # as a keyboard could
    dock.run_button.click()
    assert dock.status() == why and not dock.is_running()


def test_a_worker_crash_mid_detect_keeps_and_saves_what_was_found(plugin, qgis_iface):
    from qgis.core import Qgis, QgsCoordinateReferenceSystem

    controller, dock = plugin.controller, plugin.dock
    _pretend_running(controller, {"model": "m", "raster": "r.tif", "task": "detect"})
    crs = QgsCoordinateReferenceSystem("EPSG:32618").toWkt()
    box = {"wkt": "POLYGON((0 0,4 0,4 4,0 4,0 0))", "properties": {"label": "ship", "score": None, "tile_id": 0}}
    controller.client.features.emit(41, {"job": 41, "layer": "detections", "crs_wkt": crs, "features": [box]})
    controller.client.crashed.emit("The worker stopped unexpectedly (exit code -9).\nlast lines of its log")
    results = controller.settings.results_path()
    assert dock.status() == (
        "The worker stopped unexpectedly (exit code -9). The 1 feature found before is "
        f'kept in "Detections". Saved in {results}.'
    ), dock.status()
    assert not dock.is_running() and controller.last_layer.providerType() == "ogr"
    assert controller.last_layer.featureCount() == 1
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert sum("stopped unexpectedly" in m for m in critical) == 1, critical


def test_an_error_shows_once_with_the_worker_log_as_details_and_the_next_run_clears_it(plugin):
    from georsmllm.model_backend import protocol

    controller, dock = plugin.controller, plugin.dock
    client = controller.client
    _pretend_running(controller, {"model": "m", "raster": "r.tif"})
    client.log.emit({"level": "warning", "message": "CUDA out of memory while loading"})
    client.stderr_text.emit("Traceback: torch.OutOfMemoryError\n")
    assert dock.details_button.isHidden()  # no error yet
    client.failed.emit(41, protocol.OUT_OF_MEMORY, "The model did not fit in memory.")
    assert dock.status() == "The model did not fit in memory." and not dock.details_button.isHidden()
    assert "warning: CUDA out of memory while loading" in dock.details()
    assert "torch.OutOfMemoryError" in dock.details()
    dock.set_status("Saved 3 features.", "success")  # a later success does not bring the error back
    assert dock.status() == "Saved 3 features." and "memory" not in dock.status()
    _pretend_running(controller, {"model": "m", "raster": "r.tif"})  # the next Run
    assert dock.details_button.isHidden() and dock.details() == "" and dock.status() == ""
