"""The diff method on synthetic pairs with known changes (see synthetic.py): new objects of high
and low contrast, a removed object, a scene-wide gain and offset (no change), sensor noise in
both dates, a 2 x 2 px speck below the minimum area; the after date on another pixel size,
another extent, another CRS (EPSG:3857) or with a nodata strip. Real GeoTIFFs, the real job."""

from __future__ import annotations

import pyproj
import pytest
import shapely
from pyogrio.raw import read as read_vector
from rasterio.transform import from_origin

from model_backend.change.coregister import open_readers, open_series
from model_backend.change.dates import date_series
from model_backend.change.diff import clean
from model_backend.change.normalise import smooth
from model_backend.errors import BadInput
from model_backend.jobs.change import fit_models
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from .synthetic import CRS, OBJECTS, PX, SIDE, X0, Y0, DateGrid, box_polygon, iou, truth, write_date

MIN_AREA = 100.0  # m2: the speck is 16 m2, the smallest real change 2 704 m2


def web_mercator_grid() -> DateGrid:
    """The after date in EPSG:3857, 2.6 m pixels (about 2 m on the ground at 40.6 N), a little
    larger than the before raster."""
    tr = pyproj.Transformer.from_crs(CRS, "EPSG:3857", always_xy=True)
    x0, y1 = tr.transform(X0 - 20, Y0 + 20)
    x1, y0 = tr.transform(X0 + SIDE * PX + 20, Y0 - SIDE * PX - 20)
    px = 2.6
    return DateGrid(
        crs="EPSG:3857", transform=from_origin(x0, y1, px, px), width=int((x1 - x0) / px), height=int((y1 - y0) / px)
    )


FULL = shapely.box(X0, Y0 - SIDE * PX, X0 + SIDE * PX, Y0)
CASES = {  # name: (after grid, where both dates have data)
    "same_grid": (DateGrid(), FULL),
    "pixel_size_3m": (DateGrid(transform=from_origin(X0, Y0, 3.0, 3.0), width=200, height=200), FULL),
    "extent_shifted": (
        DateGrid(transform=from_origin(X0 + 30, Y0 + 40, PX, PX)),
        FULL.intersection(shapely.box(X0 + 30, Y0 + 40 - SIDE * PX, X0 + 30 + SIDE * PX, Y0 + 40)),
    ),
    "crs_3857": (web_mercator_grid(), FULL),
    "nodata_strip": (DateGrid(nodata_cols=(0, 45)), shapely.box(X0 + 45 * PX, Y0 - SIDE * PX, X0 + SIDE * PX, Y0)),
}


