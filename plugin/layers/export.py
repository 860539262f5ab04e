"""Save a result layer as GeoPackage, Shapefile, GeoJSON or FlatGeobuf ("Save as…" in the dock).

The same formats and the same Shapefile field names as the command line
(``protocol.SHAPEFILE_FIELDS``): an analyst gets one attribute table whichever way the file was
made. The layer is written in its own CRS (the raster's): reprojecting would be a silent
change of the data; QGIS's own "Export" is there for that.

Integers stay integers in a Shapefile: OGR reads a dBASE number of 19+ digits back as Real, and
QGIS writes 64-bit fields 20 wide, so they are declared 18 wide (OGR's own Integer64 width; the
count_id, milliseconds since 1970, needs 13). The ``fid`` OGR shows for a GeoPackage layer is
that file's row id, not data: only a GeoPackage copy keeps it.
"""

from __future__ import annotations

import os
from typing import Dict

from qgis.core import QgsField, QgsProject, QgsVectorFileWriter, QgsVectorLayer

from ...model_backend import protocol
from ..compat import field_type
from ..translate import tr
from .result_layer import ResultLayerError

DRIVERS: Dict[str, str] = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".fgb": "FlatGeobuf"}
FILE_FILTER = ";;".join(["GeoPackage (*.gpkg)", "ESRI Shapefile (*.shp)", "GeoJSON (*.geojson)", "FlatGeobuf (*.fgb)"])
DBF_INTEGER64_WIDTH = 18  # the widest dBASE number OGR reads back as Integer64


class ShapefileFields(QgsVectorFileWriter.FieldValueConverter):
    """The dBASE definition of each field: the CLI's short name, 64-bit integers 18 wide."""

    def __init__(self, renames: Dict[str, str]) -> None:
        super().__init__()
        self.renames = dict(renames)  # layer name -> Shapefile name

    def fieldDefinition(self, field: QgsField) -> QgsField:  # noqa: N802 - QGIS API
        out = QgsField(field)
        out.setName(self.renames.get(field.name(), field.name()))
        if field.type() == field_type("long") and not 0 < field.length() <= DBF_INTEGER64_WIDTH:
            out.setLength(DBF_INTEGER64_WIDTH)
        return out

    def convert(self, index: int, value: object) -> object:
        """Values go through unchanged: only the definitions differ."""
        return value

    def clone(self) -> ShapefileFields:
        return ShapefileFields(self.renames)


def shapefile_names(layer: QgsVectorLayer) -> Dict[int, str]:
    """{field index: new name} for the fields whose name a Shapefile (dBASE) cannot hold."""
    renames, taken = {}, set()
    for index, field in enumerate(layer.fields()):
        name = protocol.shapefile_field_name(field.name())
        if name in taken:
            raise ResultLayerError(
                tr("Two fields would both be called {0} in a Shapefile; save as GeoPackage instead.").format(repr(name))
            )
        taken.add(name)
        if name != field.name():
            renames[index] = name
    return renames


def export_layer(layer: QgsVectorLayer, path: str, project: QgsProject = None) -> str:
    """Write ``layer`` to ``path`` (format from the extension); returns the path written.

    An existing file is replaced, except a GeoPackage, which keeps its other tables."""
    project = project or QgsProject.instance()
    ext = os.path.splitext(path)[1].lower()
    if ext not in DRIVERS:
        raise ResultLayerError(
            tr("Cannot save as {0}: use one of {1}.").format(ext or tr("a file without extension"), ", ".join(DRIVERS))
        )
    options = QgsVectorFileWriter.SaveVectorOptions()
    converter = None  # the layer in the map keeps its own names and types
    if ext == ".shp":
        names = layer.fields().names()
        converter = ShapefileFields({names[i]: new for i, new in shapefile_names(layer).items()})
        options.fieldValueConverter = converter  # ``converter`` keeps it alive through the write
    if ext != ".gpkg" and layer.providerType() == "ogr":
        row_id = set(layer.dataProvider().pkAttributeIndexes())
        options.attributes = [i for i in layer.fields().allAttributesList() if i not in row_id]
    options.driverName = DRIVERS[ext]
    options.fileEncoding = "UTF-8"
    options.layerName = os.path.splitext(os.path.basename(path))[0]
    action = QgsVectorFileWriter.ActionOnExistingFile
    options.actionOnExistingFile = (
        action.CreateOrOverwriteLayer if ext == ".gpkg" and os.path.exists(path) else action.CreateOrOverwriteFile
    )
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    error, message = QgsVectorFileWriter.writeAsVectorFormatV2(layer, path, project.transformContext(), options)[:2]
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise ResultLayerError(tr("Could not save {0} to {1}: {2}").format(layer.name(), path, message))
    return path
