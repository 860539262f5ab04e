"""georsmllm:find in real headless QGIS, through ``processing.run`` and the real worker, with the
tiny CLIP exported to ONNX. Its weights are random, so the text query checks the plumbing
(parameters, ranks, heat-map-free output layer in the raster's CRS), not which tiles win."""

from __future__ import annotations

import pytest

from ..model_backend.find.conftest import patch_kinds, write_patches
from .test_dock_find import tiny_clip_onnx  # noqa: F401 - the module fixture
from .test_processing_change import plugin, processing  # noqa: F401 - the fixtures


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEORSMLLM_CACHE", str(tmp_path / "user-cache"))  # the worker inherits it


@pytest.mark.timeout(300)
def test_find_algorithm_ranks_tiles_with_a_local_encoder(processing, plugin, tiny_clip_onnx, tmp_path):  # noqa: F811
    import shapely
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsRasterLayer, QgsVectorLayer

    alg = QgsApplication.processingRegistry().algorithmById("georsmllm:find")
    assert alg is not None, "georsmllm:find is not registered"
    names = {p.name() for p in alg.parameterDefinitions()}
    assert {"INPUT", "EXPRESSION", "TOP", "CONFIRM", "ENCODER", "OUTPUT"} <= names, names
    raster = write_patches(str(tmp_path / "a.tif"), patch_kinds(4, 6), seed=1)
    out = str(tmp_path / "find.gpkg")
    res = processing.run(
        "georsmllm:find",
        {"INPUT": raster, "EXPRESSION": "solar farm", "TOP": 5, "ENCODER": tiny_clip_onnx, "OUTPUT": out},
        feedback=QgsProcessingFeedback(),
    )
    lyr = QgsVectorLayer(res["OUTPUT"], "find", "ogr")
    src = QgsRasterLayer(raster, "a")
    assert lyr.isValid() and lyr.crs() == src.crs()
    feats = list(lyr.getFeatures())
    assert sorted(f["rank"] for f in feats) == [1, 2, 3, 4, 5]
    assert all(f["query"] == "solar farm" for f in feats)
    scores = [f["score"] for f in sorted(feats, key=lambda f: f["rank"])]
    assert scores == sorted(scores, reverse=True)  # rank 1 is the best score
    extent = src.extent()
    frame = shapely.box(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    for f in feats:
        assert frame.buffer(1e-6).covers(shapely.from_wkt(f.geometry().asWkt()))
    assert res["FEATURE_COUNT"] == 5
