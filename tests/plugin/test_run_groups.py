"""Results of each run in their own layer-tree group (task and time) inside "GeoRSMLLM", and
the same label in the same colour in every run, in real QGIS through the controller's path."""

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


def _run(controller, job_id, labels):
    from qgis.core import QgsCoordinateReferenceSystem

    controller.job_id, controller.job, controller.cancelled = (
        job_id,
        {"model": "m", "raster": "r.tif", "task": "detect"},
        False,
    )
    controller.streamed = None
    controller.dock.set_running(True)
    crs = QgsCoordinateReferenceSystem("EPSG:32618").toWkt()
    feats = [{"wkt": "POLYGON((0 0,4 0,4 4,0 4,0 0))", "properties": {"label": label}} for label in labels]
    controller.client.features.emit(job_id, {"job": job_id, "crs_wkt": crs, "features": feats})
    controller.client.finished.emit(job_id, {"status": "ok"})


def test_one_group_per_run_and_stable_label_colours(plugin):
    import re

    from qgis.core import QgsProject

    controller = plugin.controller
    _run(controller, 1, ["ship", "storage tank"])
    _run(controller, 2, ["plane", "ship"])  # ship first this time: its colour must not follow the order
    root = QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM")
    runs = root.children()
    assert len(runs) == 2 and all(re.fullmatch(r"Detect objects \d\d:\d\d:\d\d", g.name()) for g in runs)
    layers = [g.findLayers()[0].layer() for g in reversed(runs)]  # newest run on top
    assert [lyr.name() for lyr in layers] == ["Detections", "Detections"]

    def colours(layer):
        return {c.value(): c.symbol().symbolLayer(0).strokeColor().name() for c in layer.renderer().categories()}

    first, second = colours(layers[0]), colours(layers[1])
    assert first["ship"] == second["ship"] and first["ship"] != first["storage tank"]
    assert second["plane"] not in (first["ship"], first["storage tank"])
