"""One heat-map GeoTIFF per source raster: a pixel per tile, its value the tile's score.

The tiles of a plan lie on a regular grid (``raster/windows.plan_tiles``: equal strides, the last
row and column shifted back to end at the raster edge), so cell (row i, column j) of the heat map
is the tile in the i-th row and j-th column of the plan, placed at i x stride, j x stride; the
last row and column are drawn up to a stride past where their tile really starts (less than one
tile). The exact tile outlines are in the Find layer. Tiles not scored (outside the AOI, all
nodata, not encoded) are NaN, the nodata value. The raster's transform is composed, so rotated
rasters get a rotated heat map.
"""

from __future__ import annotations

import os
from typing import Dict, Sequence

import numpy as np
from affine import Affine

from ..raster.source import RasterInfo


def grid(windows: np.ndarray) -> tuple:
    """(column offsets, row offsets, stride x, stride y) of a plan's (N, 4) windows."""
    cols, rows = np.unique(windows[:, 0]), np.unique(windows[:, 1])
    sx = int(cols[1] - cols[0]) if len(cols) > 1 else int(windows[0, 2])
    sy = int(rows[1] - rows[0]) if len(rows) > 1 else int(windows[0, 3])
    return cols, rows, sx, sy


def write_heatmap(
    path: str, info: RasterInfo, windows: np.ndarray, ids: Sequence[int], scores: np.ndarray, tags: Dict[str, str]
) -> str:
    """Write the scores of tiles ``ids`` (rows of ``windows``) as a float32 GeoTIFF at ``path``."""
    import rasterio

    cols, rows, sx, sy = grid(windows)
    heat = np.full((len(rows), len(cols)), np.nan, np.float32)
    rows_of = np.asarray(ids, dtype=np.int64)
    if len(rows_of):
        ci = np.searchsorted(cols, windows[rows_of, 0])
        ri = np.searchsorted(rows, windows[rows_of, 1])
        heat[ri, ci] = scores
    transform = info.transform * Affine.translation(float(cols[0]), float(rows[0])) * Affine.scale(sx, sy)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=heat.shape[1],
        height=heat.shape[0],
        count=1,
        dtype="float32",
        crs=info.crs_wkt,
        transform=transform,
        nodata=float("nan"),
        compress="deflate",
    ) as dst:
        dst.write(heat, 1)
        dst.update_tags(**tags)
        dst.set_band_description(1, "score")
    return path
