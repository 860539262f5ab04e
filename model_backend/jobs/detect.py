"""The detect task: open-vocabulary labels or a referring expression, over a raster of any size.

Tiles are read ahead in a background thread while the model works, and handed to the model
``job.batch_size`` at a time (a GPU answers a batch in little more than the time of one tile).
Detections are merged across tile overlaps in map units and *settled* as soon as every tile
that could still touch them is done: settled features go to the output file and to the client
in batches, so the layer fills while the job runs, memory stays bounded by about two rows of
tiles, and a crash loses at most the unsettled rows.

The pieces here are shared: ``open_area`` (every tiled job reads the raster and AOI first, for
fast clear errors before a model load), ``batched_answers`` (caption reuses the tile stream),
``answer_geometries`` (ground georeferences with it) and ``detection_loop`` (count runs it).
"""
from __future__ import annotations

import contextlib
import inspect
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
import shapely
from affine import Affine
from PIL import Image as PILImage

from ..engines.base import Generation
from ..errors import BadInput, Cancelled
from ..protocol import DEFAULT_QUESTION, LAYER_FIELDS, JobSpec
from ..raster.aoi import aoi_polygon, polygon_window
from ..raster.georef import to_map_geometries
from ..raster.merge import merge_detections
from ..raster.prefetch import read_tiles
from ..raster.read import Image, Stretch, compute_stretch, select_bands
from ..raster.source import RasterInfo, open_info
from ..raster.windows import Tile, plan_tiles
from .ask import utc_now
from .context import JobContext
from .families_check import check_job, require_task

DETECTION_LAYER = "detections"
DETECTION_FIELDS = LAYER_FIELDS[DETECTION_LAYER]
UNPARSED = ("no JSON found", "could not be parsed")
# Settled features handed on: clipped geometries and (label, score, tile_id) per geometry.
Found = Tuple[str, Optional[float], int]
OnSettled = Callable[[List[Any], List[Found]], None]


@dataclass(frozen=True)
class Area:
    """The raster and AOI a job works on, read before the model is loaded."""

    info: RasterInfo
    aoi: Any  # shapely (Multi)Polygon in the raster CRS
    window: Any  # rasterio Window: integer pixels covering ``aoi``
    bands: Tuple[int, int, int]
    stretch: Stretch


def open_area(job: JobSpec) -> Area:
    """Raster, AOI, bands and stretch: all the user's input errors surface here, in seconds."""
    info = open_info(job.raster)
    aoi = aoi_polygon(info, job.aoi, job.aoi_crs)
    window = polygon_window(info, aoi)
    bands = select_bands(info, job.bands)
    return Area(info, aoi, window, bands, compute_stretch(job.raster, bands))


def start_job(job: JobSpec, ctx: JobContext, task: str) -> Tuple[Area, Any]:
    """(area, engine) of a tiled job, in the order that makes bad input fail fast: the task
    against the family when it is known without a load, the raster and AOI, then the engine
    (a load), then the task against the loaded model's family."""
    check_job(job, task)
    area = open_area(job)
    engine = ctx.engine_for(job)
    require_task(engine.family_module, task)
    return area, engine


def result_base(job: JobSpec, engine: Any, area: Area) -> Dict[str, Any]:
    """The fields every tiled job's result shares."""
    return {"model": job.model, "family": engine.family, "device": engine.device,
            "quantization": engine.quantization, "source": job.raster,
            "crs_wkt": area.info.crs_wkt, "crs_authid": area.info.crs_authid,
            "aoi_wkt": area.aoi.wkt, "output": job.out}


def answer_geometries(image: Image, gen: Generation, point_sets: Sequence[Any],
                      family: Any = None) -> List[Any]:
    """Point sets in pixels of the image the model saw (``gen.fed_size``) -> map geometries.

    The fed image is the read image scaled per axis, unless the family says otherwise
    (``fed_to_image``: GeoChat pads to a square first)."""
    h, w = image.rgb.shape[:2]
    fed_w, fed_h = gen.fed_size
    hook = getattr(family, "fed_to_image", None)
    sx, sy, dx, dy = hook((w, h), gen.fed_size) if hook else (w / fed_w, h / fed_h, 0.0, 0.0)
    return to_map_geometries(point_sets, image.transform * Affine.translation(dx, dy) * Affine.scale(sx, sy))


