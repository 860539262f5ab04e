import math

import pytest

from model_backend.geometry import PointSet, normalise_box, normalise_points


def test_pointset_coerces_and_validates():
    ps = PointSet(([1, 2], (3, 4)), "car", 0.5)
    assert ps.points == ((1.0, 2.0), (3.0, 4.0)) and ps.kind == "box"
    assert ps.bounds == (1.0, 2.0, 3.0, 4.0)
    assert PointSet(((0, 0),)).kind == "point"
    assert PointSet(((0, 0), (1, 0), (1, 1), (0, 1))).kind == "rotated_box"
    assert PointSet(((0, 0), (1, 0), (1, 1))).kind == "polygon"
    with pytest.raises(ValueError):
        PointSet(())
    with pytest.raises(ValueError):
        PointSet(((0, math.nan), (1, 1)))


def test_normalise_box_fixes_order_clips_and_drops():
    assert normalise_box((50, 60, 10, 20), (100, 100)).points == ((10, 20), (50, 60))
    assert normalise_box((-5, 90, 20, 130), (100, 100)).points == ((0, 90), (20, 100))
    assert normalise_box((10, 10, 10.5, 30), (100, 100)) is None  # degenerate
    assert normalise_box((120, 10, 150, 30), (100, 100)) is None  # outside
    assert normalise_box((1, 2, "x", 4), (100, 100)) is None
    assert normalise_box((1, 2, math.inf, 4), (100, 100)) is None


def test_normalise_points():
    size = (100, 80)
    assert normalise_points([(5, 5)], size).points == ((5, 5),)
    assert normalise_points([(105, 5)], size) is None
    assert normalise_points([(30, 40), (10, 20)], size).points == ((10, 20), (30, 40))
    quad = normalise_points([(10, 10), (50, 20), (40, 60), (0, 50), (10, 10)], size, "ship", 0.9)
    assert quad.points == ((10, 10), (50, 20), (40, 60), (0, 50)) and quad.label == "ship"
    clipped = normalise_points([(-10, -10), (120, -10), (120, 90), (-10, 90)], size)
    assert clipped.points == ((0, 0), (100, 0), (100, 80), (0, 80))
    assert normalise_points([(0, 0), (10, 0), (20, 0)], size) is None  # no area
    assert normalise_points([(0, 0), (0, 0), (5, 5)], size) is None  # 2 distinct points
    assert normalise_points([(1, "a")], size) is None
