"""``python -m georsmllm.plugin.render_demo``: QGIS renders the raster, the AOI outline and the
caption text to a PNG from what the backend wrote (demo.json + GeoPackage)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.timeout(120)
def test_render_demo_writes_the_map(tmp_path, qgis_new_project):
    import rasterio
    from qgis.core import QgsCoordinateReferenceSystem
    from qgis.PyQt.QtGui import QColor, QImage
    from rasterio.transform import from_origin

    from georsmllm.plugin.layers.result_layer import write_caption

    tif = str(tmp_path / "grey.tif")
    with rasterio.open(
        tif,
        "w",
        driver="GTiff",
        width=100,
        height=80,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(500000, 4500000, 1, 1),
    ) as dst:
        ramp = np.tile(np.linspace(0, 200, 100, dtype=np.uint8), (80, 1))
        dst.write(np.stack([ramp // 4, ramp // 2, ramp]))  # blue-ish gradient
    gpkg = str(tmp_path / "captions.gpkg")
    wkt = "POLYGON((500020 4499940,500060 4499940,500060 4499970,500020 4499970,500020 4499940))"
    result = {
        "crs_wkt": QgsCoordinateReferenceSystem("EPSG:32618").toWkt(),
        "aoi_wkt": wkt,
        "answer": "A grey field.",
        "properties": {"answer": "A grey field.", "elapsed_s": 0.5},
    }
    write_caption(result, {"raster": tif, "question": "Describe this area.", "model": "tiny"}, gpkg, qgis_new_project)
    qgis_new_project.removeAllMapLayers()
    demo = {
        "raster": tif,
        "gpkg": gpkg,
        "layer": "captions",
        "answer": "A grey field. " * 30,
        "question": "Describe this area.",
        "model": "tiny",
        "tiny_model": True,
        "elapsed_s": 0.5,
    }
    (tmp_path / "demo.json").write_text(json.dumps(demo), encoding="utf-8")

    env = dict(os.environ, PYTHONPATH=str(ROOT / "build" / "pkg"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "georsmllm.plugin.render_demo", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert proc.returncode == 0, proc.stderr
    png = tmp_path / "map.png"
    image = QImage(str(png))
    assert image.width() == 1200 and image.height() > 1000
    pixels = [QColor(image.pixel(x, y)) for y in range(0, image.height(), 3) for x in range(0, 1200, 3)]
    red = sum(1 for c in pixels if c.red() > 180 and c.green() < 60 and c.blue() < 60)
    mid = image.height() // 2
    left, right = QColor(image.pixel(60, mid)), QColor(image.pixel(1100, mid))
    painted = sum(1 for c in pixels if c.red() < 250 and abs(c.red() - c.green()) < 40)
    assert red > 200  # the banner and the AOI outline
    assert painted > 50000  # the raster covers most of the map area...
    assert left.value() + 100 < right.value()  # ...as the west-to-east ramp it holds


def test_render_demo_bad_folder_says_so(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "build" / "pkg"), QT_QPA_PLATFORM="offscreen")
    (tmp_path / "demo.json").write_text(json.dumps({"raster": "x.tif"}), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "georsmllm.plugin.render_demo", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert proc.returncode == 2 and "lacks" in proc.stderr
