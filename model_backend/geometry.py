"""PointSet: the single internal geometry form (as in the GeoRSMLLM paper).

Coordinates are pixels of the image the model saw: x to the right, y down, corner convention
((0, 0) is the top-left corner of the top-left pixel, (w, h) the bottom-right corner of the
image). 1 point = point, 2 = axis-aligned box (two opposite corners), 4 = rotated box (corners
in order), N = polygon. No CRS here: ``raster/georef.py`` is the one place that maps them.

The ``normalise_*`` helpers are what family parsers use to turn a model's numbers into valid
point sets: they fix order, clip to the image and drop degenerate shapes (returning None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

Point = Tuple[float, float]


@dataclass(frozen=True)
class PointSet:
    """Points in model-input image pixels (x right, y down, corner convention)."""

    points: Tuple[Point, ...]
    label: str = ""
    score: Optional[float] = None

    def __post_init__(self) -> None:
        pts = tuple((float(p[0]), float(p[1])) for p in self.points)
        if not pts:
            raise ValueError("A PointSet needs at least one point")
        if not all(math.isfinite(v) for p in pts for v in p):
            raise ValueError(f"PointSet coordinates must be finite, got {pts}")
        object.__setattr__(self, "points", pts)

    @property
    def kind(self) -> str:
        return {1: "point", 2: "box", 4: "rotated_box"}.get(len(self.points), "polygon")

    @property
    def bounds(self) -> Tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) in image pixels."""
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)


def normalise_box(
    coords: Sequence[float],
    image_size: Tuple[int, int],
    label: str = "",
    score: Optional[float] = None,
    min_size: float = 1.0,
) -> Optional[PointSet]:
    """A box (x1, y1, x2, y2) as models write it -> a 2-point PointSet, or None.

    Swapped corners are put in order, the box is clipped to the image (w, h), and a box
    smaller than ``min_size`` pixels on a side after clipping (degenerate, or entirely
    outside the image) is dropped. Non-finite values also give None.
    """
    w, h = image_size
    try:
        x1, y1, x2, y2 = (float(c) for c in coords)
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
        return None
    x1, x2 = sorted((x1, x2))
    y1, y2 = sorted((y1, y2))
    x1, x2 = min(max(x1, 0.0), w), min(max(x2, 0.0), w)
    y1, y2 = min(max(y1, 0.0), h), min(max(y2, 0.0), h)
    if x2 - x1 < min_size or y2 - y1 < min_size:
        return None
    return PointSet(points=((x1, y1), (x2, y2)), label=label, score=score)


def _shoelace(points: Sequence[Point]) -> float:
    n = len(points)
    return 0.5 * abs(
        sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1] for i in range(n))
    )


def normalise_points(
    points: Sequence[Sequence[float]],
    image_size: Tuple[int, int],
    label: str = "",
    score: Optional[float] = None,
    min_size: float = 1.0,
) -> Optional[PointSet]:
    """Any point list as a model wrote it -> a valid PointSet, or None.

    1 point: kept if inside the image (edges included). 2 points: ``normalise_box``.
    3+ points (rotated box, polygon): coordinates clamped into the image, repeated consecutive
    points and a closing repeat of the first point removed; dropped when fewer than 3 distinct
    points remain or the area is below ``min_size`` squared pixels. A clamped 4-point box that
    lost a corner becomes a polygon.
    """
    w, h = image_size
    try:
        pts = [(float(p[0]), float(p[1])) for p in points]
    except (TypeError, ValueError, IndexError):
        return None
    if not pts or not all(math.isfinite(v) for p in pts for v in p):
        return None
    if len(pts) == 1:
        x, y = pts[0]
        return PointSet(((x, y),), label, score) if 0 <= x <= w and 0 <= y <= h else None
    if len(pts) == 2:
        return normalise_box((*pts[0], *pts[1]), image_size, label, score, min_size)
    clamped = [(min(max(x, 0.0), w), min(max(y, 0.0), h)) for x, y in pts]
    ring: list[Point] = []
    for p in clamped:
        if not ring or p != ring[-1]:
            ring.append(p)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3 or _shoelace(ring) < min_size * min_size:
        return None
    return PointSet(tuple(ring), label, score)
