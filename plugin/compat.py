"""The few names that differ between QGIS 3 (Qt5) and QGIS 4 (Qt6), resolved once.

QGIS 3.30+ moved several enums into ``Qgis`` (``Qgis.WkbType``, ``Qgis.GeometryType``,
``Qgis.LayerFilter``) and Qt6 dropped ``QVariant.Type``; QGIS 3.22 has only the old spellings.
Every module takes them from here instead of testing versions itself.
"""

from __future__ import annotations

from typing import Any

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

if hasattr(Qgis, "WkbType"):
    WKB_POLYGON: Any = Qgis.WkbType.Polygon
    WKB_POINT: Any = Qgis.WkbType.Point
else:  # QGIS < 3.30
    WKB_POLYGON = QgsWkbTypes.Type.Polygon
    WKB_POINT = QgsWkbTypes.Type.Point

if hasattr(Qgis, "GeometryType"):
    GEOMETRY_POLYGON: Any = Qgis.GeometryType.Polygon
    GEOMETRY_POINT: Any = Qgis.GeometryType.Point
else:
    GEOMETRY_POLYGON = QgsWkbTypes.GeometryType.PolygonGeometry
    GEOMETRY_POINT = QgsWkbTypes.GeometryType.PointGeometry

if hasattr(Qgis, "LayerFilter"):
    RASTER_LAYER_FILTER: Any = Qgis.LayerFilter.RasterLayer
    POLYGON_LAYER_FILTER: Any = Qgis.LayerFilter.PolygonLayer
else:
    RASTER_LAYER_FILTER = QgsMapLayerProxyModel.Filter.RasterLayer
    POLYGON_LAYER_FILTER = QgsMapLayerProxyModel.Filter.PolygonLayer


def field_type(kind: str) -> Any:
    """A QgsField type for "string", "double", "int" (32-bit) or "long" (64-bit): QVariant on
    Qt5, QMetaType on Qt6."""
    if hasattr(QVariant, "String"):
        return {"string": QVariant.String, "double": QVariant.Double, "int": QVariant.Int, "long": QVariant.LongLong}[
            kind
        ]
    from qgis.PyQt.QtCore import QMetaType

    return {
        "string": QMetaType.Type.QString,
        "double": QMetaType.Type.Double,
        "int": QMetaType.Type.Int,
        "long": QMetaType.Type.LongLong,
    }[kind]
