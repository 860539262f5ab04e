import pyproj
import pytest
import rasterio
from affine import Affine
from rasterio.windows import Window

from model_backend.errors import BadInput
from model_backend.raster.aoi import aoi_polygon, polygon_window
from model_backend.raster.source import open_info

from .rasters import UTM_ORIGIN, ramp, write_tif

X0, Y0 = UTM_ORIGIN


@pytest.fixture
def utm(tmp_path):
    """200 x 100 px, 10 m pixels, EPSG:32618; band 1 = column, band 2 = row."""
    return open_info(write_tif(tmp_path / "utm.tif", ramp(200, 100)))


def test_no_aoi_is_whole_raster(utm):
    poly = aoi_polygon(utm, None, None)
    assert poly.equals(utm.footprint())
    assert polygon_window(utm, poly) == Window(0, 0, 200, 100)


def test_same_crs_exact_rectangle_and_window(utm):
    aoi = (X0 + 105, Y0 - 555, X0 + 300, Y0 - 200)  # cols 10.5..30, rows 20..55.5
    poly = aoi_polygon(utm, aoi, "EPSG:32618")
    assert poly.bounds == aoi
    assert poly.area == pytest.approx((aoi[2] - aoi[0]) * (aoi[3] - aoi[1]))
    assert polygon_window(utm, poly) == Window(10, 20, 20, 36)  # floor 10.5 -> 10, ceil 55.5 -> 56


def test_aoi_in_4326_reads_right_window(utm):
    # the window of pixels (col 50..120, row 30..80) expressed as a lon/lat box
    to_ll = pyproj.Transformer.from_crs(32618, 4326, always_xy=True)
    xs = [X0 + 500, X0 + 1200]
    ys = [Y0 - 300, Y0 - 800]
    lon, lat = to_ll.transform([xs[0], xs[1], xs[0], xs[1]], [ys[0], ys[0], ys[1], ys[1]])
    aoi = (min(lon), min(lat), max(lon), max(lat))
    poly = aoi_polygon(utm, aoi, "EPSG:4326")
    win = polygon_window(utm, poly)
    # the lon/lat box is slightly larger than the UTM rectangle (grid convergence), never smaller
    assert 49 <= win.col_off <= 50 and 29 <= win.row_off <= 30
    assert 120 <= win.col_off + win.width <= 122 and 80 <= win.row_off + win.height <= 82
    with rasterio.open(utm.path) as ds:
        data = ds.read(window=win)
    assert data[0, 0, 0] == win.col_off and data[1, 0, 0] == win.row_off
    assert data[0, -1, -1] == win.col_off + win.width - 1
    assert data[1, -1, -1] == win.row_off + win.height - 1


def test_reprojected_aoi_is_densified(utm):
    to_ll = pyproj.Transformer.from_crs(32618, 4326, always_xy=True)
    lon0, lat0 = to_ll.transform(X0 + 100, Y0 - 900)
    lon1, lat1 = to_ll.transform(X0 + 1900, Y0 - 100)
    poly = aoi_polygon(utm, (lon0, lat0, lon1, lat1), "EPSG:4326")
    assert len(poly.exterior.coords) > 20


def test_aoi_clipped_to_raster(utm):
    poly = aoi_polygon(utm, (X0 - 1000, Y0 - 500, X0 + 500, Y0 + 1000), None)
    assert poly.bounds == (X0, Y0 - 500, X0 + 500, Y0)
    assert polygon_window(utm, poly) == Window(0, 0, 50, 50)


def test_aoi_outside(utm):
    with pytest.raises(BadInput, match="does not overlap raster .*raster bounds"):
        aoi_polygon(utm, (0, 0, 10, 10), "EPSG:4326")


@pytest.mark.parametrize("aoi", [(1, 2, 3), (1, 2, 3, 4, 5), (0, 0, float("nan"), 1), (0, 0, "a", 1)])
def test_malformed_aoi(utm, aoi):
    with pytest.raises(BadInput, match="AOI"):
        aoi_polygon(utm, aoi, None)


@pytest.mark.parametrize("aoi", [(X0 + 10, Y0 - 10, X0 + 10, Y0), (X0 + 20, Y0 - 10, X0 + 10, Y0)])
def test_empty_aoi(utm, aoi):
    with pytest.raises(BadInput, match="is empty"):
        aoi_polygon(utm, aoi, None)


def test_unknown_crs(utm):
    with pytest.raises(BadInput, match="Unknown AOI CRS"):
        aoi_polygon(utm, (0, 0, 1, 1), "EPSG:999999")


