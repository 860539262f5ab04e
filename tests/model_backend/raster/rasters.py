"""Small real GeoTIFFs written with rasterio for the raster tests (no mocks)."""

from __future__ import annotations

import numpy as np
import rasterio
from affine import Affine

UTM_ORIGIN = (500000.0, 4500000.0)  # upper-left corner, EPSG:32618 (about 40.65N 75W)


def write_tif(
    path, data: np.ndarray, crs="EPSG:32618", transform: Affine | None = None, nodata=None, colorinterp=None, **profile
) -> str:
    """Write ``data`` (bands, rows, cols) as a GeoTIFF and return its path as str."""
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[None]
    count, height, width = data.shape
    transform = transform or Affine(10.0, 0, UTM_ORIGIN[0], 0, -10.0, UTM_ORIGIN[1])
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=count,
        dtype=data.dtype,
        crs=crs,
        transform=transform,
        nodata=nodata,
        **profile,
    ) as ds:
        ds.write(data)
        if colorinterp is not None:
            ds.colorinterp = colorinterp
    return str(path)


def ramp(width: int, height: int, dtype="uint16") -> np.ndarray:
    """Band 1 = column index, band 2 = row index, band 3 = col + row (pixel values tell the place)."""
    rows, cols = np.mgrid[0:height, 0:width]
    return np.stack([cols, rows, cols + rows]).astype(dtype)
