"""The dock's form becomes a JobSpec dict the worker accepts, or a clear sentence."""

from __future__ import annotations

import pytest


@pytest.fixture
def raster(tmp_path, qgis_new_project):
    from osgeo import gdal, osr
    from qgis.core import QgsProject, QgsRasterLayer

    path = str(tmp_path / "r.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 20, 10, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((500000, 10, 0, 4500000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32618)
    ds.SetProjection(srs.ExportToWkt())
    ds = None
    layer = QgsRasterLayer(path, "r")
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_each_aoi_mode(raster):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    from georsmllm.model_backend import protocol
    from georsmllm.plugin.job_from_qgis import build_job
    from georsmllm.plugin.settings import Settings

    s = Settings(model="/models/tiny", device="cpu", quantization="int8", max_new_tokens=7)
    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    canvas = build_job(raster, "  What is here? ", s, "canvas", canvas_extent=QgsRectangle(1, 2, 3, 4), canvas_crs=merc)
    assert canvas["aoi"] == [1, 2, 3, 4] and canvas["aoi_crs"] == "EPSG:3857"
    assert canvas["raster"] == raster.source() and canvas["question"] == "What is here?"
    assert (canvas["model"], canvas["device"], canvas["quantization"], canvas["max_new_tokens"]) == (
        "/models/tiny",
        "cpu",
        "int8",
        7,
    )
    assert protocol.JobSpec.from_dict(canvas).task == "ask"  # the worker's own check accepts it

    whole = build_job(raster, "Describe this area.", s, "layer")
    assert whole["aoi"] is None and whole["aoi_crs"] is None

    custom = QgsCoordinateReferenceSystem.fromProj(
        "+proj=tmerc +lat_0=0 +lon_0=13 +k=0.9996 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    )
    drawn = build_job(raster, "q", s, "drawn", drawn=QgsRectangle(5, 6, 7, 8), drawn_crs=custom)
    assert drawn["aoi"] == [5, 6, 7, 8]
    assert drawn["aoi_crs"].startswith(("PROJCRS", "PROJCS", "BOUNDCRS"))  # no authid: the WKT travels


@pytest.mark.parametrize(
    "case, message",
    [
        ("no layer", "Pick a raster layer first."),
        ("empty question", "Type a question first."),
        ("not drawn", "Draw a rectangle on the map first"),
        ("empty extent", "The map extent is empty"),
        ("xyz layer", "is not a file-based raster"),
    ],
)
def test_bad_form_says_what_to_change(raster, case, message):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRasterLayer, QgsRectangle

    from georsmllm.plugin.job_from_qgis import JobInputError, build_job
    from georsmllm.plugin.settings import Settings

    s = Settings()
    crs = QgsCoordinateReferenceSystem("EPSG:3857")
    layer, question, mode, extent = raster, "q", "canvas", QgsRectangle(0, 0, 1, 1)
    if case == "no layer":
        layer = None
    elif case == "empty question":
        question = "   "
    elif case == "not drawn":
        mode = "drawn"
    elif case == "empty extent":
        extent = QgsRectangle(3, 3, 3, 3)
    elif case == "xyz layer":
        layer = QgsRasterLayer("type=xyz&url=https://tile.example.org/{z}/{x}/{y}.png&zmax=19&zmin=0", "xyz", "wms")
    with pytest.raises(JobInputError) as info:
        build_job(layer, question, s, mode, canvas_extent=extent, canvas_crs=crs)
    assert message in str(info.value)


def test_dock_reports_form_errors_without_running(qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    import georsmllm

    plugin = georsmllm.classFactory(qgis_iface)
    plugin.initGui()
    try:
        dock = plugin.show_dock()
        fired = []
        dock.run_requested.connect(lambda *a: fired.append(a))
        dock.layer_combo.setLayer(None)
        dock.run_button.click()
        assert dock.status() == "Pick a raster layer first."
        assert "b3261e" in dock.status_label.styleSheet()  # shown as an error
        assert fired == [] and not dock.is_running() and not plugin.controller.client.is_running()
    finally:
        plugin.unload()
