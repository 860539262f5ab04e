"""The detect task: open-vocabulary labels or a referring expression, over a raster of any size.

Tiles are read ahead in a background thread while the model works. Detections are merged
across tile overlaps in map units and *settled* as soon as every tile that could still touch
them is done: settled features go to the output file and to the client in batches, so the
layer fills while the job runs, memory stays bounded by about two rows of tiles, and a crash
loses at most the unsettled rows.
"""
from __future__ import annotations

import time
from typing import Any, Dict, List

import numpy as np
import shapely
from affine import Affine
from PIL import Image as PILImage

from ..errors import BadInput, Cancelled
from ..protocol import DEFAULT_QUESTION, JobSpec
from ..raster.aoi import aoi_polygon, polygon_window
from ..raster.georef import to_map_geometries
from ..raster.merge import merge_detections
from ..raster.prefetch import prefetch
from ..raster.read import compute_stretch, read_image, select_bands
from ..raster.source import open_info
from ..raster.windows import plan_tiles
from .ask import utc_now
from .context import JobContext

DETECTION_LAYER = "detections"
DETECTION_FIELDS = {"label": "str", "score": "float", "task": "str", "prompt": "str", "model": "str",
                    "source": "str", "tile_id": "int", "created": "str"}
UNPARSED = ("no JSON found", "could not be parsed")


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


def run_detect(job: JobSpec, ctx: JobContext) -> Dict[str, Any]:
    t0 = time.perf_counter()
    labels = [label.strip() for label in job.labels if label.strip()]
    expression = job.question.strip() if job.question != DEFAULT_QUESTION else ""
    if not labels and not expression:
        raise BadInput("Nothing to detect: give object names (e.g. 'ship, storage tank') "
                       "or a referring expression")
    prompt = ", ".join(labels) if labels else expression
    info = open_info(job.raster)
    aoi = aoi_polygon(info, job.aoi, job.aoi_crs)
    window = polygon_window(info, aoi)
    bands = select_bands(info, job.bands)
    stretch = compute_stretch(job.raster, bands)
    engine = ctx.engine_for(job)
    fam = engine.family_module
    if "detect" not in fam.TASKS:
        raise BadInput(f"The {fam.NAME} family cannot detect objects (tasks: {', '.join(fam.TASKS)})")
    tiles = plan_tiles(info, window, job.tile_size or fam.INPUT_SIZE, job.overlap, job.gsd, aoi=aoi)
    messages = fam.build_messages("detect", expression, labels=labels)
    pending = _Pending(tiles, iou=0.5)
    writer = None
    if job.out:
        from ..writers.vector import VectorWriter

        writer = VectorWriter(job.out, DETECTION_LAYER, info.crs_wkt, DETECTION_FIELDS)
    stats = {"tiles_total": len(tiles), "tiles_done": 0, "tiles_skipped_nodata": 0,
             "tiles_unparsed": 0, "features": 0, "warnings": 0}
    created = utc_now()

    def flush(done_through: int) -> None:
        rows, geoms = [], []
        for geom, label, score, tile_id in pending.settle(done_through):
            clipped = geom.intersection(aoi) if not aoi.contains(geom) else geom
            if clipped.is_empty or clipped.area == 0:
                continue
            geoms.append(clipped)
            rows.append({"label": label or prompt, "score": score, "task": "detect", "prompt": prompt,
                         "model": job.model, "source": job.raster, "tile_id": int(tile_id),
                         "created": created})
        if not rows:
            return
        if writer is not None:
            writer.write(geoms, rows)
        ctx.features(info.crs_wkt, DETECTION_LAYER,
                     [{"wkt": g.wkt, "properties": r} for g, r in zip(geoms, rows)])
        stats["features"] += len(rows)

    def read(tile):
        return read_image(job.raster, tile.window, max(tile.out_size), bands, stretch)

    cancelled = False
    stream = prefetch(tiles, read, depth=4, cancel=ctx.cancel)
    try:
        ctx.progress("detect", 0, len(tiles), f"{len(tiles)} tiles")
        for tile, image in stream:
            ctx.check_cancel()
            if image.valid_fraction == 0:
                stats["tiles_skipped_nodata"] += 1
            else:
                gen = engine.generate([PILImage.fromarray(image.rgb)], [messages], job.max_new_tokens,
                                      cancel=ctx.cancel)[0]
                answer = fam.parse("detect", gen.text, gen.fed_size)
                if answer.warnings:
                    stats["warnings"] += len(answer.warnings)
                    if any(w.startswith(UNPARSED) for w in answer.warnings):
                        stats["tiles_unparsed"] += 1
                        if stats["tiles_unparsed"] == 1:
                            ctx.log("warning", f"tile {tile.id}: unparseable model answer, skipped "
                                    f"(further ones are counted, not repeated): {gen.text[:120]!r}")
                h, w = image.rgb.shape[:2]
                fed_w, fed_h = gen.fed_size
                to_map = image.transform * Affine.scale(w / fed_w, h / fed_h)
                pending.add(to_map_geometries(answer.point_sets, to_map), answer.point_sets, tile.id)
            stats["tiles_done"] += 1
            flush(tile.id)
            ctx.progress("detect", stats["tiles_done"], len(tiles),
                         f"{stats['features']} features found")
        ctx.check_cancel()  # prefetch ends quietly on cancel
    except Cancelled:  # keep what was found: no more tiles will come, so all pending settle
        cancelled = True
        ctx.log("warning", f"cancelled after {stats['tiles_done']} of {len(tiles)} tiles; "
                "the features found so far are kept")
    finally:
        stream.close()
        flush(len(tiles))
        if writer is not None:
            writer.close()
    if stats["tiles_unparsed"]:
        ctx.log("warning", f"{stats['tiles_unparsed']} of {len(tiles)} tiles had an unparseable answer")
    return {"status": "cancelled" if cancelled else "ok", "task": "detect", "prompt": prompt,
            "labels": labels, "model": job.model, "family": engine.family, "device": engine.device,
            "quantization": engine.quantization, "source": job.raster, "crs_wkt": info.crs_wkt,
            "crs_authid": info.crs_authid, "aoi_wkt": aoi.wkt, "output": job.out,
            "elapsed_s": round(time.perf_counter() - t0, 3), **stats}
