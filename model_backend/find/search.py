"""The rasters of a Find, their tiles, and their embeddings brought up to date.

``open_sources`` reads every raster and the AOI first (bad input fails in seconds, before an
encoder is exported or loaded); ``plan`` tiles each whole raster at the encoder's input size
(or ``job.tile_size`` raster pixels at ``job.gsd``) and opens its cached index; ``encode``
embeds the tiles of the AOI that the cache lacks, read ahead by the jobs' tile reader, in
batches, with progress and cancel (the index is saved however it ends, so a cancelled or
crashed indexing resumes where it stopped).
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

import numpy as np
import shapely
from rasterio.windows import Window

from ..errors import BadInput
from ..protocol import JobSpec
from ..raster.aoi import aoi_polygon
from ..raster.prefetch import read_tiles
from ..raster.read import Stretch, compute_stretch, select_bands
from ..raster.source import RasterInfo, open_info
from ..raster.windows import Tile, plan_tiles
from .encoder import OnnxEncoder
from .index import RasterIndex, Tiling, windows_of

ENCODE_BATCH = 16  # tiles per image-tower run (CPU onnxruntime: larger batches gain nothing)
SAVE_EVERY_S = 60.0  # a long indexing is saved this often, so a crash loses at most this much


@dataclass
class Source:
    """One raster of the search: what was read before the encoder, then its plan and index."""

    path: str
    info: RasterInfo
    aoi: Any  # shapely polygon in the raster CRS
    bands: Tuple[int, int, int]
    stretch: Stretch
    tiles: List[Tile] = field(default_factory=list)  # the whole raster's plan; Tile.id = position
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # tiles in the AOI
    index: Optional[RasterIndex] = None
    encoded: int = 0  # tiles this job encoded
    cached: int = 0  # tiles of the AOI the cache already held


def raster_paths(job: JobSpec) -> List[str]:
    """``raster``, ``rasters`` and the project's file rasters, absolute, each once, in order."""
    paths = ([job.raster] if job.raster else []) + list(job.rasters)
    if job.project:
        from ..batch.inputs import project_rasters

        if not os.path.isfile(job.project):
            raise BadInput(f"QGIS project not found: {job.project}")
        found = project_rasters(job.project)
        if not found:
            raise BadInput(f"The QGIS project {job.project} has no raster layer read from a file")
        paths += found
    out: List[str] = []
    for p in paths:
        full = os.path.abspath(os.path.expanduser(p))
        if full not in out:
            out.append(full)
    if not out:
        raise BadInput("Find needs a raster (--raster) or a QGIS project (--project)")
    return out


def open_sources(job: JobSpec, ctx: Any) -> List[Source]:
    """Every raster, with the AOI cut to it. With several rasters, one the AOI misses is left
    out (said in the log); with none left, or one raster missed, it is the user's error."""
    paths = raster_paths(job)
    sources: List[Source] = []
    for path in paths:
        info = open_info(path)
        try:
            aoi = aoi_polygon(info, job.aoi, job.aoi_crs)
        except BadInput as exc:
            if len(paths) == 1:
                raise
            ctx.log("warning", f"{os.path.basename(path)} left out: {exc}")
            continue
        bands = select_bands(info, job.bands)
        sources.append(Source(path, info, aoi, bands, compute_stretch(path, bands)))
    if not sources:
        raise BadInput("The area of interest overlaps none of the rasters")
    return sources


def plan(sources: List[Source], job: JobSpec, encoder: OnnxEncoder) -> None:
    """Plan each whole raster and open its cached index; select the tiles in the AOI."""
    tile_px = int(job.tile_size or encoder.image_size)
    for s in sources:
        full = Window(0, 0, s.info.width, s.info.height)
        s.tiles = plan_tiles(s.info, full, tile_px, job.overlap, job.gsd)
        prints = np.array([t.footprint() for t in s.tiles], dtype=object)
        hits = shapely.area(shapely.intersection(prints, s.aoi)) > 0 if len(s.tiles) > 1 else np.ones(1, bool)
        s.ids = np.flatnonzero(hits).astype(np.int64)
        tiling = Tiling(tile_px, float(job.overlap), job.gsd, s.bands, encoder.id)
        s.index = RasterIndex(s.path, windows_of(s.tiles), tiling, encoder.dim)


def encode(sources: List[Source], encoder: OnnxEncoder, ctx: Any, batch: int = ENCODE_BATCH) -> None:
    """Embed every tile of the AOIs the indexes lack; Cancelled (with the indexes saved) on cancel."""
    todo = {s.path: s.index.todo(s.ids) for s in sources if s.index is not None}
    total, done = sum(len(t) for t in todo.values()), 0
    for s in sources:
        s.cached = int(len(s.ids) - len(todo.get(s.path, ())))
    ctx.progress(
        "find",
        0,
        max(total, 1),
        f"embedding {total} tiles on {encoder.provider}" if total else "every tile is in the cache",
    )
    for s in sources:
        if len(todo.get(s.path, ())):
            done = _encode_source(s, todo[s.path], encoder, ctx, batch, done, total)


def _encode_source(
    s: Source, ids: np.ndarray, encoder: OnnxEncoder, ctx: Any, batch: int, done: int, total: int
) -> int:
    """Embed tiles ``ids`` of one source into its index (saved however this ends); the count of
    tiles done over all sources so far."""
    index = s.index
    if index is None:  # the caller opens every source's index before encoding
        raise RuntimeError(f"no index opened for {s.path}")
    waiting: List[Tuple[int, np.ndarray]] = []
    last_save = time.monotonic()

    def flush() -> None:
        if waiting:
            index.put([i for i, _ in waiting], encoder.encode_images([rgb for _, rgb in waiting]))
            s.encoded += len(waiting)
            waiting.clear()

    message = f"embedding tiles on {encoder.provider}"
    try:
        tiles = [s.tiles[int(i)] for i in ids]
        reader: Any = read_tiles(s.path, tiles, s.bands, s.stretch, depth=2 * batch, cancel=ctx.cancel)
        with contextlib.closing(reader) as stream:
            for tile, image in stream:
                ctx.check_cancel()
                if image.valid_fraction == 0:
                    index.mark_empty([tile.id])
                else:
                    waiting.append((tile.id, image.rgb))
                done += 1
                if len(waiting) >= batch:
                    flush()
                    ctx.progress("find", done, total, message)
                if time.monotonic() - last_save > SAVE_EVERY_S:
                    index.save()
                    last_save = time.monotonic()
            ctx.check_cancel()  # the reader ends quietly on cancel
            flush()
        ctx.progress("find", done, total, message)
    finally:
        index.save()
    return done


def scores(source: Source, query: np.ndarray) -> np.ndarray:
    """Scores of the source's AOI tiles (NaN: all nodata or not encoded)."""
    if source.index is None:
        return np.full(len(source.ids), np.nan, np.float32)
    return source.index.scores(query, source.ids)
