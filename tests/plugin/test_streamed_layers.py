"""Streamed result layers (detections, evidence, tile captions) in real QGIS: filled batch by
batch, styled by label, saved into the results GeoPackage, and exported to every format with
the attributes intact (Shapefile reopened by QGIS)."""

from __future__ import annotations

import os

import pytest

CRS = "EPSG:32618"
BOX = "POLYGON((500000 4499000,500010 4499000,500010 4499005,500000 4499005,500000 4499000))"
TWO_PARTS = (
    "MULTIPOLYGON(((500100 4499000,500110 4499000,500110 4499010,500100 4499010,500100 4499000)),"
    "((500120 4499000,500130 4499000,500130 4499010,500120 4499010,500120 4499000)))"
)


def det(wkt, label, score, tile):
    return {
        "wkt": wkt,
        "properties": {
            "label": label,
            "score": score,
            "task": "detect",
            "prompt": "planes, cars",
            "model": "tiny",
            "source": "/data/scene.tif",
            "tile_id": tile,
            "created": "2026-11-23T10:00:00+00:00",
        },
    }


def note(features, layer="detections"):
    from qgis.core import QgsCoordinateReferenceSystem

    return {"job": 1, "layer": layer, "crs_wkt": QgsCoordinateReferenceSystem(CRS).toWkt(), "features": features}


def _group_layers(project):
    group = project.layerTreeRoot().findGroup("GeoRSMLLM")
    return [] if group is None else [n.layer() for n in group.findLayers()]


def _rows(layer, names):
    return sorted(tuple(f[n] for n in names) for f in layer.getFeatures())


def test_detections_fill_a_layer_as_batches_arrive(qgis_new_project):
    from qgis.core import QgsCategorizedSymbolRenderer

    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    layers = StreamedLayers(project=qgis_new_project)
    assert layers.add(note([det(BOX, "plane", None, 0), det(BOX, "car", 0.4, 0)])) == 2
    layer = layers.first("detections")
    assert layer.name() == "Detections" and layer.crs().authid() == CRS
    assert layer.featureCount() == 2 and _group_layers(qgis_new_project) == [layer]
    # a null first score still makes a number field, and tile ids are integers
    assert layer.fields().field("score").typeName().lower() in ("double", "real")
    assert layer.fields().field("tile_id").typeName().lower().startswith("int")

    added = layers.add(
        note(
            [
                det(TWO_PARTS, "car", 0.7, 1),
                det("POINT(500003 4499004)", "plane", None, 1),
                det("not wkt", "car", 0.1, 1),
            ]
        )
    )
    assert added == 2 and layers.skipped == 1
    assert layer.featureCount() == 3  # the two-part detection is one feature
    points = [lyr for lyr in layers.layers.values() if lyr is not layer]
    assert len(points) == 1 and points[0].name() == "Detections (points)" and points[0].featureCount() == 1
    assert _rows(layer, ["label", "tile_id"]) == [("car", 0), ("car", 1), ("plane", 0)]
    assert layers.feature_count() == 4 and layers.feature_count("detections") == 4

    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "label"
    kept = renderer.categories()  # the symbols belong to these copies: keep them alive
    categories = {c.value(): c.symbol() for c in kept}
    assert sorted(categories) == ["car", "plane"]
    outline_colors = {v: s.symbolLayer(0).strokeColor().name() for v, s in categories.items()}
    assert outline_colors["car"] != outline_colors["plane"]
    assert all(s.symbolLayer(0).fillColor().alpha() == 0 for s in categories.values())


