"""Synthetic change pairs with known changes, written as real GeoTIFFs.

One scene is drawn at 0.5 m in EPSG:32618 (fields of several colours with a gentle texture);
each date is that scene with its objects, warped (GDAL, average) onto the date's own grid
(any CRS, pixel size, extent), plus sensor noise, a scene-wide gain and offset, and nodata
where asked. The truth is the objects that differ between the dates, as polygons in the before
raster's CRS (EPSG:32618), on whole 2 m before pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import rasterio
import shapely
from affine import Affine
from rasterio.enums import Resampling
from rasterio.transform import from_origin
from rasterio.warp import reproject

CRS = "EPSG:32618"
X0, Y0 = 500000.0, 4500000.0  # upper-left corner of the before raster
PX = 2.0  # before pixel size, m
SIDE = 300  # before raster side, px (600 m)
FINE = 0.5  # scene resolution, m
NOISE = 3.0  # sensor noise, DN (each date)

# (col, row, width, height) in before pixels
FIELDS = [
    ((0, 0, 150, 150), (120, 140, 90)),
    ((150, 0, 150, 150), (150, 130, 100)),
    ((0, 150, 150, 150), (50, 60, 45)),  # dark field
    ((150, 150, 150, 150), (100, 120, 80)),
]
Box = Tuple[int, int, int, int]


@dataclass
class Obj:
    name: str
    box: Box  # before pixels
    colour: Tuple[int, int, int]
    dates: Tuple[int, ...]  # the dates (0-based) the object is there


# new at date 1, high contrast; new at date 1, dark roof on the dark field (12 DN); removed at
# date 1 (there at date 0 only); a 2 x 2 px speck (below the 9 px minimum mapping unit)
OBJECTS = [
    Obj("new_bright", (40, 40, 30, 40), (200, 195, 190), (1,)),
    Obj("new_dark_roof", (60, 200, 36, 28), (62, 71, 58), (1,)),
    Obj("removed_tank", (200, 40, 26, 26), (190, 190, 185), (0,)),
    Obj("speck", (230, 230, 2, 2), (220, 40, 40), (1,)),
]


@dataclass
class DateGrid:
    """Where one date is written: CRS, transform, size, and an optional nodata strip."""

    crs: str = CRS
    transform: Affine = field(default_factory=lambda: from_origin(X0, Y0, PX, PX))
    width: int = SIDE
    height: int = SIDE
    nodata_cols: Optional[Tuple[int, int]] = None  # columns [a, b) of this date's grid are nodata


def _scene(objects: List[Obj], date: int) -> np.ndarray:
    f = int(PX / FINE)
    h = w = SIDE * f
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    texture = 4 * np.sin(xx / 23.0) * np.cos(yy / 31.0)
    img = np.zeros((3, h, w), dtype=np.float32)
    for (c, r, bw, bh), colour in FIELDS:
        img[:, r * f : (r + bh) * f, c * f : (c + bw) * f] = np.array(colour, dtype=np.float32)[:, None, None]
    img += texture[None]
    for o in objects:
        if date in o.dates:
            c, r, bw, bh = o.box
            img[:, r * f : (r + bh) * f, c * f : (c + bw) * f] = np.array(o.colour, dtype=np.float32)[:, None, None]
    return img


def write_date(
    path: str,
    date: int,
    grid: DateGrid,
    gain: float = 1.0,
    offset: float = 0.0,
    seed: int = 0,
    objects: Optional[List[Obj]] = None,
    tags: Optional[Dict[str, str]] = None,
) -> str:
    scene = _scene(OBJECTS if objects is None else objects, date)
    out = np.zeros((3, grid.height, grid.width), dtype=np.float32)
    reproject(
        scene,
        out,
        src_transform=from_origin(X0, Y0, FINE, FINE),
        src_crs=CRS,
        dst_transform=grid.transform,
        dst_crs=grid.crs,
        resampling=Resampling.average,
        src_nodata=None,
        dst_nodata=np.nan,
    )
    outside = ~np.isfinite(out).all(axis=0)
    rng = np.random.default_rng(seed)
    out = np.nan_to_num(out) * gain + offset + rng.normal(0, NOISE, out.shape)
    data = np.clip(np.round(out), 1, 255).astype(np.uint8)
    nodata = None
    if grid.nodata_cols is not None or outside.any():
        nodata = 0
        data[:, outside] = 0
        if grid.nodata_cols is not None:
            data[:, :, grid.nodata_cols[0] : grid.nodata_cols[1]] = 0
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=grid.width,
        height=grid.height,
        count=3,
        dtype="uint8",
        crs=grid.crs,
        transform=grid.transform,
        nodata=nodata,
    ) as dst:
        dst.write(data)
        if tags:
            dst.update_tags(**tags)
    return path


def box_polygon(box: Box) -> shapely.Polygon:
    c, r, w, h = box
    return shapely.box(X0 + c * PX, Y0 - (r + h) * PX, X0 + (c + w) * PX, Y0 - r * PX)


def truth(
    valid_area=None, objects: Optional[List[Obj]] = None, dates: Tuple[int, int] = (0, 1), min_pixels: int = 9
) -> Dict[str, shapely.Geometry]:
    """{name: polygon} of the objects that differ between ``dates`` and are at least
    ``min_pixels`` large, cut to ``valid_area`` (where both dates have data)."""
    out = {}
    for o in OBJECTS if objects is None else objects:
        if (dates[0] in o.dates) == (dates[1] in o.dates) or o.box[2] * o.box[3] < min_pixels:
            continue
        poly = box_polygon(o.box)
        if valid_area is not None:
            poly = poly.intersection(valid_area)
        if not poly.is_empty:
            out[o.name] = poly
    return out


def iou(a, b) -> float:
    union = a.union(b).area
    return a.intersection(b).area / union if union else 0.0
