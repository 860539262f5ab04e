"""The Processing provider in real headless QGIS, through ``processing.run``, with the real worker.

Two model stand-ins: (a) the loopback server (a real HTTP server on 127.0.0.1 standing in for
vLLM) answering as a perfect Qwen2.5-VL: the bright rectangles of each tile it receives as JSON
boxes, a sentence for a question (tests/model_backend/batch/scenes.py), so where boxes land is
checkable; (b) the tiny random Qwen2.5-VL through the local transformers engine: its answers are
noise, so only what is real is checked (layers, CRS, fields, counts that do not depend on it).
"""

from __future__ import annotations

import sys

import pytest

from model_backend.protocol import TASK_SPECS as BACKEND_TASKS

from ..model_backend.batch.scenes import SHIP, TANK, qwen_answer, three_scenes, write_scene
from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer

QGIS_PLUGINS = "/usr/share/qgis/python/plugins"  # Processing's Python package (Debian's QGIS)
COMMON = [
    "INPUT",
    "EXTENT",
    "AOI",
    "AOI_MODE",
    "MODEL",
    "FAMILY",
    "BASE_URL",
    "API_KEY_ENV",
    "DEVICE",
    "QUANTIZATION",
    "TILE_SIZE",
    "OVERLAP",
    "GSD",
    "OUTPUT",
]
TASKS = ["ask", "caption", "detect", "count", "ground"]
# Per task: what its text is, in the parameters of both stand-ins.
TEXT = {
    "ask": {"QUESTION": "What is in this area?"},
    "caption": {},
    "detect": {"LABELS": "ship, storage tank"},
    "count": {"QUESTION": "How many ships?"},
    "ground": {"EXPRESSION": "the long ship"},
}


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


@pytest.fixture
def server():
    with LoopbackOpenAIServer(answer=qwen_answer) as srv:
        yield srv


def run(processing, task, params, feedback=None):
    from qgis.core import QgsProcessingFeedback

    return processing.run(f"georsmllm:{task}", params, feedback=feedback or QgsProcessingFeedback())


def layer(path):
    from qgis.core import QgsVectorLayer

    lyr = QgsVectorLayer(path, "out", "ogr")
    assert lyr.isValid(), path
    return lyr


def fields_of(lyr):
    return [f.name() for f in lyr.fields() if f.name() != "fid"]


def object_box(obj, origin=(500000.0, 4500000.0), pixel=2.0):
    from qgis.core import QgsGeometry, QgsRectangle

    c0, r0, c1, r1, _ = obj
    return QgsGeometry.fromRect(
        QgsRectangle(origin[0] + c0 * pixel, origin[1] - r1 * pixel, origin[0] + c1 * pixel, origin[1] - r0 * pixel)
    )


def test_one_algorithm_per_task_of_the_table_with_the_issue_parameter_names(plugin, monkeypatch):
    from qgis.core import QgsApplication

    from georsmllm.model_backend import protocol

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("georsmllm")
    assert provider is not None and provider.name() == "GeoRSMLLM"
    assert sorted(a.name() for a in provider.algorithms()) == sorted(protocol.TASK_SPECS)
    for task, spec in protocol.TASK_SPECS.items():
        alg = registry.algorithmById(f"georsmllm:{task}")
        names = [p.name() for p in alg.parameterDefinitions()]
        assert set(COMMON) <= set(names), task
        assert ("LABELS" in names) == spec.labels
        assert ("EXPRESSION" in names) == (spec.text_role == "expression")
        assert ("QUESTION" in names) == (spec.text_role in ("question", "instruction"))
        assert [n for n in names if n.startswith("OUTPUT")] == ["OUTPUT"] + [
            f"OUTPUT_{x.key.upper()}" for x in spec.layers[1:]
        ]
        help_text = alg.shortHelpString()
        assert all(f"<b>{n}</b>" in help_text for n in names) and f"georsmllm:{task}" in help_text
    with open(plugin_dir() + "/metadata.txt", encoding="utf-8") as f:
        assert "hasProcessingProvider=yes" in f.read().splitlines()

    # a task added to the table appears with its parameters, the provider untouched
    extra = protocol.TaskSpec(
        "survey",
        "Survey an area",
        "Question",
        "What grows here?",
        ("ask",),
        (protocol.LayerSpec("captions", "Survey"),),
        needs="text",
        tiled=False,
    )
    monkeypatch.setitem(protocol.TASK_SPECS, "survey", extra)
    provider.refreshAlgorithms()
    alg = registry.algorithmById("georsmllm:survey")
    assert alg is not None and alg.displayName() == "Survey an area"
    assert not alg.parameterDefinition("QUESTION").flags() & 8  # required: the spec needs text (8: optional)
    monkeypatch.delitem(protocol.TASK_SPECS, "survey")
    provider.refreshAlgorithms()
    assert registry.algorithmById("georsmllm:survey") is None