def test_other_layer_keys_get_their_own_layers(qgis_new_project):
    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    layers = StreamedLayers(project=qgis_new_project, task="count")
    layers.add(note([det(BOX, "ship", 0.9, 0)], layer="evidence"))
    layers.add(note([{"wkt": BOX, "properties": {"answer": "1 ship.", "kind": "count", "count": 1}}], layer="captions"))
    names = sorted(lyr.name() for lyr in _group_layers(qgis_new_project))
    assert names == ["Count answer", "Count evidence"]  # count's "captions" is its answer
    answer = layers.first("captions")
    assert [(f["answer"], f["count"]) for f in answer.getFeatures()] == [("1 ship.", 1)]
    assert answer.fields().indexOf("label") < 0

    described = StreamedLayers(project=qgis_new_project, task="caption")
    described.add(
        note(
            [{"wkt": BOX, "properties": {"answer": "Docks and ships.", "kind": "tile", "tile_id": 3}}], layer="captions"
        )
    )
    assert described.first("captions").name() == "Area description"  # caption's tiles + summary
    assert [f["tile_id"] for f in described.first("captions").getFeatures()] == [3]


def test_start_shows_an_empty_layer_with_the_job_fields_before_any_feature(qgis_new_project, tmp_path):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem, QgsVectorLayer

    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    layers = StreamedLayers(project=qgis_new_project, task="detect")
    layer = layers.start("detections", QgsCoordinateReferenceSystem(CRS))
    assert _group_layers(qgis_new_project) == [layer] and layer.name() == "Detections"
    assert layer.featureCount() == 0 and layer.crs().authid() == CRS
    assert layer.fields().names() == ["label", "score", "task", "prompt", "model", "source", "tile_id", "created"]
    assert isinstance(layer.renderer(), QgsCategorizedSymbolRenderer)
    # the streamed features fill that same layer
    layers.add(note([det(BOX, "plane", None, 0)]))
    assert list(layers.layers.values()) == [layer] and layer.featureCount() == 1
    assert [c.value() for c in layer.renderer().categories()] == ["plane"]

    empty = StreamedLayers(project=qgis_new_project, task="ground")
    grounding = empty.start("grounding", QgsCoordinateReferenceSystem(CRS))
    empty.persist(str(tmp_path / "r.gpkg"), stamp="20261123_100000")  # an empty layer is kept too
    reopened = QgsVectorLayer(grounding.source(), "again", "ogr")
    assert reopened.isValid() and reopened.featureCount() == 0 and reopened.crs().authid() == CRS
    assert "tile_id" in reopened.fields().names()

    gone = StreamedLayers(project=qgis_new_project, task="caption")
    gone.start("captions", QgsCoordinateReferenceSystem(CRS))
    gone.discard()
    assert sorted(lyr.name() for lyr in _group_layers(qgis_new_project)) == ["Detections", "Grounding"]
    layers.discard()
    empty.discard()
    assert qgis_new_project.layerTreeRoot().findGroup("GeoRSMLLM") is None  # an emptied group goes


def test_every_result_layer_starts_with_the_protocol_fields(qgis_new_project):
    """The backend writes ``protocol.LAYER_FIELDS`` (its jobs take their schemas from there);
    a layer started before any feature must have the same names, typed as the plugin can."""
    from qgis.core import QgsCoordinateReferenceSystem

    from georsmllm.model_backend import protocol
    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    assert set(protocol.LAYER_FIELDS) >= {"detections", "grounding", "evidence", "captions", "find"}
    crs = QgsCoordinateReferenceSystem("EPSG:32618")
    for key, fields in protocol.LAYER_FIELDS.items():
        assert set(fields.values()) <= {"str", "int", "float"}  # what the plugin can type
        streamed = StreamedLayers()
        streamed.start(key, crs)
        layer = streamed.first(key)
        assert layer.fields().names() == list(fields), key
        kinds = {f.name(): f.typeName().lower() for f in layer.fields()}
        assert all(
            kinds[n].startswith({"str": "str", "int": "int", "float": "double"}[t]) for n, t in fields.items()
        ), (key, kinds)
        streamed.discard()


