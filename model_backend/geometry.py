"""PointSet: the single internal geometry form (as in the GeoRSMLLM paper).

Coordinates are pixels of the image the model saw: x to the right, y down, corner convention
((0, 0) is the top-left corner of the top-left pixel, (w, h) the bottom-right corner of the
image). 1 point = point, 2 = axis-aligned box (two opposite corners), 4 = rotated box (corners
in order), N = polygon. No CRS here: ``raster/georef.py`` is the one place that maps them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

Point = Tuple[float, float]


@dataclass(frozen=True)
class PointSet:
    points: Tuple[Point, ...]
    label: str = ""
    score: Optional[float] = None

    @property
    def kind(self) -> str:
        return {1: "point", 2: "box", 4: "rotated_box"}.get(len(self.points), "polygon")


def normalise_box(coords: Sequence[float], image_size: Tuple[int, int], label: str = "",
                  score: Optional[float] = None, min_size: float = 1.0) -> Optional[PointSet]:
    """A box (x1, y1, x2, y2) as models write it -> a 2-point PointSet, or None.

    Swapped corners are put in order, the box is clipped to the image (w, h), and a box
    smaller than ``min_size`` pixels on a side after clipping (degenerate, or entirely
    outside the image) is dropped.
    """
    w, h = image_size
    x1, y1, x2, y2 = (float(c) for c in coords)
    x1, x2 = sorted((x1, x2))
    y1, y2 = sorted((y1, y2))
    x1, x2 = min(max(x1, 0.0), w), min(max(x2, 0.0), w)
    y1, y2 = min(max(y1, 0.0), h), min(max(y2, 0.0), h)
    if x2 - x1 < min_size or y2 - y1 < min_size:
        return None
    return PointSet(points=((x1, y1), (x2, y2)), label=label, score=score)
