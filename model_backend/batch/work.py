"""The work on one raster of a batch: a generator of ``Commit``s for the one writer.

The same generator runs in this process (threads, one shared ``EngineCache``: every raster
uses the one loaded model) and inside Ray actors. It never raises for a bad raster: a raster
that cannot be done (corrupt, no CRS, outside the AOI, a model error) ends with a ``failed``
commit, so the run goes on. Only a cancel ends it early (``Cancelled``), keeping what was
committed.

detect is resumable tile by tile (``detect_commits``): it runs the jobs' own pieces
(``start_job``, ``plan_tiles``, ``batched_answers``, the settling pool of ``jobs.settle``) and
commits after each tile the features that SETTLED at that tile (every tile touching theirs is
done, so nothing later can merge with them: they are final) together with the change to the
pool of detections still waiting. A resumed raster restores that pool and goes on with the
next tile, so it ends with exactly the features of a run that was never interrupted. Every
other task of the table commits a raster at once (``whole_raster_commits``, the job through
``run_job``): its tiles feed one answer (caption's summary, count's total, ground's best box)
that is only final at the end.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Generator, Iterator, List, Optional, Sequence, Tuple, cast

import numpy as np
import pyproj
import shapely

from ..engines.openai_engine import RemoteError
from ..errors import BadInput, Cancelled, ModelUnavailable, OutOfMemory
from ..jobs.context import EngineCache, JobContext
from ..jobs.detect import detect_target
from ..jobs.output import utc_now
from ..jobs.run import run_job
from ..jobs.settle import MERGE_IOU, PendingPool, read_detections
from ..jobs.tiled import batched_answers, clip_to, start_job
from ..protocol import JobSpec
from ..raster.windows import plan_tiles
from .records import WHOLE_RASTER, Commit, FeatureBatch, PendingRow, ResumeState

POLYGON = 3  # shapely.GeometryType.POLYGON
# Tasks resumable tile by tile; the others are committed per raster.
TILE_RESUMABLE = ("detect",)


class Reprojector:
    """Raster CRS -> the run's output CRS (vertex by vertex), polygons promoted to MultiPolygon
    (the run layers' type), to WKB with bounds."""

    def __init__(self, src_wkt: str, dst_wkt: str) -> None:
        src, dst = pyproj.CRS.from_user_input(src_wkt), pyproj.CRS.from_user_input(dst_wkt)
        self.transformer = None if src == dst else pyproj.Transformer.from_crs(src, dst, always_xy=True)

    def batch(self, geoms: Sequence[Any], rows: List[Dict[str, Any]]) -> FeatureBatch:
        if not len(geoms):
            return FeatureBatch([], [], rows)
        arr = np.asarray(geoms, dtype=object)
        if self.transformer is not None:
            arr = shapely.transform(arr, self._xy)
        polygons = shapely.get_type_id(arr) == POLYGON
        if polygons.any():  # one MultiPolygon per polygon, in one call
            arr[polygons] = shapely.multipolygons(arr[polygons], indices=np.arange(int(polygons.sum())))
        return FeatureBatch(list(shapely.to_wkb(arr, byte_order=1)), shapely.bounds(arr).tolist(), rows)

    def _xy(self, coords: Any) -> Any:
        if self.transformer is None:
            return coords
        x, y = self.transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])


