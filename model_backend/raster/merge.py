"""Merge detections from overlapping tiles, in map units: per-label NMS plus joining of cut objects.

Rules (all per label, exact string match):

* **Same object.** Two detections are the same object when their IoU >= ``iou_threshold``, or,
  for detections from *different* tiles, when their IoU *inside the area both tiles saw*
  (tile_a ∩ tile_b) is >= ``iou_threshold``. The second test catches an object cut by a tile
  edge: each tile sees only its side of it, so the full boxes overlap little, but within the shared
  overlap strip both parts cover the same ground. Two distinct neighbours do not cover the same
  ground in the strip, so they stay two.
* **Which one wins.** Greedy NMS in score order (None scores rank last, ties by input order):
  a detection is kept unless a kept, better-ranked same-object detection exists; it then joins
  the group of the best-ranked such detection.
* **Geometry of a group.** A member is *cut* when it lies within ``edge_tol`` of an inner edge of
  its tile (an edge inside the tiled area, not on the AOI border). If a group has an uncut member,
  the best-ranked uncut member's geometry is used (a tile saw the whole object). Otherwise all its
  parts are cut pieces and the group's geometry is their union (``joined``).

Candidate pairs come from a uniform grid hash of the envelopes (numpy, O(n)) when box sizes are
similar, else from a shapely STRtree. IoU is computed from bounds for axis-aligned rectangles
(north-up rasters), with shapely 2 vectorised overlays otherwise. No Python loop over boxes,
except over joined groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional, Union

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

_GRID_PAIR_BUDGET = 40  # grid hash if its within-cell pairs stay below this many per box, else STRtree
EDGE_TOL_SHARE = 0.005  # default edge tolerance: 0.5 % of a tile's side


@dataclass(frozen=True, eq=False)
class Merged:
    """Result of ``merge_detections``; k output features from n inputs."""

    keep: np.ndarray  # (k,) int: input index whose label/score/attributes each output carries, ascending
    geometries: np.ndarray  # (k,) object: output geometry in map units
    group: np.ndarray  # (n,) int: output position each input went to
    joined: np.ndarray  # (k,) bool: geometry is the union of pieces cut by tile edges


def envelope_pairs(bounds: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j), i != j, each once, of same-code boxes whose envelopes intersect.

    ``bounds`` is (n, 4) minx, miny, maxx, maxy in map units.
    """
    n = len(bounds)
    empty = np.empty(0, dtype=np.int64)
    if n < 2:
        return empty, empty
    minx, miny, maxx, maxy = bounds.T
    ox, oy = float(minx.min()), float(miny.min())
    area = max(float(maxx.max()) - ox, 1e-300) * max(float(maxy.max()) - oy, 1e-300)
    # cell >= every box's extent (a box covers at most 2 x 2 cells), and about 2 boxes per cell
    cell = max(float(np.max(np.maximum(maxx - minx, maxy - miny))), float(np.sqrt(2.0 * area / n)))
    cx0 = np.floor((minx - ox) / cell).astype(np.int64)
    cy0 = np.floor((miny - oy) / cell).astype(np.int64)
    cx1 = np.floor((maxx - ox) / cell).astype(np.int64)
    cy1 = np.floor((maxy - oy) / cell).astype(np.int64)
    nx, ny = int(cx1.max()) + 2, int(cy1.max()) + 2
    wide, tall = np.flatnonzero(cx1 > cx0), np.flatnonzero(cy1 > cy0)
    both = np.flatnonzero((cx1 > cx0) & (cy1 > cy0))
    box = np.concatenate([np.arange(n, dtype=np.int64), wide, tall, both])
    ex = np.concatenate([cx0, cx1[wide], cx0[tall], cx1[both]])
    ey = np.concatenate([cy0, cy0[wide], cy1[tall], cy1[both]])
    key = (codes.astype(np.int64)[box] * ny + ey) * nx + ex
    order = np.argsort(key, kind="stable")
    key, box, ex, ey = key[order], box[order], ex[order], ey[order]
    m = len(key)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, m])
    if float(np.sum(sizes.astype(np.float64) ** 2)) > _GRID_PAIR_BUDGET * n + 1e6:
        return _strtree_pairs(bounds, codes)
    ends = np.repeat(starts + sizes, sizes)
    count = ends - np.arange(m) - 1
    total = int(count.sum())
    first = np.repeat(np.arange(m), count)
    second = first + 1 + (np.arange(total) - np.repeat(np.cumsum(count) - count, count))
    sb = bounds[box]  # entries' bounds in cell order: the pair look-ups below stay local in memory
    b1, b2 = sb[first], sb[second]
    rx, ry = np.maximum(b1[:, 0], b2[:, 0]), np.maximum(b1[:, 1], b2[:, 1])
    keep = (rx <= np.minimum(b1[:, 2], b2[:, 2])) & (ry <= np.minimum(b1[:, 3], b2[:, 3]))
    # a pair shared by several cells is reported only in the cell holding its overlap's lower-left corner
    keep &= (np.floor((rx - ox) / cell) == ex[first]) & (np.floor((ry - oy) / cell) == ey[first])
    return box[first[keep]], box[second[keep]]


