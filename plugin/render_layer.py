"""Non-file rasters (XYZ tiles, WMS/WMTS, any layer the canvas can show but the worker cannot
open) rendered for the area of interest into a temporary georeferenced GeoTIFF.

The worker reads files with rasterio; a basemap is only a URL template. So the layer's own
provider is asked for the AOI at the chosen ground resolution through a ``QgsRasterPipe`` and
``QgsRasterFileWriter`` (what "Export > Save As > Rendered image" does), in the layer's CRS,
and the file is named after the layer and the resolution: the result's ``source`` says both.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsProviderRegistry,
    QgsRasterFileWriter,
    QgsRasterLayer,
    QgsRasterPipe,
    QgsRectangle,
)

from .translate import tr

MAX_RENDER_PX = 8192  # a side longer than this is a resolution mistake, not a wish


class RenderError(ValueError):
    """The layer cannot be rendered for this area; the message says what to change."""


@dataclass(frozen=True)
class RenderedRaster:
    """A temporary GeoTIFF standing for ``layer_name`` over the AOI at ``resolution`` metres."""

    path: str
    layer_name: str
    resolution: float
    width: int
    height: int


def is_file_raster(layer: QgsRasterLayer) -> bool:
    """True when the worker can read the layer's file itself (a GDAL raster on disk)."""
    if layer.providerType() != "gdal":
        return False
    path = QgsProviderRegistry.instance().decodeUri("gdal", layer.source()).get("path", "") or ""
    return bool(path) and os.path.isfile(path)


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "layer"


def render_for_aoi(
    layer: QgsRasterLayer,
    aoi: QgsRectangle,
    aoi_crs: QgsCoordinateReferenceSystem,
    resolution_m: float,
    out_dir: Optional[str] = None,
) -> RenderedRaster:
    """Render ``layer`` over ``aoi`` (given in ``aoi_crs``) at ``resolution_m`` ground metres per
    pixel into a GeoTIFF in the layer's CRS (RGBA for image services such as XYZ)."""
    if resolution_m <= 0:
        raise RenderError(tr("The ground resolution must be above 0 m per pixel."))
    if aoi is None or aoi.isNull() or aoi.width() <= 0 or aoi.height() <= 0:
        raise RenderError(
            tr("Choose an area (map extent, rectangle or polygon): a web layer has no edges to use as a whole layer.")
        )
    crs = layer.crs()
    extent = QgsRectangle(aoi)
    if aoi_crs.isValid() and aoi_crs != crs:
        extent = QgsCoordinateTransform(aoi_crs, crs, QgsProject.instance()).transformBoundingBox(aoi)
    extent = extent.intersect(layer.extent()) if not layer.extent().isEmpty() else extent
    if extent.isEmpty():
        raise RenderError(tr('The area of interest is outside the layer "{0}".').format(layer.name()))
    unit = resolution_m
    if crs.isGeographic():  # degrees per pixel at the AOI's latitude
        unit = resolution_m / (111320.0 * max(0.01, math.cos(math.radians(extent.center().y()))))
    width, height = math.ceil(extent.width() / unit), math.ceil(extent.height() / unit)
    if max(width, height) > MAX_RENDER_PX:
        raise RenderError(
            tr(
                "At {0} m per pixel this area is {1} × {2} pixels: choose a coarser resolution or a smaller area."
            ).format(f"{resolution_m:g}", width, height)
        )
    provider = layer.dataProvider()
    pipe = QgsRasterPipe()
    if provider is None or not pipe.set(provider.clone()):
        raise RenderError(tr('The layer "{0}" cannot be read for rendering.').format(layer.name()))
    folder = out_dir or tempfile.mkdtemp(prefix="georsmllm_render_")
    path = os.path.join(folder, f"{_safe_name(layer.name())}_{resolution_m:g}m.tif")
    writer = QgsRasterFileWriter(path)
    writer.setOutputFormat("GTiff")
    status = writer.writeRaster(pipe, max(1, width), max(1, height), extent, crs)
    if int(status) != 0 or not os.path.isfile(path):
        raise RenderError(tr('Rendering the layer "{0}" failed (writer error {1}).').format(layer.name(), int(status)))
    return RenderedRaster(path, layer.name(), float(resolution_m), max(1, width), max(1, height))