def clip_to(aoi: Any, geom: Any) -> Optional[Any]:
    """``geom`` cut to the AOI; None when nothing with an area is left."""
    clipped = geom if aoi.contains(geom) else geom.intersection(aoi)
    return None if clipped.is_empty or clipped.area == 0 else clipped


def _generate_kwargs(engine: Any, n: int) -> Dict[str, Any]:
    """``batch_size=n`` for engines whose ``generate`` takes it (the transformers engine would
    otherwise re-split our batch by its own default); others get the list as it is."""
    try:
        params = inspect.signature(engine.generate).parameters
    except (TypeError, ValueError):
        return {}
    return {"batch_size": n} if "batch_size" in params else {}


def batched_answers(job: JobSpec, ctx: JobContext, engine: Any, tiles: List[Tile], area: Area,
                    messages: list) -> Iterator[Tuple[Tile, Image, Optional[Generation]]]:
    """Every tile in plan order with the model's answer (None for an all-nodata tile).

    Tiles are read ahead; tiles with data are collected until ``job.batch_size`` of them are
    waiting, then answered by one ``generate`` call. All-nodata tiles are never sent; one that
    comes while a batch is filling waits in it, so tiles still come out in order (the settling
    of detections relies on it). Raises Cancelled on cancel: the tiles of an unfinished batch
    are not yielded."""
    size = max(1, int(job.batch_size))
    kwargs = _generate_kwargs(engine, size)

    def answer(waiting: list) -> Iterator[Tuple[Tile, Image, Optional[Generation]]]:
        ctx.check_cancel()
        todo = [image for _, image in waiting if image.valid_fraction > 0]
        gens = engine.generate([PILImage.fromarray(i.rgb) for i in todo], [messages] * len(todo),
                               job.max_new_tokens, cancel=ctx.cancel, **kwargs) if todo else []
        if len(gens) != len(todo):
            raise RuntimeError(f"the engine gave {len(gens)} answers for {len(todo)} images")
        it = iter(gens)
        for tile, image in waiting:
            yield tile, image, (next(it) if image.valid_fraction > 0 else None)

    waiting: list = []
    with contextlib.closing(read_tiles(job.raster, tiles, area.bands, area.stretch, depth=max(4, 2 * size),
                                       cancel=ctx.cancel)) as stream:
        for tile, image in stream:
            ctx.check_cancel()
            if image.valid_fraction == 0 and not waiting:
                yield tile, image, None
                continue
            waiting.append((tile, image))
            if sum(i.valid_fraction > 0 for _, i in waiting) >= size:
                yield from answer(waiting)
                waiting = []
        ctx.check_cancel()  # prefetch ends quietly on cancel
        yield from answer(waiting)


def last_neighbours(tiles: list) -> np.ndarray:
    """For each tile, the highest tile id whose footprint touches it: once that tile is done,
    no later detection can merge with this tile's detections."""
    foot = np.array([t.footprint() for t in tiles], dtype=object)
    tree = shapely.STRtree(foot)
    src, dst = tree.query(foot, predicate="intersects")
    last = np.arange(len(tiles))
    np.maximum.at(last, src, dst)
    return last


class _Pending:
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
        merged = merge_detections(self.geoms, self.labels, self.scores, self.iou,
                                  tile_ids=self.tile_ids, tiles=self.footprints)
        tid = np.asarray(self.tile_ids)
        member_settled = self.last[tid] <= done_through
        group_settled = np.ones(len(merged.keep), dtype=bool)
        np.logical_and.at(group_settled, merged.group, member_settled)
        out = [(merged.geometries[k], self.labels[i], self.scores[i], self.tile_ids[i])
               for k, i in enumerate(merged.keep) if group_settled[k]]
        stay = ~group_settled[merged.group]
        for name in ("geoms", "labels", "scores", "tile_ids"):
            setattr(self, name, [v for v, s in zip(getattr(self, name), stay) if s])
        return out


