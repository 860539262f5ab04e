"""``--inputs``: folders, globs, list files and QGIS projects become raster paths, without QGIS.

The projects here are hand-written in the layout QGIS 3 saves (``qgis/projectlayers/maplayer``
with ``datasource`` and ``provider``); a project saved by real QGIS is read in
tests/plugin/test_processing_batch.py.
"""

from __future__ import annotations

import os
import zipfile

import pytest

from model_backend.batch.inputs import expand_inputs
from model_backend.errors import BadInput


def touch(path) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"x")
    return str(path)


PROJECT = """<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="" version="3.22.16-Białowieża">
  <projectlayers>
    <maplayer type="raster" refreshOnNotifyEnabled="0"><id>a</id>
      <datasource>./data/one.tif</datasource><provider>gdal</provider></maplayer>
    <maplayer type="raster"><id>b</id><datasource>{absolute}</datasource><provider>gdal</provider></maplayer>
    <maplayer type="raster"><id>w</id>
      <datasource>crs=EPSG:3857&amp;format&amp;type=xyz&amp;url=https://tile.example/%7Bz%7D</datasource>
      <provider>wms</provider></maplayer>
    <maplayer type="raster"><id>g</id><datasource>GPKG:./data/tiles.gpkg:tiles</datasource>
      <provider>gdal</provider></maplayer>
    <maplayer type="vector"><id>v</id><datasource>./data/roads.gpkg|layername=roads</datasource>
      <provider>ogr</provider></maplayer>
    <maplayer type="raster"><id>m</id><datasource>./data/missing.tif</datasource><provider>gdal</provider></maplayer>
  </projectlayers>
</qgis>
"""


def test_folders_globs_lists_and_projects_in_order_each_once(tmp_path):
    one = touch(tmp_path / "p" / "data" / "one.tif")
    two = touch(tmp_path / "elsewhere" / "two.TIF")
    touch(tmp_path / "p" / "data" / "one.tif.aux.xml")
    touch(tmp_path / "p" / "data" / "roads.gpkg")
    deep = touch(tmp_path / "tree" / "x" / "y" / "deep.vrt")
    flat = touch(tmp_path / "tree" / "flat.jp2")
    touch(tmp_path / "tree" / "notes.txt")
    qgs = tmp_path / "p" / "project.qgs"
    qgs.write_text(PROJECT.format(absolute=two), encoding="utf-8")
    qgz = tmp_path / "p" / "zipped.qgz"
    with zipfile.ZipFile(qgz, "w") as z:
        z.writestr("zipped.qgs", PROJECT.format(absolute=two))
    listing = tmp_path / "lists" / "rasters.txt"
    listing.parent.mkdir()
    listing.write_text(f"# scenes to do\n\n../tree/flat.jp2\n{deep}\n", encoding="utf-8")

    assert expand_inputs([str(qgs)]) == [one, two]  # not the service, the database, the vector, the missing
    assert expand_inputs([str(qgz)]) == [one, two]
    assert expand_inputs([str(tmp_path / "tree")]) == [flat, deep]
    assert expand_inputs([str(listing)]) == [flat, deep]
    assert expand_inputs([str(tmp_path / "**" / "*.vrt")]) == [deep]
    assert expand_inputs([str(tmp_path / "t*")]) == [flat, deep]  # a glob matching a folder
    assert expand_inputs([str(listing), str(tmp_path / "tree"), str(qgs), one]) == [flat, deep, one, two]


def test_nothing_to_do_is_bad_input(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInput, match="No raster found"):
        expand_inputs([str(tmp_path / "empty")])
    with pytest.raises(BadInput, match="neither a file, a folder nor a pattern"):
        expand_inputs([str(tmp_path / "nope.tif")])
    broken = tmp_path / "broken.qgz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(BadInput, match="not a QGIS .qgz project"):
        expand_inputs([str(broken)])
    bad_xml = tmp_path / "bad.qgs"
    bad_xml.write_text("<qgis><projectlayers>", encoding="utf-8")
    with pytest.raises(BadInput, match="Cannot read the QGIS project"):
        expand_inputs([str(bad_xml)])
