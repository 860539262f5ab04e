"""A "Detections" layer that fills while a detect job runs (issue 4 prepares the backend).

The worker streams ``features`` notifications, ``{"crs_wkt", "features": [{"wkt",
"properties"}]}``, as tiles are done; each batch is added at once so the analyst sees results
before the job ends. Geometries are already in the raster's CRS (the worker georeferences
them once); this writer never transforms. Styled categorised by label, outlines only, with a
new colour for each label as it first appears. Polygons (boxes, rotated boxes, polygons) and
points (one-point answers) go to separate layers, since a layer has one geometry type.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from qgis.core import (QgsCategorizedSymbolRenderer, QgsCoordinateReferenceSystem, QgsFeature, QgsGeometry,
                       QgsMarkerSymbol, QgsProject, QgsRendererCategory, QgsSymbol, QgsVectorLayer)

from ..compat import GEOMETRY_POINT, GEOMETRY_POLYGON
from .result_layer import add_to_group, crs_from_wkt, make_fields, outline_symbol

DETECTION_FIELDS = [
    ("label", "string"), ("score", "double"), ("task", "string"), ("prompt", "string"), ("model", "string"),
    ("source", "string"), ("tile_id", "string"), ("created", "string"),
]
PALETTE = ("230,25,75", "60,180,75", "255,225,25", "0,130,200", "245,130,48", "145,30,180", "70,240,240",
           "240,50,230", "210,245,60", "250,190,212", "0,128,128", "170,110,40")
_KINDS = {GEOMETRY_POLYGON: ("Polygon", ""), GEOMETRY_POINT: ("Point", " (points)")}


class DetectionLayerWriter:
    """Adds streamed detections of one job to memory layers in the "GeoRSMLLM" group."""

    def __init__(self, name: str = "Detections", project: Optional[QgsProject] = None) -> None:
        self.name = name
        self.project = project or QgsProject.instance()
        self.layers: Dict[Any, QgsVectorLayer] = {}
        self.skipped = 0  # features whose geometry could not be read or has an unsupported type
        self._crs: Optional[QgsCoordinateReferenceSystem] = None

    def add(self, notification: Dict[str, Any]) -> int:
        """Add the features of one ``features`` notification; returns how many were added."""
        if self._crs is None:
            self._crs = crs_from_wkt(notification.get("crs_wkt", ""))
        batches: Dict[Any, List[QgsFeature]] = {}
        labels: Dict[Any, List[str]] = {}
        for item in notification.get("features") or []:
            geometry = QgsGeometry.fromWkt(item.get("wkt") or "")
            kind = geometry.type() if not geometry.isNull() else None
            if kind not in _KINDS:
                self.skipped += 1
                continue
            layer = self._layer(kind)
            feature = QgsFeature(layer.fields())
            feature.setGeometry(geometry)
            props = item.get("properties") or {}
            for name, field_kind in DETECTION_FIELDS:
                value = props.get(name)
                if value is not None:
                    feature.setAttribute(name, float(value) if field_kind == "double" else str(value))
            batches.setdefault(kind, []).append(feature)
            if props.get("label") is not None:
                labels.setdefault(kind, []).append(str(props["label"]))
        added = 0
        for kind, features in batches.items():
            layer = self.layers[kind]
            ok, _ = layer.dataProvider().addFeatures(features)
            if ok:
                added += len(features)
                self._style_labels(layer, labels.get(kind, []))
                layer.updateExtents()
                layer.triggerRepaint()
        return added

    def _layer(self, kind: Any) -> QgsVectorLayer:
        if kind not in self.layers:
            geometry_name, suffix = _KINDS[kind]
            layer = QgsVectorLayer(geometry_name, self.name + suffix, "memory")
            layer.setCrs(self._crs)
            layer.dataProvider().addAttributes(list(make_fields(DETECTION_FIELDS)))
            layer.updateFields()
            layer.setRenderer(QgsCategorizedSymbolRenderer("label", []))
            layer.setDisplayExpression('"label" || \' \' || coalesce(round("score", 2), \'\')')
            add_to_group(self.project, layer)
            self.layers[kind] = layer
        return self.layers[kind]

    def _style_labels(self, layer: QgsVectorLayer, labels: List[str]) -> None:
        """One category per label, in the order labels first appear."""
        renderer = layer.renderer()
        if not isinstance(renderer, QgsCategorizedSymbolRenderer):
            return
        known = {c.value() for c in renderer.categories()}
        for label in labels:
            if label in known:
                continue
            color = PALETTE[len(known) % len(PALETTE)]
            renderer.addCategory(QgsRendererCategory(label, self._symbol(layer, color), label))
            known.add(label)

    @staticmethod
    def _symbol(layer: QgsVectorLayer, color: str) -> QgsSymbol:
        if layer.geometryType() == GEOMETRY_POINT:
            return QgsMarkerSymbol.createSimple({"name": "circle", "color": "0,0,0,0", "outline_color": color,
                                                 "outline_width": "0.6", "size": "3"})
        return outline_symbol(color)
