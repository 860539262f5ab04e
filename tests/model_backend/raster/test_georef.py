import numpy as np
import pytest
import rasterio
import rasterio.transform
from affine import Affine
from rasterio.windows import Window
from shapely.geometry import Point, Polygon

from model_backend.geometry import PointSet
from model_backend.raster.georef import to_map_geometries, to_map_geometry, to_pixels
from model_backend.raster.source import open_info
from model_backend.raster.windows import plan_tiles

from .rasters import ramp, write_tif

GRIDS = {
    "utm": ("EPSG:32618", Affine(0.5, 0, 500000.0, 0, -0.5, 4500000.0)),
    "wgs84": ("EPSG:4326", Affine(1e-5, 0, -75.0, 0, -1e-5, 40.0)),
    "webmerc": ("EPSG:3857", Affine(0.6, 0, -8348961.0, 0, -0.6, 4865942.0)),
    "rotated": ("EPSG:32618", Affine.translation(500000, 4500000) * Affine.rotation(25) * Affine.scale(0.5, -0.5)),
}


@pytest.fixture(params=sorted(GRIDS))
def raster(request, tmp_path):
    crs, transform = GRIDS[request.param]
    return write_tif(tmp_path / f"{request.param}.tif", ramp(1200, 900, "uint8"), crs=crs, transform=transform)


def _px_size(t: Affine) -> float:
    return abs(t.determinant) ** 0.5


def test_box_lands_on_exact_map_corners(raster):
    info = open_info(raster)
    tile = plan_tiles(info, Window(0, 0, 1200, 900), 512, overlap=0.15)[4]  # an inner tile, native scale
    c0, r0 = tile.window.col_off, tile.window.row_off
    ps = PointSet(((10, 20), (110, 70)), "car", 0.9)
    geom = to_map_geometry(ps, tile.transform)
    assert isinstance(geom, Polygon)
    # oracle: rasterio's own pixel-corner ("ul") mapping of the raster pixels under the box corners
    with rasterio.open(raster) as ds:
        cols = [c0 + 10, c0 + 110, c0 + 110, c0 + 10]
        rows = [r0 + 20, r0 + 20, r0 + 70, r0 + 70]
        xs, ys = rasterio.transform.xy(ds.transform, rows, cols, offset="ul")
    got = np.asarray(geom.exterior.coords)[:4]
    tol = 1e-6 * _px_size(info.transform)
    assert np.abs(got - np.column_stack([xs, ys])).max() < tol
    back = to_pixels(geom, tile.transform, "car", 0.9)
    assert back.label == "car" and len(back.points) == 2
    assert np.abs(np.asarray(back.points) - np.asarray(ps.points)).max() < 1e-6


def test_resized_tile_fractional_pixels(raster):
    info = open_info(raster)
    # ask for a ground resolution twice as coarse as the pixels are wide: the window shrinks 2x
    sx, sy = info.pixel_size_m()
    tile = plan_tiles(info, Window(100, 50, 1000, 800), 256, overlap=0.0, gsd=2 * sx)[0]
    assert tile.window.width == 512 and tile.out_size == (256, 256)
    kx, ky = tile.window.width / 256, tile.window.height / 256  # raster px per model px
    assert ky == pytest.approx(2 * sx / sy, rel=0.01)  # geographic: rows cover more metres than cols
    ps = PointSet(((0.25, 0.5), (100.75, 200.125)))
    geom = to_map_geometry(ps, tile.transform)
    expected = [
        info.transform * (100 + kx * x, 50 + ky * y)
        for x, y in ((0.25, 0.5), (100.75, 0.5), (100.75, 200.125), (0.25, 200.125))
    ]
    tol = 1e-6 * _px_size(info.transform)
    assert np.abs(np.asarray(geom.exterior.coords)[:4] - np.asarray(expected)).max() < tol
    back = to_pixels(geom, tile.transform)
    assert np.abs(np.asarray(back.points) - np.asarray(ps.points)).max() < 1e-6


def test_rotated_box_is_a_parallelogram():
    t = GRIDS["rotated"][1]
    geom = to_map_geometry(PointSet(((0, 0), (10, 4))), t)
    corners = np.asarray(geom.exterior.coords)[:4]
    assert np.allclose(corners, [t * (0, 0), t * (10, 0), t * (10, 4), t * (0, 4)])
    minx, miny, maxx, maxy = geom.bounds
    assert geom.area == pytest.approx(10 * 4 * 0.25)
    assert geom.area < (maxx - minx) * (maxy - miny) * 0.9  # not the axis-aligned map box


def test_point_quad_polygon_and_repair():
    t = Affine(2, 0, 100, 0, -2, 200)
    quad = PointSet(((0, 0), (4, 1), (3, 5), (-1, 4)))
    poly = PointSet(((0, 0), (10, 0), (10, 10), (5, 12), (0, 10)))
    bowtie = PointSet(((0, 0), (10, 10), (10, 0), (0, 10)))
    pt = PointSet(((3, 4),))
    geoms = to_map_geometries([quad, pt, poly, bowtie, PointSet(((1, 1), (2, 2)))], t)
    assert geoms[1].equals(Point(106, 192))
    assert isinstance(geoms[0], Polygon) and geoms[0].is_valid and len(geoms[0].exterior.coords) == 5
    assert geoms[2].area == pytest.approx((100 + 10) * 4)
    assert geoms[3].is_valid and geoms[3].area == pytest.approx(50 * 4)  # two triangles
    assert to_map_geometry(pt, t).equals(geoms[1])
    assert to_pixels(geoms[1], t).points == ((3.0, 4.0),)
    back = to_pixels(geoms[0], t)
    assert len(back.points) == 4
    assert np.allclose(back.points, quad.points)