class ResumablePool:
    """``jobs.settle``'s pool of unsettled detections, with a sequence number per detection so
    its content can be kept in the run file (added rows, dropped numbers) and restored in order."""

    def __init__(self, tiles: list, restored: Sequence[PendingRow]) -> None:
        self.pool = PendingPool(tiles, iou=MERGE_IOU)
        self.seqs: List[int] = []
        for p in restored:
            self.pool.geoms.append(shapely.from_wkb(p.wkb))
            self.pool.labels.append(p.label)
            self.pool.scores.append(p.score)
            self.pool.tile_ids.append(p.tile)
            self.seqs.append(p.seq)
        self.next_seq = max(self.seqs) + 1 if self.seqs else 0

    def add(self, geoms: list, point_sets: list, tile_id: int) -> List[PendingRow]:
        start = len(self.pool.geoms)
        self.pool.add(geoms, point_sets, tile_id)
        rows = []
        for i in range(start, len(self.pool.geoms)):
            score = self.pool.scores[i]
            rows.append(
                PendingRow(
                    self.next_seq,
                    int(tile_id),
                    self.pool.labels[i],
                    None if score is None else float(score),
                    shapely.to_wkb(self.pool.geoms[i], byte_order=1),
                )
            )
            self.seqs.append(self.next_seq)
            self.next_seq += 1
        return rows

    def settle(self, done_through: int) -> Tuple[List[tuple], List[int]]:
        """(settled (geometry, label, score, tile_id), sequence numbers that left the pool)."""
        before = list(zip(self.pool.geoms, self.seqs))
        settled = self.pool.settle(done_through)
        kept, dropped, j = [], [], 0
        remaining = self.pool.geoms
        for geom, seq in before:  # the pool keeps its survivors in order: match them by identity
            if j < len(remaining) and remaining[j] is geom:
                kept.append(seq)
                j += 1
            else:
                dropped.append(seq)
        self.seqs = kept
        return settled, dropped


def detect_commits(job: JobSpec, ctx: JobContext, resume: ResumeState, out_crs: str) -> Iterator[Commit]:
    """detect over one raster, one commit per tile (see the module docstring)."""
    labels, expression, prompt = detect_target(job)
    area, engine = start_job(job, ctx)
    fam = engine.family_module
    tiles = plan_tiles(area.info, area.window, job.tile_size or fam.INPUT_SIZE, job.overlap, job.gsd, aoi=area.aoi)
    messages = fam.build_messages("detect", expression, labels=labels)
    project = Reprojector(area.info.crs_wkt, out_crs)
    created, layer = utc_now(), job.spec.main_layer.key
    stats = {"tiles_total": len(tiles), "tiles_done": 0, "tiles_skipped_nodata": 0, "tiles_unparsed": 0, "features": 0}
    stats.update({k: v for k, v in resume.stats.items() if k != "tiles_total"})
    pool = ResumablePool(tiles, resume.pending)
    done = set(resume.done_tiles)
    todo = [t for t in tiles if t.id not in done]
    yield Commit(job.raster, planned=True, stats=dict(stats))

    def settled_batch(done_through: int) -> Tuple[FeatureBatch, List[int]]:
        geoms, rows = [], []
        found, dropped = pool.settle(done_through)
        for geom, label, score, tile_id in found:
            clipped = clip_to(area.aoi, geom)
            if clipped is not None:
                geoms.append(clipped)
                rows.append(
                    {
                        "label": label or prompt,
                        "score": score,
                        "task": "detect",
                        "prompt": prompt,
                        "model": job.model,
                        "source": job.raster,
                        "tile_id": int(tile_id),
                        "created": created,
                    }
                )
        return project.batch(geoms, rows), dropped

    if not todo:  # every tile was committed, only the end was not (cannot happen: same transaction)
        batch, dropped = settled_batch(len(tiles))
        stats["features"] += len(batch)
        yield Commit(job.raster, features={layer: batch}, pending_drop=dropped, stats=dict(stats), final=True)
        return
    last, unparsed_said = todo[-1].id, False
    answers = cast(Generator[Tuple[Any, Any, Any], None, None], batched_answers(job, ctx, engine, todo, area, messages))
    try:
        for tile, image, gen in answers:
            added: List[PendingRow] = []
            status = "done"
            if gen is None:
                stats["tiles_skipped_nodata"] += 1
                status = "nodata"
            else:
                read = read_detections(fam, image, gen)  # as detection_loop
                if read.unreadable:
                    stats["tiles_unparsed"] += 1
                    status = "unparsed"
                    if not unparsed_said:  # once per raster and attempt, as detection_loop
                        unparsed_said = True
                        ctx.log("warning", read.warning(tile.id, gen.text))
                added = pool.add(read.geoms, read.point_sets, tile.id)
            stats["tiles_done"] += 1
            batch, dropped = settled_batch(tile.id)
            if tile.id == last:  # as detection_loop ends: everything left settles
                more, more_dropped = settled_batch(len(tiles))
                batch = FeatureBatch(batch.wkb + more.wkb, batch.bounds + more.bounds, batch.rows + more.rows)
                dropped += more_dropped
            stats["features"] += len(batch)
            gone = set(dropped)  # a detection added and settled in this same tile never reaches the file
            yield Commit(
                job.raster,
                tile=tile.id,
                tile_status=status,  # type: ignore[arg-type]
                features={layer: batch} if len(batch) else {},
                pending_add=[p for p in added if p.seq not in gone],
                pending_drop=[s for s in dropped if s not in {p.seq for p in added}],
                stats=dict(stats),
                final=tile.id == last,
            )
    finally:
        answers.close()


