"""Detect in the dock, end to end in real headless QGIS with the real worker process.

(a) Through an OpenAI-compatible server: the loopback stand-in for vLLM (a real HTTP server on
127.0.0.1; see its docstring) answers recorded Qwen2.5-VL outputs, so the boxes are known and
their map coordinates can be checked against the raster transform. (b) With the tiny random
Qwen2.5-VL through the local transformers engine: its answers are noise, so only what is real
is checked (tiles, progress, the layer, its CRS and fields, the AOI). (c) Cancel mid-detect
through a slow server keeps what was found before the cancel.
"""

from __future__ import annotations

import os
import re
from datetime import datetime

import numpy as np
import pytest

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer, recorded
from .conftest import wait_until

ORIGIN_X, ORIGIN_Y = 500000.0, 4500000.0
FIELDS = ["label", "score", "task", "prompt", "model", "source", "tile_id", "created"]


def write_raster(path, width, height, pixel, split_col=None):
    """A 3-band uint8 GeoTIFF in EPSG:32618; columns from ``split_col`` on are bright."""
    import rasterio
    from rasterio.transform import from_origin

    data = np.full((3, height, width), 40, dtype=np.uint8)
    if split_col is not None:
        data[:, :, split_col:] = 210
    data[1] += (np.arange(width, dtype=np.uint16) % 7).astype(np.uint8)[None, :]  # some texture
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(ORIGIN_X, ORIGIN_Y, pixel, pixel),
    ) as dst:
        dst.write(data)
    return path


def add_raster(path):
    from qgis.core import QgsProject, QgsRasterLayer

    layer = QgsRasterLayer(path, "scene")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


def fill_form(dock, layer, backend_python, results, labels, model, url=None):
    dock.layer_combo.setLayer(layer)
    group = dock.model_group
    group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai" if url else "transformers"))
    if url:
        group.url_edit.setText(url)
    else:
        group.device_combo.setCurrentText("cpu")
        group.quant_combo.setCurrentText("nf4")
        group.tokens_spin.setValue(12)
    group.model_edit.setText(model)
    group.python_edit.setText(backend_python)
    group.results_edit.setText(results)
    dock.task_group.set_task("detect")
    dock.task_group.set_labels(labels)


def group_layers(name):
    from qgis.core import QgsProject

    group = QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM")
    return [] if group is None else [n.layer() for n in group.findLayers() if n.layer().name() == name]


def record(plugin):
    """Every progress event with the bar's text and the status as the dock showed them, and the
    order of features batches (with the layer's count after each) and the end of the job."""
    client, dock = plugin.controller.client, plugin.dock
    progress, events = [], []
    client.progress.connect(
        lambda jid, p: progress.append(
            (p.get("stage"), p.get("done"), p.get("total"), dock.progress_bar.text(), dock.status())
        )
    )
    client.features.connect(
        lambda jid, p: events.append(("features", plugin.controller.streamed.main_layer().featureCount()))
    )
    client.finished.connect(lambda jid, r: events.append(("finished", r.get("status"))))
    return progress, events


