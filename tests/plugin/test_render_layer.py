"""XYZ basemaps become a GeoTIFF the worker reads: tiles served from local files (file://),
rendered in real QGIS for the AOI at a chosen ground resolution, then checked with rasterio."""

from __future__ import annotations

import pytest

HALF = 20037508.342789244  # EPSG:3857 half world


def _tile_colour(x: int, y: int) -> tuple:
    return (40 + 60 * x, 40 + 60 * y, 200)


@pytest.fixture
def xyz_layer(tmp_path, qgis_new_project):
    """A z0..2 XYZ pyramid of plain-coloured 256 px PNG tiles, colour = f(x, y) at each zoom."""
    from qgis.core import QgsProject, QgsRasterLayer
    from qgis.PyQt.QtGui import QColor, QImage

    root = tmp_path / "tiles"
    for z in range(3):
        for x in range(2**z):
            for y in range(2**z):
                folder = root / str(z) / str(x)
                folder.mkdir(parents=True, exist_ok=True)
                img = QImage(256, 256, QImage.Format.Format_RGB32)
                img.fill(QColor(*_tile_colour(x, y)))
                assert img.save(str(folder / f"{y}.png"), "PNG")
    uri = f"type=xyz&url=file://{root}/{{z}}/{{x}}/{{y}}.png&zmin=0&zmax=2"
    layer = QgsRasterLayer(uri, "Local basemap", "wms")
    assert layer.isValid(), layer.error().summary()
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_xyz_rendered_for_aoi_at_resolution(xyz_layer, tmp_path):
    import rasterio
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    from georsmllm.plugin.render_layer import is_file_raster, render_for_aoi

    assert not is_file_raster(xyz_layer)
    # inside z2 tile (x=1, y=1): x in [-HALF/2, 0], y in [0, HALF/2]
    aoi = QgsRectangle(-9e6, 1e6, -1e6, 9e6)
    out = render_for_aoi(xyz_layer, aoi, QgsCoordinateReferenceSystem("EPSG:3857"), 40000.0, str(tmp_path))
    assert out.path.endswith("Local_basemap_40000m.tif") and (out.width, out.height) == (200, 200)
    with rasterio.open(out.path) as ds:
        assert ds.crs.to_epsg() == 3857
        assert ds.bounds.left == pytest.approx(-9e6) and ds.bounds.top == pytest.approx(9e6)
        assert ds.res == (pytest.approx(40000.0), pytest.approx(40000.0))
        rgb = ds.read([1, 2, 3])[:, 100, 100]
    assert tuple(int(v) for v in rgb) == _tile_colour(1, 1)


def test_xyz_aoi_in_another_crs_is_transformed(xyz_layer, tmp_path):
    import rasterio
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    from georsmllm.plugin.render_layer import render_for_aoi

    # lon/lat box in the z2 tile (x=2, y=1): lon 0..90 E, lat 0..66.5 N
    out = render_for_aoi(
        xyz_layer, QgsRectangle(10, 10, 80, 60), QgsCoordinateReferenceSystem("EPSG:4326"), 50000.0, str(tmp_path)
    )
    with rasterio.open(out.path) as ds:
        assert ds.crs.to_epsg() == 3857
        assert ds.bounds.left == pytest.approx(10 / 180 * HALF, rel=1e-6)
        rgb = ds.read([1, 2, 3])[:, ds.height // 2, ds.width // 2]
    assert tuple(int(v) for v in rgb) == _tile_colour(2, 1)


def test_build_job_renders_web_layer_and_refuses_whole_layer(xyz_layer):
    import rasterio
    from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsRectangle

    from georsmllm.model_backend import protocol
    from georsmllm.plugin.job_from_qgis import JobInputError, build_job
    from georsmllm.plugin.settings import Settings

    s = Settings(model="/models/tiny", device="cpu", quantization="int8")
    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    tri = QgsGeometry.fromWkt("POLYGON((-9000000 1000000, -1000000 1000000, -9000000 9000000, -9000000 1000000))")
    job = build_job(
        xyz_layer,
        "",
        s,
        "polygon",
        polygon=tri,
        polygon_crs=merc,
        task="detect",
        labels=["ship"],
        render_resolution=80000.0,
    )
    spec = protocol.JobSpec.from_dict(job)
    assert spec.raster.endswith("Local_basemap_80000m.tif") and spec.aoi_wkt.startswith("Polygon")
    with rasterio.open(spec.raster) as ds:
        assert (ds.width, ds.height) == (100, 100)
    with pytest.raises(JobInputError, match="web layer"):
        build_job(xyz_layer, "q", s, "layer", render_resolution=10.0)
    with pytest.raises(JobInputError, match="coarser resolution"):
        build_job(
            xyz_layer,
            "q",
            s,
            "canvas",
            canvas_extent=QgsRectangle(-9e6, 1e6, -1e6, 9e6),
            canvas_crs=merc,
            render_resolution=1.0,
        )