def plugin_dir():
    import georsmllm

    return georsmllm.__path__[0]


@pytest.mark.parametrize("task", TASKS)
def test_each_algorithm_through_the_server_writes_the_docks_layers_where_the_objects_are(
    task, plugin, processing, server, tmp_path
):
    from georsmllm.model_backend import protocol

    scene_path = three_scenes(str(tmp_path / "in"))[0]
    objects = [(10, 10, 40, 30, SHIP), (100, 90, 140, 120, TANK), (200, 150, 260, 200, SHIP), (250, 20, 290, 60, TANK)]
    spec = protocol.TASK_SPECS[task]
    params = {
        "INPUT": scene_path,
        **TEXT[task],
        "MODEL": DEFAULT_MODEL,
        "BASE_URL": server.url,
        "TILE_SIZE": 168,
        "OUTPUT": str(tmp_path / "out.gpkg"),
    }
    if len(spec.layers) > 1:
        params["OUTPUT_" + spec.layers[1].key.upper()] = str(tmp_path / "second.gpkg")
    result = run(processing, task, params)
    out = layer(result["OUTPUT"])
    assert out.crs().authid() == "EPSG:32618"
    assert fields_of(out) == list(protocol.LAYER_FIELDS[spec.main_layer.key])
    feats = list(out.getFeatures())
    assert result["FEATURE_COUNT"] >= len(feats)
    if task in ("detect", "count"):
        ships = [o for o in objects if o[4] == SHIP]
        assert len(feats) == (len(objects) if task == "detect" else len(ships))  # count asks for ships
        for f in feats:
            best = max(f.geometry().intersection(object_box(o)).area() / object_box(o).area() for o in objects)
            assert best > 0.85, f.geometry().asWkt()
            assert f["source"] == scene_path and f["task"] == task
    elif task == "ground":
        assert len(feats) == 1 and f"{feats[0]['label']}" in ("ship", "storage tank")
    elif task == "ask":
        assert len(feats) == 1 and feats[0]["answer"] == "An industrial area with 4 bright object(s)."
        assert result["ANSWER"] == feats[0]["answer"]
    else:  # caption: a caption per tile (4 tiles of 168 px), then the summary
        assert sorted(f["kind"] for f in feats) == ["summary"] + ["tile"] * 4
    if task == "count":
        answer = layer(params["OUTPUT_CAPTIONS"])
        assert [f["count"] for f in answer.getFeatures()] == [2] and "2 ship(s)" in result["ANSWER"]


def test_each_algorithm_with_the_tiny_local_model_in_one_warm_worker(plugin, processing, tiny_model_dir, tmp_path):
    from georsmllm.model_backend import protocol
    from georsmllm.plugin.processing import worker

    scene_path = write_scene(str(tmp_path / "scene.tif"), [(10, 10, 40, 30, SHIP)], size=(200, 150))
    pids = set()
    for task in TASKS:
        spec = protocol.TASK_SPECS[task]
        out = str(tmp_path / f"{task}.gpkg")
        result = run(
            processing,
            task,
            {
                "INPUT": scene_path,
                **TEXT[task],
                "MODEL": tiny_model_dir,
                "DEVICE": 2,
                "QUANTIZATION": protocol.QUANTIZATIONS.index("none"),
                "TILE_SIZE": 128,
                "MAX_NEW_TOKENS": 8,
                "OUTPUT": out,
            },
        )
        lyr = layer(result["OUTPUT"])
        assert lyr.crs().authid() == "EPSG:32618" and fields_of(lyr) == list(protocol.LAYER_FIELDS[spec.main_layer.key])
        extent = layer_extent(scene_path)
        assert all(extent.contains(f.geometry().boundingBox()) for f in lyr.getFeatures())
        if task == "ask":
            assert lyr.featureCount() == 1
        if task == "caption":
            assert [f["kind"] for f in lyr.getFeatures()][-1] == "summary"
        pids.add(worker.shared_client()._process.processId())
    assert len(pids) == 1  # one worker (one model load) for the five runs