def test_persist_moves_every_layer_into_the_geopackage(qgis_new_project, tmp_path):
    from qgis.core import QgsVectorLayer

    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    layers = StreamedLayers(project=qgis_new_project)
    layers.add(note([det(BOX, "plane", 0.9, 0), det(TWO_PARTS, "car", None, 2)]))
    layers.add(note([det("POINT(500003 4499004)", "plane", 0.5, 1)]))
    before = {lyr.name(): _rows(lyr, ["label", "score", "tile_id"]) for lyr in layers.layers.values()}
    gpkg = str(tmp_path / "res" / "results.gpkg")
    saved = layers.persist(gpkg, stamp="20261123_100000")
    assert len(saved) == 2
    for layer in saved:
        assert layer.providerType() == "ogr" and layer.source().startswith(gpkg) and layer.isValid()
        assert layer.crs().authid() == CRS
        reopened = QgsVectorLayer(layer.source(), "again", "ogr")
        assert reopened.isValid()
        assert _rows(reopened, ["label", "score", "tile_id"]) == before[layer.name()]
    assert sorted(lyr.name() for lyr in _group_layers(qgis_new_project)) == ["Detections", "Detections (points)"]
    assert "layername=detections_20261123_100000" in layers.first("detections").source()
    assert layers.persist(gpkg) == []  # already on disk: nothing to do


@pytest.mark.parametrize("ext", [".shp", ".gpkg", ".geojson", ".fgb"])
def test_export_reopens_in_qgis_with_the_same_features(qgis_new_project, tmp_path, ext):
    from qgis.core import QgsGeometry, QgsVectorLayer

    from georsmllm.plugin.layers.export import export_layer
    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    layers = StreamedLayers(project=qgis_new_project)
    layers.add(note([det(BOX, "plane", 0.9, 0), det(TWO_PARTS, "storage tank", None, 2)]))
    layer = layers.first("detections")
    path = export_layer(layer, str(tmp_path / f"detections{ext}"), qgis_new_project)
    reopened = QgsVectorLayer(path, "exported", "ogr")
    assert reopened.isValid(), path
    assert reopened.crs().authid() == CRS
    names = reopened.fields().names()
    assert all(len(n) <= 10 for n in names if ext == ".shp")
    for name in ("label", "score", "task", "prompt", "model", "source", "tile_id", "created"):
        assert name in names
    assert _rows(reopened, ["label", "score", "tile_id", "prompt"]) == _rows(
        layer, ["label", "score", "tile_id", "prompt"]
    )
    # same shapes (a Shapefile rewinds rings clockwise, so compare topologically)
    got = {f["label"]: f.geometry() for f in reopened.getFeatures()}
    want = {"plane": QgsGeometry.fromWkt(BOX), "storage tank": QgsGeometry.fromWkt(TWO_PARTS)}
    assert sorted(got) == sorted(want)
    for label, geometry in want.items():
        assert got[label].symDifference(geometry).area() < 1e-9, label
        assert abs(got[label].area() - geometry.area()) < 1e-9


def test_export_renames_long_fields_for_shapefile_like_the_cli(qgis_new_project, tmp_path):
    from qgis.core import QgsVectorLayer

    from georsmllm.model_backend import protocol
    from georsmllm.plugin.layers.export import export_layer
    from georsmllm.plugin.layers.result_layer import ResultLayerError
    from georsmllm.plugin.layers.streamed_layers import StreamedLayers

    layers = StreamedLayers(project=qgis_new_project)
    layers.add(
        note([{"wkt": BOX, "properties": {"answer": "x", "quantization": "nf4", "elapsed_s": 1.5}}], layer="captions")
    )
    layer = layers.first("captions")
    path = export_layer(layer, str(tmp_path / "c.shp"), qgis_new_project)
    reopened = QgsVectorLayer(path, "c", "ogr")
    assert protocol.shapefile_field_name("quantization") in reopened.fields().names()
    assert [f["quantizat"] for f in reopened.getFeatures()] == ["nf4"]
    assert layer.fields().indexOf("quantization") >= 0  # the map layer keeps its own names
    with pytest.raises(ResultLayerError):
        export_layer(layer, str(tmp_path / "c.kml"), qgis_new_project)
    assert not os.path.exists(tmp_path / "c.kml")
