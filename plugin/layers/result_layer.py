"""Write an answered job as a feature of the "Captions" layer, kept in a GeoPackage.

The caption layer is what the analyst keeps: each answer is the AOI polygon (in the raster's
CRS, as the worker computed it) with the answer and its provenance as attributes. One table
per CRS, because a GeoPackage table has one CRS: the first is ``captions`` (layer "Captions"),
any other CRS gets ``captions_<authid>`` (layer "Captions (<authid>)"). The layer sits in a
"GeoRSMLLM" layer-tree group. Only called for a successful job, with one ``addFeatures``
call, so a failed or cancelled job leaves no layer and no half feature.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from osgeo import ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTreeGroup,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from .. import task_words
from ..compat import WKB_POLYGON, field_type
from ..translate import tr

GROUP_NAME = "GeoRSMLLM"
CAPTIONS_NAME = "Captions"
CAPTIONS_TABLE = "captions"
CAPTION_FIELDS: List[Tuple[str, str]] = [
    ("answer", "string"),
    ("question", "string"),
    ("model", "string"),
    ("quantization", "string"),
    ("device", "string"),
    ("source", "string"),
    ("created", "string"),
    ("elapsed_s", "double"),
]


class ResultLayerError(RuntimeError):
    """The result could not be written; the message says where and why."""


def make_fields(spec: List[Tuple[str, str]]) -> QgsFields:
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, field_type(kind)))
    return fields


def results_group(project: QgsProject, name: str = GROUP_NAME) -> QgsLayerTreeGroup:
    """The layer-tree group holding our layers, created at the top when missing."""
    root = project.layerTreeRoot()
    group = root.findGroup(name)
    return group if group is not None else root.insertGroup(0, name)


def add_to_group(project: QgsProject, layer: QgsVectorLayer, group: Optional[QgsLayerTreeGroup] = None) -> None:
    """On top of ``group`` (default: the "GeoRSMLLM" group), the group shown open."""
    project.addMapLayer(layer, False)
    group = group if group is not None else results_group(project)
    group.insertLayer(0, layer)
    # the layers panel does not open a group that was empty when it appeared: say it again
    group.setExpanded(False)
    group.setExpanded(True)


def same_crs(a: QgsCoordinateReferenceSystem, b: QgsCoordinateReferenceSystem) -> bool:
    """Authority ids when both have one (WKT spellings of one CRS differ), else QGIS equality."""
    if a.authid() and b.authid():
        return a.authid() == b.authid()
    return a == b


def crs_from_wkt(wkt: str) -> QgsCoordinateReferenceSystem:
    crs = QgsCoordinateReferenceSystem.fromWkt(wkt or "")
    if not crs.isValid():
        raise ResultLayerError(tr("The worker's result has no valid CRS (crs_wkt); nothing was written."))
    return crs


def table_for(crs: QgsCoordinateReferenceSystem, gpkg: str) -> Tuple[str, str]:
    """(table, layer name) for captions in ``crs``: the main table when it is free or has the
    same CRS, else one table per CRS."""
    existing = _table_crs(gpkg, CAPTIONS_TABLE)
    name = task_words.layer_title(CAPTIONS_NAME)  # the table's name stays English, the layer's is the dock's
    if existing is None or same_crs(existing, crs):
        return CAPTIONS_TABLE, name
    label = crs.authid() or tr("custom CRS")
    tag = crs.authid() or hashlib.sha1(crs.toWkt().encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return CAPTIONS_TABLE + "_" + re.sub(r"[^a-z0-9]+", "_", tag.lower()).strip("_"), f"{name} ({label})"


def _table_crs(gpkg: str, table: str) -> Optional[QgsCoordinateReferenceSystem]:
    if not os.path.exists(gpkg):
        return None
    ds = ogr.Open(gpkg)
    if ds is None:
        raise ResultLayerError(
            tr("{0} exists but is not a GeoPackage GDAL can open; choose another results file.").format(gpkg)
        )
    lyr = ds.GetLayerByName(table)
    srs = lyr.GetSpatialRef() if lyr is not None else None
    wkt = srs.ExportToWkt() if srs is not None else None
    has_table = lyr is not None
    ds = None
    if not has_table:
        return None
    return QgsCoordinateReferenceSystem.fromWkt(wkt) if wkt else QgsCoordinateReferenceSystem()


def ensure_table(
    gpkg: str, table: str, fields: QgsFields, geometry_type: Any, crs: QgsCoordinateReferenceSystem, project: QgsProject
) -> None:
    """Create the (empty) table in the GeoPackage unless it is already there."""
    if os.path.exists(gpkg):
        ds = ogr.Open(gpkg)
        present = ds is not None and ds.GetLayerByName(table) is not None
        ds = None
        if present:
            return
    os.makedirs(os.path.dirname(os.path.abspath(gpkg)), exist_ok=True)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = table
    options.fileEncoding = "UTF-8"
    action = QgsVectorFileWriter.ActionOnExistingFile
    options.actionOnExistingFile = (
        action.CreateOrOverwriteLayer if os.path.exists(gpkg) else action.CreateOrOverwriteFile
    )
    writer = QgsVectorFileWriter.create(gpkg, fields, geometry_type, crs, project.transformContext(), options)
    if writer is None or writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
        message = writer.errorMessage() if writer is not None else "no writer"
        raise ResultLayerError(tr("Could not create table {0} in {1}: {2}").format(table, gpkg, message))
    del writer  # closes the file; the table exists from here on


def find_layer(project: QgsProject, gpkg: str, table: str) -> Optional[QgsVectorLayer]:
    """The project layer already showing ``gpkg`` / ``table``, so a new answer lands in it."""
    target = (os.path.normcase(os.path.abspath(gpkg)), table)
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer) and layer.providerType() == "ogr":
            parts = layer.source().split("|")
            names = [p.split("=", 1)[1] for p in parts[1:] if p.startswith("layername=")]
            if names and (os.path.normcase(os.path.abspath(parts[0])), names[0]) == target:
                return layer
    return None


def outline_symbol(color: str, width_mm: float = 0.6) -> QgsFillSymbol:
    """No fill, coloured outline: the imagery under the AOI stays visible."""
    return QgsFillSymbol.createSimple(
        {
            "color": "0,0,0,0",
            "style": "no",
            "outline_color": color,
            "outline_width": str(width_mm),
            "outline_width_unit": "MM",
        }
    )


def caption_attributes(result: Dict[str, Any], job: Dict[str, Any]) -> Dict[str, Any]:
    """The attributes of one caption, from the worker's ``properties`` first, then its top-level
    keys, then the job (what the user asked for)."""
    props = dict(result.get("properties") or {})
    for key in ("answer", "question", "model", "quantization", "device", "source", "created", "elapsed_s"):
        if props.get(key) in (None, "") and result.get(key) not in (None, ""):
            props[key] = result[key]
    props.setdefault("question", job.get("question"))
    props.setdefault("model", job.get("model"))
    props.setdefault("quantization", job.get("quantization"))
    props.setdefault("device", job.get("device"))
    props.setdefault("source", job.get("raster"))
    props.setdefault("created", datetime.now(timezone.utc).replace(microsecond=0).isoformat())
    answer = props.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        raise ResultLayerError(tr("The worker's result holds no answer; nothing was written."))
    values = {name: props.get(name) for name, _ in CAPTION_FIELDS}
    values["elapsed_s"] = float(values["elapsed_s"]) if values["elapsed_s"] is not None else None
    return values


def write_caption(
    result: Dict[str, Any], job: Dict[str, Any], gpkg: str, project: Optional[QgsProject] = None
) -> QgsVectorLayer:
    """Add one answer to the caption layer for its CRS and return that layer (in the project,
    in the "GeoRSMLLM" group). ``result`` is the worker's answer to ``run``: ``aoi_wkt`` in the
    raster CRS given by ``crs_wkt``, the answer and its provenance."""
    project = project or QgsProject.instance()
    crs = crs_from_wkt(result.get("crs_wkt", ""))
    geometry = QgsGeometry.fromWkt(result.get("aoi_wkt") or "")
    if geometry.isNull() or geometry.isEmpty():
        raise ResultLayerError(tr("The worker's result has no area polygon (aoi_wkt); nothing was written."))
    if geometry.isMultipart() and geometry.constGet().partCount() == 1:
        geometry.convertToSingleType()
    values = caption_attributes(result, job)
    gpkg = os.path.abspath(gpkg)
    table, name = table_for(crs, gpkg)
    ensure_table(gpkg, table, make_fields(CAPTION_FIELDS), WKB_POLYGON, crs, project)
    layer = find_layer(project, gpkg, table)
    if layer is None:
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", name, "ogr")
        if not layer.isValid():
            raise ResultLayerError(tr("Could not open table {0} of {1}.").format(table, gpkg))
        layer.renderer().setSymbol(outline_symbol("227,26,28"))
        layer.setDisplayExpression('"answer"')
        add_to_group(project, layer)
    feature = QgsFeature(layer.fields())
    feature.setGeometry(geometry)
    for key, value in values.items():
        feature.setAttribute(key, value)
    ok, _ = layer.dataProvider().addFeatures([feature])
    if not ok:
        errors = "; ".join(layer.dataProvider().errors()) or "unknown error"
        raise ResultLayerError(tr("Could not add the caption to {0} ({1}): {2}").format(gpkg, table, errors))
    layer.updateExtents()
    layer.triggerRepaint()
    return layer
