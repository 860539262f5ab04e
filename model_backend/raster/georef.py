"""PointSets (model-input image pixels) <-> shapely geometries in the raster CRS. The only place.

The Affine is a tile's (or image's) ``transform``: image pixel (col, row), corner convention ->
map (x, y). Boxes are expanded to their four corners in *pixel* space before mapping, so on
rotated/sheared rasters a box becomes the right parallelogram, not an axis-aligned map box.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from affine import Affine
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from model_backend.geometry import PointSet

_BOX_TOL = 1e-9  # pixels: a 4-corner ring this close to axis-aligned reads back as a 2-point box


def _affine_xy(transform: Affine, xy: np.ndarray) -> np.ndarray:
    """(..., 2) pixel coordinates -> (..., 2) map coordinates."""
    a, b, c, d, e, f = transform[:6]
    x, y = xy[..., 0], xy[..., 1]
    return np.stack([a * x + b * y + c, d * x + e * y + f], axis=-1)


def _box_corners(pts: np.ndarray) -> np.ndarray:
    """(n, 2, 2) opposite corners -> (n, 4, 2) corners, clockwise on screen from (x0, y0)."""
    x0, y0, x1, y1 = pts[:, 0, 0], pts[:, 0, 1], pts[:, 1, 0], pts[:, 1, 1]
    return np.stack(
        [np.stack([x0, y0], -1), np.stack([x1, y0], -1), np.stack([x1, y1], -1), np.stack([x0, y1], -1)], axis=1
    )


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """make_valid, keeping only the areal parts (a bow-tie becomes two triangles)."""
    fixed = shapely.make_valid(geom)
    if fixed.geom_type in ("Polygon", "MultiPolygon"):
        return fixed
    parts = [p for p in shapely.get_parts(fixed) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else fixed


def to_map_geometry(ps: PointSet, transform: Affine) -> BaseGeometry:
    """One PointSet -> Point (1 point) or Polygon (2 = box, 4 = rotated box, N = polygon) in map units."""
    return to_map_geometries([ps], transform)[0]


def to_map_geometries(point_sets: Sequence[PointSet], transform: Affine) -> list[BaseGeometry]:
    """Vectorised ``to_map_geometry``: boxes and points are built in bulk with shapely 2.

    Invalid polygons (self-intersecting rings from a model) are repaired with make_valid.
    """
    out: list[BaseGeometry | None] = [None] * len(point_sets)
    by_len: dict[int, list[int]] = {}
    for i, ps in enumerate(point_sets):
        by_len.setdefault(len(ps.points), []).append(i)
    for n, idx in by_len.items():
        pts = np.array([point_sets[i].points for i in idx], dtype=np.float64)  # (k, n, 2)
        if n == 1:
            geoms = shapely.points(_affine_xy(transform, pts[:, 0]))
        else:
            ring = _box_corners(pts) if n == 2 else pts
            geoms = shapely.polygons(_affine_xy(transform, ring))
            bad = ~shapely.is_valid(geoms)
            if bad.any():
                geoms[bad] = [_polygonal(g) for g in geoms[bad]]
        for i, g in zip(idx, geoms):
            out[i] = g
    return out


def to_pixels(geom: BaseGeometry, transform: Affine, label: str = "", score: float | None = None) -> PointSet:
    """Inverse of ``to_map_geometry`` for a Point or single Polygon (exterior ring only).

    A ring that is an axis-aligned rectangle in pixel space comes back as a 2-point box
    (top-left, bottom-right corners); other rings as their vertices without the closing repeat.
    """
    inv = ~transform
    if isinstance(geom, Point):
        return PointSet((tuple(_affine_xy(inv, np.array([geom.x, geom.y])).tolist()),), label, score)
    if not isinstance(geom, Polygon):
        raise TypeError(f"to_pixels takes a Point or Polygon, got {geom.geom_type}")
    px = _affine_xy(inv, np.asarray(geom.exterior.coords)[:-1])
    if len(px) == 4:  # a valid 4-vertex ring with every vertex on its bounding box is that box
        lo, hi = px.min(axis=0), px.max(axis=0)
        tol = _BOX_TOL * max(1.0, float(np.abs(px).max()))
        on_box = (np.minimum(abs(px - lo), abs(px - hi)) < tol).all()
        if on_box and (hi - lo > tol).all():
            return PointSet(((lo[0], lo[1]), (hi[0], hi[1])), label, score)
    return PointSet(tuple(map(tuple, px.tolist())), label, score)
