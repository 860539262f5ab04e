"""Turn what the user picked in QGIS (a layer, an area, a question) into a ``protocol.JobSpec``.

This is the only place that knows how QGIS objects map onto the worker's job: the dock calls
it with its form values and sends the resulting plain dict on, the Processing algorithms will
do the same. Bad choices raise ``JobInputError`` with a sentence meant for the user.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsMapLayer,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsRectangle,
)

from ..model_backend import protocol
from . import render_layer, task_words
from .settings import Settings
from .translate import tr

AOI_CANVAS = "canvas"  # the current map extent, in the canvas CRS
AOI_DRAWN = "drawn"  # a rectangle drawn with the map tool, in the canvas CRS
AOI_LAYER = "layer"  # the whole raster (aoi None)
AOI_POLYGON = "polygon"  # a polygon drawn with the polygon tool: results are clipped to it
AOI_SELECTED = "selected"  # the selected features of a polygon layer: their union, or one job each
AOI_MODES = (AOI_CANVAS, AOI_DRAWN, AOI_POLYGON, AOI_SELECTED, AOI_LAYER)


class JobInputError(ValueError):
    """The form cannot make a job; the message says what to change."""


def crs_string(crs: QgsCoordinateReferenceSystem) -> str:
    """``EPSG:32618``-style authority id when the CRS has one, else its WKT (pyproj reads both)."""
    if not crs.isValid():
        raise JobInputError(tr("The area of interest has no valid coordinate reference system."))
    authid = crs.authid()
    if authid:
        return authid
    wkt_format = getattr(QgsCoordinateReferenceSystem, "WKT_PREFERRED", None)
    return crs.toWkt(wkt_format) if wkt_format is not None else crs.toWkt()


def raster_path(layer: Optional[QgsMapLayer]) -> str:
    """The file behind a raster layer. Only file-based GDAL rasters are supported for now: the
    worker reads the file itself with rasterio."""
    if layer is None:
        raise JobInputError(tr("Pick a raster layer first."))
    if not isinstance(layer, QgsRasterLayer):
        raise JobInputError(tr('The layer "{0}" is not a raster layer.').format(layer.name()))
    if not layer.isValid():
        raise JobInputError(tr('The layer "{0}" is not valid (its source cannot be read).').format(layer.name()))
    provider = layer.providerType()
    path = ""
    if provider == "gdal":
        path = QgsProviderRegistry.instance().decodeUri("gdal", layer.source()).get("path", "") or ""
    if not path or not os.path.isfile(path):
        raise JobInputError(
            tr(
                'The layer "{0}" is not a file-based raster (provider: {1}). Choose a ground resolution for '
                "web layers in the dock, or save the layer as a GeoTIFF (right-click > Export > Save As)."
            ).format(layer.name(), provider)
        )
    return os.path.abspath(path)


def polygon_aoi(
    mode: str, polygon: Optional[QgsGeometry], crs: Optional[QgsCoordinateReferenceSystem]
) -> Dict[str, Any]:
    """``aoi`` (its bounding box), ``aoi_wkt`` and ``aoi_crs`` for a drawn polygon or the union
    of selected features: the backend clips the results to the polygon itself."""
    if polygon is None or polygon.isEmpty() or polygon.area() <= 0:
        if mode == AOI_SELECTED:
            raise JobInputError(tr("Select one or more polygons of the chosen polygon layer first."))
        raise JobInputError(tr('Draw a polygon on the map first (press "Draw"; right-click closes it).'))
    if crs is None:
        raise JobInputError(tr("The polygon has no coordinate reference system."))
    box = polygon.boundingBox()
    return {
        "aoi": [box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()],
        "aoi_crs": crs_string(crs),
        "aoi_wkt": polygon.asWkt(),
    }


def aoi_for(
    mode: str,
    canvas_extent: Optional[QgsRectangle],
    canvas_crs: Optional[QgsCoordinateReferenceSystem],
    drawn: Optional[QgsRectangle],
    drawn_crs: Optional[QgsCoordinateReferenceSystem],
    polygon: Optional[QgsGeometry] = None,
    polygon_crs: Optional[QgsCoordinateReferenceSystem] = None,
) -> Dict[str, Any]:
    """The ``aoi``/``aoi_crs`` (and for polygons ``aoi_wkt``) job fields for an AOI choice:
    [minx, miny, maxx, maxy] in the CRS the area was taken in (the backend reprojects it)."""
    if mode == AOI_LAYER:
        return {"aoi": None, "aoi_crs": None}
    if mode in (AOI_POLYGON, AOI_SELECTED):
        return polygon_aoi(mode, polygon, polygon_crs)
    if mode == AOI_CANVAS:
        rect, crs, what = canvas_extent, canvas_crs, tr("The map extent")
    elif mode == AOI_DRAWN:
        if drawn is None or drawn.isNull():
            raise JobInputError(tr('Draw a rectangle on the map first (press "Draw" next to "Draw rectangle").'))
        rect, crs, what = drawn, drawn_crs, tr("The drawn rectangle")
    else:
        raise JobInputError(tr("Unknown area-of-interest choice {0}.").format(repr(mode)))
    if rect is None or rect.isNull() or rect.width() <= 0 or rect.height() <= 0:
        raise JobInputError(tr("{0} is empty: choose an area with a width and a height.").format(what))
    if crs is None:
        raise JobInputError(tr("{0} has no coordinate reference system.").format(what))
    return {"aoi": [rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()], "aoi_crs": crs_string(crs)}


def task_inputs(task: str, question: str, labels: Optional[List[str]]) -> Dict[str, Any]:
    """{"question", "labels"} for ``task``, or JobInputError saying what is missing (the task
    table's ``needs`` and ``missing``). An empty text is no question (None): the backend then
    uses the task's default; object names win over a detect expression."""
    question = (question or "").strip()
    labels = [label.strip() for label in (labels or []) if label.strip()]
    try:
        spec = protocol.task_spec(task)
    except ValueError:
        raise JobInputError(tr("Unknown task {0}.").format(repr(task))) from None
    if not spec.labels:
        labels = []
    if (spec.needs == "text" and not question) or (spec.needs == "labels or text" and not labels and not question):
        raise JobInputError(task_words.missing(spec.name, spec.missing))
    if spec.text_role == "expression" and labels:
        question = ""
    return {"question": question or None, "labels": labels}


def change_fields(
    before: str,
    after_layer: Optional[QgsMapLayer],
    method: str = "diff",
    onnx_model: str = "",
    min_area: Optional[float] = None,
    describe: int = 0,
) -> Dict[str, Any]:
    """The change task's JobSpec fields: the after raster (a file-based raster layer, not the
    before one), the method and its ONNX model, the minimum area (m², None: the backend's
    default) and how many changes to describe."""
    if after_layer is None:
        raise JobInputError(tr("Pick the after raster layer (the later date) for Change."))
    after = raster_path(after_layer)
    if os.path.abspath(after) == os.path.abspath(before):
        raise JobInputError(tr("The before and the after raster are the same file: pick the later date as after."))
    if method not in protocol.CHANGE_METHODS:
        raise JobInputError(tr("Unknown change method {0}.").format(repr(method)))
    onnx = (onnx_model or "").strip()
    if method == "onnx" and not os.path.isfile(onnx):
        raise JobInputError(tr("Method ONNX needs the change model file (.onnx)."))
    return {
        "after": after,
        "method": method,
        "onnx_model": onnx if method == "onnx" else None,
        "min_area": float(min_area) if min_area else None,
        "describe": max(0, int(describe)),
    }


def build_job(
    layer: Optional[QgsMapLayer],
    question: str,
    settings: Settings,
    aoi_mode: str,
    canvas_extent: Optional[QgsRectangle] = None,
    canvas_crs: Optional[QgsCoordinateReferenceSystem] = None,
    drawn: Optional[QgsRectangle] = None,
    drawn_crs: Optional[QgsCoordinateReferenceSystem] = None,
    task: str = "ask",
    labels: Optional[List[str]] = None,
    history: Optional[List[List[str]]] = None,
    polygon: Optional[QgsGeometry] = None,
    polygon_crs: Optional[QgsCoordinateReferenceSystem] = None,
    render_resolution: Optional[float] = None,
) -> Dict[str, Any]:
    """The JobSpec dict for one task. Going through ``protocol.JobSpec`` keeps the field names
    those of the worker's contract. A non-file raster (XYZ, WMS…) is rendered for the AOI at
    ``render_resolution`` m/px into a temporary GeoTIFF when that is given."""
    rendered = (
        bool(render_resolution)
        and isinstance(layer, QgsRasterLayer)
        and layer.isValid()
        and not render_layer.is_file_raster(layer)
    )
    raster = "" if rendered else raster_path(layer)  # a form error about the layer comes first
    aoi = aoi_for(aoi_mode, canvas_extent, canvas_crs, drawn, drawn_crs, polygon, polygon_crs)
    if rendered and isinstance(layer, QgsRasterLayer) and render_resolution:  # the same test, for mypy
        if aoi["aoi"] is None:
            raise JobInputError(
                tr(
                    'The layer "{0}" is a web layer without edges: choose the map extent, a '
                    "rectangle or a polygon as the area."
                ).format(layer.name())
            )
        box = QgsRectangle(*aoi["aoi"])
        crs = {AOI_CANVAS: canvas_crs, AOI_DRAWN: drawn_crs}.get(aoi_mode, polygon_crs)
        try:
            raster = render_layer.render_for_aoi(
                layer, box, QgsCoordinateReferenceSystem(crs), float(render_resolution)
            ).path
        except render_layer.RenderError as exc:
            raise JobInputError(str(exc)) from None
    inputs = task_inputs(task, question, labels)
    if not settings.model.strip():
        raise JobInputError(tr("Set a model (a Hugging Face id or a local folder) in the Model section."))
    if settings.engine == "openai" and not settings.base_url.strip():
        raise JobInputError(tr("Set the server address (e.g. http://gpu-server:8000/v1) in the Model section."))
    fields: Dict[str, Any] = dict(  # the settings' plain strings; JobSpec's Literals are checked by the worker
        raster=raster,
        task=task,
        question=inputs["question"],
        labels=inputs["labels"],
        aoi=aoi["aoi"],
        aoi_crs=aoi["aoi_crs"],
        aoi_wkt=aoi.get("aoi_wkt"),
        model=settings.model.strip(),
        family=settings.family or None,
        device=settings.device,
        quantization=settings.quantization,
        max_new_tokens=int(settings.max_new_tokens),
        history=[list(t) for t in (history or [])] if task == "ask" else [],
        engine=settings.engine,
        base_url=settings.base_url.strip() or None,
        api_key_env=settings.api_key_env.strip() or None,
        batch_size=int(settings.batch_size),
    )
    return protocol.JobSpec(**fields).to_dict()
