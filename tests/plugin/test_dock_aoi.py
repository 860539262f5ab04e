"""Areas of interest in the dock, in real headless QGIS: a drawn polygon (results clipped to
the polygon itself, end to end through the real worker and the loopback stand-in for vLLM),
the selected features of a polygon layer, the outline shown while chosen, the raster combo
preselected, the dock scrolling at 1366 x 768, the answer cleared by a new run and by
Project > New, the resolution row shown for web layers only."""

from __future__ import annotations

import pytest

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer
from .conftest import wait_until
from .test_dock_detect import ORIGIN_X, ORIGIN_Y, add_raster, dark_or_bright, fill_form, group_layers, write_raster

PX = 2.0


def pixel_polygon(points):
    """A polygon from (col, row) pixel corners of the 2 m test raster, in EPSG:32618."""
    from qgis.core import QgsGeometry, QgsPointXY

    return QgsGeometry.fromPolygonXY([[QgsPointXY(ORIGIN_X + c * PX, ORIGIN_Y - r * PX) for c, r in points]])


# the two-tile AOI of test_dock_detect (cols 20..1470, rows 26..474) with a notch cut into its
# top edge over the first ship (cols 698..766, rows 56..122): same tiles, a smaller area.
NOTCHED = [(20, 26), (650, 26), (800, 180), (850, 26), (1470, 26), (1470, 474), (20, 474), (20, 26)]


@pytest.mark.timeout(300)
def test_drawn_polygon_clips_detections_to_the_polygon_not_its_box(loaded_plugin, backend_python, tmp_path):
    tif = write_raster(str(tmp_path / "scene.tif"), 1500, 500, PX, split_col=745)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    polygon = pixel_polygon(NOTCHED)
    tool = dock.polygon_tool
    dock.start_drawing_polygon()
    assert dock.canvas.mapTool() is tool and dock.aoi_mode() == "polygon"
    loaded_plugin.iface.mapCanvas().setDestinationCrs(layer.crs())
    for point in polygon.asPolygon()[0][:-1]:
        tool.add_point(point)
    assert tool.finish() and dock.aoi_tool.band.is_shown()
    assert dock.status().startswith("Area: 2.9 × 0.896 km (EPSG:32618)"), dock.status()

    with LoopbackOpenAIServer(answer=dark_or_bright) as srv:
        fill_form(dock, layer, backend_python, str(tmp_path / "r.gpkg"), "ship, storage tank", DEFAULT_MODEL, srv.url)
        dock.answer_view.setPlainText("an old answer")
        dock.run_button.click()
        assert dock.answer_text() == ""  # a new run clears the answer box
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert len(srv.requests) == 2  # the polygon's box still makes the same two tiles

    (detections,) = group_layers("Detections")
    features = list(detections.getFeatures())
    assert len(features) == 3
    for f in features:
        assert polygon.buffer(1e-6, 4).contains(f.geometry()), f.geometry().asWkt()
    first_ship = min((f for f in features if f["label"] == "ship"), key=lambda f: f.geometry().centroid().asPoint().x())
    box_area = (80 - 12) * PX * (96 - 30) * PX
    assert 0 < first_ship.geometry().area() < 0.9 * box_area  # clipped by the notch, not the bounding box