def whole_raster_commits(
    job: JobSpec, ctx: JobContext, captured: Dict[str, List[dict]], out_crs: str
) -> Iterator[Commit]:
    """Any task of the table, run whole through ``run_job``; its features in one commit."""
    yield Commit(job.raster, planned=True, stats={"tiles_total": 1})
    result = run_job(job, ctx)
    if result.get("status") == "cancelled":
        raise Cancelled()
    if not job.spec.streamed:  # the one feature comes in the reply (ask)
        captured.setdefault(job.spec.main_layer.key, []).extend(
            {"crs_wkt": result["crs_wkt"], **f} for f in (result.get("features") or [])
        )
    features: Dict[str, FeatureBatch] = {}
    for layer, items in captured.items():
        by_crs: Dict[str, list] = {}
        for item in items:
            by_crs.setdefault(item["crs_wkt"], []).append(item)
        batches = [
            Reprojector(crs, out_crs).batch(
                [shapely.from_wkt(i["wkt"]) for i in group], [dict(i["properties"]) for i in group]
            )
            for crs, group in by_crs.items()
        ]
        features[layer] = FeatureBatch(
            sum((b.wkb for b in batches), []), sum((b.bounds for b in batches), []), sum((b.rows for b in batches), [])
        )
    n = sum(len(b) for b in features.values())
    stats = {
        "tiles_total": int(result.get("tiles_total", result.get("tiles", 1)) or 1),
        "tiles_done": int(result.get("tiles_done", result.get("tiles", 1)) or 1),
        "tiles_skipped_nodata": int(result.get("tiles_skipped_nodata", 0) or 0),
        "tiles_unparsed": int(result.get("tiles_unparsed", 0) or 0),
        "features": n,
    }
    yield Commit(job.raster, tile=WHOLE_RASTER, tile_status="raster", features=features, stats=stats, final=True)


# Failures of the model or the server, not of a raster: the next raster would fail the same way.
FATAL = (ModelUnavailable, RemoteError, OutOfMemory)


def failure_text(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, BadInput) else f"{type(exc).__name__}: {exc}"


def raster_stream(
    job: JobSpec, engines: EngineCache, cancel: threading.Event, resume: ResumeState, out_crs: str
) -> Iterator[Commit]:
    """All commits of one raster; a failure is the last commit (``failed``), never an exception
    (but ``Cancelled``). Warnings the job logs ride on the next commit."""
    logs: List[str] = []
    captured: Dict[str, List[dict]] = {}

    def emit(method: str, params: Dict[str, Any]) -> None:
        if method == "log" and params.get("level") in ("warning", "error"):
            logs.append(str(params.get("message", "")))
        elif method == "features":
            captured.setdefault(params["layer"], []).extend(
                {"crs_wkt": params["crs_wkt"], **f} for f in params["features"]
            )

    ctx = JobContext(job.raster, emit, engines, cancel)
    work = (
        detect_commits(job, ctx, resume, out_crs)
        if job.task in TILE_RESUMABLE
        else whole_raster_commits(job, ctx, captured, out_crs)
    )
    last_stats: Optional[Dict[str, int]] = dict(resume.stats)
    try:
        for commit in work:
            commit.logs, logs[:] = list(logs), []
            last_stats = commit.stats or last_stats
            yield commit
    except Cancelled:
        raise
    except Exception as exc:  # a raster that cannot be done is reported, never stops the run
        if cancel.is_set():
            raise Cancelled() from exc
        yield Commit(
            job.raster,
            failed=failure_text(exc),
            fatal=isinstance(exc, FATAL),
            stats=dict(last_stats or {}),
            logs=list(logs),
        )