def is_null(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


def boxes(layer):
    out = {}
    for f in layer.getFeatures():
        b = f.geometry().boundingBox()
        out.setdefault(f["label"], []).append((b.xMinimum(), b.yMinimum(), b.xMaximum(), b.yMaximum()))
    return {k: sorted(v) for k, v in out.items()}


def dark_or_bright(seen):
    """The recorded answer for a tile: storage tanks on the dark side, ships on the bright one."""
    from PIL import ImageStat

    mean = ImageStat.Stat(seen.images[0].convert("L")).mean[0]
    return recorded("truncated") if mean > 128 else recorded("prose_around")


@pytest.mark.timeout(300)
def test_detect_through_a_server_fills_a_detections_layer_at_the_right_place(loaded_plugin, backend_python, tmp_path):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsGeometry, QgsRectangle, QgsVectorLayer

    # 1500 x 500 px at 2 m. The AOI is cols 20..1470, rows 26..474: two 784 x 448 tiles (stride
    # 666 px: cols 20..804 and 686..1470), sizes the server's processor keeps (28-multiples).
    px = 2.0
    tif = write_raster(str(tmp_path / "scene.tif"), 1500, 500, px, split_col=745)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "out" / "results.gpkg")
    aoi = QgsRectangle(ORIGIN_X + 20 * px, ORIGIN_Y - 474 * px, ORIGIN_X + 1470 * px, ORIGIN_Y - 26 * px)
    with LoopbackOpenAIServer(answer=dark_or_bright) as srv:
        fill_form(dock, layer, backend_python, results, "ship, storage tank", DEFAULT_MODEL, srv.url)
        dock.set_drawn_aoi(aoi, layer.crs())
        progress, events = record(loaded_plugin)
        dock.run_button.click()
        shown = group_layers("Detections")  # there at once, empty, before the worker did anything
        assert len(shown) == 1 and dock.is_running()
        detections = shown[0]
        assert detections.featureCount() == 0 and detections.crs().authid() == "EPSG:32618"
        assert detections.fields().names() == FIELDS
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert sorted(img.size for s in srv.requests for img in s.images) == [(784, 448), (784, 448)]
        assert all("categories: 'ship', 'storage tank'." in s.texts[0] for s in srv.requests), srv.requests[0].texts

    assert dock.status() == f'Done. 3 features in "Detections". Saved in {results}.', dock.status()
    assert '2 ships, 1 storage tank in "Detections".' in dock.answer_text()  # what was found, by label
    assert group_layers("Detections") == [detections]  # the same layer, filled
    # streamed: features came in before the job's end, into that layer
    assert events[-1] == ("finished", "ok") and events[0][0] == "features" and events[-2] == ("features", 3)
    assert ("detect", 2, 2, "detect: 2 of 2 tiles", "3 features found") in progress, progress
    assert detections.providerType() == "ogr" and detections.source().startswith(results)
    assert detections.crs().authid() == "EPSG:32618"

    # boxes in pixels of the 784 x 448 image the server saw, = the tile read at 2 m per pixel
    def box(col0, x1, y1, x2, y2):
        return (
            ORIGIN_X + (col0 + x1) * px,
            ORIGIN_Y - (26 + y2) * px,
            ORIGIN_X + (col0 + x2) * px,
            ORIGIN_Y - (26 + y1) * px,
        )

    want = {
        "storage tank": [box(20, 10, 20, 110, 220)],  # prose_around.txt, tile 0
        "ship": sorted([box(686, 12, 30, 80, 96), box(686, 200, 210, 260, 280)]),
    }  # truncated.txt, tile 1
    got = boxes(detections)
    assert sorted(got) == sorted(want)
    for label, expected in want.items():
        assert np.allclose(got[label], expected, atol=1e-6), (label, got[label], expected)
    area = QgsGeometry.fromRect(aoi)
    features = list(detections.getFeatures())
    for f in features:
        assert area.contains(f.geometry()), f.geometry().asWkt()
        assert f["task"] == "detect" and f["prompt"] == "ship, storage tank" and f["model"] == DEFAULT_MODEL
        assert os.path.samefile(f["source"], tif) and is_null(f["score"])
        assert f["tile_id"] == (0 if f["label"] == "storage tank" else 1)
        created = datetime.fromisoformat(f["created"])
        assert created.utcoffset().total_seconds() == 0

    renderer = detections.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "label"
    categories = renderer.categories()
    assert sorted(c.value() for c in categories) == ["ship", "storage tank"]
    assert all(c.symbol().symbolLayer(0).fillColor().alpha() == 0 for c in categories)

    controller = loaded_plugin.controller
    assert controller.last_layer is detections and dock.save_button.isEnabled()
    shp = controller.save_last_result(str(tmp_path / "export" / "detections.shp"))
    assert dock.status().startswith("Saved 3 features to")
    reopened = QgsVectorLayer(shp, "reopened", "ogr")
    assert reopened.isValid() and reopened.featureCount() == 3
    assert reopened.crs().authid() == "EPSG:32618"
    names = reopened.fields().names()
    assert all(len(n) <= 10 for n in names) and all(n in names for n in FIELDS)
    again = boxes(reopened)
    assert sorted(again) == sorted(got) and all(np.allclose(again[k], got[k], atol=1e-6) for k in got)
    by_key = {(f["label"], round(f.geometry().centroid().asPoint().x(), 3)): f for f in features}
    for f in reopened.getFeatures():
        mine = by_key[(f["label"], round(f.geometry().centroid().asPoint().x(), 3))]
        assert f.geometry().symDifference(mine.geometry()).area() < 1e-6
        assert [f[n] for n in FIELDS if n != "score"] == [mine[n] for n in FIELDS if n != "score"]
        assert is_null(f["score"])


