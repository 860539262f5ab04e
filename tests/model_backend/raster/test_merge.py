import numpy as np
import pytest
import shapely
from affine import Affine
from rasterio.windows import Window

from model_backend.geometry import PointSet
from model_backend.raster.georef import to_map_geometry
from model_backend.raster.merge import _strtree_pairs, envelope_pairs, merge_detections
from model_backend.raster.source import open_info
from model_backend.raster.windows import plan_tiles

from .rasters import ramp, write_tif

TRANSFORMS = {
    "north_up": Affine(0.5, 0, 500000.0, 0, -0.5, 4500000.0),
    "rotated": Affine.translation(500000, 4500000) * Affine.rotation(25) * Affine.scale(0.5, -0.5),
}


@pytest.fixture(params=sorted(TRANSFORMS))
def scene(request, tmp_path):
    """400 x 200 px raster, 128 px tiles with 25 % overlap: tile 0 = cols 0..128, tile 1 = cols 96..224."""
    info = open_info(write_tif(tmp_path / "r.tif", ramp(400, 200, "uint8"), transform=TRANSFORMS[request.param]))
    tiles = plan_tiles(info, Window(0, 0, 400, 200), 128, overlap=0.25)
    assert (tiles[0].window.col_off, tiles[1].window.col_off) == (0, 96)
    return info, tiles


def _detect(tiles, tile_id, raster_box, label="car", score=0.5):
    """What tile ``tile_id`` would report for an object at raster pixels (c0, r0, c1, r1)."""
    t = tiles[tile_id]
    c0, r0, c1, r1 = raster_box
    x0 = max(c0 - t.window.col_off, 0)
    x1 = min(c1 - t.window.col_off, t.window.width)
    y0 = max(r0 - t.window.row_off, 0)
    y1 = min(r1 - t.window.row_off, t.window.height)
    return to_map_geometry(PointSet(((x0, y0), (x1, y1)), label, score), t.transform), label, score, tile_id


def _merge(tiles, dets, **kw):
    geoms, labels, scores, tids = zip(*dets)
    return merge_detections(
        list(geoms), list(labels), list(scores), tile_ids=list(tids), tiles=[t.footprint() for t in tiles], **kw
    )


def _raster_box(info, box):
    c0, r0, c1, r1 = box
    return to_map_geometry(PointSet(((c0, r0), (c1, r1))), info.transform)


def _same(a, b):
    return a.symmetric_difference(b).area < 1e-6 * b.area


def test_object_straddling_tile_border_is_one_feature(scene):
    info, tiles = scene
    obj = (80, 40, 150, 70)  # wider than the 32 px overlap strip: each tile sees only its side
    m = _merge(tiles, [_detect(tiles, 0, obj, score=0.8), _detect(tiles, 1, obj, score=0.6)])
    assert len(m.keep) == 1 and m.joined.tolist() == [True]
    assert m.keep.tolist() == [0]  # attributes of the best-scored part
    assert _same(m.geometries[0], _raster_box(info, obj))
    assert m.group.tolist() == [0, 0]


def test_plain_nms_would_have_doubled_it(scene):
    info, tiles = scene
    obj = (80, 40, 150, 70)
    dets = [_detect(tiles, 0, obj), _detect(tiles, 1, obj)]
    geoms, labels, scores, _ = zip(*dets)
    assert len(merge_detections(list(geoms), list(labels), list(scores)).keep) == 2


def test_two_close_objects_in_overlap_stay_two(scene):
    info, tiles = scene
    x, y = (100, 100, 110, 120), (112, 100, 122, 120)
    dets = [
        _detect(tiles, 0, x, score=0.9),
        _detect(tiles, 0, y, score=0.7),
        _detect(tiles, 1, x, score=0.8),
        _detect(tiles, 1, y, score=0.95),
    ]
    m = _merge(tiles, dets)
    assert len(m.keep) == 2 and not m.joined.any()
    assert sorted(m.keep.tolist()) == [0, 3]  # best score of each
    got = sorted(m.geometries, key=lambda g: g.centroid.x if info.transform.b == 0 else g.centroid.y)
    assert any(_same(g, _raster_box(info, x)) for g in got)
    assert any(_same(g, _raster_box(info, y)) for g in got)


def test_cut_part_and_whole_view_keep_the_whole(scene):
    info, tiles = scene
    z = (120, 80, 135, 100)  # tile 0 sees 120..128 (cut), tile 1 sees all of it
    m = _merge(tiles, [_detect(tiles, 0, z, score=0.9), _detect(tiles, 1, z, score=0.4)])
    assert len(m.keep) == 1 and m.keep.tolist() == [0] and not m.joined.any()
    assert _same(m.geometries[0], _raster_box(info, z))


