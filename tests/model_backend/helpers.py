"""Small helpers for backend tests: GeoTIFFs with known pixel values."""

from __future__ import annotations

import numpy as np
import rasterio
from rasterio.transform import from_origin

# 200 x 150 px, 10 m pixels, EPSG:32618 (UTM 18N), upper-left corner at (500000, 4500000).
UTM_ORIGIN = (500000.0, 4500000.0)
UTM_PIXEL = 10.0


def write_utm_rgb(path: str, width: int = 200, height: int = 150, crs: str | None = "EPSG:32618") -> str:
    """Band 1 = column index, band 2 = row index, band 3 = 100: values tell where a read came from."""
    cols, rows = np.meshgrid(np.arange(width), np.arange(height))
    data = np.stack([cols % 256, rows % 256, np.full_like(cols, 100)]).astype("uint8")
    kwargs = dict(
        driver="GTiff",
        width=width,
        height=height,
        count=3,
        dtype="uint8",
        transform=from_origin(*UTM_ORIGIN, UTM_PIXEL, UTM_PIXEL),
    )
    if crs:
        kwargs["crs"] = crs
    with rasterio.open(path, "w", **kwargs) as dst:
        dst.write(data)
    return path
