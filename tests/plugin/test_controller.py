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
    from georsmllm.model_backend import protocol
    from qgis.core import Qgis

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
    assert "The AOI does not overlap the raster." in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)[-1]


def test_a_bug_in_a_slot_is_reported_and_the_dock_goes_idle(plugin, qgis_iface, monkeypatch):
    from georsmllm.plugin import controller as controller_mod
    from qgis.core import Qgis

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
    assert plugin.dock.status() == "Done. 3 feature(s) in the Detections layer."