def test_object_at_aoi_border_is_not_cut(scene):
    info, tiles = scene
    # two detections touching the raster's left edge (outer border), IoU < 0.5: distinct
    a, b = (0, 10, 20, 30), (12, 10, 40, 30)
    m = _merge(tiles, [_detect(tiles, 0, a), _detect(tiles, 0, b)])
    assert len(m.keep) == 2


def test_labels_are_separate_and_none_scores_last():
    a = shapely.box(0, 0, 10, 10)
    b = shapely.box(1, 0, 11, 10)
    m = merge_detections([a, b, b], ["car", "car", "ship"], [None, 0.3, None])
    assert m.keep.tolist() == [1, 2]
    assert m.group.tolist() == [0, 0, 1]
    assert m.geometries[0].equals(b)


def test_greedy_chain_keeps_both_ends():
    a = shapely.box(0, 0, 10, 10)
    b = shapely.box(3, 0, 13, 10)  # IoU(a, b) = 7/13
    c = shapely.box(6, 0, 16, 10)  # IoU(b, c) = 7/13, IoU(a, c) = 4/16
    m = merge_detections([a, b, c], ["x"] * 3, [0.9, 0.8, 0.7])
    assert m.keep.tolist() == [0, 2] and m.group.tolist() == [0, 0, 1]


def test_points_pass_through():
    m = merge_detections(
        [shapely.Point(0, 0), shapely.Point(0, 0), shapely.box(0, 0, 1, 1)], ["p", "p", "p"], [0.1, 0.2, 0.3]
    )
    assert m.keep.tolist() == [0, 1, 2]


def _naive_greedy(geoms, labels, scores, thr):
    order = sorted(range(len(geoms)), key=lambda k: (-(scores[k] if scores[k] is not None else -np.inf), k))
    kept = []
    for k in order:
        if all(
            labels[k] != labels[q] or shapely.area(geoms[k] & geoms[q]) / shapely.area(geoms[k] | geoms[q]) < thr
            for q in kept
        ):
            kept.append(k)
    return sorted(kept)


@pytest.mark.parametrize("seed", range(5))
def test_matches_naive_greedy_nms(seed):
    rng = np.random.default_rng(seed)
    n = 300
    x, y = rng.uniform(0, 200, n), rng.uniform(0, 200, n)
    w, h = rng.uniform(2, 20, n), rng.uniform(2, 20, n)
    geoms = list(shapely.box(x, y, x + w, y + h))
    labels = list(rng.choice(["a", "b"], n))
    scores = [None if s < 0.1 else float(s) for s in rng.uniform(0, 1, n)]
    m = merge_detections(geoms, labels, scores, iou_threshold=0.3)
    assert m.keep.tolist() == _naive_greedy(geoms, labels, scores, 0.3)


@pytest.mark.parametrize("seed", range(3))
def test_grid_pairs_equal_strtree_pairs(seed):
    rng = np.random.default_rng(seed)
    n = 2000
    x, y = rng.uniform(0, 1000, n), rng.uniform(0, 1000, n)
    size = rng.lognormal(2, 1, n)  # very mixed sizes
    bounds = np.column_stack([x, y, x + size, y + size * rng.uniform(0.2, 2, n)])
    bounds[::97, 2] = bounds[::97, 0]  # some zero-width boxes
    codes = rng.integers(0, 3, n)
    a = envelope_pairs(bounds, codes)
    b = _strtree_pairs(bounds, codes)
    pa = set(zip(np.minimum(*a).tolist(), np.maximum(*a).tolist()))
    pb = set(zip(b[0].tolist(), b[1].tolist()))
    assert pa == pb and len(a[0]) == len(pa)


def test_many_boxes_vectorised():
    rng = np.random.default_rng(0)
    n = 50_000
    gx, gy = np.meshgrid(np.arange(250) * 20.0, np.arange(200) * 20.0)  # distinct objects, 10 m apart
    x, y = gx.ravel() + rng.uniform(0, 5, n), gy.ravel() + rng.uniform(0, 5, n)
    geoms = shapely.box(x, y, x + 10, y + 10)
    dup = shapely.box(x + 1, y, x + 11, y + 10)  # IoU 9/11 with its original
    m = merge_detections(np.concatenate([geoms, dup]), ["car"] * (2 * n), np.r_[np.full(n, 0.9), np.full(n, 0.5)])
    assert np.array_equal(m.keep, np.arange(n))
    assert np.array_equal(m.group[n:], m.group[:n])
