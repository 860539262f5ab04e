"""Count, Describe and switching the model family in the dock, end to end in real headless QGIS
with the real worker process.

The model answers come from the loopback stand-in for vLLM (a real HTTP server on 127.0.0.1,
see its docstring): recorded Qwen2.5-VL outputs for the boxes, and plain sentences for the
captions, so every number the dock shows can be checked.
"""

from __future__ import annotations

import pytest

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer, recorded
from .conftest import wait_until
from .test_dock_detect import ORIGIN_X, ORIGIN_Y, add_raster, fill_form, group_layers, write_raster


def two_tile_aoi(px):
    """Cols 20..1470, rows 26..474 of a 1500 x 500 raster: two 784 x 448 tiles (see test_dock_detect)."""
    from qgis.core import QgsRectangle

    return QgsRectangle(ORIGIN_X + 20 * px, ORIGIN_Y - 474 * px, ORIGIN_X + 1470 * px, ORIGIN_Y - 26 * px)


@pytest.mark.timeout(300)
def test_count_shows_the_number_and_draws_the_evidence_linked_to_the_answer(loaded_plugin, backend_python, tmp_path):
    px = 2.0
    tif = write_raster(str(tmp_path / "harbour.tif"), 1500, 500, px)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "count.gpkg")
    # every tile answers two ships (recorded truncated.txt): 2 tiles -> 4 ships, none in both tiles
    with LoopbackOpenAIServer(answer=recorded("truncated")) as srv:
        fill_form(dock, layer, backend_python, results, "", DEFAULT_MODEL, srv.url)
        dock.task_group.set_task("count")
        dock.task_group.set_text("How many ships are there?")
        dock.set_drawn_aoi(two_tile_aoi(px), layer.crs())
        dock.run_button.click()
        assert len(group_layers("Count evidence")) == 1  # shown at Run
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert len(srv.requests) == 2
        assert all("'ship'" in r.texts[0] for r in srv.requests), srv.requests[0].texts  # read from the question

    assert "4 ships in the area" in dock.answer_text(), dock.answer_text()  # plugin/answer_words.py
    (evidence,) = group_layers("Count evidence")
    (answer,) = group_layers("Count answer")
    assert evidence.featureCount() == 4 and answer.featureCount() == 1
    assert evidence.crs().authid() == answer.crs().authid() == "EPSG:32618"
    (row,) = list(answer.getFeatures())
    assert row["count"] == 4 and row["kind"] == "count" and row["answer"] == "4 ships in the area"
    assert {f["count_id"] for f in evidence.getFeatures()} == {row["count_id"]}
    assert {f["label"] for f in evidence.getFeatures()} == {"ship"}
    assert all(row.geometry().contains(f.geometry()) for f in evidence.getFeatures())
    assert loaded_plugin.controller.last_layer is evidence  # "Save as…" saves the evidence
    assert evidence.source().startswith(results) and answer.source().startswith(results)


@pytest.mark.timeout(300)
def test_describe_captions_each_tile_then_shows_the_models_summary(loaded_plugin, backend_python, tmp_path):
    px = 2.0
    tif = write_raster(str(tmp_path / "fields.tif"), 1500, 500, px, split_col=745)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "describe.gpkg")

    def answer(seen):
        prompt = seen.texts[0]
        if "overview of a whole area" in prompt:  # the summary call gets the tile captions
            assert "Dark fields." in prompt and "Bright fields." in prompt
            return "Dark fields in the west, bright fields in the east."
        from PIL import ImageStat

        bright = ImageStat.Stat(seen.images[0].convert("L")).mean[0] > 128
        return "Bright fields." if bright else "Dark fields."

    with LoopbackOpenAIServer(answer=answer) as srv:
        fill_form(dock, layer, backend_python, results, "", DEFAULT_MODEL, srv.url)
        dock.task_group.set_task("caption")
        dock.set_drawn_aoi(two_tile_aoi(px), layer.crs())
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert len(srv.requests) == 3  # two tiles, then one summary

    assert "Dark fields in the west, bright fields in the east." in dock.answer_text()
    (described,) = group_layers("Area description")
    rows = sorted(described.getFeatures(), key=lambda f: (f["kind"], f["tile_id"] or 0))
    assert [(f["kind"], f["answer"]) for f in rows] == [
        ("summary", "Dark fields in the west, bright fields in the east."),
        ("tile", "Dark fields."),
        ("tile", "Bright fields."),
    ]
    summary = rows[0].geometry()
    assert all(summary.contains(f.geometry().centroid()) for f in rows[1:])
    assert dock.status().startswith('Done. 3 features in "Area description"'), dock.status()


@pytest.mark.timeout(120)
def test_choosing_the_florence_family_greys_out_ask_with_the_workers_reason(loaded_plugin, backend_python, tmp_path):
    dock = loaded_plugin.show_dock()
    group, tasks = dock.model_group, dock.task_group
    group.python_edit.setText(backend_python)
    group.model_edit.setText("my-model")
    group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
    group.url_edit.setText("http://127.0.0.1:9/v1")
    tasks.set_task("ask")
    group.family_combo.setCurrentIndex(group.family_combo.findData("florence2"))  # asks the worker
    assert wait_until(lambda: not tasks.is_available("ask"), 60), "the worker's model_info never came"
    assert "free questions" in tasks.reason("ask")
    assert tasks.task() != "ask" and tasks.is_available("detect") and tasks.is_available("count")

    group.family_combo.setCurrentIndex(group.family_combo.findData("qwen3_vl"))
    assert wait_until(lambda: tasks.is_available("ask"), 60)
    assert all(tasks.is_available(t) for t in ("ask", "caption", "detect", "count", "ground"))
