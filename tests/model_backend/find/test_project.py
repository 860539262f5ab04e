"""Find over every raster of a QGIS project (.qgz read as XML, no QGIS): each raster indexed
once, results naming their source, one heat map per raster, a raster in another CRS reprojected
into the layer's CRS."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pyproj
import rasterio
import shapely

from model_backend.find.encoder import open_encoder

from .conftest import patch_kinds, write_patches
from .helpers import read_layer, run_find

QGS = """<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="find test" version="3.22.16-Białowieża">
  <projectlayers>
    <maplayer type="raster"><id>a</id><datasource>./rasters/a.tif</datasource><provider>gdal</provider></maplayer>
    <maplayer type="vector"><id>v</id><datasource>./roads.gpkg|layername=roads</datasource>
      <provider>ogr</provider></maplayer>
    <maplayer type="raster"><id>b</id><datasource>./rasters/b.tif</datasource><provider>gdal</provider></maplayer>
    <maplayer type="raster"><id>w</id><datasource>url=https://example.invalid/wms</datasource><provider>wms</provider></maplayer>
    <maplayer type="raster"><id>c</id><datasource>{c}</datasource><provider>gdal</provider></maplayer>
  </projectlayers>
</qgis>
"""


def make_project(tmp_path):
    os.makedirs(tmp_path / "rasters")
    a = write_patches(str(tmp_path / "rasters" / "a.tif"), patch_kinds(4, 6), seed=1)
    b = write_patches(str(tmp_path / "rasters" / "b.tif"), patch_kinds(2, 2), seed=2)
    # another UTM zone, elsewhere: its tiles must come out in a's CRS
    c = write_patches(
        str(tmp_path / "elsewhere.tif"), patch_kinds(2, 3), seed=3, crs="EPSG:32617", origin=(700000.0, 4500000.0)
    )
    qgz = str(tmp_path / "project.qgz")
    with zipfile.ZipFile(qgz, "w") as z:
        z.writestr("project.qgs", QGS.format(c=c))
    return qgz, (a, b, c)


def test_a_project_with_three_rasters_is_indexed_once_and_results_name_their_source(tiny_clip, tmp_path):
    _, onnx_dir = tiny_clip
    qgz, (a, b, c) = make_project(tmp_path)
    enc = open_encoder(onnx_dir, "auto", "auto")
    images = enc.images
    out = str(tmp_path / "out" / "find.gpkg")
    r = run_find(project=qgz, question="storage tank", encoder=onnx_dir, top=34, out=out)
    assert enc.images - images == 24 + 4 + 6 == r["tiles_encoded"] == r["tiles_total"]
    assert {s["source"] for s in r["sources"]} == {a, b, c}
    assert {s["source"]: s["tiles"] for s in r["sources"]} == {a: 24, b: 4, c: 6}
    assert sum(s["in_top"] for s in r["sources"]) == 34
    ranks = [s["best_rank"] for s in r["sources"]]
    assert ranks == sorted(ranks) and ranks[0] == 1  # the raster holding the best match first
    crs, geoms, rows = read_layer(out, "find")
    assert "32618" in crs and {row["source"] for row in rows} == {a, b, c}
    for path in (a, b, c):
        with rasterio.open(r["heatmaps"][path]) as ds:
            assert ds.crs == rasterio.open(path).crs
        assert os.path.basename(r["heatmaps"][path]).startswith("find_heat_")
    to_18 = pyproj.Transformer.from_crs("EPSG:32617", "EPSG:32618", always_xy=True)
    with rasterio.open(c) as ds:
        c_in_18 = shapely.transform(
            shapely.segmentize(shapely.box(*ds.bounds), 10),
            lambda xy: np.column_stack(to_18.transform(xy[:, 0], xy[:, 1])),
        )
    c_geoms = [g for g, row in zip(geoms, rows) if row["source"] == c]
    assert len(c_geoms) == 6 and all(c_in_18.buffer(1).contains(g) for g in c_geoms)
    assert any(n in r["answer"] for n in ("a.tif", "b.tif", "elsewhere.tif"))

    images = enc.images
    again = run_find(project=qgz, raster=a, question="ship", encoder=onnx_dir, out=str(tmp_path / "again.gpkg"))
    assert enc.images == images and again["tiles_cached"] == 34  # a named twice is searched once


def test_a_project_without_file_rasters_is_bad_input(tmp_path):
    import pytest

    from model_backend.errors import BadInput

    qgs = tmp_path / "empty.qgs"
    qgs.write_text("<qgis><projectlayers/></qgis>")
    with pytest.raises(BadInput, match="no raster layer"):
        run_find(project=str(qgs), question="x", encoder=str(tmp_path / "none"))
