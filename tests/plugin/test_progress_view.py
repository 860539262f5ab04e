"""Progress inside a tile in real QGIS: a tiled task's bar shows the tokens of the tile being
answered and the time elapsed and left; the tokens come from the real worker with the tiny
model (detect over 2 tiles)."""

from __future__ import annotations

import re

import pytest

from .conftest import wait_until
from .test_dock_detect import ORIGIN_X, ORIGIN_Y, add_raster, fill_form, write_raster


def test_tokens_inside_tiles_and_time_left(loaded_plugin):
    dock = loaded_plugin.show_dock()
    dock.set_running(True)
    dock.set_progress(0, 2, "detect", "0 features found")
    assert dock.progress_bar.text() == "detect: 0 of 2 tiles"
    dock.set_progress(5, 256, "generate", "generating")
    assert dock.progress_bar.text() == "detect: 0 of 2 tiles · 5 of 256 tokens"
    assert dock.status() == "0 features found"  # the status keeps the count, the bar the tokens
    dock.set_progress(1, 2, "detect", "1 features found")
    assert dock.progress_bar.text() == "detect: 1 of 2 tiles"
    assert re.fullmatch(r"0:0\d elapsed · about 0:0\d left", dock.progress_view.time_label.text()), (
        dock.progress_view.time_label.text()
    )
    dock.set_running(False)
    assert dock.progress_view.time_label.text() == ""


@pytest.mark.timeout(600)
def test_tiny_model_detect_reports_tokens_inside_its_tiles(loaded_plugin, backend_python, tiny_model_dir, tmp_path):
    from qgis.core import QgsRectangle

    px = 2.0
    layer = add_raster(write_raster(str(tmp_path / "scene.tif"), 1500, 500, px))
    dock = loaded_plugin.show_dock()
    fill_form(dock, layer, backend_python, str(tmp_path / "r.gpkg"), "ship", tiny_model_dir)
    dock.set_drawn_aoi(
        QgsRectangle(ORIGIN_X + 20 * px, ORIGIN_Y - 474 * px, ORIGIN_X + 1470 * px, ORIGIN_Y - 26 * px), layer.crs()
    )
    texts = []
    loaded_plugin.controller.client.progress.connect(lambda _jid, p: texts.append(dock.progress_bar.text()))
    dock.run_button.click()
    assert wait_until(lambda: not dock.is_running(), 540), dock.status()
    assert dock.status().startswith("Done."), dock.status()
    assert any(re.fullmatch(r"detect: [01] of 2 tiles · \d+ of 12 tokens", t) for t in texts), texts
