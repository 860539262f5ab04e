"""georsmllm:change in real headless QGIS, through ``processing.run`` and the real worker: two
synthetic dates with known changes (tests/model_backend/change/synthetic.py), method diff (no
model), so where the polygons land is checkable."""

from __future__ import annotations

import sys

import pytest

from ..model_backend.change.synthetic import DateGrid, iou, truth, write_date
from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer

QGIS_PLUGINS = "/usr/share/qgis/python/plugins"  # Processing's Python package (Debian's QGIS)


@pytest.fixture(scope="module")
def processing(qgis_app):
    if QGIS_PLUGINS not in sys.path:
        sys.path.append(QGIS_PLUGINS)
    from processing.core.Processing import Processing

    Processing.initialize()
    import processing as module

    return module


@pytest.fixture
def plugin(processing, qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone, monkeypatch):
    """The plugin as qgis_process loads it: classFactory, then initProcessing (no initGui)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    import georsmllm

    p = georsmllm.classFactory(qgis_iface)
    p.initProcessing()
    yield p
    p.unload()


@pytest.mark.timeout(300)
def test_change_algorithm_writes_the_changes_at_the_right_place(processing, plugin, tmp_path):
    import shapely
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsVectorLayer

    alg = QgsApplication.processingRegistry().algorithmById("georsmllm:change")
    assert alg is not None, "georsmllm:change is not registered"
    names = [p.name() for p in alg.parameterDefinitions()]
    assert {"INPUT", "AFTER", "METHOD", "MIN_AREA", "ONNX_MODEL", "DESCRIBE", "OUTPUT"} <= set(names), names
    before = write_date(str(tmp_path / "before.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "after.tif"), 1, DateGrid(), gain=1.15, offset=8, seed=2)
    out = str(tmp_path / "changes.gpkg")
    res = processing.run(
        "georsmllm:change",
        {"INPUT": before, "AFTER": after, "METHOD": 0, "MIN_AREA": 100.0, "OUTPUT": out},
        feedback=QgsProcessingFeedback(),
    )
    lyr = QgsVectorLayer(res["OUTPUT"], "changes", "ogr")
    assert lyr.isValid() and lyr.crs().authid() == "EPSG:32618"
    got = [shapely.from_wkt(f.geometry().asWkt()) for f in lyr.getFeatures()]
    want = truth()
    assert len(got) == len(want)
    for name, poly in want.items():
        assert max(iou(poly, g) for g in got) >= 0.8, name
    assert all(f["method"] == "diff" and f["area_m2"] > 100 for f in lyr.getFeatures())
    assert "3 change polygon(s)" in str(res.get("ANSWER"))


@pytest.mark.timeout(300)
def test_change_algorithm_describes_the_largest_change_through_a_server(processing, plugin, tmp_path):
    """The model is the loopback stand-in for an OpenAI-compatible server (see its docstring)."""
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer

    before = write_date(str(tmp_path / "before.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "after.tif"), 1, DateGrid(), gain=1.15, offset=8, seed=2)
    sentence = "A new building on a former field."
    with LoopbackOpenAIServer(answer=sentence) as srv:
        res = processing.run(
            "georsmllm:change",
            {
                "INPUT": before,
                "AFTER": after,
                "MIN_AREA": 100.0,
                "DESCRIBE": 1,
                "MODEL": DEFAULT_MODEL,
                "BASE_URL": srv.url,
                "QUESTION": "new buildings?",
                "OUTPUT": str(tmp_path / "described.gpkg"),
            },
            feedback=QgsProcessingFeedback(),
        )
        assert len(srv.requests) == 1 and "new buildings?" in " ".join(srv.requests[0].texts)
    lyr = QgsVectorLayer(res["OUTPUT"], "changes", "ogr")
    rows = sorted(lyr.getFeatures(), key=lambda f: -f["area_m2"])
    assert len(rows) == 3 and rows[0]["description"] == sentence
    assert all(not f["description"] for f in rows[1:])
