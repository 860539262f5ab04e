"""Open a raster once and describe it: size, bands, CRS, transform, nodata, footprint, pixel size.

``RasterInfo`` is a plain value: it holds no open dataset, so it can cross threads and be compared.
All coordinates follow rasterio: the transform maps pixel *corner* coordinates (col, row) to map
(x, y); pixel (0, 0) is the top-left corner of the top-left pixel.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import affine
import pyproj
import rasterio
from pyproj.enums import WktVersion
from rasterio.errors import RasterioIOError
from shapely.geometry import Polygon

from model_backend.errors import BadInput

_GEOD = pyproj.Geod(ellps="WGS84")

# Tiles overlap a little, so each block is read about once: a small GDAL block cache is enough, and a
# bounded one keeps memory flat however large the raster (GDAL's default is 5 % of RAM). GDAL reads
# this when its cache is first used, so it is set on import, before any read; a user's value wins.
GDAL_CACHEMAX_MB = 64
os.environ.setdefault("GDAL_CACHEMAX", str(GDAL_CACHEMAX_MB))


@dataclass(frozen=True)
class RasterInfo:
    """What the engine needs to know about a raster; no open handle."""

    path: str
    width: int
    height: int
    count: int
    dtypes: tuple[str, ...]
    crs: pyproj.CRS
    transform: affine.Affine  # pixel (col, row), corner convention -> map (x, y) in ``crs``
    nodata: float | None
    colorinterp: tuple[str, ...]  # lower-case GDAL names: "red", "alpha", "gray", "undefined", ...

    def footprint(self) -> Polygon:
        """Raster outline in its own CRS: the four outer pixel corners through the transform.

        Correct for rotated/sheared transforms (the result is then a parallelogram).
        """
        corners = ((0, 0), (self.width, 0), (self.width, self.height), (0, self.height))
        return Polygon([self.transform * c for c in corners])

    def pixel_size_m(self) -> tuple[float, float]:
        """Ground size in metres of one pixel along its column (x) and row (y) direction.

        Measured at the raster centre. Geographic CRS: geodesic distance on WGS84 between the centre
        and its neighbour one pixel right/down (never degrees taken as metres). Projected CRS:
        length of the pixel's column/row vector in map units times the axis unit factor (so map
        metres; for Web Mercator this is the nominal, not the true ground, size).
        """
        t = self.transform
        cx, cy = self.width / 2.0, self.height / 2.0
        x0, y0 = t * (cx, cy)
        x1, y1 = t * (cx + 1, cy)
        x2, y2 = t * (cx, cy + 1)
        if self.crs.is_geographic:
            to_lonlat = pyproj.Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
            (lon0, lon1, lon2), (lat0, lat1, lat2) = to_lonlat.transform((x0, x1, x2), (y0, y1, y2))
            _, _, sx = _GEOD.inv(lon0, lat0, lon1, lat1)
            _, _, sy = _GEOD.inv(lon0, lat0, lon2, lat2)
            return abs(sx), abs(sy)
        factor = _unit_factor(self.crs)
        return math.hypot(x1 - x0, y1 - y0) * factor, math.hypot(x2 - x0, y2 - y0) * factor

    @property
    def crs_wkt(self) -> str:
        """The CRS as WKT2 (2019)."""
        return self.crs.to_wkt(WktVersion.WKT2_2019)

    @property
    def crs_authid(self) -> str | None:
        """ "AUTH:CODE" (e.g. "EPSG:32618") when the CRS matches an authority entry, else None."""
        auth = self.crs.to_authority()
        return f"{auth[0]}:{auth[1]}" if auth else None


def _unit_factor(crs: pyproj.CRS) -> float:
    """Metres per map unit of a projected CRS's first axis (1.0 if the CRS does not say)."""
    for axis in crs.axis_info:
        if axis.unit_conversion_factor:
            return float(axis.unit_conversion_factor)
    return 1.0


def _is_local_path(path: str) -> bool:
    return not (path.startswith("/vsi") or "://" in path or path.startswith("<"))


class _IOErrors(logging.Handler):
    """Collects the I/O errors GDAL reports as warnings while a file is opened (a cut file
    loses its georeferencing tags "with a warning"), so they can become one clear error."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "io error" in text.lower() or "read error" in text.lower():
            self.messages.append(text)


@contextlib.contextmanager
def _damage_detector() -> Iterator[_IOErrors]:
    handler = _IOErrors()
    gdal_log = logging.getLogger("rasterio._env")
    gdal_log.addHandler(handler)
    try:
        with warnings.catch_warnings():  # "no geotransform": the CRS check below says it better
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            yield handler
    finally:
        gdal_log.removeHandler(handler)


def open_info(path: str) -> RasterInfo:
    """Open ``path`` (GTiff, COG, VRT, anything GDAL reads) and describe it.

    Raises BadInput when the file is missing, unreadable, damaged or has no CRS.
    """
    path = os.fspath(path)
    if _is_local_path(path) and not os.path.exists(path):
        raise BadInput(f"Raster not found: {path}")
    try:
        with _damage_detector() as damage, rasterio.open(path) as ds:
            if damage.messages:
                reason = damage.messages[0].split(": ", 1)[-1][:200]
                raise BadInput(f"Cannot read raster {path}: {reason} (the file is damaged or incomplete)")
            if ds.crs is None:
                raise BadInput(
                    f"Raster {path} has no CRS; assign one in QGIS (Layer Properties > Source) "
                    "or with gdal_edit.py -a_srs"
                )
            if ds.count == 0:
                raise BadInput(f"Raster {path} has no bands (is it a container of subdatasets?)")
            crs = pyproj.CRS.from_wkt(ds.crs.to_wkt())
            return RasterInfo(
                path=path,
                width=ds.width,
                height=ds.height,
                count=ds.count,
                dtypes=tuple(ds.dtypes),
                crs=crs,
                transform=ds.transform,
                nodata=None if ds.nodata is None else float(ds.nodata),
                colorinterp=tuple(ci.name.lower() for ci in ds.colorinterp),
            )
    except RasterioIOError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadInput(f"Cannot read raster {path}: {reason}") from exc
