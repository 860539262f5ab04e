"""Every grid pixel of every date read once, block by block, each block handed out with the
context its computation needs.

A block's result needs ``context`` pixels of its neighbours (the 3 x 3 mean, the clean-up, an
ONNX tile's overlap). Reading each block with a halo would decompress the neighbouring file
blocks again: with 512 px GeoTIFF tiles and 1024 px blocks, a 6 px halo makes a read touch 16
tiles instead of 4 (GDAL's bounded block cache cannot hold a whole row of them on a wide
raster). So the blocks are read without a halo, in row-major order, and the context comes from
memory: the last ``2 * context`` columns of the block to the left, and the last ``2 * context``
rows of the block row above (one full-width strip, a few MB). Each block's *result* is then
shifted up and left by ``context`` (``BlockInput.out``): it covers what has all its context,
and the last block of a row or column reaches the grid edge. The results of all blocks tile
the grid exactly, and equal what one computation over the whole grid would give.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence, Tuple

import numpy as np
from rasterio.env import get_gdal_config, set_gdal_config
from rasterio.windows import Window

from .coregister import DateReader

Raw = Tuple[np.ndarray, Optional[np.ndarray]]  # bands (n, h, w) as read, validity or None


@dataclass
class BlockInput:
    """What one block's computation gets: the bands of every date over ``inp`` (grid pixels),
    and ``out``, the part of ``inp`` its result is for."""

    inp: Window
    out: Window
    dates: List[Raw]

    def out_slices(self) -> Tuple[slice, slice]:
        r0, c0 = int(self.out.row_off - self.inp.row_off), int(self.out.col_off - self.inp.col_off)
        return slice(r0, r0 + int(self.out.height)), slice(c0, c0 + int(self.out.width))


def _stack(parts: Sequence[Raw], axis: int) -> Raw:
    """Join raw pieces along ``axis`` (1: rows, 2: columns of the bands)."""
    parts = [p for p in parts if p[0].shape[axis] > 0]
    data = parts[0][0] if len(parts) == 1 else np.concatenate([p[0] for p in parts], axis=axis)
    if all(p[1] is None for p in parts):
        return data, None
    masks = [p[1] if p[1] is not None else np.ones(p[0].shape[1:], dtype=bool) for p in parts]
    return data, masks[0] if len(masks) == 1 else np.concatenate(masks, axis=axis - 1)


def _last(raw: Raw, n: int, axis: int) -> Raw:
    """The last ``n`` rows (axis 1) or columns (axis 2), copied (the block is let go)."""
    take = [slice(None)] * 3
    take[axis] = slice(max(0, raw[0].shape[axis] - n), None)
    data = raw[0][tuple(take)].copy()
    mask = None if raw[1] is None else raw[1][tuple(take[1:])].copy()
    return data, mask


def _columns(raw: Raw, c0: int, c1: int) -> Raw:
    return raw[0][:, :, c0:c1], (None if raw[1] is None else raw[1][:, c0:c1])


def _out_range(start: int, stop: int, length: int, context: int) -> Tuple[int, int]:
    return (start - context if start > 0 else 0), (stop - context if stop < length else length)


def block_inputs(
    readers: Sequence[DateReader], width: int, height: int, size: int, context: int
) -> Iterator[BlockInput]:
    """The blocks of a ``width`` x ``height`` grid in row-major order (see the module docstring).
    ``size`` must be at least ``2 * context``."""
    keep = 2 * context
    if size < keep:
        raise ValueError(f"blocks of {size} px cannot carry {context} px of context")
    top: List[Optional[Raw]] = [None] * len(readers)  # full-width rows [r0 - keep, r0) of each date
    for r0 in range(0, height, size):
        r1 = min(height, r0 + size)
        rows_in = r0 - (top[0][0].shape[1] if top[0] is not None else 0)
        next_top: List[List[Raw]] = [[] for _ in readers]
        left: List[Optional[Raw]] = [None] * len(readers)  # columns [c0 - keep, c0) of this block row
        for c0 in range(0, width, size):
            c1 = min(width, c0 + size)
            cols_in = c0 - (left[0][0].shape[2] if left[0] is not None else 0)
            dates = []
            for k, reader in enumerate(readers):
                core = reader.read_raw(Window(c0, r0, c1 - c0, r1 - r0))
                beside = left[k]
                row_band = core if beside is None else _stack([beside, core], axis=2)
                above = top[k]
                block = row_band if above is None else _stack([_columns(above, cols_in, c1), row_band], axis=1)
                dates.append(block)
                left[k] = _last(row_band, keep, axis=2)
                next_top[k].append(_columns(_last(block, keep, axis=1), c0 - cols_in, c1 - cols_in))
            orow, ocol = _out_range(r0, r1, height, context), _out_range(c0, c1, width, context)
            yield BlockInput(
                Window(cols_in, rows_in, c1 - cols_in, r1 - rows_in),
                Window(ocol[0], orow[0], ocol[1] - ocol[0], orow[1] - orow[0]),
                dates,
            )
        top = [_stack(pieces, axis=2) for pieces in next_top]


CACHE_MB = 16  # GDAL's block cache while the blocks are read: each file block is read once
_cache_lock = threading.Lock()
_cache_state: dict = {"users": 0, "before": None}


@contextlib.contextmanager
def read_once_cache(mb: int = CACHE_MB) -> Iterator[None]:
    """GDAL's block cache lowered to ``mb`` MB for a pass that reads every block once (the
    backend's 64 MB serve tiles that overlap; here they would only hold blocks never read
    again, and grow the process with the raster's size up to that cap), then restored. The
    cache is process-wide in GDAL, so passes that overlap share one lowering."""
    with _cache_lock:
        if _cache_state["users"] == 0:
            _cache_state["before"] = get_gdal_config("GDAL_CACHEMAX")
            set_gdal_config("GDAL_CACHEMAX", mb * 2**20)
        _cache_state["users"] += 1
    try:
        yield
    finally:
        with _cache_lock:
            _cache_state["users"] -= 1
            if _cache_state["users"] == 0 and _cache_state["before"] is not None:
                set_gdal_config("GDAL_CACHEMAX", _cache_state["before"])
