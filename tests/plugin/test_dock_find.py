"""Find in the dock, end to end in real headless QGIS with the real worker process and the
tiny CLIP exported to ONNX (random weights: which tiles a text query ranks first is noise, so
the text run checks the plumbing; the "more like this" run checks the ranking, since similar
patches embed near each other even with random weights)."""

from __future__ import annotations

import os

import pytest

from ..model_backend.find.conftest import ORIGIN, PATCH, PX, patch_kinds, stripe_boxes, write_patches
from .conftest import wait_until


@pytest.fixture(scope="module")
def tiny_clip_onnx(tmp_path_factory) -> str:
    from georsmllm.model_backend.find.export import export_onnx
    from georsmllm.model_backend.tiny.clip import build

    base = tmp_path_factory.mktemp("tiny-clip")
    return export_onnx(build(str(base / "torch")), str(base / "onnx"), ("fp32",))


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEORSMLLM_CACHE", str(tmp_path / "user-cache"))  # the worker inherits it


def add_raster(path, name):
    from qgis.core import QgsProject, QgsRasterLayer

    layer = QgsRasterLayer(path, name)
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def group_layers():
    from qgis.core import QgsProject

    group = QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM")
    return [] if group is None else [n.layer() for n in group.findLayers()]


def form(dock, layer, backend_python, results, encoder, text=""):
    dock.layer_combo.setLayer(layer)
    group = dock.model_group
    group.python_edit.setText(backend_python)
    group.results_edit.setText(results)
    dock.task_group.set_task("find")
    dock.task_group.set_text(text)
    find = dock.task_group.find_inputs
    find.encoder_edit.setText(encoder)
    return find


@pytest.mark.timeout(300)
def test_find_by_text_over_the_project_fills_a_graduated_layer_and_heat_maps(
    loaded_plugin, backend_python, tiny_clip_onnx, tmp_path
):
    from qgis.core import QgsGraduatedSymbolRenderer, QgsRasterLayer

    a = add_raster(write_patches(str(tmp_path / "a.tif"), patch_kinds(4, 6), seed=1), "a")
    add_raster(write_patches(str(tmp_path / "b.tif"), patch_kinds(2, 2), seed=2), "b")
    dock = loaded_plugin.show_dock()
    assert not dock.task_group.find_inputs.isHidden() or dock.task_group.task() != "find"
    find = form(dock, a, backend_python, str(tmp_path / "out" / "results.gpkg"), tiny_clip_onnx, "solar farm")
    assert not find.isHidden()
    find.top_spin.setValue(10)
    find.project_check.setChecked(True)
    dock.aoi_layer_radio.setChecked(True)
    job = dock.build_job()
    assert job["task"] == "find" and job["top"] == 10 and job["overlap"] == 0.0
    assert [os.path.basename(p) for p in job["rasters"]] == ["b.tif"]
    dock.run_button.click()
    names = [lyr.name() for lyr in group_layers()]
    assert "Find" in names  # there at once, before the worker answered
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert dock.status().startswith('Done. 10 features in "Find".'), dock.status()
    layers = {lyr.name(): lyr for lyr in group_layers()}
    found = layers["Find"]
    assert found.featureCount() == 10 and found.providerType() == "ogr"
    ranks = sorted(f["rank"] for f in found.getFeatures())
    assert ranks == list(range(1, 11))
    assert {os.path.basename(f["source"]) for f in found.getFeatures()} <= {"a.tif", "b.tif"}
    renderer = found.renderer()
    assert isinstance(renderer, QgsGraduatedSymbolRenderer) and renderer.classAttribute() == "score"
    assert len(renderer.ranges()) == 5
    heat = {n: lyr for n, lyr in layers.items() if n.startswith("Find heat map")}
    assert sorted(heat) == ["Find heat map – a.tif", "Find heat map – b.tif"]
    assert all(isinstance(lyr, QgsRasterLayer) and lyr.isValid() for lyr in heat.values())
    assert heat["Find heat map – a.tif"].width() == 6 and heat["Find heat map – a.tif"].height() == 4
    assert "solar farm" in dock.answer_text() and "a.tif" in dock.answer_text() + "b.tif"


@pytest.mark.timeout(300)
def test_more_like_this_ranks_the_tiles_like_the_drawn_example_first(
    loaded_plugin, backend_python, tiny_clip_onnx, tmp_path
):
    from qgis.core import QgsRectangle

    kinds = patch_kinds(4, 6)
    a = add_raster(write_patches(str(tmp_path / "a.tif"), kinds, seed=5), "a")
    dock = loaded_plugin.show_dock()
    find = form(dock, a, backend_python, str(tmp_path / "results.gpkg"), tiny_clip_onnx)
    find.top_spin.setValue(12)
    dock.aoi_layer_radio.setChecked(True)
    with pytest.raises(Exception, match="Type what to look for"):
        dock.build_job()  # neither words nor an example yet
    find.like_check.setChecked(True)
    x0, y1 = ORIGIN[0] + 2 * PATCH * PX, ORIGIN[1]  # a stripe patch
    dock.set_drawn_aoi(QgsRectangle(x0, y1 - PATCH * PX, x0 + PATCH * PX, y1), a.crs())
    job = dock.build_job()
    assert job["query_box"] == [x0, y1 - PATCH * PX, x0 + PATCH * PX, y1] and job["aoi"] is None
    dock.run_button.click()
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    found = next(lyr for lyr in group_layers() if lyr.name() == "Find")
    got = set()
    for f in found.getFeatures():
        b = f.geometry().boundingBox()
        got.add((b.xMinimum(), b.yMinimum(), b.xMaximum(), b.yMaximum()))
    assert got == set(stripe_boxes(kinds))