@pytest.mark.timeout(600)
def test_detect_with_the_tiny_model_over_two_tiles(loaded_plugin, tiny_model_dir, backend_python, tmp_path):
    from qgis.core import QgsGeometry, QgsRectangle

    # 1500 x 120 px at 10 m; the AOI (cols 20..1470, rows 10..110) is two 784 x 100 tiles
    px = 10.0
    tif = write_raster(str(tmp_path / "wide.tif"), 1500, 120, px, split_col=700)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "tiny.gpkg")
    fill_form(dock, layer, backend_python, results, "building", tiny_model_dir)
    aoi = QgsRectangle(ORIGIN_X + 20 * px, ORIGIN_Y - 110 * px, ORIGIN_X + 1470 * px, ORIGIN_Y - 10 * px)
    dock.set_drawn_aoi(aoi, layer.crs())
    progress, events = record(loaded_plugin)
    dock.run_button.click()
    shown = group_layers("Detections")
    assert len(shown) == 1 and shown[0].crs().authid() == "EPSG:32618"
    detections = shown[0]
    assert wait_until(lambda: not dock.is_running(), 540), dock.status()

    assert dock.status().startswith("Done."), dock.status()
    n = detections.featureCount()
    assert (
        f'{n} feature{"" if n == 1 else "s"} in "Detections"' in dock.status()
        and f"Saved in {results}" in dock.status()
    )
    tiles = [(done, total, text) for stage, done, total, text, _ in progress if stage == "detect"]
    assert tiles[0][:2] == (0, 2) and tiles[-1] == (2, 2, "detect: 2 of 2 tiles"), progress
    assert all(
        re.fullmatch(r"\d+ features found", status)
        for stage, done, *_, status in progress
        if stage == "detect" and done
    ), progress
    assert events[-1] == ("finished", "ok")
    assert group_layers("Detections") == [detections]
    assert detections.crs().authid() == "EPSG:32618"
    assert [n for n in detections.fields().names() if n != "fid"] == FIELDS  # "fid": the GeoPackage's key
    assert detections.providerType() == "ogr" and detections.source().startswith(results)
    area = QgsGeometry.fromRect(aoi).buffer(1e-6, 1)
    for f in detections.getFeatures():  # noise, but clipped to the AOI and fully attributed
        assert area.contains(f.geometry()), f.geometry().asWkt()
        assert f["task"] == "detect" and f["prompt"] == "building" and f["tile_id"] in (0, 1)
    print(f"tiny model: {n} feature(s) over 2 tiles")


@pytest.mark.timeout(300)
def test_cancel_mid_detect_keeps_what_was_found(loaded_plugin, backend_python, tmp_path):
    from qgis.core import QgsProject, QgsVectorLayer

    # 5446 x 224 px at 1 m, the whole layer: 8 tiles of 784 x 224 (stride 666), one box each
    tif = write_raster(str(tmp_path / "strip.tif"), 784 + 7 * 666, 224, 1.0)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "cancel.gpkg")
    with LoopbackOpenAIServer(answer=recorded("prose_around"), delay_s=1.0) as srv:
        fill_form(dock, layer, backend_python, results, "storage tank", DEFAULT_MODEL, srv.url)
        dock.set_aoi_mode("layer")
        progress, events = record(loaded_plugin)
        dock.run_button.click()
        assert wait_until(lambda: any(p[0] == "detect" and p[1] >= 1 for p in progress), 120), progress
        dock.cancel_button.click()
        assert wait_until(lambda: not dock.is_running(), 120), dock.status()
        asked = len(srv.requests)

    status = dock.status()
    match = re.match(
        r"Cancelled after (\d+) of 8 tiles\. The (\d+) features? found so far (?:is|are) kept in "
        r'"Detections"\. Saved in (.+)\.$',
        status,
    )
    assert match, status
    done, kept = int(match.group(1)), int(match.group(2))
    assert 1 <= done < 8 and asked < 8 and match.group(3) == results
    detections = group_layers("Detections")
    assert len(detections) == 1 and detections[0] is loaded_plugin.controller.last_layer
    detections = detections[0]
    assert kept == done == detections.featureCount()  # every tile done gave its box
    assert sorted(f["tile_id"] for f in detections.getFeatures()) == list(range(done))
    assert detections.providerType() == "ogr" and detections.source().startswith(results)
    reopened = QgsVectorLayer(detections.source(), "again", "ogr")
    assert reopened.isValid() and reopened.featureCount() == kept
    assert events[-1] == ("finished", "cancelled")
    assert [lyr.name() for lyr in QgsProject.instance().mapLayers().values()].count("Detections") == 1
    print(f"cancel: {status}")


