"""How many boxes of real recorded answers each family's parser recovers.

``tests/data/recorded/<family>/cases.json`` lists real answers, each with the image size the
model saw, the task, a frozen split ("dev": used while writing the parsers, "heldout": not) and
the shapes hand-read from the answer in the family's own units. This module turns those shapes
into pixels of the fed image with the *documented* conventions, written here independently of
the parsers, and counts an expected shape as recovered when one not yet matched point set of
``parse`` has all four bounds within ``TOLERANCE_PX``.

Print the table: ``python -m tests.model_backend.families.recovery`` (from the repository root).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import shapely

from model_backend.families import get

RECORDED = Path(__file__).resolve().parents[2] / "data" / "recorded"
FAMILIES = ("qwen2_5_vl", "qwen3_vl", "florence2", "geochat")
TOLERANCE_PX = 2.0
Bounds = Tuple[float, float, float, float]


@dataclass
class Score:
    """Recovered and expected shape counts (``extra``: point sets no expected shape claimed)."""

    recovered: int = 0
    expected: int = 0
    extra: int = 0

    def add(self, other: Score) -> None:
        self.recovered += other.recovered
        self.expected += other.expected
        self.extra += other.extra

    @property
    def rate(self) -> float:
        return self.recovered / self.expected if self.expected else 1.0


def cases(family: str) -> List[dict]:
    with open(RECORDED / family / "cases.json", encoding="utf-8") as f:
        return json.load(f)["cases"]


def answer_text(family: str, case: dict) -> str:
    return (RECORDED / family / case["file"]).read_text(encoding="utf-8")


def expected_bounds(case: dict) -> List[Bounds]:
    """The case's shapes as (xmin, ymin, xmax, ymax) in pixels of the fed image, clipped to it."""
    w, h = case["image_size"]
    out = []
    for kind, values in case["shapes"]:
        pts = _points(case["units"], kind, [float(v) for v in values], w, h)
        poly = shapely.box(0, 0, w, h)
        if len(pts) >= 3:
            b = shapely.Polygon(pts).intersection(poly).bounds
        else:
            xs, ys = [min(max(p[0], 0.0), w) for p in pts], [min(max(p[1], 0.0), h) for p in pts]
            b = (min(xs), min(ys), max(xs), max(ys))
        out.append(tuple(float(v) for v in b))
    return out


def _points(units: str, kind: str, v: List[float], w: float, h: float) -> List[Tuple[float, float]]:
    """Documented conventions: px = pixels of the fed image; grid = 0-1000 relative grid (Qwen3-VL);
    bins = Florence-2 location bins, bin centre (n + 0.5) * side / 1000; grid100 = GeoChat's
    0-100 grid, rbox [x1, y1, x2, y2, theta] turned about its centre like cv2.getRotationMatrix2D
    (a side of 0 grid units is one cell wide, the repository's documented reading)."""
    if kind == "rbox":
        return _rbox(v, w, h)
    if units == "px":
        xs, ys = v[0::2], v[1::2]
    elif units == "grid":
        xs, ys = [x * w / 1000 for x in v[0::2]], [y * h / 1000 for y in v[1::2]]
    elif units == "bins":
        xs, ys = [(x + 0.5) * w / 1000 for x in v[0::2]], [(y + 0.5) * h / 1000 for y in v[1::2]]
    else:
        raise ValueError(f"unknown units {units!r}")
    return list(zip(xs, ys))


def _rbox(v: List[float], w: float, h: float) -> List[Tuple[float, float]]:
    x1, y1, x2, y2, theta = v
    if x1 == x2:
        x1, x2 = x1 - 0.5, x2 + 0.5
    if y1 == y2:
        y1, y2 = y1 - 0.5, y2 + 0.5
    x1, x2 = sorted((x1 * w / 100, x2 * w / 100))
    y1, y2 = sorted((y1 * h / 100, y2 * h / 100))
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    a, b = math.cos(math.radians(theta)), math.sin(math.radians(theta))
    return [
        (cx + a * (x - cx) + b * (y - cy), cy - b * (x - cx) + a * (y - cy))
        for x, y in ((x1, y1), (x2, y1), (x2, y2), (x1, y2))
    ]


def score_case(family: str, case: dict) -> Score:
    fam = get(family)
    answer = fam.parse(case["task"], answer_text(family, case), tuple(case["image_size"]))
    got = [ps.bounds for ps in answer.point_sets]
    used = [False] * len(got)
    score = Score(expected=len(case["shapes"]))
    for want in expected_bounds(case):
        for i, have in enumerate(got):
            if not used[i] and all(abs(a - b) <= TOLERANCE_PX for a, b in zip(want, have)):
                used[i] = True
                score.recovered += 1
                break
    score.extra = used.count(False)
    return score


def score_family(family: str, split: Optional[str] = None) -> Score:
    """Totals over the family's cases, all of them or one split ("dev" / "heldout")."""
    total = Score()
    for case in cases(family):
        if split is None or case["split"] == split:
            total.add(score_case(family, case))
    return total


def misses(family: str, split: Optional[str] = None) -> Iterable[Tuple[str, Score]]:
    """(file, score) of each case that lost a shape: what to look at while working on a parser."""
    for case in cases(family):
        if split is None or case["split"] == split:
            s = score_case(family, case)
            if s.recovered < s.expected:
                yield case["file"], s


def table(families: Sequence[str] = FAMILIES) -> str:
    """A markdown table: recovered / expected shapes per family, held-out and all."""
    rows = ["| family | held-out | all | extra point sets (all) |", "|---|---|---|---|"]
    for family in families:
        held, every = score_family(family, "heldout"), score_family(family)
        rows.append(
            f"| {family} | {held.recovered}/{held.expected} ({held.rate:.1%}) | "
            f"{every.recovered}/{every.expected} ({every.rate:.1%}) | {every.extra} |"
        )
    return "\n".join(rows)


def by_class(family: str) -> Dict[str, Score]:
    out: Dict[str, Score] = {}
    for case in cases(family):
        out.setdefault(case["class"], Score()).add(score_case(family, case))
    return out


if __name__ == "__main__":
    print(table())