def _strtree_pairs(bounds: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    boxes = shapely.box(*bounds.T)
    i, j = shapely.STRtree(boxes).query(boxes)
    keep = (i < j) & (codes[i] == codes[j])
    return i[keep], j[keep]


def _iou_from_bounds(ba: np.ndarray, bb: np.ndarray) -> np.ndarray:
    iw = np.clip(np.minimum(ba[:, 2], bb[:, 2]) - np.maximum(ba[:, 0], bb[:, 0]), 0, None)
    ih = np.clip(np.minimum(ba[:, 3], bb[:, 3]) - np.maximum(ba[:, 1], bb[:, 1]), 0, None)
    inter = iw * ih
    aa = (ba[:, 2] - ba[:, 0]) * (ba[:, 3] - ba[:, 1])
    ab = (bb[:, 2] - bb[:, 0]) * (bb[:, 3] - bb[:, 1])
    union = aa + ab - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def _iou_geoms(ga: np.ndarray, gb: np.ndarray) -> np.ndarray:
    inter = shapely.area(shapely.intersection(ga, gb))
    union = shapely.area(ga) + shapely.area(gb) - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def _iou(g, bounds, rect, i, j) -> np.ndarray:
    """IoU of pairs (i, j): numpy for axis-aligned rectangle pairs, shapely for the rest."""
    out = np.zeros(len(i))
    fast = rect[i] & rect[j]
    out[fast] = _iou_from_bounds(bounds[i[fast]], bounds[j[fast]])
    slow = ~fast
    if slow.any():
        out[slow] = _iou_geoms(g[i[slow]], g[j[slow]])
    return out


def _greedy_nms(n: int, hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """Exact greedy NMS over edges hi -> lo (hi outranks lo). Returns state: 1 kept, -1 suppressed.

    Vectorised by rounds: each round suppresses what a kept node reaches and keeps the undecided
    nodes that no undecided node outranks; the number of rounds is the longest chain.
    """
    state = np.ones(n, dtype=np.int8)
    state[lo] = 0
    h, low = hi, lo
    while len(low):
        state[low[state[h] == 1]] = -1
        live = (state[low] == 0) & (state[h] != -1)
        h, low = h[live], low[live]
        pending = np.flatnonzero(state == 0)
        blocked = np.zeros(n, dtype=bool)
        blocked[low] = True
        state[pending[~blocked[pending]]] = 1
    return state


def _cut_members(members: np.ndarray, g: np.ndarray, tid: np.ndarray, tiles, edge_tol: Optional[float]) -> np.ndarray:
    """Bool per member: lies within tolerance of an inner edge of its own tile."""
    used = np.unique(tid[members])
    polys = np.array([tiles[int(t)] for t in used], dtype=object)
    outer = shapely.union_all(np.array([tiles[int(t)] for t in np.unique(tid)], dtype=object)).boundary
    tol = np.full(len(used), edge_tol) if edge_tol is not None else EDGE_TOL_SHARE * np.sqrt(shapely.area(polys))
    inner = shapely.difference(shapely.boundary(polys), shapely.buffer(outer, tol))
    pos = np.searchsorted(used, tid[members])
    return shapely.dwithin(g[members], inner[pos], tol[pos]) & ~shapely.is_empty(inner[pos])


def _scores(scores: Sequence[Optional[float]]) -> np.ndarray:
    """float64 scores with None / NaN as -inf (they rank last)."""
    try:
        arr = np.asarray(scores, dtype=np.float64)
    except TypeError:
        obj = np.asarray(scores, dtype=object)
        obj[np.array([v is None for v in obj], dtype=bool)] = np.nan
        arr = obj.astype(np.float64)
    return np.where(np.isnan(arr), -np.inf, arr)


def merge_detections(
    geoms: Sequence[BaseGeometry],
    labels: Sequence[str],
    scores: Sequence[Optional[float]],
    iou_threshold: float = 0.5,
    tile_ids: Optional[Sequence[int]] = None,
    tiles: Union[Sequence[BaseGeometry], Mapping[int, BaseGeometry], None] = None,
    edge_tol: Optional[float] = None,
) -> Merged:
    """Merge detections (geometries in one map CRS) across tile overlaps; see the module docstring.

    ``tile_ids[i]`` names the tile detection i came from, and ``tiles[tile_id]`` is that tile's
    footprint in the same CRS (``Tile.footprint()``); without them, this is plain per-label NMS.
    ``edge_tol`` (map units) defaults to 0.5 % of each tile's side. Points and other zero-area
    geometries are passed through unmerged.
    """
    g = np.asarray(list(geoms) if not isinstance(geoms, np.ndarray) else geoms, dtype=object)
    n = len(g)
    if len(labels) != n or len(scores) != n:
        raise ValueError(f"{n} geometries, {len(labels)} labels and {len(scores)} scores")
    if not 0.0 < iou_threshold <= 1.0:
        raise ValueError(f"iou_threshold must be in (0, 1], got {iou_threshold}")
    table = {lab: k for k, lab in enumerate(dict.fromkeys(labels))}
    codes = np.fromiter(map(table.__getitem__, labels), dtype=np.int64, count=n)
    score = _scores(scores)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), -score))] = np.arange(n)

    bounds = shapely.bounds(g) if n else np.empty((0, 4))
    area = shapely.area(g) if n else np.empty(0)
    rect = (area > 0) & np.isclose(
        area, (bounds[:, 2] - bounds[:, 0]) * (bounds[:, 3] - bounds[:, 1]), rtol=1e-9, atol=0
    )
    areal = np.flatnonzero(area > 0)
    pi, pj = envelope_pairs(bounds[areal], codes[areal])
    i, j = areal[pi], areal[pj]
    same = _iou(g, bounds, rect, i, j) >= iou_threshold
    tid = None
    if tile_ids is not None and tiles is not None:
        tid = np.asarray(tile_ids, dtype=np.int64)
        cross = ~same & (tid[i] != tid[j])
        if cross.any():
            ci, cj = i[cross], j[cross]
            common = shapely.intersection(
                np.array([tiles[int(t)] for t in tid[ci]], dtype=object),
                np.array([tiles[int(t)] for t in tid[cj]], dtype=object),
            )
            same[cross] = (
                _iou_geoms(shapely.intersection(g[ci], common), shapely.intersection(g[cj], common)) >= iou_threshold
            )
    i, j = i[same], j[same]
    hi = np.where(rank[i] < rank[j], i, j)
    lo = np.where(rank[i] < rank[j], j, i)
    state = _greedy_nms(n, hi, lo)

    keep = np.flatnonzero(state == 1)
    pos = np.full(n, -1, dtype=np.int64)
    pos[keep] = np.arange(len(keep))
    by_kept = state[hi] == 1
    sh, sl = hi[by_kept & (state[lo] == -1)], lo[by_kept & (state[lo] == -1)]
    first = np.lexsort((rank[sh], sl))  # per suppressed node, its best-ranked kept neighbour first
    sh, sl = sh[first], sl[first]
    once = np.r_[True, sl[1:] != sl[:-1]] if len(sl) else np.empty(0, dtype=bool)
    pos[sl[once]] = pos[sh[once]]

    out = g[keep].copy()
    joined = np.zeros(len(keep), dtype=bool)
    sizes = np.bincount(pos, minlength=len(keep))
    if tid is not None and (sizes > 1).any():
        members = np.flatnonzero(sizes[pos] > 1)
        cut = np.zeros(n, dtype=bool)
        cut[members] = _cut_members(members, g, tid, tiles, edge_tol)
        members = members[np.lexsort((rank[members], pos[members]))]
        bounds_at = np.flatnonzero(np.r_[True, pos[members][1:] != pos[members][:-1]])
        for grp in np.split(members, bounds_at[1:]):
            whole = grp[~cut[grp]]
            if len(whole):
                out[pos[grp[0]]] = g[whole[0]]
            else:
                out[pos[grp[0]]] = shapely.union_all(g[grp])
                joined[pos[grp[0]]] = True
    return Merged(keep=keep, geometries=out, group=pos, joined=joined)
