import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.enums import ColorInterp
from rasterio.windows import Window

from model_backend.errors import BadInput
from model_backend.raster.read import Stretch, compute_stretch, output_size, read_image, select_bands
from model_backend.raster.source import open_info

from .rasters import UTM_ORIGIN, ramp, write_tif


def test_output_size_keeps_aspect():
    assert output_size(1000, 500, 512) == (512, 256)
    assert output_size(500, 1000, 512) == (256, 512)
    assert output_size(175, 143, 512) == (512, 418)  # upsampled
    assert output_size(3000, 1, 512) == (512, 1)


def test_select_bands_rules(tmp_path, rasters_dir):
    one = open_info(write_tif(tmp_path / "1.tif", ramp(8, 8)[:1]))
    assert select_bands(one) == (1, 1, 1)
    assert select_bands(open_info(f"{rasters_dir}/bgra_uint16_const.tif")) == (3, 2, 1)
    assert select_bands(open_info(f"{rasters_dir}/naip_milwaukee_airport_0p6m.tif")) == (1, 2, 3)
    four = open_info(
        write_tif(
            tmp_path / "4.tif",
            np.zeros((4, 4, 4), "uint8"),
            colorinterp=[ColorInterp.alpha, ColorInterp.gray, ColorInterp.undefined, ColorInterp.undefined],
        )
    )
    assert select_bands(four) == (2, 3, 4)
    assert select_bands(four, [4, 3, 2]) == (4, 3, 2)
    assert select_bands(four, [2]) == (2, 2, 2)
    with pytest.raises(BadInput, match="Band 5 does not exist"):
        select_bands(four, [1, 2, 5])
    with pytest.raises(BadInput, match="1 or 3 band"):
        select_bands(four, [1, 2])


def test_uint16_stretch_uses_valid_percentiles(tmp_path):
    rng = np.random.default_rng(1)
    data = rng.integers(6000, 14000, size=(3, 120, 160)).astype("uint16")
    data[:, :, :40] = 0  # nodata collar
    data[0, 60:, 40:] = 60000  # bright cloud in band 1
    path = write_tif(tmp_path / "u16.tif", data, nodata=0)
    s = compute_stretch(path, (1, 2, 3))
    valid = data[:, :, 40:]
    for i in range(3):
        lo, hi = np.percentile(valid[i], [2, 98])
        assert s.lo[i] == pytest.approx(lo) and s.hi[i] == pytest.approx(hi)
    info = open_info(path)
    img = read_image(path, Window(0, 0, 160, 120), 160, (1, 2, 3), s)
    assert img.rgb.dtype == np.uint8 and img.rgb.shape == (120, 160, 3)
    assert not img.valid[:, :40].any() and img.valid[:, 40:].all()
    assert (img.rgb[:, :40] == 0).all()
    expect = np.clip((data[1, :, 40:].astype(float) - s.lo[1]) / (s.hi[1] - s.lo[1]) * 255, 0, 255)
    assert np.abs(img.rgb[:, 40:, 1].astype(float) - expect).max() <= 0.51
    assert img.valid_fraction == pytest.approx(120 / 160)
    assert info.nodata == 0


def test_single_band_float_to_grey(tmp_path):
    data = np.linspace(-5, 5, 50 * 40, dtype="float32").reshape(1, 40, 50)
    data[0, 0, :5] = np.nan
    path = write_tif(tmp_path / "f.tif", data)
    bands = select_bands(open_info(path))
    s = compute_stretch(path, bands)
    finite = data[np.isfinite(data)]
    assert s.lo[0] == pytest.approx(np.percentile(finite, 2))
    img = read_image(path, Window(0, 0, 50, 40), 50, bands, s)
    assert (img.rgb[..., 0] == img.rgb[..., 2]).all()
    assert not img.valid[0, :5].any() and img.valid[1:].all()
    assert img.rgb[-1, -1, 0] == 255 and img.rgb[0, 5, 0] == 0  # below p2 / above p98


def test_bgra_constant_band_and_alpha(rasters_dir):
    path = f"{rasters_dir}/bgra_uint16_const.tif"
    bands = select_bands(open_info(path))
    s = compute_stretch(path, bands)
    assert s.mask.alpha_band == 4
    assert np.all(s.hi > s.lo)
    with rasterio.open(path) as ds:
        alpha = ds.read(4)
        img = read_image(ds, Window(0, 0, ds.width, ds.height), max(ds.width, ds.height), bands, s)
    assert np.array_equal(img.valid, alpha != 0)
    assert set(np.unique(img.rgb[img.valid])) == {128}  # constant -> mid grey, no NaN / divide by 0
    assert (img.rgb[~img.valid] == 0).all()


def test_nir_tagged_alpha_is_not_a_mask(rasters_dir):
    path = f"{rasters_dir}/naip_milwaukee_airport_0p6m.tif"
    s = compute_stretch(path, (1, 2, 3))
    assert s.mask.alpha_band is None and s.is_identity
    with rasterio.open(path) as ds:
        img = read_image(ds, Window(0, 0, 175, 143), 175, (1, 2, 3), s)
        assert np.array_equal(np.moveaxis(img.rgb, -1, 0), ds.read([1, 2, 3]))
    assert img.valid.all()


def test_all_nodata_raises(rasters_dir):
    with pytest.raises(BadInput, match="has no valid pixels"):
        compute_stretch(f"{rasters_dir}/all_nodata_uint16.tif", (3, 2, 1))


