"""Tiling plan: integer raster windows over an AOI window, each with its model-input size and Affine.

Pure functions, no I/O (like ``rasterio.windows``). Everything is planned in raster pixel space and
georeferenced by transform composition only, so rotated/sheared geotransforms need no special case.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
import shapely
from affine import Affine
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from shapely.geometry.base import BaseGeometry

from model_backend.errors import BadInput
from model_backend.raster.source import RasterInfo

log = logging.getLogger(__name__)

MIN_TILE_PX = 32
MAX_TILE_PX = 4096  # one model image of 4096^2 px is already beyond every family's input
MAX_OVERLAP = 0.9
# A plan of more tiles than this is refused before any tile is built (the README's promise):
# at about a second per tile it is more than a day of model time, and it is nearly always a
# --gsd much finer than the raster's pixels. Past WARN_TILES, or when tiles enlarge the
# raster's pixels more than UPSAMPLE_WARN times, the job says so and goes on.
MAX_TILES = 100_000
WARN_TILES = 10_000
UPSAMPLE_WARN = 2.0


@dataclass(frozen=True)
class Tile:
    """One model input: a raster window and how it is resized and georeferenced."""

    id: int  # row-major order over the plan, from 0
    window: Window  # integer raster pixels (col_off, row_off, width, height)
    out_size: tuple[int, int]  # (w, h) image pixels fed to the model
    transform: Affine  # image pixel (col, row), corner convention -> raster CRS (x, y)

    def footprint(self) -> shapely.Polygon:
        """The tile's outline in the raster CRS (a parallelogram for rotated rasters)."""
        w, h = self.out_size
        return shapely.Polygon([self.transform * c for c in ((0, 0), (w, 0), (w, h), (0, h))])


def _count(length: int, side: int, stride: int) -> int:
    """How many offsets ``_starts`` makes along one axis, without making them."""
    return 1 if length <= side else math.ceil((length - side) / stride) + 1


def _starts(start: int, length: int, side: int, stride: int) -> list[tuple[int, int]]:
    """(offset, size) pairs along one axis: regular steps, the last one shifted to end at the edge."""
    if length <= side:
        return [(start, length)]
    n = math.ceil((length - side) / stride) + 1
    offsets = [start + i * stride for i in range(n - 1)] + [start + length - side]
    return [(o, side) for o in sorted(set(offsets))]


def tile_side_px(info: RasterInfo, tile_px: int, gsd: float | None) -> tuple[int, int]:
    """Source window side (cols, rows) in raster pixels holding ``tile_px`` model pixels at ``gsd``.

    ``gsd`` is metres per model pixel (None = native: side = tile_px). Pixel sizes in metres come
    from ``RasterInfo.pixel_size_m`` (geodesic for geographic CRSs), per axis, so a tile covers a
    ground square even where degrees are not square.
    """
    if gsd is None:
        return tile_px, tile_px
    sx, sy = info.pixel_size_m()
    return max(1, round(tile_px * gsd / sx)), max(1, round(tile_px * gsd / sy))


