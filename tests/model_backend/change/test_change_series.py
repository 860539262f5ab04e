"""More than two dates (first_seen / last_seen), and the block machinery: a grid cut into small
blocks, computed on several threads, gives exactly the polygons of one big block."""

from __future__ import annotations

import pytest
import shapely
from pyogrio.raw import read as read_vector

from model_backend.change.blocks import run_blocks
from model_backend.change.coregister import close_readers, open_readers, open_series
from model_backend.change.dates import acquisition_date, date_series, parse_date
from model_backend.change.diff import DiffMethod
from model_backend.change.vectorise import default_min_area, finish, merge_parts
from model_backend.jobs.change import fit_models
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from .synthetic import DateGrid, Obj, box_polygon, iou, write_date

# (name, box, dates present): A appears at date 2 and stays; B appears at date 3; C is there at
# dates 1-2 and gone at date 3; D is there at date 2 only.
SERIES = [
    Obj("A", (30, 30, 40, 30), (200, 195, 190), (1, 2)),
    Obj("B", (180, 40, 30, 36), (190, 60, 60), (2,)),
    Obj("C", (60, 190, 32, 32), (200, 200, 200), (0, 1)),
    Obj("D", (200, 200, 36, 30), (40, 40, 200), (1,)),
]
TAGS = ["2010:06:01 10:00:00", "2013:06:01 10:00:00", "2016:06:01 10:00:00"]
LABELS = ["2010-06-01", "2013-06-01", "2016-06-01"]
WANT = {"A": (1, 2), "B": (2, 2), "C": (2, 2), "D": (1, 1)}  # (first_seen, last_seen) date index


def write_series(tmp_path, tags=True):
    paths = []
    for i in range(3):
        extra = {"TIFFTAG_DATETIME": TAGS[i]} if tags else None
        gain = (1.0, 1.1, 0.9)[i]
        paths.append(
            write_date(str(tmp_path / f"d{i}.tif"), i, DateGrid(), gain=gain, seed=10 + i, objects=SERIES, tags=extra)
        )
    return paths


def run_series(paths, out):
    res = run_job(
        JobSpec(raster=paths[0], dates=paths, task="change", min_area=100, out=out),
        JobContext("t", lambda m, p: None, EngineCache()),
    )
    meta, _, wkb, fields = read_vector(out, layer="changes")
    return res, list(shapely.from_wkb(wkb)), [dict(zip(meta["fields"], v)) for v in zip(*fields)]


def test_first_and_last_seen_over_three_dates_from_the_file_dates(tmp_path):
    paths = write_series(tmp_path)
    assert [acquisition_date(p).isoformat() for p in paths] == LABELS
    shuffled = [paths[2], paths[0], paths[1]]  # metadata dates put them back in order
    res, geoms, rows = run_series(shuffled, str(tmp_path / "series.gpkg"))
    assert res["dates"] == LABELS
    assert len(geoms) == 4
    for obj in SERIES:
        poly = box_polygon(obj.box)
        i = max(range(len(geoms)), key=lambda k: iou(poly, geoms[k]))
        assert iou(poly, geoms[i]) >= 0.8, obj.name
        first, last = WANT[obj.name]
        assert (rows[i]["first_seen"], rows[i]["last_seen"]) == (LABELS[first], LABELS[last]), obj.name
        assert rows[i]["before_source"] == paths[0] and rows[i]["after_source"] == paths[last]


def test_without_file_dates_the_order_given_names_the_dates(tmp_path):
    paths = write_series(tmp_path, tags=False)
    res, geoms, rows = run_series(paths, str(tmp_path / "series.gpkg"))
    assert res["dates"] == ["d0.tif", "d1.tif", "d2.tif"]
    a = max(range(len(geoms)), key=lambda k: iou(box_polygon(SERIES[0].box), geoms[k]))
    assert (rows[a]["first_seen"], rows[a]["last_seen"]) == ("d1.tif", "d2.tif")


def test_parse_date_reads_the_usual_metadata_forms():
    assert parse_date("2015:09:26 10:11:12").isoformat() == "2015-09-26"
    assert parse_date("2015-09-26T10:11:12Z").isoformat() == "2015-09-26"
    assert parse_date("20150926").isoformat() == "2015-09-26"
    assert parse_date("sometime") is None and parse_date("2015:13:40") is None


def test_date_series_keeps_the_order_given_when_asked(tmp_path):
    paths = write_series(tmp_path)
    assert [d.label for d in date_series([paths[1], paths[0]], sort=False)] == [LABELS[1], LABELS[0]]
    assert [d.label for d in date_series([paths[1], paths[0]])] == [LABELS[0], LABELS[1]]


def _polygons(paths, size, workers):
    from rasterio.env import get_gdal_config

    grid, sources = open_series(date_series(paths, sort=False), None, None)
    readers = open_readers(sources, grid)
    cache = get_gdal_config("GDAL_CACHEMAX")
    try:
        method = DiffMethod(fit_models(grid, readers, JobContext("t", lambda m, p: None, EngineCache())))
        blocks = run_blocks(grid, readers, method, workers=workers, size=size)
        parts = list(next(blocks))
        assert get_gdal_config("GDAL_CACHEMAX") == 16 * 2**20  # lowered while every block is read once
        parts += [p for block in blocks for p in block]
    finally:
        close_readers(readers)
    assert get_gdal_config("GDAL_CACHEMAX") == cache  # and given back
    return parts, finish(merge_parts(parts), grid, default_min_area(grid))


@pytest.mark.parametrize("size,workers", [(64, 1), (64, 2), (100, 2)])
def test_small_blocks_on_threads_give_the_polygons_of_one_block(tmp_path, size, workers):
    paths = write_series(tmp_path, tags=False)
    _, whole = _polygons(paths, 1024, 1)
    parts, cut = _polygons(paths, size, workers)
    assert sum(p.open for p in parts) > 0  # regions did cross block edges
    assert len(cut) == len(whole)
    for a, b in zip(sorted(whole, key=lambda r: r.area_m2), sorted(cut, key=lambda r: r.area_m2)):
        assert a.pixels == b.pixels and abs(a.score_sum - b.score_sum) < 1e-3 * a.score_sum
        assert list(a.per_date) == list(b.per_date)
        assert a.geom.symmetric_difference(b.geom).area < 1e-6


def test_cancel_keeps_the_changes_of_the_blocks_done(tmp_path):
    from model_backend.change.bench import write_pair

    before, after = write_pair(str(tmp_path), 2500)  # 9 blocks of 1024 px, new buildings all over
    ctx = None

    def emit(method, params):
        if method == "progress" and params["stage"] == "change" and params["done"] == 2:
            ctx.cancel.set()

    ctx = JobContext("t", emit, EngineCache())
    res = run_job(JobSpec(raster=before, after=after, task="change", out=str(tmp_path / "c.gpkg")), ctx)
    assert res["status"] == "cancelled" and 2 <= res["tiles_done"] < res["tiles_total"] == 9
    assert res["changes"] > 0 and res["output"]  # what was found is delivered, as a partial result
    meta, _, wkb, _ = read_vector(res["output"], layer=res.get("output_layer") or "changes")
    assert len(wkb) == res["changes"]
