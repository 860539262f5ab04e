"""Save as… in real headless QGIS: the button follows the result layer's lifetime (a removed or
deleted layer must never reach the writer), and a Shapefile keeps integers as integers, whether
the dock or the command line's writer made it."""

from __future__ import annotations

import json
import subprocess
import textwrap

import pytest

from .conftest import BACKEND_PYTHON, ROOT

CRS = "EPSG:32618"
BOX = "POLYGON((500000 4499000,500010 4499000,500010 4499005,500000 4499005,500000 4499000))"
COUNT_ID = 1732000000123  # milliseconds since 1970: past 32 bits, like the real count_id
INTEGER_FIELDS = ("tile_id", "count_id", "count")


@pytest.fixture
def plugin(qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    import georsmllm

    p = georsmllm.classFactory(qgis_iface)
    p.initGui()
    p.show_dock()
    yield p
    p.unload()


def _finish_count_job(controller, job_id=41):
    """What the worker sends for a count job: evidence boxes, the answer, then the reply."""
    from qgis.core import QgsCoordinateReferenceSystem

    controller.job_id, controller.cancelled = job_id, False
    controller.job = {"model": "m", "raster": "r.tif", "task": "count", "question": "How many ships?"}
    controller.dock.set_running(True)
    crs = QgsCoordinateReferenceSystem(CRS).toWkt()
    evidence = [
        {"wkt": BOX, "properties": {"label": "ship", "score": 0.9, "tile_id": tile, "count_id": COUNT_ID}}
        for tile in (0, 7)
    ]
    answer = [
        {
            "wkt": BOX,
            "properties": {
                "answer": "2 ship(s) in the area",
                "kind": "count",
                "count": 2,
                "tile_id": None,
                "count_id": COUNT_ID,
            },
        }
    ]
    controller.client.features.emit(job_id, {"job": job_id, "layer": "evidence", "crs_wkt": crs, "features": evidence})
    controller.client.features.emit(job_id, {"job": job_id, "layer": "captions", "crs_wkt": crs, "features": answer})
    controller.client.finished.emit(job_id, {"status": "ok", "answer": "2 ship(s) in the area"})
    assert not controller.dock.is_running()
    return controller.last_layer


def _integer_types():
    from qgis.PyQt.QtCore import QVariant

    if hasattr(QVariant, "Int"):
        return {QVariant.Int, QVariant.LongLong}
    from qgis.PyQt.QtCore import QMetaType

    return {QMetaType.Type.Int, QMetaType.Type.LongLong}


def _assert_integer_fields(layer, names):
    for name in names:
        field = layer.fields().field(name)
        assert field.type() in _integer_types(), (name, field.typeName(), field.length())


def _backend(script: str) -> dict:
    """Run ``script`` with the backend Python (pyogrio's own GDAL stays out of the QGIS process)."""
    proc = subprocess.run(
        [BACKEND_PYTHON, "-c", textwrap.dedent(script)], cwd=str(ROOT), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pyogrio_read(path: str) -> dict:
    """Field dtypes and values of ``path`` as pyogrio reads them."""
    return _backend(f"""
        import json
        import pyogrio
        info = pyogrio.read_info({path!r})
        meta, _, _, values = pyogrio.raw.read({path!r})
        print(json.dumps({{"dtypes": dict(zip(map(str, info["fields"]), map(str, info["dtypes"]))),
                          "values": {{str(n): [v.item() if hasattr(v, "item") else v for v in col]
                                     for n, col in zip(meta["fields"], values)}}}}))
    """)


def test_save_as_follows_the_result_layer_when_it_is_removed_or_the_project_cleared(plugin):
    from qgis.core import QgsProject

    controller, dock = plugin.controller, plugin.dock
    layer = _finish_count_job(controller)
    assert layer is not None and dock.save_button.isEnabled()

    QgsProject.instance().removeMapLayer(layer.id())
    assert not dock.save_button.isEnabled()
    assert controller.last_layer is None
    dock.save_button.click()  # disabled: nothing happens, above all no internal error
    controller.save_dialog()  # even if a click slipped through
    assert "Internal error" not in dock.status(), dock.status()

    layer = _finish_count_job(controller, 42)  # a new result enables it again
    assert layer is not None and dock.save_button.isEnabled()
    QgsProject.instance().clear()  # Project › New
    assert not dock.save_button.isEnabled() and controller.last_layer is None
    assert controller.save_last_result("/nonexistent/never.gpkg") is None
    assert "Internal error" not in dock.status(), dock.status()


def test_save_as_forgets_a_layer_deleted_outside_the_project(plugin):
    from qgis.core import QgsVectorLayer
    from qgis.PyQt import sip

    controller, dock = plugin.controller, plugin.dock
    layer = QgsVectorLayer(f"Polygon?crs={CRS}&field=label:string", "loose", "memory")
    controller.last_layer = layer
    assert dock.save_button.isEnabled() and controller.last_layer is layer
    sip.delete(layer)  # QObject.destroyed: the C++ layer is gone, the Python wrapper stays
    assert not dock.save_button.isEnabled()
    assert controller.last_layer is None


def test_dock_shapefile_keeps_integers_and_drops_the_geopackage_fid(plugin, tmp_path):
    from qgis.core import QgsVectorLayer

    controller = plugin.controller
    evidence = _finish_count_job(controller)
    assert evidence.source().startswith(controller.settings.results_path())  # the GeoPackage copy
    assert "fid" in evidence.fields().names()  # what OGR shows of a GeoPackage's row id

    out = controller.save_last_result(str(tmp_path / "evidence.shp"))
    assert out, plugin.dock.status()
    reopened = QgsVectorLayer(out, "evidence", "ogr")
    assert reopened.isValid()
    assert "fid" not in reopened.fields().names()
    _assert_integer_fields(reopened, ("tile_id", "count_id"))
    assert sorted((f["tile_id"], f["count_id"]) for f in reopened.getFeatures()) == [(0, COUNT_ID), (7, COUNT_ID)]

    read = _pyogrio_read(out)
    assert "fid" not in read["dtypes"]
    assert read["dtypes"]["tile_id"].startswith("int") and read["dtypes"]["count_id"].startswith("int"), read
    assert sorted(read["values"]["tile_id"]) == [0, 7] and set(read["values"]["count_id"]) == {COUNT_ID}


def test_dock_shapefile_of_the_count_answer_keeps_count_an_integer(plugin, tmp_path):
    from qgis.core import QgsProject, QgsVectorLayer

    from georsmllm.plugin.layers.export import export_layer

    _finish_count_job(plugin.controller)
    (answer,) = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() == "Count answer"]
    out = export_layer(answer, str(tmp_path / "answer.shp"))
    reopened = QgsVectorLayer(out, "answer", "ogr")
    assert "fid" not in reopened.fields().names()
    _assert_integer_fields(reopened, INTEGER_FIELDS)
    (row,) = list(reopened.getFeatures())
    assert (row["count"], row["count_id"]) == (2, COUNT_ID)


def test_cli_shapefile_reopens_with_integer_fields_in_qgis_and_pyogrio(qgis_new_project, tmp_path):
    """The backend's VectorWriter (what ``--out x.shp`` uses) writes the file in its own process."""
    from qgis.core import QgsVectorLayer

    out = str(tmp_path / "cli_answer.shp")
    _backend(f"""
        import json
        import pyproj
        from shapely import wkt
        from model_backend.protocol import LAYER_FIELDS
        from model_backend.writers.vector import VectorWriter
        crs = pyproj.CRS.from_user_input({CRS!r}).to_wkt()
        with VectorWriter({out!r}, "captions", crs, LAYER_FIELDS["captions"]) as w:
            w.write([wkt.loads({BOX!r})] * 2,
                    [{{"answer": "tile", "kind": "tile", "tile_id": 3, "count": None, "count_id": None}},
                     {{"answer": "2 ships", "kind": "count", "tile_id": None, "count": 2, "count_id": {COUNT_ID}}}])
        print(json.dumps({{}}))
    """)
    reopened = QgsVectorLayer(out, "cli", "ogr")
    assert reopened.isValid()
    assert "fid" not in reopened.fields().names()
    _assert_integer_fields(reopened, INTEGER_FIELDS)
    rows = {f["kind"]: f for f in reopened.getFeatures()}
    assert rows["tile"]["tile_id"] == 3
    assert (rows["count"]["count"], rows["count"]["count_id"]) == (2, COUNT_ID)

    read = _pyogrio_read(out)
    for name in INTEGER_FIELDS:
        assert read["dtypes"][name].startswith("int"), read["dtypes"]
