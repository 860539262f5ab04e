"""The algorithms' output layers: one sink per layer of the task (``OUTPUT`` for the main one),
with the dock's attributes (``protocol.LAYER_FIELDS``), MultiPolygon in the raster's CRS.

Features arrive as the worker streams them (``features`` notifications, WKT in the raster CRS),
or in the reply for a task that does not stream (ask). A run over an AOI polygon cuts them to it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsWkbTypes,
)

from ...model_backend import protocol
from ..compat import GEOMETRY_POLYGON
from ..layers.result_layer import make_fields
from ..layers.streamed_layers import PROTOCOL_TYPES
from ..translate import tr
from .params import layer_title, output_name

MULTIPOLYGON: Any = Qgis.WkbType.MultiPolygon if hasattr(Qgis, "WkbType") else QgsWkbTypes.MultiPolygon
FAST_INSERT: Any = getattr(QgsFeatureSink, "FastInsert", None) or QgsFeatureSink.Flag.FastInsert


def layer_fields(key: str) -> QgsFields:
    """The attributes of result layer ``key``, as the dock creates them."""
    return make_fields([(name, PROTOCOL_TYPES[kind]) for name, kind in protocol.LAYER_FIELDS.get(key, {}).items()])


def _value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    try:
        return int(value) if kind == "int" else float(value) if kind == "float" else str(value)
    except (TypeError, ValueError):
        return None


class TaskSinks:
    """The sinks of one algorithm run; ``add`` writes a batch of protocol features."""

    def __init__(
        self,
        alg: QgsProcessingAlgorithm,
        parameters: Dict[str, Any],
        context: QgsProcessingContext,
        spec: protocol.TaskSpec,
        crs: QgsCoordinateReferenceSystem,
    ) -> None:
        self.sinks: Dict[str, Any] = {}
        self.results: Dict[str, str] = {}
        self.kinds: Dict[str, Dict[str, str]] = {}
        self.fields: Dict[str, QgsFields] = {}
        self.count = 0
        for i, layer in enumerate(spec.layers):
            name = output_name(layer.key, i == 0)
            if i > 0 and parameters.get(name) in (None, ""):
                continue  # an optional second layer nobody asked for
            fields = layer_fields(layer.key)
            sink, dest = alg.parameterAsSink(parameters, name, context, fields, MULTIPOLYGON, crs)
            if sink is None:
                raise QgsProcessingException(tr("Cannot create the output {0} ({1}).").format(name, layer_title(layer)))
            self.sinks[layer.key], self.results[name] = sink, dest
            self.kinds[layer.key], self.fields[layer.key] = dict(protocol.LAYER_FIELDS.get(layer.key, {})), fields

    def add(self, key: str, features: List[Dict[str, Any]], clip: Optional[QgsGeometry] = None) -> int:
        """Write ``features`` ([{"wkt", "properties"}]) to layer ``key``; those that keep no
        area inside ``clip`` are left out. Returns how many were written."""
        sink = self.sinks.get(key)
        if sink is None:
            return 0
        fields, kinds = self.fields[key], self.kinds[key]
        out = []
        for item in features:
            geom = QgsGeometry.fromWkt(item.get("wkt") or "")
            if geom.isNull() or geom.isEmpty():
                continue
            if clip is not None:
                geom = geom.intersection(clip)
                if geom.type() != GEOMETRY_POLYGON:
                    geom = geom.convertToType(GEOMETRY_POLYGON, True)
                if geom.isNull() or geom.isEmpty() or geom.area() <= 0:
                    continue
            geom.convertToMultiType()
            feature = QgsFeature(fields)
            feature.setGeometry(geom)
            props = item.get("properties") or {}
            for name, kind in kinds.items():
                feature.setAttribute(name, _value(kind, props.get(name)))
            out.append(feature)
        if out and not sink.addFeatures(out, FAST_INSERT):
            raise QgsProcessingException(
                tr("Could not write %n feature(s) to the {0} output.", "", len(out)).format(key)
            )
        self.count += len(out)
        return len(out)

    def close(self) -> None:
        """Flush and let go of the sinks, so the files are complete when the algorithm returns."""
        for sink in self.sinks.values():
            sink.flushBuffer()
        self.sinks.clear()
