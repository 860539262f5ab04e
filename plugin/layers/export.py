"""Save a result layer as GeoPackage, Shapefile, GeoJSON or FlatGeobuf ("Save as…" in the dock).

The same formats and the same Shapefile field names as the command line
(``protocol.SHAPEFILE_FIELDS``): an analyst gets one attribute table whichever way the file was
made. The layer is written in its own CRS (the raster's): reprojecting would be a silent
change of the data; QGIS's own "Export" is there for that.
"""
from __future__ import annotations

import os
from typing import Dict

from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorFileWriter, QgsVectorLayer

from ...model_backend import protocol
from .result_layer import ResultLayerError

DRIVERS: Dict[str, str] = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON",
                           ".fgb": "FlatGeobuf"}
FILE_FILTER = ";;".join(["GeoPackage (*.gpkg)", "ESRI Shapefile (*.shp)", "GeoJSON (*.geojson)",
                         "FlatGeobuf (*.fgb)"])


def shapefile_names(layer: QgsVectorLayer) -> Dict[int, str]:
    """{field index: new name} for the fields whose name a Shapefile (dBASE) cannot hold."""
    renames, taken = {}, set()
    for index, field in enumerate(layer.fields()):
        name = protocol.shapefile_field_name(field.name())
        if name in taken:
            raise ResultLayerError(f"Two fields would both be called {name!r} in a Shapefile; "
                                   "save as GeoPackage instead.")
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
        raise ResultLayerError(f"Cannot save as {ext or 'a file without extension'}: "
                               f"use one of {', '.join(DRIVERS)}.")
    source = layer
    if ext == ".shp":
        renames = shapefile_names(layer)
        if renames:  # a copy in memory with the dBASE names; the layer in the map keeps its own
            source = layer.materialize(QgsFeatureRequest())
            source.dataProvider().renameAttributes(renames)
            source.updateFields()
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = DRIVERS[ext]
    options.fileEncoding = "UTF-8"
    options.layerName = os.path.splitext(os.path.basename(path))[0]
    action = QgsVectorFileWriter.ActionOnExistingFile
    options.actionOnExistingFile = (action.CreateOrOverwriteLayer if ext == ".gpkg" and os.path.exists(path)
                                    else action.CreateOrOverwriteFile)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    error, message = QgsVectorFileWriter.writeAsVectorFormatV2(
        source, path, project.transformContext(), options)[:2]
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise ResultLayerError(f"Could not save {layer.name()} to {path}: {message}")
    return path
