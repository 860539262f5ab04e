"""Layers that fill while a job runs (detections, count evidence, grounding, tile captions).

The worker streams ``features`` notifications, ``{"layer", "crs_wkt", "features": [{"wkt",
"properties"}]}``, as tiles are settled; each batch is added at once so the analyst sees results
before the job ends. Geometries are already in the raster's CRS (the worker georeferences them
once): nothing is transformed here. While the job runs the features live in memory layers;
when it ends (done or cancelled) ``persist`` copies each layer into the results GeoPackage
and points the layer at that table, so the features survive QGIS and travel with the project.

One layer per (``layer`` key, geometry kind): a QGIS layer has one geometry type, so point
answers go to a separate "(points)" layer. Polygons are stored as MultiPolygon, because merged
detections (joined across tile edges) can have several parts. A layer is created with the
attributes ``protocol.LAYER_FIELDS`` gives its key (``start`` creates one before any feature
arrives, so it shows at once); any other attribute is added as it first appears, typed from
``FIELD_TYPES`` or the value. Layers with a ``label`` are styled categorised by label (outlines
only, a new colour per label), others with one outline. The "captions" key is titled by the
job's task: the tile captions and summary of caption ("Area description"), or count's one
answer feature ("Count answer").
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsClassificationQuantile,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsLayerTreeGroup,
    QgsMarkerSymbol,
    QgsProject,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsSymbol,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from ...model_backend import protocol
from .. import task_words
from ..compat import GEOMETRY_POINT, GEOMETRY_POLYGON, field_type
from ..translate import tr
from .result_layer import (
    GROUP_NAME,
    ResultLayerError,
    add_to_group,
    crs_from_wkt,
    outline_symbol,
    results_group,
    same_crs,
)

# protocol.LAYER_FIELDS -> field_type. The backend writes "int" as 64-bit (OGR Integer64), and
# ids need it: count_id is milliseconds since 1970, past 32 bits.
PROTOCOL_TYPES = {"str": "string", "float": "double", "int": "long"}
# Attribute types where the value alone cannot tell (a first null score, an integer-looking id).
FIELD_TYPES = {
    "label": "string",
    "score": "double",
    "tile_id": "long",
    "count": "long",
    "count_id": "long",
    "elapsed_s": "double",
    "answer": "string",
    "prompt": "string",
}
# Bright outlines that read on imagery; red comes late because the drawn AOI is red.
PALETTE = (
    "255,225,25",
    "70,240,240",
    "240,50,230",
    "60,180,75",
    "245,130,48",
    "0,130,200",
    "230,25,75",
    "145,30,180",
    "210,245,60",
    "250,190,212",
    "0,128,128",
    "170,110,40",
)
_KINDS = {GEOMETRY_POLYGON: ("MultiPolygon", False), GEOMETRY_POINT: ("Point", True)}


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "int"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def label_colour(project: QgsProject, label: str) -> str:
    """The colour of ``label`` in this project: the next palette colour the first time a label is
    seen, then the same one in every later run (kept in the project file)."""
    known = dict(json.loads(project.readEntry("GeoRSMLLM", "label_colours", "{}")[0] or "{}"))
    if label not in known:
        known[label] = PALETTE[len(known) % len(PALETTE)]
        project.writeEntry("GeoRSMLLM", "label_colours", json.dumps(known))
    return str(known[label])


class StreamedLayers:
    """All streamed layers of one job, in the "GeoRSMLLM" group of ``project``."""

    def __init__(self, project: Optional[QgsProject] = None, task: Optional[str] = None) -> None:
        self.project = project or QgsProject.instance()
        self.task = task
        self.layers: Dict[Tuple[str, Any], QgsVectorLayer] = {}
        self.skipped = 0  # features whose geometry could not be read or has an unsupported type
        self._crs: Optional[QgsCoordinateReferenceSystem] = None
        self._crs_from_worker = False
        self._run_group: Optional[QgsLayerTreeGroup] = None  # "Detect objects 14:32:05", made at the first layer

    def run_group(self) -> QgsLayerTreeGroup:
        """This run's own group inside "GeoRSMLLM" (task and time), so runs never mix their layers."""
        if self._run_group is None:
            spec = protocol.TASK_SPECS.get(self.task or "")
            title = task_words.title(self.task or "", spec.title if spec else (self.task or "GeoRSMLLM"))
            self._run_group = results_group(self.project).insertGroup(0, f"{title} {datetime.now():%H:%M:%S}")
        return self._run_group

    # ------------------------------------------------------------------ filling
    def start(self, key: str, crs: QgsCoordinateReferenceSystem) -> QgsVectorLayer:
        """Create the (empty) polygon layer for ``key`` now, in ``crs`` (the raster's), with its
        attributes, styled, in the group: it is there before the first feature arrives."""
        self._crs = crs
        return self._layer(key, GEOMETRY_POLYGON)

    def add(self, notification: Dict[str, Any]) -> int:
        """Add the features of one ``features`` notification; returns how many were added."""
        if not self._crs_from_worker:
            # the worker's CRS is the truth (it georeferenced the features): a layer started
            # from the raster file in another spelling of the CRS takes it while still empty
            crs = crs_from_wkt(notification.get("crs_wkt", ""))
            if self._crs is None or not same_crs(self._crs, crs):
                self._crs = crs
                for layer in self.layers.values():
                    if layer.featureCount() == 0:
                        layer.setCrs(crs)
            self._crs_from_worker = True
        key = str(notification.get("layer") or "detections")
        batches: Dict[Any, List[Tuple[QgsGeometry, Dict[str, Any]]]] = {}
        for item in notification.get("features") or []:
            geometry = QgsGeometry.fromWkt(item.get("wkt") or "")
            kind = geometry.type() if not geometry.isNull() else None
            if kind not in _KINDS:
                self.skipped += 1
                continue
            if kind == GEOMETRY_POLYGON:
                geometry.convertToMultiType()
            batches.setdefault(kind, []).append((geometry, dict(item.get("properties") or {})))
        added = 0
        for kind, items in batches.items():
            layer = self._layer(key, kind)
            self._ensure_fields(layer, items)
            features = []
            for geometry, props in items:
                feature = QgsFeature(layer.fields())
                feature.setGeometry(geometry)
                for name, value in props.items():
                    if value is not None:
                        feature.setAttribute(name, self._convert(layer, name, value))
                features.append(feature)
            ok, _ = layer.dataProvider().addFeatures(features)
            if not ok:
                raise ResultLayerError(
                    tr("Could not add %n feature(s) to the layer {0}.", "", len(features)).format(layer.name())
                )
            added += len(features)
            self._style(layer, [str(p["label"]) for _, p in items if p.get("label") is not None])
            layer.updateExtents()
            layer.triggerRepaint()
        return added

    def feature_count(self, key: Optional[str] = None) -> int:
        return sum(lyr.featureCount() for (k, _), lyr in self.layers.items() if key in (None, k))

    def first(self, key: str) -> Optional[QgsVectorLayer]:
        """The polygon layer for ``key`` if any, else its point layer."""
        found = [
            lyr
            for (k, kind), lyr in sorted(self.layers.items(), key=lambda kv: kv[0][1] != GEOMETRY_POLYGON)
            if k == key
        ]
        return found[0] if found else None

    def discard(self) -> None:
        """Take every layer out of the project (a job that found nothing and did not finish);
        the group goes too when nothing else is in it."""
        for layer in self.layers.values():
            self.project.removeMapLayer(layer.id())
        self.layers.clear()
        if self._run_group is not None and not self._run_group.children():
            self._run_group.parent().removeChildNode(self._run_group)
        self._run_group = None
        group = self.project.layerTreeRoot().findGroup(GROUP_NAME)
        if group is not None and not group.children():
            group.parent().removeChildNode(group)

    # ------------------------------------------------------------------ keeping
    def persist(self, gpkg: str, stamp: Optional[str] = None) -> List[QgsVectorLayer]:
        """Copy every layer into ``gpkg`` (one new table each) and point the layer at it.

        The memory layer keeps its name, style and place in the tree; only its data source
        changes, so the analyst sees no difference except that the data is now on disk."""
        stamp = stamp or datetime.now().strftime("%Y%m%d_%H%M%S")
        os.makedirs(os.path.dirname(os.path.abspath(gpkg)), exist_ok=True)
        done = []
        for (key, kind), layer in self.layers.items():
            if layer.providerType() != "memory":
                continue
            table = re.sub(r"[^a-z0-9_]+", "_", f"{key}{'_points' if kind == GEOMETRY_POINT else ''}_{stamp}".lower())
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName, options.layerName, options.fileEncoding = "GPKG", table, "UTF-8"
            action = QgsVectorFileWriter.ActionOnExistingFile
            options.actionOnExistingFile = (
                action.CreateOrOverwriteLayer if os.path.exists(gpkg) else action.CreateOrOverwriteFile
            )
            error, message = QgsVectorFileWriter.writeAsVectorFormatV2(
                layer, gpkg, self.project.transformContext(), options
            )[:2]
            if error != QgsVectorFileWriter.WriterError.NoError:
                raise ResultLayerError(
                    tr("Could not save the layer {0} to {1}: {2}").format(layer.name(), gpkg, message)
                )
            layer.setDataSource(f"{gpkg}|layername={table}", layer.name(), "ogr")
            if not layer.isValid():
                raise ResultLayerError(
                    tr("Saved {0} to {1} ({2}) but could not reopen it.").format(layer.name(), gpkg, table)
                )
            done.append(layer)
        return done

    # ------------------------------------------------------------------ helpers
    def title(self, key: str) -> str:
        """The layer's name from the task table (``protocol.TaskSpec.layers``), in the dock's
        language (``task_words.layer_title``); without a task, the first tiled task's that
        writes ``key``. Tables in the GeoPackage are named from ``key`` (``persist``)."""
        specs = (
            [protocol.TASK_SPECS[self.task]]
            if self.task in protocol.TASK_SPECS
            else [spec for spec in protocol.TASK_SPECS.values() if spec.tiled]
        )
        titles = [layer.title for spec in specs for layer in spec.layers if layer.key == key]
        return task_words.layer_title(titles[0] if titles else key.replace("_", " ").capitalize())

    def _layer(self, key: str, kind: Any) -> QgsVectorLayer:
        if (key, kind) not in self.layers:
            geometry_name, points = _KINDS[kind]
            name = tr("{0} (points)").format(self.title(key)) if points else self.title(key)
            layer = QgsVectorLayer(geometry_name, name, "memory")
            layer.setCrs(self._crs)
            spec = protocol.LAYER_FIELDS.get(key, {})
            if spec:
                layer.dataProvider().addAttributes(
                    [QgsField(n, field_type(PROTOCOL_TYPES[t])) for n, t in spec.items()]
                )
                layer.updateFields()
            self._prepare(layer)
            self._style(layer, [])
            add_to_group(self.project, layer, self.run_group())
            self.layers[(key, kind)] = layer
        return self.layers[(key, kind)]

    @staticmethod
    def _prepare(layer: QgsVectorLayer) -> None:
        """Categorised by label (categories come with the features) and labelled in the
        identify/tip text; a layer without labels shows its answer."""
        names = layer.fields().names()
        if "label" in names:
            if not isinstance(layer.renderer(), QgsCategorizedSymbolRenderer):
                layer.setRenderer(QgsCategorizedSymbolRenderer("label", []))
                layer.setDisplayExpression("\"label\" || coalesce(' ' || round(\"score\", 2), '')")
        elif "answer" in names:
            layer.setDisplayExpression('"answer"')

    @staticmethod
    def _ensure_fields(layer: QgsVectorLayer, items: List[Tuple[QgsGeometry, Dict[str, Any]]]) -> None:
        """Create the attributes of this batch that the layer lacks, in order of appearance."""
        have = set(layer.fields().names())
        new: Dict[str, str] = {}
        for _, props in items:
            for name, value in props.items():
                if name in have:
                    continue
                if name in FIELD_TYPES:
                    new[name] = FIELD_TYPES[name]
                elif value is not None or name not in new:
                    new[name] = _kind_of(value) if value is not None else new.get(name, "string")
        if new:
            layer.dataProvider().addAttributes([QgsField(n, field_type(k)) for n, k in new.items()])
            layer.updateFields()
            StreamedLayers._prepare(layer)

    @staticmethod
    def _convert(layer: QgsVectorLayer, name: str, value: Any) -> Any:
        index = layer.fields().indexOf(name)
        if index < 0:
            return None
        kind = layer.fields().at(index).typeName().lower()
        try:
            if kind.startswith(("int", "long")):
                return int(value)
            if kind in ("double", "real"):
                return float(value)
        except (TypeError, ValueError):
            return None
        return value if isinstance(value, str) else str(value)

    def _style(self, layer: QgsVectorLayer, labels: List[str]) -> None:
        """One category per label, in the order labels first appear; ranked tiles (Find)
        graduated by score; else one outline."""
        if layer.fields().indexOf("rank") >= 0 and layer.fields().indexOf("score") >= 0:
            self._graduate(layer)
            return
        renderer = layer.renderer()
        if isinstance(renderer, QgsCategorizedSymbolRenderer):
            known = [c.value() for c in renderer.categories()]
            new = [label for label in dict.fromkeys(labels) if label not in known]
            if new:  # a new renderer, so the layers panel shows the new labels in the legend
                renderer = renderer.clone()
                for label in new:
                    color = label_colour(self.project, label)
                    renderer.addCategory(QgsRendererCategory(label, self._symbol(layer, color), label))
                    known.append(label)
                first = len(known) == len(new)
                layer.setRenderer(renderer)
                node = self.project.layerTreeRoot().findLayer(layer.id()) if first else None
                if node is not None:  # open the legend once it has entries (the panel cannot before)
                    node.setExpanded(False)
                    node.setExpanded(True)
        elif not layer.customProperty("georsmllm/styled"):
            layer.setRenderer(QgsSingleSymbolRenderer(self._symbol(layer, "255,127,0")))
            layer.setCustomProperty("georsmllm/styled", True)

    @staticmethod
    def _graduate(layer: QgsVectorLayer, classes: int = 5) -> None:
        """Find's tiles: quantile classes of ``score``, pale yellow to red, half-transparent
        fills so the imagery shows through; classed again as features arrive."""
        renderer = QgsGraduatedSymbolRenderer("score")
        renderer.setSourceSymbol(QgsSymbol.defaultSymbol(layer.geometryType()))
        renderer.setSourceColorRamp(QgsGradientColorRamp(QColor(255, 255, 178, 110), QColor(189, 0, 38, 170)))
        renderer.setClassificationMethod(QgsClassificationQuantile())
        if layer.featureCount():
            renderer.updateClasses(layer, min(classes, layer.featureCount()))
        layer.setRenderer(renderer)
        layer.setDisplayExpression(
            "'#' || \"rank\" || ' ' || round(\"score\", 3) || coalesce(' ' || \"confirmed\", '')"
        )

    def add_heatmaps(self, paths: Dict[str, str]) -> List[Any]:
        """Find's heat maps (one GeoTIFF per searched raster) as raster layers in the group,
        pseudocolour on the same ramp as the tiles; files that are missing are skipped."""
        from qgis.core import QgsRasterLayer, QgsSingleBandPseudoColorRenderer, QgsStyle

        added = []
        for source, path in paths.items():
            if not os.path.isfile(path):
                continue
            layer = QgsRasterLayer(path, tr("Find heat map – {0}").format(os.path.basename(source)))
            if not layer.isValid():
                continue
            stats = layer.dataProvider().bandStatistics(1)
            renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1)
            ramp = QgsStyle.defaultStyle().colorRamp("YlOrRd") or QgsGradientColorRamp(
                QColor(255, 255, 178), QColor(189, 0, 38)
            )
            renderer.setClassificationMin(stats.minimumValue)
            renderer.setClassificationMax(stats.maximumValue)
            renderer.createShader(ramp)
            layer.setRenderer(renderer)
            layer.setOpacity(0.6)
            self.project.addMapLayer(layer, False)
            self.run_group().addLayer(layer)  # below the vector layers
            added.append(layer)
        return added

    @staticmethod
    def _symbol(layer: QgsVectorLayer, color: str) -> QgsSymbol:
        if layer.geometryType() == GEOMETRY_POINT:
            return QgsMarkerSymbol.createSimple(
                {"name": "circle", "color": "0,0,0,0", "outline_color": color, "outline_width": "0.6", "size": "3"}
            )
        return outline_symbol(color)
