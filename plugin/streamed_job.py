"""A tiled job's result layers from Run to its end (detect, count, ground, caption).

At Run the job's main layer is created at once: empty, in the raster's CRS (read from the
raster file with GDAL, as the worker reads it), with the job's attributes
(``protocol.LAYER_FIELDS``), styled, in the "GeoRSMLLM" group. So the analyst sees where the
results land before the first tile is done. The worker's ``features`` fill it (and any other
layer the job streams, such as count's answer). When the job ends, ``finish`` keeps the layers
(saved into the results GeoPackage) and words the status line:

- done: the layers are kept, even empty ("Done. 0 feature(s) …": nothing found is an answer);
- cancelled or failed: what was found is kept and the status says so; when nothing was found
  the empty layers are taken out again, since there is nothing to keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from osgeo import gdal
from qgis.core import NULL, QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer

from ..model_backend import protocol
from .answer_words import answer as dock_answer
from .answer_words import counted, english_plural  # noqa: F401 (they were defined here)
from .layers.result_layer import ResultLayerError
from .layers.streamed_layers import StreamedLayers
from .translate import tr


@dataclass
class Outcome:
    """What the dock shows when the job ended."""

    text: str
    level: str  # "success", "warning" or "error"
    layer: Optional[QgsVectorLayer]  # the main layer kept, if any
    done: bool  # the job ran to its end


def raster_crs(path: str) -> QgsCoordinateReferenceSystem:
    """The CRS of the raster file (invalid when GDAL cannot open it or it has none)."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.OpenEx(path, gdal.OF_RASTER) if path else None
        wkt = ds.GetProjection() if ds is not None else ""
    finally:
        ds = None
        gdal.PopErrorHandler()
    return QgsCoordinateReferenceSystem.fromWkt(wkt) if wkt else QgsCoordinateReferenceSystem()


def sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else ""


class StreamedJob:
    """The layers of one tiled job, in ``project`` (default: the current project)."""

    def __init__(self, job: Dict[str, Any], project: Optional[QgsProject] = None) -> None:
        self.spec = protocol.task_spec(job)
        self.task = self.spec.name
        self.key = self.spec.main_layer.key  # the layer "Save as…" saves
        self.layers = StreamedLayers(project, task=self.task)
        crs = raster_crs(str(job.get("raster") or ""))
        if crs.isValid():  # else the layer comes with the first features, in the worker's CRS
            self.layers.start(self.key, crs)

    def add(self, notification: Dict[str, Any]) -> int:
        return self.layers.add(notification)

    def main_layer(self) -> Optional[QgsVectorLayer]:
        return self.layers.first(self.key) or next(iter(self.layers.layers.values()), None)

    def summary(self) -> str:
        """ "1 airplane, 2 vehicle in "Detections"": what the main layer holds, per label, for the
        dock's answer box (detect has no answer text of its own)."""
        layer = self.layers.first(self.key)
        if layer is None or layer.fields().indexOf("label") < 0:
            return ""
        counts: Dict[str, int] = {}
        for feature in layer.getFeatures():
            value = feature["label"]
            label = "unlabelled" if value is None or value == NULL or value == "" else str(value)
            counts[label] = counts.get(label, 0) + 1
        if not counts:
            return tr('Nothing found in "{0}".').format(layer.name())
        found = ", ".join(counted(label, n) for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return tr('{0} in "{1}".').format(found, layer.name())

    def _word_count_answer(self, result: Dict[str, Any]) -> None:
        """Count's answer feature (layer "Count answer") gets the dock's sentence in ``answer``,
        as the answer box shows it; kept as the worker wrote it when there is no result."""
        layer, text = self.layers.first("captions"), dock_answer(result) if result.get("answer") else ""
        index = layer.fields().indexOf("answer") if layer is not None else -1
        if layer is None or index < 0 or not text:
            return
        layer.dataProvider().changeAttributeValues({f.id(): {index: text} for f in layer.getFeatures()})

    def finish(self, result: Dict[str, Any], gpkg: str, cancelled: bool, error: str = "") -> Outcome:
        """Keep (save) or drop the layers and say what is in them. ``error``: the failure as
        the user should read it; empty when the job did not fail."""
        where = ""
        done_tiles, total = result.get("tiles_done"), result.get("tiles_total")
        if done_tiles is not None and total:
            where = tr(" after {0} of %n tile(s)", "", int(total)).format(done_tiles)
        if (cancelled or error) and self.layers.feature_count() == 0:
            self.layers.discard()
            if error:
                return Outcome(error, "error", None, False)
            return Outcome(
                tr("Cancelled{0}. Nothing was found before the cancel; no layer was kept.").format(where),
                "warning",
                None,
                False,
            )
        if self.task == "find":  # one heat map per searched raster, beside the Find layer
            self.layers.add_heatmaps(dict(result.get("heatmaps") or {}))
        if self.task == "count":
            self._word_count_answer(result)
        saved = ""
        if self.layers.layers:
            try:
                self.layers.persist(gpkg)
                saved = tr(" Saved in {0}.").format(gpkg)
            except (ResultLayerError, OSError) as exc:
                saved = tr(" They are kept in memory only: {0}").format(exc)
        layer = self.main_layer()
        count = self.layers.feature_count(self.key) if self.layers.first(self.key) else self.layers.feature_count()
        into = tr(' in "{0}"').format(layer.name()) if layer is not None else ""
        if error:
            return Outcome(
                tr("{0} The %n feature(s) found before are kept{1}.{2}", "", count).format(
                    sentence(error), into, saved
                ),
                "error",
                layer,
                False,
            )
        if cancelled:
            return Outcome(
                tr("Cancelled{0}. The %n feature(s) found so far are kept{1}.{2}", "", count).format(
                    where, into, saved
                ),
                "warning",
                layer,
                False,
            )
        if self.task == "ground" and result.get("found") is False:
            # the worker's answer says it: "the model found no <expression> in the area"
            answer = dock_answer(result) or tr("the model found no such object in the area")
            return Outcome(
                tr("{0} %n feature(s){1}.{2}", "", count).format(sentence(answer), into, saved), "warning", layer, True
            )
        unparsed = int(result.get("tiles_unparsed") or 0)
        note = tr(" %n tile(s) had an unreadable answer (see the log).", "", unparsed) if unparsed else ""
        return Outcome(tr("Done. %n feature(s){0}.{1}{2}", "", count).format(into, note, saved), "success", layer, True)
