import math

import numpy as np
import pyproj
import pytest
import rasterio
from affine import Affine

from model_backend.errors import BadInput
from model_backend.raster.source import open_info

from .rasters import UTM_ORIGIN, ramp, write_tif


def test_open_info_reads_everything(tmp_path):
    path = write_tif(tmp_path / "r.tif", ramp(40, 30), nodata=0)
    info = open_info(path)
    assert (info.width, info.height, info.count) == (40, 30, 3)
    assert info.dtypes == ("uint16",) * 3
    assert info.crs_authid == "EPSG:32618"
    assert info.crs == pyproj.CRS.from_epsg(32618)
    assert info.nodata == 0.0
    assert info.transform == Affine(10.0, 0, UTM_ORIGIN[0], 0, -10.0, UTM_ORIGIN[1])
    assert "PROJCRS" in info.crs_wkt
    assert info.footprint().bounds == (UTM_ORIGIN[0], UTM_ORIGIN[1] - 300, UTM_ORIGIN[0] + 400, UTM_ORIGIN[1])
    assert info.pixel_size_m() == pytest.approx((10.0, 10.0))


def test_colorinterp_names_lower_case(rasters_dir):
    info = open_info(f"{rasters_dir}/bgra_uint16_const.tif")
    assert info.colorinterp == ("blue", "green", "red", "alpha")


def test_footprint_of_rotated_transform(tmp_path):
    t = Affine.translation(1000, 2000) * Affine.rotation(30) * Affine.scale(2, -2)
    info = open_info(write_tif(tmp_path / "rot.tif", ramp(10, 5), transform=t))
    fp = info.footprint()
    expected = [t * (0, 0), t * (10, 0), t * (10, 5), t * (0, 5)]
    assert np.allclose(np.asarray(fp.exterior.coords)[:4], expected)
    assert fp.area == pytest.approx(10 * 5 * 4)
    assert info.pixel_size_m() == pytest.approx((2.0, 2.0))


def test_pixel_size_geographic_uses_metres(tmp_path):
    # 0.001 degree pixels at 60N: ~55.8 m east-west, ~111.4 m north-south
    t = Affine(0.001, 0, 10.0, 0, -0.001, 60.05)
    info = open_info(write_tif(tmp_path / "geo.tif", ramp(100, 100), crs="EPSG:4326", transform=t))
    sx, sy = info.pixel_size_m()
    assert sx == pytest.approx(111.4 * math.cos(math.radians(60.0)), rel=0.01)
    assert sy == pytest.approx(111.4, rel=0.01)


def test_pixel_size_feet(tmp_path):
    # EPSG:2263 NAD83 / New York Long Island (ftUS): 3 ft pixels are 0.9144 m
    t = Affine(3.0, 0, 980000, 0, -3.0, 200000)
    info = open_info(write_tif(tmp_path / "ft.tif", ramp(8, 8), crs="EPSG:2263", transform=t))
    assert info.pixel_size_m() == pytest.approx((3 * 0.3048006, 3 * 0.3048006), rel=1e-6)


def test_real_rasters(rasters_dir):
    assert open_info(f"{rasters_dir}/landsat_pucallpa_1985_4326.tif").pixel_size_m()[0] == pytest.approx(89, rel=0.02)
    assert open_info(f"{rasters_dir}/srtm_shade_3857.tif").crs_authid == "EPSG:3857"


def test_missing_file(tmp_path):
    with pytest.raises(BadInput, match="Raster not found"):
        open_info(str(tmp_path / "nope.tif"))


def test_corrupt_file(tmp_path):
    bad = tmp_path / "x.tif"
    bad.write_bytes(b"this is not a tiff" * 100)
    with pytest.raises(BadInput, match="Cannot read raster"):
        open_info(str(bad))


def test_no_crs(rasters_dir):
    with pytest.raises(BadInput, match="has no CRS; assign one in QGIS"):
        open_info(f"{rasters_dir}/rotated_nocrs.tif")


def test_vrt_and_cog(tmp_path):
    src = write_tif(tmp_path / "base.tif", ramp(64, 48, "uint8"))
    cog = tmp_path / "cog.tif"
    with rasterio.open(src) as ds:
        profile = ds.profile | {"driver": "COG"}
        with rasterio.open(cog, "w", **profile) as out:
            out.write(ds.read())
    assert open_info(str(cog)).width == 64
    vrt = tmp_path / "v.vrt"
    vrt.write_text(
        f'<VRTDataset rasterXSize="64" rasterYSize="48"><SRS>EPSG:32618</SRS>'
        f"<GeoTransform>{UTM_ORIGIN[0]}, 10, 0, {UTM_ORIGIN[1]}, 0, -10</GeoTransform>"
        '<VRTRasterBand dataType="Byte" band="1"><SimpleSource>'
        f'<SourceFilename relativeToVRT="0">{src}</SourceFilename><SourceBand>1</SourceBand>'
        "</SimpleSource></VRTRasterBand></VRTDataset>"
    )
    info = open_info(str(vrt))
    assert (info.width, info.height, info.count, info.crs_authid) == (64, 48, 1, "EPSG:32618")