def Recording():  # noqa: N802 - a class made when QGIS is up
    """A QgsProcessingFeedback that keeps its info lines."""
    from qgis.core import QgsProcessingFeedback

    class _Recording(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.infos = []

        def pushInfo(self, info):  # noqa: N802
            self.infos.append(info)
            super().pushInfo(info)

    return _Recording()


def layer_extent(path):
    from qgis.core import QgsRasterLayer

    return QgsRasterLayer(path, "r").extent().buffered(1e-6)


def test_a_table_of_rasters_as_the_batch_interface_runs_it(plugin, processing, server, tmp_path):
    """The batch interface runs the algorithm once per row, in the main thread: two rows here,
    one warm worker for both."""
    from georsmllm.plugin.processing import worker

    rows = three_scenes(str(tmp_path / "in"))[:2]
    pids, counts = set(), []
    for i, scene_path in enumerate(rows):
        result = run(
            processing,
            "detect",
            {
                "INPUT": scene_path,
                "LABELS": "ship, storage tank",
                "MODEL": DEFAULT_MODEL,
                "BASE_URL": server.url,
                "TILE_SIZE": 168,
                "OUTPUT": str(tmp_path / f"row{i}.gpkg"),
            },
        )
        lyr = layer(result["OUTPUT"])
        counts.append(lyr.featureCount())
        assert {f["source"] for f in lyr.getFeatures()} == {scene_path}
        pids.add(worker.shared_client()._process.processId())
    assert counts == [4, 2] and len(pids) == 1


def test_cancel_through_the_feedback_keeps_what_was_found(plugin, processing, server, tmp_path):
    from qgis.core import QgsProcessingFeedback

    server.delay_s = 0.4
    scene_path = three_scenes(str(tmp_path / "in"))[0]
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda p: feedback.cancel() if p >= 20 else None)
    result = run(
        processing,
        "detect",
        {
            "INPUT": scene_path,
            "LABELS": "ship",
            "MODEL": DEFAULT_MODEL,
            "BASE_URL": server.url,
            "TILE_SIZE": 64,
            "OVERLAP": 0.0,
            "OUTPUT": str(tmp_path / "out.gpkg"),
        },
        feedback,
    )
    assert feedback.isCanceled()
    tiles = 5 * 4  # 300 x 240 px in 64 px tiles
    assert len(server.requests) < tiles  # stopped early
    assert layer(result["OUTPUT"]).featureCount() == result["FEATURE_COUNT"]


