import pytest
import shapely
from affine import Affine
from rasterio.windows import Window

from model_backend.errors import BadInput
from model_backend.raster.aoi import aoi_polygon, polygon_window
from model_backend.raster.read import compute_stretch, read_image
from model_backend.raster.source import open_info
from model_backend.raster.windows import plan_tiles, tile_side_px

from .rasters import UTM_ORIGIN, ramp, write_tif


@pytest.fixture
def utm(tmp_path):
    return open_info(write_tif(tmp_path / "utm.tif", ramp(1000, 700, "uint8")))  # 10 m pixels


def _covered(tiles, window):
    cols = set()
    rows = set()
    for t in tiles:
        cols.update(range(t.window.col_off, t.window.col_off + t.window.width))
        rows.update(range(t.window.row_off, t.window.row_off + t.window.height))
    return cols == set(range(window.col_off, window.col_off + window.width)) and rows == set(
        range(window.row_off, window.row_off + window.height)
    )


def test_plan_covers_window_without_slivers(utm):
    win = Window(0, 0, 1000, 700)
    tiles = plan_tiles(utm, win, 256, overlap=0.15)
    assert _covered(tiles, win)
    assert all(t.window.width == 256 and t.window.height == 256 for t in tiles)
    assert all(t.out_size == (256, 256) for t in tiles)
    col_offs = sorted({t.window.col_off for t in tiles})
    assert col_offs == [0, 218, 436, 654, 744]  # stride round(256 * 0.85) = 218, last ends at 1000
    row_offs = sorted({t.window.row_off for t in tiles})
    assert row_offs == [0, 218, 436, 444]
    assert [t.id for t in tiles] == list(range(len(tiles)))
    assert tiles[1].window.col_off == 218 and tiles[1].window.row_off == 0  # row-major


def test_tile_transform_maps_image_pixels_to_map(utm):
    t = plan_tiles(utm, Window(100, 50, 600, 400), 256, gsd=20.0)[0]
    assert t.window == Window(100, 50, 512, 400)  # 256 px at 20 m = 512 px at 10 m; rows: AOI smaller
    assert t.out_size == (256, 200)  # same scale in the short tile, nothing upsampled
    x0, y0 = UTM_ORIGIN[0] + 1000, UTM_ORIGIN[1] - 500
    assert t.transform * (0, 0) == pytest.approx((x0, y0))
    assert t.transform * (256, 200) == pytest.approx((x0 + 5120, y0 - 4000))
    assert t.transform.a == pytest.approx(20.0)


def test_aoi_smaller_than_one_tile(utm):
    tiles = plan_tiles(utm, Window(10, 20, 100, 60), 512)
    assert len(tiles) == 1
    assert tiles[0].window == Window(10, 20, 100, 60) and tiles[0].out_size == (100, 60)


def test_tile_matches_read_image(utm):
    tile = plan_tiles(utm, Window(0, 0, 1000, 700), 128, gsd=40.0)[3]
    s = compute_stretch(utm.path, (1, 2, 3))
    img = read_image(utm.path, tile.window, max(tile.out_size), (1, 2, 3), s, out_size=tile.out_size)
    assert img.rgb.shape == (tile.out_size[1], tile.out_size[0], 3)
    assert img.transform == tile.transform


def test_geographic_gsd_in_metres(tmp_path):
    # 0.0001 degree pixels at 60N: ~5.6 m east-west, ~11.1 m north-south
    t = Affine(0.0001, 0, 10.0, 0, -0.0001, 60.1)
    info = open_info(write_tif(tmp_path / "geo.tif", ramp(2000, 2000), crs="EPSG:4326", transform=t))
    sx, sy = tile_side_px(info, 100, 11.1)
    assert sx == pytest.approx(200, abs=2) and sy == pytest.approx(100, abs=1)
    tiles = plan_tiles(info, Window(0, 0, 2000, 2000), 100, gsd=11.1)
    assert all(tile.out_size == (100, 100) for tile in tiles)
    assert shapely.area(shapely.intersection(tiles[0].footprint(), info.footprint())) > 0


def test_real_4326_raster(rasters_dir):
    info = open_info(f"{rasters_dir}/landsat_pucallpa_1985_4326.tif")  # a 176 x 144 px crop
    tiles = plan_tiles(info, polygon_window(info, aoi_polygon(info, None, None)), 64, gsd=180.0)
    # 64 px x 180 m = 11.5 km; pixels are ~89 m (not 0.0008 "m") -> ~129 raster px per side
    assert {(t.window.width, t.window.height) for t in tiles} == {(129, 129)}
    assert all(t.out_size == (64, 64) for t in tiles)


def test_rotated_raster_composes_transforms(tmp_path):
    rot = Affine.translation(1000, 2000) * Affine.rotation(30) * Affine.scale(2, -2)
    info = open_info(write_tif(tmp_path / "rot.tif", ramp(300, 200), transform=rot))
    tiles = plan_tiles(info, Window(0, 0, 300, 200), 64, overlap=0.25, gsd=4.0)
    for t in tiles:
        w, h = t.out_size
        c, r = t.window.col_off, t.window.row_off
        assert t.transform * (0, 0) == pytest.approx(rot * (c, r))
        assert t.transform * (w, h) == pytest.approx(rot * (c + t.window.width, r + t.window.height))
    union = shapely.union_all([t.footprint() for t in tiles])
    assert union.area == pytest.approx(info.footprint().area)


def test_aoi_filter_drops_tiles_outside(utm):
    x0, y0 = UTM_ORIGIN
    aoi = shapely.Polygon([(x0, y0), (x0 + 10000, y0), (x0, y0 - 7000)])  # upper-left triangle
    all_tiles = plan_tiles(utm, Window(0, 0, 1000, 700), 128)
    kept = plan_tiles(utm, Window(0, 0, 1000, 700), 128, aoi=aoi)
    assert 0 < len(kept) < len(all_tiles)
    assert [t.id for t in kept] == list(range(len(kept)))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"tile_px": 16}, "Tile size"),
        ({"tile_px": 256, "overlap": 0.9}, "overlap"),
        ({"tile_px": 256, "overlap": -0.1}, "overlap"),
        ({"tile_px": 256, "gsd": 0}, "gsd"),
        ({"tile_px": 256, "gsd": float("nan")}, "gsd"),
    ],
)
def test_bad_parameters(utm, kwargs, match):
    with pytest.raises(BadInput, match=match):
        plan_tiles(utm, Window(0, 0, 100, 100), **kwargs)


def test_window_outside_raster(utm):
    with pytest.raises(BadInput):
        plan_tiles(utm, Window(900, 0, 200, 100), 256)