def plan_tiles(
    info: RasterInfo,
    window: Window,
    tile_px: int,
    overlap: float = 0.15,
    gsd: float | None = None,
    aoi: Optional[BaseGeometry] = None,
) -> list[Tile]:
    """Tiles covering ``window`` (integer raster pixels, e.g. from ``polygon_window``).

    Each full tile reads a window of ``tile_side_px`` raster pixels and feeds ``tile_px`` x
    ``tile_px`` model pixels. Neighbours overlap by ``overlap`` (share of the side; stride =
    round(side * (1 - overlap))); the last row/column is shifted back to end at the window edge,
    so there are no slivers. An AOI narrower than one tile gives a smaller tile at the same
    scale (its out_size is smaller; nothing is upsampled). ``aoi`` (a polygon in the raster CRS),
    when given, drops tiles that share no area with it. Raises BadInput for bad parameters.
    """
    if (
        isinstance(tile_px, bool)
        or not isinstance(tile_px, (int, np.integer))
        or not MIN_TILE_PX <= tile_px <= MAX_TILE_PX
    ):
        raise BadInput(f"Tile size must be an integer of {MIN_TILE_PX} to {MAX_TILE_PX} px, got {tile_px!r}")
    if not (isinstance(overlap, (int, float)) and 0.0 <= overlap < MAX_OVERLAP):
        raise BadInput(f"Tile overlap must be in [0, {MAX_OVERLAP}), got {overlap!r}")
    if gsd is not None and not (isinstance(gsd, (int, float)) and math.isfinite(gsd) and gsd > 0):
        raise BadInput(f"Target ground resolution (gsd) must be a positive number of metres, got {gsd!r}")
    c0, r0, w, h = (window.col_off, window.row_off, window.width, window.height)
    if any(v != int(v) for v in (c0, r0, w, h)):
        raise ValueError(f"plan_tiles needs an integer window, got {window}")
    c0, r0, w, h = int(c0), int(r0), int(w), int(h)
    if w <= 0 or h <= 0 or c0 < 0 or r0 < 0 or c0 + w > info.width or r0 + h > info.height:
        raise BadInput(f"Window {window} is empty or outside the raster ({info.width} x {info.height} px)")
    side_x, side_y = tile_side_px(info, int(tile_px), gsd)
    scale_x, scale_y = tile_px / side_x, tile_px / side_y  # model pixels per raster pixel
    stride_x, stride_y = max(1, round(side_x * (1 - overlap))), max(1, round(side_y * (1 - overlap)))
    check_tile_count(_count(w, side_x, stride_x) * _count(h, side_y, stride_y), (w, h), gsd, max(scale_x, scale_y))
    cols = _starts(c0, w, side_x, stride_x)
    rows = _starts(r0, h, side_y, stride_y)
    tiles: list[Tile] = []
    for row_off, th in rows:
        for col_off, tw in cols:
            win = Window(col_off, row_off, tw, th)
            out_w = tile_px if tw == side_x else max(1, math.floor(tw * scale_x + 0.5))
            out_h = tile_px if th == side_y else max(1, math.floor(th * scale_y + 0.5))
            t = window_transform(win, info.transform) * Affine.scale(tw / out_w, th / out_h)
            tiles.append(Tile(len(tiles), win, (out_w, out_h), t))
    if aoi is not None and len(tiles) > 1:
        prints = np.array([t.footprint() for t in tiles], dtype=object)
        hits = shapely.area(shapely.intersection(prints, aoi)) > 0
        tiles = [
            Tile(i, t.window, t.out_size, t.transform) for i, t in enumerate(t for t, hit in zip(tiles, hits) if hit)
        ]
    return tiles


def refuse_too_many_tiles(info: RasterInfo, window: Window, tile_px: int, gsd: float | None) -> None:
    """BadInput when even without overlap (the fewest tiles any task plans) ``window`` needs
    more than ``MAX_TILES`` tiles: lets a job refuse before it loads a model, which may take
    minutes; the planner counts exactly (and warns) afterwards."""
    side_x, side_y = tile_side_px(info, int(tile_px), gsd)
    w, h = int(window.width), int(window.height)
    n = _count(w, side_x, side_x) * _count(h, side_y, side_y)
    if n > MAX_TILES:
        check_tile_count(n, (w, h), gsd, max(tile_px / side_x, tile_px / side_y))


def check_tile_count(n: int, size: tuple[int, int], gsd: float | None, upsample: float) -> None:
    """Refuse a plan of more than ``MAX_TILES`` tiles (BadInput, before any is built); warn
    past ``WARN_TILES`` or when tiles enlarge raster pixels ``upsample`` times (logged: the
    worker sends a job's warnings to the dock, the CLI prints them)."""
    why = (
        f"--gsd {gsd:g} m enlarges the raster's pixels {upsample:.1f}x (no detail is gained)"
        if gsd is not None and upsample > UPSAMPLE_WARN
        else ""
    )
    if n > MAX_TILES:
        raise BadInput(
            f"{n:,} tiles over {size[0]} x {size[1]} px is more than {MAX_TILES:,}: "
            f"{why or 'the area is too large for one job'}; use a coarser --gsd, a "
            "larger --tile-size or a smaller --aoi"
        )
    if n > WARN_TILES or why:
        log.warning(
            "%s tiles over %d x %d px%s; a coarser --gsd or a smaller --aoi makes fewer",
            f"{n:,}",
            size[0],
            size[1],
            f": {why}" if why else "",
        )
