"""The change mask of a whole grid, block by block, in flat memory.

The grid is cut into ``BLOCK`` x ``BLOCK`` px blocks, read once each with the context their
computation needs (``rolling``), scored for every later date against the first, cleaned, and
labelled into connected regions (4-connected, as ``rasterio.features.shapes`` draws them).
Each region leaves the block as a ``Part``: its polygon, pixel count, score sum and, per later
date, how many of its pixels changed against the first. A region that touches an inner block
edge may go on in the next block; ``vectorise.merge_parts`` joins those. Nothing the size of
the grid is ever held.

One thread reads (GDAL, every pixel once, like a plain windowed read); ``workers`` threads
compute (numpy and scipy release the GIL); results come back in block order.
"""

from __future__ import annotations

import collections
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Deque, Iterator, List, Optional, Protocol, Sequence, Tuple

import numpy as np
import rasterio.features
from rasterio.windows import Window
from rasterio.windows import transform as window_transform
from scipy import ndimage
from shapely.geometry import shape
from shapely.ops import unary_union

from .coregister import DateReader, Grid, both_valid, to_float
from .diff import clean
from .rolling import BlockInput, block_inputs, read_once_cache

BLOCK = 1024
CLEAN_HALO = 4  # closing + opening with a 3 x 3 square reach 4 px


class Method(Protocol):
    """Per-pixel change of one later date ``k`` against the first: ``before`` as float32 bands,
    ``after`` as read (integer bands) or float32; (changed mask, score in [0, 1], or None when
    nothing changed). ``halo``: the context in pixels it needs around a block."""

    name: str
    halo: int

    def score(
        self, before: np.ndarray, after: np.ndarray, valid: Optional[np.ndarray], k: int
    ) -> Tuple[np.ndarray, Optional[np.ndarray]]: ...


@dataclass
class Part:
    """One connected changed region of one block."""

    geom: Any  # shapely Polygon in the grid CRS
    pixels: int
    score_sum: float
    per_date: np.ndarray  # (dates - 1,) changed pixels against the first date, per later date
    open: bool  # touches an inner block edge: may continue in a neighbour


def block_windows(width: int, height: int, size: int = BLOCK) -> List[Window]:
    return [
        Window(c, r, min(size, width - c), min(size, height - r))
        for r in range(0, height, size)
        for c in range(0, width, size)
    ]


def block_parts(block: BlockInput, grid: Grid, method: Method, grey: bool) -> List[Part]:
    """The changed regions of one block's ``out`` window (see the module docstring)."""
    core = block.out_slices()
    before, v0 = to_float(*block.dates[0], grey)
    height, width = int(block.out.height), int(block.out.width)
    masks: List[np.ndarray] = []
    score: Optional[np.ndarray] = None
    for raw in block.dates[1:]:
        # integer bands go to the method as read (it normalises them through a lookup table)
        after, vk = raw if not grey and raw[0].dtype.kind in "ui" else to_float(*raw, grey)
        valid = both_valid(v0, vk)
        mask, s = method.score(before, after, valid, len(masks))
        if s is None:
            masks.append(np.zeros((height, width), dtype=bool))
            continue
        mask = clean(mask)
        if valid is not None:
            mask &= valid
        masks.append(mask[core])
        s_core = np.where(mask[core], s[core], 0).astype(np.float32)
        score = s_core if score is None else np.maximum(score, s_core)
    union = masks[0].copy()
    for m in masks[1:]:
        union |= m
    if score is None or not union.any():
        return []
    return _regions(union, score, masks, block.out, grid)


def _regions(union: np.ndarray, score: np.ndarray, masks: List[np.ndarray], win: Window, grid: Grid) -> List[Part]:
    """Label the changed pixels of one block (cut to their bounding box first: the work follows
    the changed area) and vectorise each region."""
    rows, cols = np.flatnonzero(union.any(axis=1)), np.flatnonzero(union.any(axis=0))
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    box = (slice(r0, r1), slice(c0, c1))
    union, score, masks = union[box], score[box], [m[box] for m in masks]
    labels, n = ndimage.label(union)
    flat = labels.ravel()
    pixels = np.bincount(flat, minlength=n + 1)
    score_sum = np.bincount(flat, weights=score.ravel(), minlength=n + 1)
    per_date = np.stack([np.bincount(labels[m], minlength=n + 1) for m in masks], axis=1)
    edges = []  # the block's inner edges, where a region may go on in the next block
    if r0 == 0 and win.row_off > 0:
        edges.append(labels[0])
    if r1 == win.height and win.row_off + win.height < grid.height:
        edges.append(labels[-1])
    if c0 == 0 and win.col_off > 0:
        edges.append(labels[:, 0])
    if c1 == win.width and win.col_off + win.width < grid.width:
        edges.append(labels[:, -1])
    open_ids = set(np.unique(np.concatenate(edges)).tolist()) if edges else set()
    cut = Window(win.col_off + c0, win.row_off + r0, c1 - c0, r1 - r0)
    transform = window_transform(cut, grid.transform)
    polys: dict = {}
    for geom, value in rasterio.features.shapes(labels, mask=union, connectivity=4, transform=transform):
        polys.setdefault(int(value), []).append(shape(geom))
    parts = []
    for i, geoms in polys.items():
        geom = geoms[0] if len(geoms) == 1 else unary_union(geoms)  # one per 4-connected label
        parts.append(Part(geom, int(pixels[i]), float(score_sum[i]), per_date[i].astype(np.int64), i in open_ids))
    return parts


def run_blocks(
    grid: Grid,
    readers: Sequence[DateReader],
    method: Method,
    workers: int = 2,
    check: Optional[Callable[[], None]] = None,
    progress: Optional[Callable[[int, int], None]] = None,
    size: int = BLOCK,
) -> Iterator[List[Part]]:
    """The parts of every block, in block order. This thread reads (``rolling``: every pixel
    once); ``workers`` threads compute. ``check`` is called between blocks (it raises to stop:
    nothing more is read, what was yielded stays valid); ``progress(done, total)``."""
    context = method.halo + CLEAN_HALO
    size = max(size, 2 * context)
    total = len(block_windows(grid.width, grid.height, size))
    grey = readers[0].source.grey
    with read_once_cache():
        yield from _blocks(grid, readers, method, workers, check, progress, size, context, total, grey)


def _blocks(
    grid: Grid,
    readers: Sequence[DateReader],
    method: Method,
    workers: int,
    check: Optional[Callable[[], None]],
    progress: Optional[Callable[[int, int], None]],
    size: int,
    context: int,
    total: int,
    grey: bool,
) -> Iterator[List[Part]]:
    inputs = block_inputs(readers, grid.width, grid.height, size, context)
    if workers <= 1:
        for done, block in enumerate(inputs, 1):
            if check:
                check()
            yield block_parts(block, grid, method, grey)
            if progress:
                progress(done, total)
        return
    pending: Deque[Future] = collections.deque()
    done = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="change") as pool:
        try:
            for block in inputs:
                if check:
                    check()
                pending.append(pool.submit(block_parts, block, grid, method, grey))
                del block
                while len(pending) > workers:
                    done += 1
                    yield pending.popleft().result()
                    if progress:
                        progress(done, total)
            while pending:
                if check:
                    check()
                done += 1
                yield pending.popleft().result()
                if progress:
                    progress(done, total)
        finally:
            for fut in pending:
                fut.cancel()
