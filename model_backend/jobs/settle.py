"""The detection loop that detect and count share: detections merged across tile overlaps in
map units and *settled* as soon as every tile that could still touch them is done, so settled
features can be written and streamed while the job runs, memory stays bounded by about two rows
of tiles, and a crash loses at most the unsettled rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Tuple, TypedDict

import numpy as np
import shapely

from ..engines.base import Engine, Generation
from ..errors import Cancelled
from ..protocol import JobSpec
from ..raster.merge import merge_detections
from ..raster.windows import Tile
from .context import JobContext
from .parse_guard import parse_answer
from .tiled import Area, answer_geometries, batched_answers, clip_to

# Boxes of one label overlapping more than this (IoU, in map units) are one object.
MERGE_IOU = 0.5

# Settled features handed on: clipped geometries and (label, score, tile_id) per geometry.
Found = Tuple[str, Optional[float], int]
OnSettled = Callable[[List[Any], List[Found]], None]


class TileStats(TypedDict):
    """What the loop did, merged into the job's result (``protocol.JobResult``)."""

    tiles_total: int
    tiles_done: int
    tiles_skipped_nodata: int
    tiles_unparsed: int
    features: int
    warnings: int


def last_neighbours(tiles: list) -> np.ndarray:
    """For each tile, the highest tile id whose footprint touches it: once that tile is done,
    no later detection can merge with this tile's detections."""
    foot = np.array([t.footprint() for t in tiles], dtype=object)
    tree = shapely.STRtree(foot)
    src, dst = tree.query(foot, predicate="intersects")
    last = np.arange(len(tiles))
    np.maximum.at(last, src, dst)
    return last


class PendingPool:
    """Detections waiting for their neighbouring tiles."""

    def __init__(self, tiles: list, iou: float):
        self.footprints = {t.id: t.footprint() for t in tiles}
        self.last = last_neighbours(tiles)
        self.iou = iou
        self.geoms: List[Any] = []
        self.labels: List[str] = []
        self.scores: List[Any] = []
        self.tile_ids: List[int] = []

    def add(self, geoms: list, point_sets: list, tile_id: int) -> None:
        for g, ps in zip(geoms, point_sets):
            self.geoms.append(g)
            self.labels.append(ps.label)
            self.scores.append(ps.score)
            self.tile_ids.append(tile_id)

    def settle(self, done_through: int) -> List[tuple]:
        """Merge the pool; return (geometry, label, score, tile_id) of settled groups."""
        if not self.geoms:
            return []
        merged = merge_detections(
            self.geoms, self.labels, self.scores, self.iou, tile_ids=self.tile_ids, tiles=self.footprints
        )
        tid = np.asarray(self.tile_ids)
        member_settled = self.last[tid] <= done_through
        group_settled = np.ones(len(merged.keep), dtype=bool)
        np.logical_and.at(group_settled, merged.group, member_settled)
        out = [
            (merged.geometries[k], self.labels[i], self.scores[i], self.tile_ids[i])
            for k, i in enumerate(merged.keep)
            if group_settled[k]
        ]
        stay = ~group_settled[merged.group]
        for name in ("geoms", "labels", "scores", "tile_ids"):
            setattr(self, name, [v for v, s in zip(getattr(self, name), stay) if s])
        return out


@dataclass
class TileDetections:
    """One tile's answer read as detections: point sets and their map geometries, or
    ``unreadable`` (nothing usable, the parser failed, or coordinates no geometry can hold)
    with ``why`` when there is more to say than "unparseable"."""

    point_sets: List[Any] = field(default_factory=list)
    geoms: List[Any] = field(default_factory=list)
    warnings: int = 0
    unreadable: bool = False
    why: str = ""

    def warning(self, tile_id: int, text: str) -> str:
        """The one warning a job gives for its first unreadable tile."""
        return (
            f"tile {tile_id}: unparseable model answer{': ' + self.why if self.why else ''}, "
            f"skipped (further ones are counted, not repeated): {text[:120]!r}"
        )


def read_detections(fam: Any, image: Any, gen: Generation) -> TileDetections:
    """Parse a tile's detect answer and georeference it; an answer that no parser or geometry
    survives costs its tile only (``parse_guard``). Shared by detection_loop and batch."""
    answer, why = parse_answer(fam, "detect", gen)
    if answer is None:
        return TileDetections(unreadable=True, why=why)
    try:
        geoms = answer_geometries(image, gen, answer.point_sets, fam)
    except Exception as exc:  # noqa: BLE001 - coordinates no geometry can hold
        return TileDetections(
            warnings=len(answer.warnings),
            unreadable=True,
            why=f"its coordinates make no geometry ({type(exc).__name__})",
        )
    return TileDetections(list(answer.point_sets), geoms, len(answer.warnings), answer.unparsed)


def detection_loop(
    job: JobSpec,
    ctx: JobContext,
    engine: Engine,
    area: Area,
    tiles: List[Tile],
    messages: list,
    on_settled: OnSettled,
    stage: str = "detect",
) -> Tuple[TileStats, bool]:
    """Detect over ``tiles``, merge across overlaps, hand settled features to ``on_settled``.

    Returns (stats, cancelled). On cancel the features found so far are kept: no more tiles
    will come, so every pending detection settles and is handed on before returning."""
    fam = engine.family_module
    pending = PendingPool(tiles, iou=MERGE_IOU)
    stats: TileStats = {
        "tiles_total": len(tiles),
        "tiles_done": 0,
        "tiles_skipped_nodata": 0,
        "tiles_unparsed": 0,
        "features": 0,
        "warnings": 0,
    }

    def flush(done_through: int) -> None:
        geoms, found = [], []
        for geom, label, score, tile_id in pending.settle(done_through):
            clipped = clip_to(area.aoi, geom)
            if clipped is not None:
                geoms.append(clipped)
                found.append((label, score, int(tile_id)))
        if geoms:
            on_settled(geoms, found)
            stats["features"] += len(geoms)

    cancelled = False
    answers = batched_answers(job, ctx, engine, tiles, area, messages)
    try:
        ctx.progress(stage, 0, len(tiles), f"{len(tiles)} tiles")
        for tile, image, gen in answers:
            if gen is None:
                stats["tiles_skipped_nodata"] += 1
            else:
                read = read_detections(fam, image, gen)
                stats["warnings"] += read.warnings
                if read.unreadable:
                    stats["tiles_unparsed"] += 1
                    if stats["tiles_unparsed"] == 1:
                        ctx.log("warning", read.warning(tile.id, gen.text))
                pending.add(read.geoms, read.point_sets, tile.id)
            stats["tiles_done"] += 1
            flush(tile.id)
            ctx.progress(stage, stats["tiles_done"], len(tiles), f"{stats['features']} features found")
    except Cancelled:
        cancelled = True
        ctx.log(
            "warning",
            f"cancelled after {stats['tiles_done']} of {len(tiles)} tiles; the features found so far are kept",
        )
    finally:
        answers.close()
        flush(len(tiles))
    if stats["tiles_unparsed"]:
        ctx.log("warning", f"{stats['tiles_unparsed']} of {len(tiles)} tiles had an unparseable answer")
    return stats, cancelled
