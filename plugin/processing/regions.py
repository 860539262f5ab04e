"""EXTENT and AOI -> the areas an algorithm runs over.

A job's AOI is a rectangle (in any CRS; the worker reprojects it onto the raster) or, where the
protocol has ``aoi_wkt``, a polygon: a polygon AOI goes as its WKT in the raster's CRS (the worker
cuts to it and skips tiles outside it); with an older worker it runs over its bounding rectangle
and what comes back is cut to the polygon here (``sinks``). ``AOI_MODE`` chooses one run per feature or
one run over their union; an EXTENT with AOI polygons narrows each of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsRectangle,
)

from ..job_from_qgis import JobInputError, crs_string
from ..translate import tr

EDGE_POINTS = 21  # per edge, so a rectangle stays curved where its CRS curves on the raster's


@dataclass
class Region:
    """One run: ``aoi`` [minx, miny, maxx, maxy] in ``aoi_crs`` (None: the whole raster), and
    the polygon (raster CRS) its features are cut to (None: the rectangle is the area)."""

    aoi: Optional[List[float]]
    aoi_crs: Optional[str]
    clip: Optional[QgsGeometry]
    name: str


def _crs(crs: QgsCoordinateReferenceSystem) -> str:
    try:
        return crs_string(crs)
    except JobInputError as exc:
        raise QgsProcessingException(str(exc)) from None


def _rect_polygon(
    rect: QgsRectangle,
    src: QgsCoordinateReferenceSystem,
    dst: QgsCoordinateReferenceSystem,
    context: QgsProcessingContext,
) -> QgsGeometry:
    geom = QgsGeometry.fromRect(rect).densifyByCount(EDGE_POINTS - 2)
    if src.isValid() and dst.isValid() and src != dst:
        geom.transform(QgsCoordinateTransform(src, dst, context.transformContext()))
    return geom


def _bounds(geom: QgsGeometry) -> List[float]:
    box = geom.boundingBox()
    return [box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()]


def for_parameters(
    alg: QgsProcessingAlgorithm,
    parameters: dict,
    context: QgsProcessingContext,
    raster_crs: QgsCoordinateReferenceSystem,
    feedback: Any = None,
) -> List[Region]:
    """The runs the EXTENT / AOI / AOI_MODE parameters ask for (at least one)."""
    extent: Optional[QgsGeometry] = None
    has_extent = parameters.get("EXTENT") not in (None, "")
    rect, rect_crs = None, None
    if has_extent:
        rect = alg.parameterAsExtent(parameters, "EXTENT", context)
        rect_crs = alg.parameterAsExtentCrs(parameters, "EXTENT", context)
        if not rect_crs.isValid():
            rect_crs = raster_crs
        extent = _rect_polygon(rect, rect_crs, raster_crs, context)
    source = alg.parameterAsSource(parameters, "AOI", context) if parameters.get("AOI") not in (None, "") else None
    if source is None:
        if rect is None or rect_crs is None:
            return [Region(None, None, None, tr("the whole raster"))]
        return [
            Region(
                [rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()],
                _crs(rect_crs),
                None,
                tr("the extent"),
            )
        ]
    to_raster = QgsCoordinateTransform(source.sourceCrs(), raster_crs, context.transformContext())
    polygons = []
    for feature in source.getFeatures(QgsFeatureRequest()):
        geom = QgsGeometry(feature.geometry())
        if geom.isEmpty():
            continue
        if source.sourceCrs().isValid() and source.sourceCrs() != raster_crs:
            geom.transform(to_raster)
        if extent is not None:
            geom = geom.intersection(extent)
        if geom.isEmpty() or geom.area() <= 0:
            if feedback is not None:
                feedback.pushInfo(tr("AOI feature {0} is outside the extent: skipped.").format(feature.id()))
            continue
        polygons.append((feature.id(), geom))
    if not polygons:
        raise QgsProcessingException(tr("No AOI polygon has an area inside the extent."))
    raster = _crs(raster_crs)
    if alg.parameterAsEnum(parameters, "AOI_MODE", context) == 1:
        union = QgsGeometry.unaryUnion([g for _, g in polygons])
        return [Region(_bounds(union), raster, union, tr("the union of %n AOI polygon(s)", "", len(polygons)))]
    return [Region(_bounds(g), raster, g, tr("AOI feature {0}").format(fid)) for fid, g in polygons]