def test_the_algorithm_as_a_step_of_a_model(plugin, processing, server, tmp_path):
    """What the graphical modeler builds: a model with a georsmllm:detect step."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterRasterLayer,
    )

    model = QgsProcessingModelAlgorithm("find ships", "tests")
    model.addModelParameter(QgsProcessingParameterRasterLayer("scene", "Scene"), QgsProcessingModelParameter("scene"))
    step = QgsProcessingModelChildAlgorithm("georsmllm:detect")
    step.setChildId("detect")
    step.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("scene")])
    for name, value in {"LABELS": "ship", "MODEL": DEFAULT_MODEL, "BASE_URL": server.url, "TILE_SIZE": 168}.items():
        step.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    output = QgsProcessingModelOutput("ships")
    output.setChildOutputName("OUTPUT")
    step.setModelOutputs({"ships": output})
    model.addChildAlgorithm(step)
    scene_path = three_scenes(str(tmp_path / "in"))[0]
    result = processing.run(model, {"scene": scene_path, "detect:ships": str(tmp_path / "ships.gpkg")})
    assert {f["label"] for f in layer(result["detect:ships"]).getFeatures()} == {"ship"}
    assert layer(result["detect:ships"]).featureCount() == 2


@pytest.mark.parametrize("mode, runs", [(0, 2), (1, 1)])
def test_aoi_polygons_one_run_each_or_their_union_and_features_cut_to_them(
    mode, runs, plugin, processing, server, tmp_path
):
    """Two AOI triangles (lon/lat) over the raster: features are cut to them, in the raster's CRS."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
        QgsProject,
        QgsVectorLayer,
    )

    scene_path = three_scenes(str(tmp_path / "in"))[0]
    to_lonlat = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32618"), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()
    )
    aoi = QgsVectorLayer("Polygon?crs=EPSG:4326", "aoi", "memory")
    polygons = [
        "POLYGON((500000 4500000, 500100 4500000, 500000 4499900, 500000 4500000))",  # upper left
        "POLYGON((500600 4499520, 500600 4499900, 500300 4499520, 500600 4499520))",
    ]  # lower right
    feats = []
    for wkt in polygons:
        f = QgsFeature()
        g = QgsGeometry.fromWkt(wkt)
        g.transform(to_lonlat)
        f.setGeometry(g)
        feats.append(f)
    aoi.dataProvider().addFeatures(feats)
    feedback = Recording()
    result = run(
        processing,
        "detect",
        {
            "INPUT": scene_path,
            "LABELS": "ship, storage tank",
            "MODEL": DEFAULT_MODEL,
            "BASE_URL": server.url,
            "TILE_SIZE": 168,
            "AOI": aoi,
            "AOI_MODE": mode,
            "OUTPUT": str(tmp_path / "out.gpkg"),
        },
        feedback,
    )
    union = QgsGeometry.unaryUnion([QgsGeometry.fromWkt(w) for w in polygons]).buffer(0.01, 4)
    found = list(layer(result["OUTPUT"]).getFeatures())
    assert found and all(union.contains(f.geometry()) for f in found)
    # the upper-left ship (pixels 10-40 x 10-30) straddles the first triangle's long side: cut by it
    corner = [f for f in found if f.geometry().boundingBox().xMinimum() < 500100]
    ship = object_box((10, 10, 40, 30, SHIP))
    assert len(corner) == 1 and 0.2 * ship.area() < corner[0].geometry().area() < 0.9 * ship.area()
    assert result["FEATURE_COUNT"] == len(found)
    assert sum(line.startswith("Run ") for line in feedback.infos) == (runs if runs > 1 else 0)


@pytest.mark.skipif("change" not in BACKEND_TASKS, reason="the change task is not in the task table")
def test_a_task_with_its_own_parameters_change_between_two_dates(plugin, processing, rasters_dir, tmp_path):
    """change takes a second raster (its per-task hook adds AFTER and METHOD); the real NAIP pair
    of the tests, 2010 and 2015, where the lakes grew: polygons in the before raster's CRS."""
    from georsmllm.model_backend import protocol

    before, after = (f"{rasters_dir}/naip_nd_{year}.tif" for year in (2010, 2015))
    result = run(
        processing, "change", {"INPUT": before, "AFTER": after, "METHOD": 0, "OUTPUT": str(tmp_path / "changes.gpkg")}
    )
    out = layer(result["OUTPUT"])
    assert out.crs().authid() == "EPSG:26914" and fields_of(out) == list(protocol.LAYER_FIELDS["changes"])
    assert out.featureCount() == result["FEATURE_COUNT"] > 0
    assert {f["after_source"] for f in out.getFeatures()} == {after}
    assert "change polygon(s)" in result["ANSWER"]


def test_an_extent_in_another_crs_limits_the_run(plugin, processing, server, tmp_path):
    """EXTENT given in lon/lat over the raster's left half (UTM): only the objects there."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsRectangle

    scene_path = three_scenes(str(tmp_path / "in"))[0]
    to_lonlat = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:32618"), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()
    )
    box = to_lonlat.transformBoundingBox(QgsRectangle(500000, 4499520, 500300, 4500000))
    extent = f"{box.xMinimum()},{box.xMaximum()},{box.yMinimum()},{box.yMaximum()} [EPSG:4326]"
    result = run(
        processing,
        "detect",
        {
            "INPUT": scene_path,
            "LABELS": "ship, storage tank",
            "MODEL": DEFAULT_MODEL,
            "BASE_URL": server.url,
            "TILE_SIZE": 168,
            "EXTENT": extent,
            "OUTPUT": str(tmp_path / "out.gpkg"),
        },
    )
    found = list(layer(result["OUTPUT"]).getFeatures())
    # the ship at pixels 10-40 and the tank at 100-140 are left of x = 500300; the others right of it
    assert sorted(f["label"] for f in found) == ["ship", "storage tank"]
    assert all(f.geometry().boundingBox().xMaximum() <= 500300 + 1 for f in found)
