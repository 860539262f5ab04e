"""Block parts -> change polygons: regions cut by block edges joined, outlines simplified to the
ground resolution, small regions and holes dropped (the minimum mapping unit), true areas.

``area_m2`` is the area on the ellipsoid of the CRS's datum (``pyproj.Geod``), the
equal-area computation a geographic CRS needs; it is also right for a projected CRS whose map
area is not ground area (Web Mercator), and within the projection's scale error (0.04 % for
UTM) of the map area otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Sequence

import numpy as np
import pyproj
import shapely
from shapely.geometry import MultiPolygon, Polygon

from .blocks import Part
from .coregister import Grid

MIN_PIXELS = 9  # default minimum mapping unit, in grid pixels (a 3 x 3 square)
SEEN_SHARE = 0.5  # a region differs from the first date at a date where half its pixels do


@dataclass
class Region:
    """One change polygon before its attributes are written."""

    geom: Any
    pixels: int
    score_sum: float
    per_date: np.ndarray  # changed pixels per later date
    area_m2: float = 0.0

    @property
    def score(self) -> float:
        return self.score_sum / max(1, self.pixels)

    def seen(self) -> tuple[int, int]:
        """(first, last) index of the later dates (0-based) where the region differs from the
        first date: where at least ``SEEN_SHARE`` of its pixels changed (the date most of them
        changed when none reaches that share)."""
        share = self.per_date / max(1, self.pixels)
        hits = np.flatnonzero(share >= SEEN_SHARE)
        if hits.size == 0:
            best = int(np.argmax(share))
            return best, best
        return int(hits[0]), int(hits[-1])


def merge_parts(parts: Sequence[Part]) -> List[Region]:
    """Join parts that share an edge across a block border into one region each."""
    closed = [Region(p.geom, p.pixels, p.score_sum, p.per_date.copy()) for p in parts if not p.open]
    opened = [p for p in parts if p.open]
    if not opened:
        return closed
    geoms = np.array([p.geom for p in opened], dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if left.size:  # neighbours only along an edge (4-connected), not at a corner
        shared = shapely.length(shapely.intersection(geoms[left], geoms[right])) > 0
        left, right = left[shared], right[shared]
    parent = list(range(len(opened)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(left.tolist(), right.tolist()):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict = {}
    for i in range(len(opened)):
        groups.setdefault(root(i), []).append(opened[i])
    for members in groups.values():
        geom = members[0].geom if len(members) == 1 else shapely.union_all([m.geom for m in members])
        closed.append(
            Region(
                geom,
                sum(m.pixels for m in members),
                sum(m.score_sum for m in members),
                np.sum([m.per_date for m in members], axis=0),
            )
        )
    return closed


def geodesic_areas(geoms: Sequence[Any], crs: pyproj.CRS) -> np.ndarray:
    """Area in m2 of each geometry on the ellipsoid of ``crs``'s datum."""
    geodetic = crs.geodetic_crs or pyproj.CRS("EPSG:4326")
    ell = geodetic.ellipsoid
    geod = pyproj.Geod(a=ell.semi_major_metre, b=ell.semi_minor_metre) if ell else pyproj.Geod(ellps="WGS84")
    to_lonlat = pyproj.Transformer.from_crs(crs, geodetic, always_xy=True)
    out = np.zeros(len(geoms))
    for i, g in enumerate(geoms):
        lonlat = shapely.transform(g, lambda xy: np.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1])))
        out[i] = abs(geod.geometry_area_perimeter(lonlat)[0])
    return out


def _drop_small_holes(geom: Any, min_area_map: float) -> Any:
    def fix(poly: Polygon) -> Polygon:
        holes = [r for r in poly.interiors if Polygon(r).area >= min_area_map]
        return poly if len(holes) == len(poly.interiors) else Polygon(poly.exterior, holes)

    if isinstance(geom, Polygon):
        return fix(geom)
    return MultiPolygon([fix(p) for p in shapely.get_parts(geom) if isinstance(p, Polygon)])


def finish(regions: List[Region], grid: Grid, min_area_m2: float) -> List[Region]:
    """Simplify to the ground resolution, keep them inside the grid's area, drop holes and
    regions under ``min_area_m2``; largest first, with ``area_m2`` set."""
    if not regions:
        return []
    px_area_m2 = float(geodesic_areas([shapely.box(*grid.transform * (0, 0), *grid.transform * (1, 1))], grid.crs)[0])
    # the same unit in map area, for holes (compared in map units, cheaply)
    map_per_m2 = abs(grid.transform.a * grid.transform.e - grid.transform.b * grid.transform.d) / max(px_area_m2, 1e-12)
    out: List[Region] = []
    for r in regions:
        geom = shapely.simplify(r.geom, grid.pixel, preserve_topology=True)
        geom = _drop_small_holes(geom, min_area_m2 * map_per_m2)
        if not grid.area.contains(geom):
            geom = shapely.intersection(geom, grid.area)
            parts = [p for p in shapely.get_parts(geom) if isinstance(p, Polygon) and p.area > 0]
            if not parts:
                continue
            geom = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        if geom.is_empty or not geom.is_valid:
            geom = shapely.make_valid(geom)
        r.geom = geom
        out.append(r)
    areas = geodesic_areas([r.geom for r in out], grid.crs)
    for r, a in zip(out, areas):
        r.area_m2 = float(a)
    kept = [r for r in out if r.area_m2 >= min_area_m2 and r.area_m2 > 0]
    return sorted(kept, key=lambda r: -r.area_m2)


def default_min_area(grid: Grid) -> float:
    """``MIN_PIXELS`` grid pixels, in m2."""
    cell = shapely.box(*grid.transform * (0, 0), *grid.transform * (1, 1))
    return MIN_PIXELS * float(geodesic_areas([cell], grid.crs)[0])
