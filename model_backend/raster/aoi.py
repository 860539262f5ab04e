"""Area of interest: a user rectangle (any CRS) -> polygon in the raster CRS -> integer pixel window."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyproj
import shapely
from pyproj.exceptions import CRSError, ProjError
from rasterio.windows import Window
from shapely.geometry import MultiPolygon, Polygon

from model_backend.errors import BadInput
from model_backend.raster.source import RasterInfo

EDGE_POINTS = 21  # points per AOI edge when reprojecting, so curved edges stay curved
_SNAP = 1e-6  # pixel coordinates this close to an integer are taken as that integer (float noise)


def _parse_crs(aoi_crs: str | None, info: RasterInfo) -> pyproj.CRS:
    if aoi_crs is None or str(aoi_crs).strip() == "":
        return info.crs
    try:
        return pyproj.CRS.from_user_input(aoi_crs)
    except CRSError as exc:
        raise BadInput(f"Unknown AOI CRS {aoi_crs!r}: use e.g. 'EPSG:4326'") from exc


def _densified_ring(minx: float, miny: float, maxx: float, maxy: float) -> tuple[np.ndarray, np.ndarray]:
    """Rectangle outline (counter-clockwise from the lower-left corner), EDGE_POINTS per edge."""
    t = np.linspace(0.0, 1.0, EDGE_POINTS)[:-1]
    xs = np.concatenate(
        [minx + t * (maxx - minx), np.full_like(t, maxx), maxx - t * (maxx - minx), np.full_like(t, minx)]
    )
    ys = np.concatenate(
        [np.full_like(t, miny), miny + t * (maxy - miny), np.full_like(t, maxy), maxy - t * (maxy - miny)]
    )
    return xs, ys


def _polygonal(geom) -> Polygon | MultiPolygon:
    """Keep only the areal parts of an intersection result."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _wkt_polygon(aoi_wkt: str, crs: pyproj.CRS, info: RasterInfo) -> Polygon | MultiPolygon:
    """A polygon AOI given as WKT in ``crs``, made valid, its edges densified and reprojected
    onto the raster CRS (a drawn polygon or a selected feature: results clip to it)."""
    try:
        geom = shapely.from_wkt(aoi_wkt)
    except shapely.errors.GEOSException as exc:
        raise BadInput(f"The polygon area of interest is not valid WKT: {exc}") from exc
    geom = _polygonal(shapely.make_valid(geom)) if geom is not None else Polygon()
    if geom.is_empty or geom.area <= 0:
        raise BadInput("The polygon area of interest is empty: draw or select a polygon with an area.")
    if crs == info.crs:
        return geom
    step = max(geom.bounds[2] - geom.bounds[0], geom.bounds[3] - geom.bounds[1]) / (EDGE_POINTS - 1)
    dense = shapely.segmentize(geom, step)
    tr = pyproj.Transformer.from_crs(crs, info.crs, always_xy=True)
    out = shapely.transform(dense, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    return out if out.is_valid else _polygonal(shapely.make_valid(out))


def aoi_polygon(
    info: RasterInfo, aoi: Sequence[float] | None, aoi_crs: str | None, aoi_wkt: str | None = None
) -> Polygon | MultiPolygon:
    """The AOI as a polygon in the raster CRS, clipped to the raster footprint.

    ``aoi`` is (minx, miny, maxx, maxy) in map units of ``aoi_crs`` (x = easting/longitude,
    always_xy order); ``aoi_crs`` None means the raster CRS; ``aoi`` None means the whole raster.
    ``aoi_wkt`` (a polygon in ``aoi_crs``) wins over ``aoi``. In another CRS the edges are
    densified before reprojection. Raises BadInput for malformed, empty, unknown-CRS or
    non-overlapping AOIs.
    """
    footprint = info.footprint()
    if aoi_wkt is not None and str(aoi_wkt).strip():
        crs = _parse_crs(aoi_crs, info)
        clipped = _polygonal(_wkt_polygon(str(aoi_wkt), crs, info).intersection(footprint))
        if clipped.is_empty or clipped.area <= 0:
            raise BadInput(
                f"The polygon area of interest does not overlap raster {info.path} "
                f"(raster bounds {_bounds_in(info, crs)} in {_crs_name(crs)})"
            )
        return clipped
    if aoi is None:
        return footprint
    values = list(aoi)
    if len(values) != 4:
        raise BadInput(f"AOI needs 4 numbers (minx, miny, maxx, maxy), got {len(values)}")
    try:
        minx, miny, maxx, maxy = (float(v) for v in values)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"AOI values must be numbers, got {values!r}") from exc
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise BadInput(f"AOI values must be finite numbers, got {values!r}")
    if minx >= maxx or miny >= maxy:
        raise BadInput(f"AOI ({minx}, {miny}, {maxx}, {maxy}) is empty: need minx < maxx and miny < maxy")
    crs = _parse_crs(aoi_crs, info)
    if crs == info.crs:
        rect = Polygon([(minx, miny), (maxx, miny), (maxx, maxy), (minx, maxy)])
    else:
        xs, ys = _densified_ring(minx, miny, maxx, maxy)
        tr = pyproj.Transformer.from_crs(crs, info.crs, always_xy=True)
        px, py = tr.transform(xs, ys)
        ok = np.isfinite(px) & np.isfinite(py)
        rect = Polygon(np.column_stack([px[ok], py[ok]])) if ok.sum() >= 3 else Polygon()
        if not rect.is_empty and not rect.is_valid:
            rect = _polygonal(shapely.make_valid(rect))
    clipped = _polygonal(rect.intersection(footprint)) if not rect.is_empty else Polygon()
    if clipped.is_empty or clipped.area <= 0:
        raise BadInput(
            f"The area of interest {_rounded((minx, miny, maxx, maxy), crs)} in {_crs_name(crs)} does not overlap "
            f"raster {info.path} (raster bounds {_bounds_in(info, crs)} in {_crs_name(crs)})"
        )
    return clipped