def test_rotated_window_uses_all_vertices(tmp_path):
    t = Affine.translation(1000, 2000) * Affine.rotation(30) * Affine.scale(2, -2)
    info = open_info(write_tif(tmp_path / "rot.tif", ramp(50, 40), transform=t))
    # an AOI that is exactly the image of pixels cols 10..20, rows 5..15 (a rotated square)
    from shapely.geometry import Polygon

    sub = Polygon([t * (10, 5), t * (20, 5), t * (20, 15), t * (10, 15)])
    assert polygon_window(info, sub) == Window(10, 5, 10, 10)
    # its axis-aligned map bounding box covers more pixels but stays inside the raster
    minx, miny, maxx, maxy = sub.bounds
    win = polygon_window(info, aoi_polygon(info, (minx, miny, maxx, maxy), None))
    assert win.col_off < 10 and win.col_off + win.width > 20
    assert win.col_off >= 0 and win.row_off >= 0


def test_window_outside_raises(utm):
    from shapely.geometry import box

    with pytest.raises(BadInput, match="selects no pixel"):
        polygon_window(utm, box(X0 - 100, Y0 + 10, X0 - 50, Y0 + 50))


def test_polygon_wkt_aoi_is_the_polygon_not_its_bbox(utm):
    """A triangle AOI (drawn polygon / selected feature) stays a triangle: results clip to it."""
    tri = f"POLYGON(({X0 + 100} {Y0 - 900}, {X0 + 1100} {Y0 - 900}, {X0 + 100} {Y0 - 100}, {X0 + 100} {Y0 - 900}))"
    poly = aoi_polygon(utm, None, "EPSG:32618", tri)
    assert poly.area == pytest.approx(1000 * 800 / 2)
    assert poly.bounds == (X0 + 100, Y0 - 900, X0 + 1100, Y0 - 100)
    assert polygon_window(utm, poly) == Window(10, 10, 100, 80)


def test_polygon_wkt_wins_over_rectangle_and_reprojects(utm):
    to_ll = pyproj.Transformer.from_crs(32618, 4326, always_xy=True)
    pts = [to_ll.transform(X0 + x, Y0 - y) for x, y in ((200, 200), (1200, 200), (1200, 700), (200, 700))]
    wkt = "POLYGON((" + ", ".join(f"{x} {y}" for x, y in pts + pts[:1]) + "))"
    poly = aoi_polygon(utm, (0, 0, 1, 1), "EPSG:4326", wkt)
    assert poly.area == pytest.approx(1000 * 500, rel=1e-3)
    minx, miny, maxx, maxy = poly.bounds
    assert (minx, maxy) == (pytest.approx(X0 + 200, abs=0.5), pytest.approx(Y0 - 200, abs=0.5))


@pytest.mark.parametrize("wkt", ["POLYGON((", "POINT(1 2)", "POLYGON((0 0, 1 0, 1 1, 0 0))"])
def test_bad_or_empty_or_outside_polygon_is_bad_input(utm, wkt):
    with pytest.raises(BadInput):
        aoi_polygon(utm, None, "EPSG:32618", wkt)


def test_jobspec_carries_aoi_wkt_into_the_area(tmp_path):
    """JobSpec.aoi_wkt reaches the area every tiled job clips to (jobs/tiled.open_area)."""
    from model_backend.jobs.tiled import open_area
    from model_backend.protocol import JobSpec

    path = write_tif(tmp_path / "a.tif", ramp(200, 100))
    wkt = f"POLYGON(({X0 + 100} {Y0 - 900}, {X0 + 1100} {Y0 - 900}, {X0 + 100} {Y0 - 100}, {X0 + 100} {Y0 - 900}))"
    job = JobSpec.from_dict({"raster": str(path), "task": "detect", "aoi_wkt": wkt, "aoi_crs": "EPSG:32618"})
    area = open_area(job)
    assert area.aoi.area == pytest.approx(400000)
    assert area.aoi.geom_type == "Polygon" and len(area.aoi.exterior.coords) == 4


def test_outside_aoi_message_is_rounded_with_units(utm):
    with pytest.raises(BadInput) as err:
        aoi_polygon(utm, (X0 - 5000.123456, Y0 + 100.987654, X0 - 4000.5, Y0 + 200.25), "EPSG:32618")
    text = str(err.value)
    assert text.startswith(f"The area of interest ({X0 - 5000.123456:.1f}, ") and " m) in EPSG:32618" in text
    assert "123456" not in text and "987654" not in text
    with pytest.raises(BadInput, match=r"\(-179\.0+, -89\.0+, -178\.0+, -88\.0+ °\) in EPSG:4326 does not overlap"):
        aoi_polygon(utm, (-179, -89, -178, -88), "EPSG:4326")