def detection_loop(job: JobSpec, ctx: JobContext, engine: Any, area: Area, tiles: List[Tile],
                   messages: list, on_settled: OnSettled, stage: str = "detect") -> Tuple[Dict[str, int], bool]:
    """Detect over ``tiles``, merge across overlaps, hand settled features to ``on_settled``.

    Returns (stats, cancelled). On cancel the features found so far are kept: no more tiles
    will come, so every pending detection settles and is handed on before returning."""
    fam = engine.family_module
    pending = _Pending(tiles, iou=0.5)
    stats = {"tiles_total": len(tiles), "tiles_done": 0, "tiles_skipped_nodata": 0,
             "tiles_unparsed": 0, "features": 0, "warnings": 0}

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
                answer = fam.parse("detect", gen.text, gen.fed_size)
                if answer.warnings:
                    stats["warnings"] += len(answer.warnings)
                    if any(w.startswith(UNPARSED) for w in answer.warnings):
                        stats["tiles_unparsed"] += 1
                        if stats["tiles_unparsed"] == 1:
                            ctx.log("warning", f"tile {tile.id}: unparseable model answer, skipped "
                                    f"(further ones are counted, not repeated): {gen.text[:120]!r}")
                pending.add(answer_geometries(image, gen, answer.point_sets, fam), answer.point_sets, tile.id)
            stats["tiles_done"] += 1
            flush(tile.id)
            ctx.progress(stage, stats["tiles_done"], len(tiles), f"{stats['features']} features found")
    except Cancelled:
        cancelled = True
        ctx.log("warning", f"cancelled after {stats['tiles_done']} of {len(tiles)} tiles; "
                "the features found so far are kept")
    finally:
        answers.close()
        flush(len(tiles))
    if stats["tiles_unparsed"]:
        ctx.log("warning", f"{stats['tiles_unparsed']} of {len(tiles)} tiles had an unparseable answer")
    return stats, cancelled


def detect_target(job: JobSpec) -> Tuple[List[str], str, str]:
    """(labels, referring expression, prompt text) of a detect job; BadInput when neither."""
    labels = [label.strip() for label in job.labels if label.strip()]
    expression = job.question.strip() if job.question != DEFAULT_QUESTION else ""
    if not labels and not expression:
        raise BadInput("Nothing to detect: give object names (e.g. 'ship, storage tank') "
                       "or a referring expression")
    return labels, expression, ", ".join(labels) if labels else expression


def run_detect(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    t0 = time.perf_counter()
    labels, expression, prompt = detect_target(job)
    area, engine = start_job(job, ctx, "detect")
    fam = engine.family_module
    tiles = plan_tiles(area.info, area.window, job.tile_size or fam.INPUT_SIZE, job.overlap, job.gsd,
                       aoi=area.aoi)
    messages = fam.build_messages("detect", expression, labels=labels)
    writer = None
    if job.out:
        from ..writers.vector import VectorWriter

        writer = VectorWriter(job.out, DETECTION_LAYER, area.info.crs_wkt, DETECTION_FIELDS)
    created = utc_now()

    def on_settled(geoms: List[Any], found: List[Found]) -> None:
        rows = [{"label": label or prompt, "score": score, "task": "detect", "prompt": prompt,
                 "model": job.model, "source": job.raster, "tile_id": tile_id, "created": created}
                for label, score, tile_id in found]
        if writer is not None:
            writer.write(geoms, rows)
        ctx.features(area.info.crs_wkt, DETECTION_LAYER,
                     [{"wkt": g.wkt, "properties": r} for g, r in zip(geoms, rows)])

    try:
        stats, cancelled = detection_loop(job, ctx, engine, area, tiles, messages, on_settled)
    finally:
        if writer is not None:
            writer.close()
    return {"status": "cancelled" if cancelled else "ok", "task": "detect", "prompt": prompt,
            "labels": labels, **result_base(job, engine, area),
            "elapsed_s": round(time.perf_counter() - t0, 3), **stats}
