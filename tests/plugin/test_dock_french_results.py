"""In a French QGIS the results speak French too: the run group, the streamed layers (and their
"(points)" layers) and the answer box, while the GeoPackage tables keep their key-derived ASCII
names, so a project made in one language reopens in another. Real headless QGIS, the real
worker process and the loopback stand-in for vLLM (tests/model_backend/loopback_openai_server)."""

from __future__ import annotations

import os

import pytest
from osgeo import ogr

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer, recorded
from .conftest import wait_until
from .test_dock_detect import add_raster, fill_form, write_raster
from .test_dock_french import french  # noqa: F401 (fixture)
from .test_dock_tasks import two_tile_aoi
from .test_streamed_layers import BOX, det, note


def _tables(gpkg):
    ds = ogr.Open(gpkg)
    names = [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]
    ds = None
    return names


def _run_group(project):
    group = project.layerTreeRoot().findGroup("GeoRSMLLM")
    return group.children()[0] if group is not None else None


def test_streamed_layers_and_run_group_in_french_tables_from_the_key(qgis_new_project, tmp_path):
    from georsmllm.plugin import translate
    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    translate.install_translator("fr")
    try:
        layers = StreamedLayers(project=qgis_new_project, task="detect")
        point = det("POINT(500003 4499002)", "navire", 0.9, 0)
        layers.add(note([det(BOX, "navire", 0.8, 0), point]))
        names = sorted(layer.name() for layer in layers.layers.values())
        assert names == ["Détections", "Détections (points)"]
        assert _run_group(qgis_new_project).name().startswith("Détecter des objets ")
        gpkg = str(tmp_path / "résultats.gpkg")
        layers.persist(gpkg, stamp="20261206_101010")
        assert sorted(_tables(gpkg)) == ["detections_20261206_101010", "detections_points_20261206_101010"]
        assert sorted(layer.name() for layer in layers.layers.values()) == names  # named, saved, still French
        assert all(layer.isValid() and layer.featureCount() == 1 for layer in layers.layers.values())
    finally:
        translate.remove_translators()


@pytest.mark.timeout(300)
def test_french_count_names_its_layers_and_answers_in_french(
    french,  # noqa: F811
    qgis_iface,
    qgis_new_project,
    plugin_settings,
    retired_workers_gone,
    backend_python,
    tmp_path,
):
    import georsmllm

    plugin = georsmllm.classFactory(qgis_iface)
    plugin.initGui()
    try:
        from qgis.core import QgsProject

        px = 2.0
        tif = write_raster(str(tmp_path / "port.tif"), 1500, 500, px)
        layer = add_raster(tif)
        dock = plugin.show_dock()
        results = str(tmp_path / "comptage.gpkg")
        # every tile answers two ships (recorded truncated.txt): 2 tiles -> 4 ships
        with LoopbackOpenAIServer(answer=recorded("truncated")) as srv:
            fill_form(dock, layer, backend_python, results, "", DEFAULT_MODEL, srv.url)
            dock.task_group.set_task("count")
            dock.task_group.set_labels("ship")
            dock.set_drawn_aoi(two_tile_aoi(px), layer.crs())
            dock.run_button.click()
            group = _run_group(QgsProject.instance())
            assert group.name().startswith("Compter des objets "), group.name()
            assert [n.layer().name() for n in group.findLayers()] == ["Preuves du comptage"]  # shown at Run
            assert wait_until(lambda: not dock.is_running(), 240), dock.status()
            assert len(srv.requests) == 2
        by_name = {n.layer().name(): n.layer() for n in group.findLayers()}
        assert sorted(by_name) == ["Preuves du comptage", "Réponse du comptage"]
        assert dock.answer_text().startswith("Ship × 4 dans la zone"), dock.answer_text()
        assert dock.status().startswith("Terminé. 4 entités dans « Preuves du comptage »"), dock.status()
        (row,) = list(by_name["Réponse du comptage"].getFeatures())
        assert row["count"] == 4 and row["answer"] == "ship × 4 dans la zone"  # the dock's sentence, kept
        tables = _tables(results)
        assert {t.split("_")[0] for t in tables if t != "georsmllm_runs"} == {"evidence", "captions"}, tables
        assert all(t.isascii() for t in tables) and os.path.isfile(results)
    finally:
        plugin.unload()