def test_real_uint16_landsat_stretch(rasters_dir):
    # the whole scene decimated 4x: its percentiles are the full scene's (6508, 13482 for band 1)
    s = compute_stretch(f"{rasters_dir}/landsat8_tokyo_uint16.tif", (1, 2, 3))
    assert 6000 < s.lo[0] < 7000 and 13000 < s.hi[0] < 14000


def test_decimated_stats_on_large_raster(tmp_path):
    data = ramp(3000, 200, "uint16")
    path = write_tif(tmp_path / "wide.tif", data)
    s = compute_stretch(path, (1, 1, 1))
    assert s.lo[0] == pytest.approx(np.percentile(data[0], 2), rel=0.01)
    assert s.hi[0] == pytest.approx(np.percentile(data[0], 98), rel=0.01)


def test_stretch_apply_bounds():
    s = Stretch(np.array([10.0, 0, 0]), np.array([20.0, 1, 1]))
    out = s.apply(np.array([[[5.0, 10, 15, 20, 25]], [[0.0] * 5], [[1.0] * 5]]))
    assert out[0, 0].tolist() == [0, 0, 128, 255, 255]
    assert out.dtype == np.uint8


def test_read_image_window_values_and_transform(tmp_path):
    path = write_tif(tmp_path / "r.tif", ramp(200, 100, "uint8"))
    s = compute_stretch(path, (1, 2, 3))
    win = Window(30, 20, 100, 50)
    img = read_image(path, win, 100, (1, 2, 3), s)  # native size: exact values
    assert img.rgb.shape == (50, 100, 3) and img.window == win
    assert img.rgb[0, 0, 0] == 30 and img.rgb[0, 0, 1] == 20
    assert img.rgb[-1, -1, 0] == 129 and img.rgb[-1, -1, 1] == 69
    small = read_image(path, win, 40, (1, 2, 3), s)
    assert small.rgb.shape == (20, 40, 3)
    x0, y0 = UTM_ORIGIN[0] + 300, UTM_ORIGIN[1] - 200
    assert small.transform * (0, 0) == pytest.approx((x0, y0))
    assert small.transform * (40, 20) == pytest.approx((x0 + 1000, y0 - 500))
    assert small.transform.a == pytest.approx(25.0)
    big = read_image(path, Window(0, 0, 10, 5), 100, (1, 2, 3), s)
    assert big.rgb.shape == (50, 100, 3)
    assert big.transform * (100, 50) == pytest.approx((UTM_ORIGIN[0] + 100, UTM_ORIGIN[1] - 50))


def test_read_image_rotated_transform(tmp_path):
    t = Affine.translation(1000, 2000) * Affine.rotation(30) * Affine.scale(2, -2)
    path = write_tif(tmp_path / "rot.tif", ramp(60, 40, "uint8"), transform=t)
    s = compute_stretch(path, (1, 2, 3))
    img = read_image(path, Window(10, 4, 40, 20), 20, (1, 2, 3), s)
    assert img.rgb.shape == (10, 20, 3)
    assert img.transform * (20, 10) == pytest.approx(t * (50, 24))
    assert img.transform * (0, 0) == pytest.approx(t * (10, 4))


def test_read_image_rejects_bad_window(tmp_path):
    path = write_tif(tmp_path / "r.tif", ramp(20, 10, "uint8"))
    s = compute_stretch(path, (1, 2, 3))
    with pytest.raises(ValueError):
        read_image(path, Window(15, 0, 10, 10), 16, (1, 2, 3), s)
    with pytest.raises(ValueError):
        read_image(path, Window(0.5, 0, 10, 10), 16, (1, 2, 3), s)


def test_one_pixel_raster_end_to_end(tmp_path):
    from model_backend.raster.aoi import aoi_polygon, polygon_window
    from model_backend.raster.windows import plan_tiles

    path = write_tif(tmp_path / "one.tif", np.full((3, 1, 1), 7, "uint8"))
    info = open_info(path)
    win = polygon_window(info, aoi_polygon(info, None, None))
    (tile,) = plan_tiles(info, win, 512)
    assert tile.window == Window(0, 0, 1, 1) and tile.out_size == (1, 1)
    img = read_image(path, tile.window, 512, (1, 2, 3), compute_stretch(path, (1, 2, 3)), tile.out_size)
    assert img.rgb.tolist() == [[[7, 7, 7]]] and img.valid.all()
    assert read_image(path, win, 64, (1, 2, 3), compute_stretch(path, (1, 2, 3))).rgb.shape == (64, 64, 3)


def test_four_band_uint16_with_nodata(tmp_path):
    rng = np.random.default_rng(3)
    data = rng.integers(100, 4000, size=(4, 60, 80)).astype("uint16")
    data[:, :10] = 0
    path = write_tif(tmp_path / "u16x4.tif", data, nodata=0)
    info = open_info(path)
    bands = select_bands(info)
    assert bands == (1, 2, 3)  # colorinterp gray/undefined: first three bands
    s = compute_stretch(path, bands)
    assert s.lo[2] == pytest.approx(np.percentile(data[2, 10:], 2))
    img = read_image(path, Window(0, 0, 80, 60), 40, bands, s)  # downsampled 2x
    assert img.rgb.shape == (30, 40, 3)
    assert not img.valid[:5].any() and img.valid[5:].all()
    assert (img.rgb[:5] == 0).all()