@pytest.mark.timeout(300)
def test_ground_not_found_says_so_and_a_bad_input_leaves_no_layer(loaded_plugin, backend_python, tmp_path):
    from qgis.core import QgsProject, QgsRectangle

    tif = write_raster(str(tmp_path / "small.tif"), 300, 200, 2.0)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    results = str(tmp_path / "ground.gpkg")
    with LoopbackOpenAIServer(answer=recorded("no_json")) as srv:
        fill_form(dock, layer, backend_python, results, "", DEFAULT_MODEL, srv.url)
        dock.task_group.set_task("ground")
        dock.task_group.set_text("the red car")
        dock.set_aoi_mode("layer")
        dock.run_button.click()
        assert len(group_layers("Grounding")) == 1
        assert wait_until(lambda: not dock.is_running(), 120), dock.status()
        assert len(srv.requests) == 1
        # the worker's answer is the message; the (empty) layer is kept like any finished job's
        assert dock.status() == (
            f'The model found no red car in the area. 0 features in "Grounding". Saved in {results}.'
        ), dock.status()
        assert dock.answer_text().startswith("The model found no red car in the area")  # a sentence
        grounding = group_layers("Grounding")
        assert len(grounding) == 1 and grounding[0].featureCount() == 0
        assert grounding[0].source().startswith(results)

        # an AOI off the raster: the worker refuses before any tile; the layer shown at Run goes
        dock.task_group.set_task("detect")
        dock.task_group.set_labels("car")
        dock.set_drawn_aoi(
            QgsRectangle(ORIGIN_X - 5000, ORIGIN_Y + 1000, ORIGIN_X - 4000, ORIGIN_Y + 2000), layer.crs()
        )
        dock.run_button.click()
        assert len(group_layers("Detections")) == 1
        assert wait_until(lambda: not dock.is_running(), 120), dock.status()
        assert len(srv.requests) == 1
    assert "overlap" in dock.status() and "feature" not in dock.status(), dock.status()
    assert group_layers("Detections") == [] and len(group_layers("Grounding")) == 1
    assert [lyr.name() for lyr in QgsProject.instance().mapLayers().values()].count("Detections") == 0


def test_an_answer_from_a_server_names_the_model_not_a_local_device(loaded_plugin, backend_python, tmp_path):
    """Under Ask's answer: "model · 0.1 s" for a server; "remote · server" said nothing."""
    layer = add_raster(write_raster(str(tmp_path / "scene.tif"), 64, 64, 1.0))
    dock = loaded_plugin.show_dock()
    with LoopbackOpenAIServer(answer="a bare field.") as srv:
        fill_form(dock, layer, backend_python, str(tmp_path / "r.gpkg"), "", DEFAULT_MODEL, srv.url)
        dock.task_group.set_task("ask")
        dock.task_group.set_text("What is here?")
        dock.set_aoi_mode("layer")
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running(), 120), dock.status()
    text = dock.answer_text()
    assert "a bare field." in text and re.search(rf"{re.escape(DEFAULT_MODEL)} · \d+\.\d s", text), text
    assert "remote" not in text and "· server" not in text
