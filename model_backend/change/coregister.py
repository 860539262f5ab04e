"""Co-registration: every date of a change series read on one common grid, in windows.

The grid is the before raster's own pixel grid (its CRS and alignment) cut to the overlap of
all the dates and the AOI, so the result polygons are in the before raster's CRS. Its pixels
are the before raster's, unless a later date has coarser pixels: then the grid takes the
coarsest pixel size, so that both dates are compared at the detail they both have (comparing
a sharp edge with a blurred one reports every field border as change). A date on the grid
(same CRS and pixel size, whole-pixel offset) is read directly; any other (another CRS, pixel
size or alignment) through a rasterio ``WarpedVRT`` onto the grid (average from finer pixels,
bilinear otherwise), which GDAL computes window by window, so memory stays flat.

A pixel is valid only where every date is valid: nodata, masks and alpha of each date
(``raster.read``'s mask rules, so a NIR band tagged alpha does not mask) and, for a warped date,
everything outside its footprint.

Bands compared: every band that is not an alpha mask when the dates have as many (a NIR band
is what tells water and crops apart), else the RGB bands of each date (``select_bands``: colour
tags, else the first three, or ``--bands``, which also limits the comparison to them); when one
date has a single band, every date is compared in grey (band mean). R, G and B (``rgb``) are
what the VLM and an ONNX model see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np
import pyproj
import rasterio
import shapely
from affine import Affine
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from shapely.geometry import MultiPolygon, Polygon

from ..errors import BadInput
from ..raster.aoi import aoi_polygon, polygon_window
from ..raster.read import MaskPlan, Stretch, _mask_plan, _read_valid, compute_stretch, select_bands
from ..raster.source import RasterInfo, open_info
from .dates import Dated

FOOTPRINT_POINTS = 400  # points along a footprint outline when it is reprojected
COARSER = 1.05  # a later date whose pixels are this much larger sets the grid's pixel size


@dataclass(frozen=True)
class Grid:
    """The common grid: a window of the before raster over the overlap of every date (and the
    AOI). ``area`` is that overlap polygon in the grid CRS; nothing is reported outside it."""

    crs: pyproj.CRS
    crs_wkt: str
    transform: Affine  # grid pixel (col, row), corner convention -> grid CRS
    width: int
    height: int
    window: Window  # in pixels of the before raster
    area: Any  # shapely (Multi)Polygon
    pixel: float  # pixel side in CRS units (the smaller one): the simplification tolerance
    ground_pixel_m: float  # ground size of a pixel (geometric mean of its sides), metres

    def pixel_window(self, geom: Any, margin: int = 0) -> Window:
        """Integer grid window covering ``geom`` plus ``margin`` pixels, clipped to the grid."""
        inv = ~self.transform
        coords = shapely.get_coordinates(shapely.envelope(geom))
        cols, rows = inv * (coords[:, 0], coords[:, 1])
        c0 = max(0, math.floor(float(np.min(cols))) - margin)
        r0 = max(0, math.floor(float(np.min(rows))) - margin)
        c1 = min(self.width, math.ceil(float(np.max(cols))) + margin)
        r1 = min(self.height, math.ceil(float(np.max(rows))) + margin)
        return Window(c0, r0, max(1, c1 - c0), max(1, r1 - r0))


@dataclass(frozen=True)
class DateSource:
    """One date of the series: which bands are compared, how validity is read, and whether it
    is read directly (``offset``: the grid's top-left pixel in this file) or warped (None)."""

    path: str
    label: str
    bands: Tuple[int, ...]  # 1-based: the bands compared (in grey mode, the bands averaged)
    grey: bool
    mask: MaskPlan
    offset: Optional[Tuple[int, int]]
    info: RasterInfo
    resampling: Resampling  # onto the grid: average from finer pixels, else bilinear
    rgb: Tuple[int, int, int]  # where R, G and B are among the compared bands (0-based)

    def stretch(self) -> Stretch:
        """This date's 2-98 % stretch of R, G, B (identity for uint8): for the images the VLM
        and an ONNX model see."""
        return compute_stretch(self.path, tuple(self.bands[i] for i in self.rgb))


def _reprojected_footprint(info: RasterInfo, crs: pyproj.CRS) -> Any:
    """The raster's outline in ``crs``, its edges densified so curved edges stay curved."""
    outline = info.footprint()
    if info.crs == crs:
        return outline
    dense = shapely.segmentize(outline, outline.length / FOOTPRINT_POINTS)
    xy = shapely.get_coordinates(dense)
    tr = pyproj.Transformer.from_crs(info.crs, crs, always_xy=True)
    x, y = tr.transform(xy[:, 0], xy[:, 1])
    ok = np.isfinite(x) & np.isfinite(y)
    poly = Polygon(np.column_stack([x[ok], y[ok]])) if ok.sum() >= 3 else Polygon()
    return poly if poly.is_valid else shapely.make_valid(poly)


def _areal(geom: Any) -> Any:
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    return Polygon() if not parts else parts[0] if len(parts) == 1 else MultiPolygon(parts)


def common_grid(infos: Sequence[RasterInfo], aoi: Optional[List[float]], aoi_crs: Optional[str]) -> Grid:
    """The grid of ``infos[0]`` over the overlap of all rasters and the AOI; BadInput when they
    do not overlap."""
    before = infos[0]
    area = aoi_polygon(before, aoi, aoi_crs)
    for info in infos[1:]:
        area = _areal(area.intersection(_reprojected_footprint(info, before.crs)))
        if area.is_empty or area.area <= 0:
            where = "the AOI" if aoi is not None else "each other"
            raise BadInput(
                f"The rasters do not overlap {where}: {info.path} covers none of "
                f"{before.path}{' within the AOI' if aoi is not None else ''}"
            )
    window = polygon_window(before, area)
    scale = max([1.0] + [_ground_pixel(info) / _ground_pixel(before) for info in infos[1:]])
    scale = scale if scale > COARSER else 1.0
    transform = window_transform(window, before.transform) * Affine.scale(scale)
    width, height = math.ceil(window.width / scale - 1e-6), math.ceil(window.height / scale - 1e-6)
    pixel = min(math.hypot(transform.a, transform.d), math.hypot(transform.b, transform.e))
    return Grid(
        before.crs, before.crs_wkt, transform, width, height, window, area, pixel, _ground_pixel(before) * scale
    )


def _ground_pixel(info: RasterInfo) -> float:
    sx, sy = info.pixel_size_m()
    return math.sqrt(sx * sy)


def _offset_on_grid(info: RasterInfo, grid: Grid) -> Optional[Tuple[int, int]]:
    """(col, row) of the grid's top-left pixel in ``info`` when the grid's pixels are whole
    pixels of that raster (same CRS, size and alignment, inside it), else None."""
    if info.crs != grid.crs:
        return None
    rel = ~info.transform * grid.transform  # grid pixel -> raster pixel
    if not (abs(rel.a - 1) < 1e-9 and abs(rel.e - 1) < 1e-9 and abs(rel.b) < 1e-9 and abs(rel.d) < 1e-9):
        return None
    col, row = round(rel.c), round(rel.f)
    if abs(rel.c - col) > 1e-6 or abs(rel.f - row) > 1e-6:
        return None
    if col < 0 or row < 0 or col + grid.width > info.width or row + grid.height > info.height:
        return None
    return int(col), int(row)


def open_series(
    series: Sequence[Dated], aoi: Optional[List[float]], aoi_crs: Optional[str], bands: Optional[List[int]] = None
) -> Tuple[Grid, List[DateSource]]:
    """The common grid and one ``DateSource`` per date; every input error is a BadInput."""
    infos = [open_info(d.path) for d in series]
    grid = common_grid(infos, aoi, aoi_crs)
    rgb = [select_bands(info, bands) for info in infos]
    grey = any(len(set(b)) == 1 for b in rgb)
    plans = []
    for d, chosen in zip(series, rgb):
        with rasterio.open(d.path) as ds:
            plans.append(_mask_plan(ds, chosen))
    data = [tuple(b for b in range(1, info.count + 1) if b != plan.alpha_band) for info, plan in zip(infos, plans)]
    every = (
        bands is None
        and not grey
        and len({len(d) for d in data}) == 1
        and all(set(c) <= set(d) for c, d in zip(rgb, data))
    )
    sources = []
    for d, info, chosen, plan, own in zip(series, infos, rgb, plans, data):
        used = tuple(dict.fromkeys(chosen)) if grey else own if every else chosen
        where = (0, 0, 0) if grey else (used.index(chosen[0]), used.index(chosen[1]), used.index(chosen[2]))
        finer = _ground_pixel(info) * COARSER < grid.ground_pixel_m
        resampling = Resampling.average if finer else Resampling.bilinear
        sources.append(
            DateSource(d.path, d.label, used, grey, plan, _offset_on_grid(info, grid), info, resampling, where)
        )
    return grid, sources


class DateReader:
    """Reads windows of the grid from one date: (bands as float32 (n, h, w), valid or None when
    every pixel is). Used by one thread at a time: a GDAL dataset is not thread-safe."""

    def __init__(self, source: DateSource, grid: Grid) -> None:
        self.source, self.grid = source, grid
        self.ds = rasterio.open(source.path)
        self.vrt: Optional[WarpedVRT] = None
        if source.offset is None:
            self.vrt = WarpedVRT(
                self.ds,
                crs=grid.crs,
                transform=grid.transform,
                width=grid.width,
                height=grid.height,
                resampling=source.resampling,
                add_alpha=True,
            )

    def read(
        self, window: Window, out_shape: Optional[Tuple[int, int]] = None
    ) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        """The window's bands as float32 (n, h, w) and its validity (None: all valid)."""
        return to_float(*self.read_raw(window, out_shape), self.source.grey)

    def read_raw(
        self, window: Window, out_shape: Optional[Tuple[int, int]] = None
    ) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        """The window's bands in the file's data type, and its validity (None: all valid)."""
        shape = out_shape or (int(window.height), int(window.width))
        bands = list(self.source.bands)
        resampling = self.source.resampling
        if self.vrt is not None:
            data = self.vrt.read(bands, window=window, out_shape=(len(bands), *shape), resampling=resampling)
            alpha = self.vrt.read(self.vrt.count, window=window, out_shape=shape, resampling=Resampling.nearest)
            return data, alpha != 0  # outside the date, or its nodata/mask
        col, row = self.source.offset or (0, 0)
        win = Window(window.col_off + col, window.row_off + row, window.width, window.height)
        data = self.ds.read(bands, window=win, out_shape=(len(bands), *shape), resampling=resampling)
        return data, _read_valid(self.ds, self.source.mask, bands, win, shape)

    def close(self) -> None:
        if self.vrt is not None:
            self.vrt.close()
        self.ds.close()


def open_readers(sources: Sequence[DateSource], grid: Grid) -> List[DateReader]:
    """A reader per date (close them with ``close_readers``); GDAL datasets are not shared
    between threads, so the thread that opens them reads."""
    readers: List[DateReader] = []
    try:
        for source in sources:
            readers.append(DateReader(source, grid))
    except BaseException:
        close_readers(readers)
        raise
    return readers


def close_readers(readers: Sequence[DateReader]) -> None:
    for reader in readers:
        reader.close()


def to_float(data: np.ndarray, valid: Optional[np.ndarray], grey: bool) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    """Raw bands -> float32 (grey: their mean); NaN and infinities become invalid pixels."""
    out = data.astype(np.float32, copy=False)
    if grey:
        out = out.mean(axis=0, keepdims=True, dtype=np.float32)
    if data.dtype.kind == "f":
        finite = np.isfinite(out).all(axis=0)
        if not finite.all():
            valid = finite if valid is None else valid & finite
            out = np.nan_to_num(out, copy=False)
    return out, valid


def both_valid(a: Optional[np.ndarray], b: Optional[np.ndarray]) -> Optional[np.ndarray]:
    """Valid where both are (None: every pixel valid)."""
    if a is None:
        return b
    return a if b is None else a & b