def _crs_name(crs: pyproj.CRS) -> str:
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.name


def _bounds_in(info: RasterInfo, crs: pyproj.CRS) -> str:
    """Raster bounds (minx, miny, maxx, maxy) expressed in ``crs``, rounded for a message."""
    b = info.footprint().bounds
    if crs != info.crs:
        try:
            tr = pyproj.Transformer.from_crs(info.crs, crs, always_xy=True)
            b = tr.transform_bounds(b[0], b[1], b[2], b[3], densify_pts=EDGE_POINTS)
        except ProjError:
            return "unknown"
    return _rounded(b, crs)


def _rounded(bounds, crs: pyproj.CRS) -> str:
    """'(500010.0, 4499000.0, 500300.0, 4499800.0 m)': rounded as a person reads them, with units."""
    if crs.is_geographic:
        return "(" + ", ".join(f"{v:.5f}" for v in bounds) + " °)"
    unit = crs.axis_info[0].unit_name if crs.axis_info else ""
    unit = {"metre": "m", "meter": "m", "foot": "ft", "US survey foot": "ftUS"}.get(unit, unit)
    return "(" + ", ".join(f"{v:.1f}" for v in bounds) + (f" {unit})" if unit else ")")


def polygon_window(info: RasterInfo, polygon: Polygon | MultiPolygon) -> Window:
    """Integer raster window (pixels) covering ``polygon`` (raster CRS), clipped to the raster.

    All vertices go through the inverse transform, so rotated rasters work. Offsets are floored
    and ends ceiled once (values within 1e-6 px of an integer are snapped to it first).
    Raises BadInput when nothing of the raster is left.
    """
    coords = shapely.get_coordinates(polygon)
    if len(coords) == 0:
        raise BadInput(f"AOI is empty; it selects no pixel of raster {info.path}")
    inv = ~info.transform
    cols, rows = inv * (coords[:, 0], coords[:, 1])
    cols, rows = np.asarray(cols, dtype=float), np.asarray(rows, dtype=float)

    def snap(v: float) -> float:
        r = round(v)
        return float(r) if abs(v - r) < _SNAP else v

    c0 = max(0, math.floor(snap(cols.min())))
    r0 = max(0, math.floor(snap(rows.min())))
    c1 = min(info.width, math.ceil(snap(cols.max())))
    r1 = min(info.height, math.ceil(snap(rows.max())))
    if c1 <= c0 or r1 <= r0:
        raise BadInput(f"AOI selects no pixel of raster {info.path} ({info.width} x {info.height} px)")
    return Window(c0, r0, c1 - c0, r1 - r0)
