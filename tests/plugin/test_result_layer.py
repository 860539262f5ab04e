"""The caption layer writer, fed with results shaped like the worker's."""

from __future__ import annotations

import os

import pytest
from osgeo import ogr

AOI_WKT = "POLYGON((500200 4499100,501000 4499100,501000 4499700,500200 4499700,500200 4499100))"


def _result(crs="EPSG:32618", wkt=AOI_WKT, answer="An airport apron with one airliner.", **extra):
    from qgis.core import QgsCoordinateReferenceSystem

    props = {
        "answer": answer,
        "question": "Describe this area.",
        "model": "tiny",
        "quantization": "nf4",
        "device": "cpu",
        "source": "/data/scene.tif",
        "created": "2026-11-23T10:00:00+00:00",
        "elapsed_s": 1.25,
    }
    props.update(extra)
    return {
        "status": "ok",
        "answer": answer,
        "crs_wkt": QgsCoordinateReferenceSystem(crs).toWkt(),
        "aoi_wkt": wkt,
        "properties": props,
        **props,
    }


JOB = {
    "raster": "/data/scene.tif",
    "question": "Describe this area.",
    "model": "tiny",
    "quantization": "nf4",
    "device": "cpu",
}


def _tables(gpkg):
    ds = ogr.Open(gpkg)
    names = sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount()))
    ds = None
    return names


def _group_layers(project):
    group = project.layerTreeRoot().findGroup("GeoRSMLLM")
    return [] if group is None else [n.layer() for n in group.findLayers()]


def test_caption_written_appended_and_split_by_crs(qgis_new_project, tmp_path):
    from qgis.core import QgsGeometry

    from georsmllm.plugin.layers.result_layer import write_caption

    project = qgis_new_project
    gpkg = str(tmp_path / "sub" / "results.gpkg")
    layer = write_caption(_result(), JOB, gpkg, project)
    assert os.path.exists(gpkg) and _tables(gpkg) == ["captions"]
    assert layer.name() == "Captions" and layer.crs().authid() == "EPSG:32618"
    assert _group_layers(project) == [layer]
    (feature,) = list(layer.getFeatures())
    assert feature.geometry().equals(QgsGeometry.fromWkt(AOI_WKT))
    assert {k: feature[k] for k in ("answer", "model", "quantization", "device", "source", "created", "elapsed_s")} == {
        "answer": "An airport apron with one airliner.",
        "model": "tiny",
        "quantization": "nf4",
        "device": "cpu",
        "source": "/data/scene.tif",
        "created": "2026-11-23T10:00:00+00:00",
        "elapsed_s": 1.25,
    }
    symbol_layer = layer.renderer().symbol().symbolLayer(0)
    assert symbol_layer.fillColor().alpha() == 0 or symbol_layer.brushStyle() == 0  # outline only

    again = write_caption(_result(answer="Second answer."), JOB, gpkg, project)
    assert again is layer and layer.featureCount() == 2

    wgs = "POLYGON((-87.91 42.94,-87.89 42.94,-87.89 42.95,-87.91 42.95,-87.91 42.94))"
    other = write_caption(_result(crs="EPSG:4326", wkt=wgs), JOB, gpkg, project)
    assert other.name() == "Captions (EPSG:4326)" and other.crs().authid() == "EPSG:4326"
    assert _tables(gpkg) == ["captions", "captions_epsg_4326"]
    assert other.featureCount() == 1 and layer.featureCount() == 2
    assert sorted(lyr.name() for lyr in _group_layers(project)) == ["Captions", "Captions (EPSG:4326)"]


def test_existing_results_file_is_appended_to_in_a_new_project(qgis_new_project, tmp_path):
    from qgis.core import QgsProject

    from georsmllm.plugin.layers.result_layer import write_caption

    gpkg = str(tmp_path / "results.gpkg")
    write_caption(_result(), JOB, gpkg, qgis_new_project)
    QgsProject.instance().removeAllMapLayers()
    layer = write_caption(_result(answer="Later."), JOB, gpkg, QgsProject.instance())
    assert layer.featureCount() == 2
    assert sorted(f["answer"] for f in layer.getFeatures()) == ["An airport apron with one airliner.", "Later."]


@pytest.mark.parametrize(
    "broken",
    [
        {"answer": "", "properties": {"answer": ""}},
        {"aoi_wkt": "POLYGON((nonsense"},
        {"crs_wkt": ""},
    ],
)
def test_bad_result_writes_nothing(qgis_new_project, tmp_path, broken):
    from georsmllm.plugin.layers.result_layer import ResultLayerError, write_caption

    result = _result()
    result.update(broken)
    gpkg = str(tmp_path / "results.gpkg")
    with pytest.raises(ResultLayerError):
        write_caption(result, JOB, gpkg, qgis_new_project)
    assert not os.path.exists(gpkg)
    assert _group_layers(qgis_new_project) == []