def run_change(tmp_path, after_grid, **job):
    before = write_date(str(tmp_path / "before.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "after.tif"), 1, after_grid, gain=1.15, offset=8, seed=2)
    out = str(tmp_path / "changes.gpkg")
    events = []
    ctx = JobContext("t", lambda m, p: events.append((m, p)), EngineCache())
    res = run_job(JobSpec(raster=before, after=after, task="change", out=out, **job), ctx)
    meta, _, wkb, fields = read_vector(out, layer="changes")
    rows = [dict(zip(meta["fields"], values)) for values in zip(*fields)]
    return res, list(shapely.from_wkb(wkb)), rows, events


@pytest.mark.parametrize("case", list(CASES))
def test_diff_recovers_every_change_and_nothing_else(tmp_path, case):
    after_grid, valid = CASES[case]
    res, geoms, rows, events = run_change(tmp_path, after_grid, min_area=MIN_AREA)
    want = truth(valid)
    assert set(want) == {"new_bright", "new_dark_roof", "removed_tank"}
    union = iou(shapely.union_all(geoms), shapely.union_all(list(want.values())))
    per_object = {name: max(iou(poly, g) for g in geoms) for name, poly in want.items()}
    print(f"{case}: IoU {union:.3f}; " + ", ".join(f"{n} {v:.3f}" for n, v in per_object.items()))
    assert union >= 0.8
    assert all(v >= 0.8 for v in per_object.values()), per_object  # every change found, well outlined
    assert len(geoms) == len(want)  # one polygon each: no false change, the speck dropped
    speck = box_polygon(next(o.box for o in OBJECTS if o.name == "speck"))
    assert not any(g.intersects(speck) for g in geoms)
    assert all(valid.buffer(0.01).contains(g) for g in geoms)  # nothing outside the valid overlap
    for g, row in zip(geoms, rows):  # true area: UTM's scale error here is under 0.1 %
        assert abs(row["area_m2"] - g.area) / g.area < 0.002
        assert 0.5 < row["change_score"] <= 1
        assert row["before_source"].endswith("before.tif") and row["after_source"].endswith("after.tif")
        assert row["method"] == "diff" and row["model"] is None and row["description"] is None
        assert row["first_seen"] == row["last_seen"] == "after.tif"
    assert [r["area_m2"] for r in rows] == sorted((r["area_m2"] for r in rows), reverse=True)
    streamed = [f for m, p in events if m == "features" for f in p["features"]]
    assert len(streamed) == len(geoms) and {p["layer"] for m, p in events if m == "features"} == {"changes"}
    assert res["status"] == "ok" and res["changes"] == 3 and res["dates"] == ["before.tif", "after.tif"]


def test_a_scene_wide_gain_offset_and_noise_alone_are_no_change(tmp_path):
    before = write_date(str(tmp_path / "a.tif"), 0, DateGrid(), seed=3, objects=[])
    after = write_date(str(tmp_path / "b.tif"), 0, DateGrid(), gain=0.8, offset=-15, seed=4, objects=[])
    res = run_job(
        JobSpec(raster=before, after=after, task="change", out=str(tmp_path / "c.gpkg")),
        JobContext("t", lambda m, p: None, EngineCache()),
    )
    assert res["changes"] == 0 and res["answer"] == "No change found between a.tif and b.tif (diff)."


def test_the_low_contrast_roof_is_below_otsu_but_above_the_noise_threshold(tmp_path):
    """Why the thresholds are not a global Otsu: with the bright objects in the scene, Otsu's
    threshold of the change magnitude lies above the dark roof (12 DN on a dark field)."""
    before = write_date(str(tmp_path / "a.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "b.tif"), 1, DateGrid(), gain=1.15, offset=8, seed=2)
    grid, sources = open_series(date_series([before, after], sort=False), None, None)
    readers = open_readers(sources, grid)
    try:
        model = fit_models(grid, readers, JobContext("t", lambda m, p: None, EngineCache()))[0]
        roof = next(o for o in OBJECTS if o.name == "new_dark_roof")
        c, r, w, h = roof.box
        from rasterio.windows import Window

        win = Window(c + 2, r + 2, w - 4, h - 4)
        b, _ = readers[0].read(win)
        a, _ = readers[1].read(win)
    finally:
        for reader in readers:
            reader.close()
    inside = float(smooth(model.magnitude(b, a)).mean())
    assert model.t_smooth < inside < model.otsu, (model.t_smooth, inside, model.otsu)
    import numpy as np

    values = np.array([[[80.0, 100.0, 120.0]]] * 3)  # after values in the scene -> before radiometry: (v - 8) / 1.15
    assert np.allclose(model.normalised(values), (values - 8) / 1.15, atol=4)  # the gain and offset fitted away
    assert model.unchanged > 0.8


def test_rasters_that_do_not_overlap_are_a_clear_error(tmp_path):
    before = write_date(str(tmp_path / "a.tif"), 0, DateGrid(), seed=1)
    after = write_date(str(tmp_path / "b.tif"), 1, DateGrid(transform=from_origin(X0 + 5000, Y0, PX, PX)), seed=2)
    with pytest.raises(BadInput, match="do not overlap"):
        run_job(JobSpec(raster=before, after=after, task="change"), JobContext("t", lambda m, p: None, EngineCache()))
    with pytest.raises(BadInput, match="after raster"):
        run_job(JobSpec(raster=before, task="change"), JobContext("t", lambda m, p: None, EngineCache()))
    with pytest.raises(BadInput, match="onnx-model"):
        run_job(
            JobSpec(raster=before, after=before, task="change", method="onnx"),
            JobContext("t", lambda m, p: None, EngineCache()),
        )


def test_clean_is_a_closing_then_an_opening():
    import numpy as np
    from scipy import ndimage

    rng = np.random.default_rng(0)
    mask = rng.random((60, 70)) < 0.3
    mask[10:30, 20:45] = True
    mask[15, 25] = False  # a pinhole
    u = mask.astype(np.uint8)

    def close_open(m):
        m = ndimage.minimum_filter(ndimage.maximum_filter(m, 3, mode="nearest"), 3, mode="nearest")
        return ndimage.maximum_filter(ndimage.minimum_filter(m, 3, mode="nearest"), 3, mode="nearest")

    want = close_open(u).astype(bool)
    assert (clean(mask) == want).all()
    assert clean(mask)[15, 25] and not clean(np.zeros_like(mask)).any()
