"""Change in the dock, end to end in real headless QGIS with the real worker process: two
synthetic dates with known changes (tests/model_backend/change/synthetic.py) give a Changes
layer at the right place, a summary in the answer box, and, with "Describe largest", the
description the model gave. The model is the loopback stand-in for an OpenAI-compatible
server (a real HTTP server on 127.0.0.1, see its docstring): a random tiny model's sentence
could not be checked."""

from __future__ import annotations

import pytest

from ..model_backend.change.synthetic import DateGrid, iou, truth, write_date
from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer
from .conftest import wait_until

FIELDS = [
    "area_m2",
    "change_score",
    "description",
    "before_source",
    "after_source",
    "method",
    "model",
    "created",
    "first_seen",
    "last_seen",
]


def add_raster(path, name):
    from qgis.core import QgsProject, QgsRasterLayer

    layer = QgsRasterLayer(path, name)
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def changes_layer():
    from qgis.core import QgsProject

    group = QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM")
    found = [] if group is None else [n.layer() for n in group.findLayers() if n.layer().name() == "Changes"]
    return found[0] if found else None


def is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def pair(tmp_path):
    before = add_raster(write_date(str(tmp_path / "before.tif"), 0, DateGrid(), seed=1), "before")
    after = add_raster(write_date(str(tmp_path / "after.tif"), 1, DateGrid(), gain=1.15, offset=8, seed=2), "after")
    return before, after


def form(dock, before, after, backend_python, results):
    dock.layer_combo.setLayer(before)
    group = dock.model_group
    group.python_edit.setText(backend_python)
    group.results_edit.setText(results)
    dock.task_group.set_task("change")
    inputs = dock.task_group.change_inputs
    inputs.after_combo.setLayer(after)
    inputs.min_area_spin.setValue(100.0)
    inputs.describe_spin.setValue(0)
    dock.aoi_layer_radio.setChecked(True)
    return inputs


def test_the_change_inputs_show_for_change_only(loaded_plugin):
    dock = loaded_plugin.show_dock()
    inputs = dock.task_group.change_inputs
    dock.task_group.set_task("detect")
    assert inputs.isHidden()
    dock.task_group.set_task("change")
    assert not inputs.isHidden() and inputs.onnx_widget.isHidden()
    inputs.set_method("onnx")
    assert not inputs.onnx_widget.isHidden()
    assert dock.task_group.text_label.text() == "Question (optional)"


def test_change_needs_an_after_layer_that_is_not_the_before_one(loaded_plugin, backend_python, tmp_path):
    from georsmllm.plugin.job_from_qgis import JobInputError

    before, after = pair(tmp_path)
    dock = loaded_plugin.show_dock()
    inputs = form(dock, before, after, backend_python, str(tmp_path / "results.gpkg"))
    inputs.after_combo.setLayer(None)
    with pytest.raises(JobInputError, match="after raster layer"):
        dock.build_job()
    inputs.after_combo.setLayer(before)
    with pytest.raises(JobInputError, match="same file"):
        dock.build_job()
    inputs.after_combo.setLayer(after)
    job = dock.build_job()
    assert job["task"] == "change" and job["after"].endswith("after.tif") and job["raster"].endswith("before.tif")
    assert job["method"] == "diff" and job["min_area"] == 100.0 and job["describe"] == 0 and job["aoi"] is None


@pytest.mark.timeout(300)
def test_change_in_the_dock_fills_a_changes_layer_at_the_right_place(loaded_plugin, backend_python, tmp_path):
    before, after = pair(tmp_path)
    dock = loaded_plugin.show_dock()
    form(dock, before, after, backend_python, str(tmp_path / "out" / "results.gpkg"))
    dock.run_button.click()
    assert changes_layer() is not None  # there at once, in the before raster's CRS
    assert changes_layer().crs().authid() == "EPSG:32618"
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert dock.status().startswith('Done. 3 features in "Changes".'), dock.status()
    layer = changes_layer()
    assert [f.name() for f in layer.fields() if f.name() != "fid"] == FIELDS
    import shapely

    got = [shapely.from_wkt(f.geometry().asWkt()) for f in layer.getFeatures()]
    for name, poly in truth().items():
        assert max(iou(poly, g) for g in got) >= 0.8, name
    for f in layer.getFeatures():  # true area; UTM's scale error is under 0.1 % here
        assert abs(f["area_m2"] - f.geometry().area()) / f.geometry().area() < 0.002
        assert is_null(f["description"]) and f["method"] == "diff" and f["last_seen"] == "after.tif"
    assert "3 change polygons between before.tif and after.tif" in dock.answer_text()
    assert dock.save_button.isEnabled()


@pytest.mark.timeout(300)
def test_describe_in_the_dock_puts_the_models_sentence_on_the_largest_change(loaded_plugin, backend_python, tmp_path):
    before, after = pair(tmp_path)
    dock = loaded_plugin.show_dock()
    inputs = form(dock, before, after, backend_python, str(tmp_path / "results.gpkg"))
    inputs.describe_spin.setValue(1)
    group = dock.model_group
    sentence = "A new building with a light roof on a former field."
    with LoopbackOpenAIServer(answer=sentence) as srv:
        group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
        group.url_edit.setText(srv.url)
        group.model_edit.setText(DEFAULT_MODEL)
        dock.task_group.set_text("new buildings?")
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert len(srv.requests) == 1
        seen = srv.requests[0]
    assert dock.status().startswith('Done. 3 features in "Changes".'), dock.status()
    img = seen.images[0]
    import numpy as np

    px = np.asarray(img.convert("RGB"))
    half = (img.width - 8) // 2  # before | 8 px white bar | after
    assert (px[:, half : half + 8] == 255).all() and not (px[:, :half] == 255).all()
    centre = (slice(img.height // 3, 2 * img.height // 3), slice(half // 3, 2 * half // 3))
    assert px[:, half + 8 :][centre].mean() > px[:, :half][centre].mean() + 40  # the new roof is in the after half
    assert "new buildings?" in " ".join(seen.texts) and "left" in " ".join(seen.texts)
    layer = changes_layer()
    by_area = sorted(layer.getFeatures(), key=lambda f: -f["area_m2"])
    assert by_area[0]["description"] == sentence
    assert all(is_null(f["description"]) for f in by_area[1:])
    assert sentence in dock.answer_text()