def test_selected_features_make_the_area_and_show_while_chosen(loaded_plugin, tmp_path):
    from qgis.core import QgsFeature, QgsProject, QgsVectorLayer

    from georsmllm.model_backend import protocol

    layer = add_raster(write_raster(str(tmp_path / "s.tif"), 200, 100, PX))
    fields = QgsVectorLayer("Polygon?crs=EPSG:32618", "fields", "memory")
    feats = []
    for points in (
        [(10, 10), (60, 10), (60, 60), (10, 60), (10, 10)],
        [(100, 10), (150, 10), (100, 60), (100, 10)],
        [(160, 60), (190, 60), (190, 90), (160, 60)],
    ):
        f = QgsFeature()
        f.setGeometry(pixel_polygon(points))
        feats.append(f)
    fields.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(fields)
    dock = loaded_plugin.show_dock()
    dock.layer_combo.setLayer(layer)
    dock.model_group.model_edit.setText("/models/tiny")
    dock.aoi_box.selected_combo.setLayer(fields)
    dock.set_aoi_mode("selected")
    dock.task_group.set_task("detect")
    dock.task_group.set_labels("ship")
    from georsmllm.plugin.job_from_qgis import JobInputError

    with pytest.raises(JobInputError, match="Select one or more polygons"):
        dock.build_job()
    fields.selectByIds([f.id() for f in fields.getFeatures()][:2])
    dock.show_selected_aoi()
    assert dock.aoi_tool.band.is_shown()
    spec = protocol.JobSpec.from_dict(dock.build_job())
    assert spec.aoi_crs == "EPSG:32618" and spec.aoi_wkt.startswith("MultiPolygon")
    from qgis.core import QgsGeometry

    assert QgsGeometry.fromWkt(spec.aoi_wkt).area() == pytest.approx((50 * 50 + 50 * 50 / 2) * PX * PX)


def test_raster_preselected_scrolls_at_1366x768_and_answer_clears_on_new_project(loaded_plugin, tmp_path):
    from qgis.core import QgsProject
    from qgis.PyQt.QtWidgets import QScrollArea

    dock = loaded_plugin.show_dock()
    assert dock.layer_combo.currentLayer() is None
    layer = add_raster(write_raster(str(tmp_path / "p.tif"), 50, 50, PX))
    assert dock.layer_combo.currentLayer() is layer  # preselected as it arrives

    scroll = dock.widget()
    assert isinstance(scroll, QScrollArea)
    dock.setFloating(True)
    dock.model_group.setCollapsed(False)
    dock.resize(380, 768 - 120)  # a 768 px screen less the title bar, toolbars and status bar
    dock.show()
    assert wait_until(lambda: scroll.verticalScrollBar().maximum() > 0, 5)  # scrolls instead of clipping
    assert scroll.widget().minimumSizeHint().height() > scroll.viewport().height()

    dock.answer_view.setPlainText("answer of the old project")
    QgsProject.instance().clear()
    assert dock.answer_text() == ""


def test_resolution_row_only_for_web_layers(loaded_plugin, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer

    dock = loaded_plugin.show_dock()
    file_layer = add_raster(write_raster(str(tmp_path / "f.tif"), 50, 50, PX))
    dock.layer_combo.setLayer(file_layer)
    assert dock.aoi_box.resolution_spin.isHidden()
    root = tmp_path / "t" / "0" / "0"
    root.mkdir(parents=True)
    from qgis.PyQt.QtGui import QColor, QImage

    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(QColor(10, 20, 30))
    img.save(str(root / "0.png"), "PNG")
    web = QgsRasterLayer(f"type=xyz&url=file://{tmp_path}/t/{{z}}/{{x}}/{{y}}.png&zmin=0&zmax=0", "web", "wms")
    assert web.isValid()
    QgsProject.instance().addMapLayer(web)
    dock.layer_combo.setLayer(web)
    assert not dock.aoi_box.resolution_spin.isHidden()


def test_outline_follows_the_aoi_choice(loaded_plugin, tmp_path):
    from qgis.core import QgsRectangle

    layer = add_raster(write_raster(str(tmp_path / "o.tif"), 100, 100, PX))
    dock = loaded_plugin.show_dock()
    band = dock.aoi_tool.band
    dock.set_drawn_aoi(QgsRectangle(ORIGIN_X, ORIGIN_Y - 100, ORIGIN_X + 100, ORIGIN_Y), layer.crs())
    assert band.is_shown()
    dock.set_aoi_mode("canvas")
    assert not band.is_shown()  # the map extent needs no outline: an old rectangle would mislead
    dock.set_aoi_mode("drawn")
    assert band.is_shown()
    dock.set_aoi_mode("layer")
    assert not band.is_shown()
