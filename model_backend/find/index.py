"""Tile embeddings of one raster, computed once and kept in the user cache for every query.

An index belongs to (raster file content, tiling, encoder): its key hashes the file's
fingerprint (size, modification time, and a SHA-256 of sampled blocks: the first and last MiB
and 16 spread 64 KiB blocks, so a multi-gigabyte raster is keyed in milliseconds; any rewrite
changes the modification time, so touching the file invalidates), the tiling (tile size,
overlap, GSD, bands) and the encoder's id (weights and precision). It lives as a sidecar in
``<cache>/find-index/<key>.npz`` (+ ``.json`` naming the source), so the raster's folder is never
written to. The index plans every tile of the whole raster but encodes only the tiles a query's
AOI needs, so a later query over another area adds to the same index; a cancelled job keeps the
tiles it did. Entries of an older version of the same file are deleted when a new one is saved.

Search is exact (all dot products in numpy, then ``argpartition``): measured by ``make bench``,
a query over 100 000 tiles of 512 dimensions takes a few milliseconds on 2 cores, far below the
100 ms target, so an approximate index (faiss, hnswlib) would add a dependency and a build step
for no gain at this scale; ``raster/windows.MAX_TILES`` caps one raster's plan at 100 000 tiles.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .cache import cache_dir

SAMPLE_EDGE = 1 << 20  # bytes hashed at each end of the file
SAMPLE_BLOCK, SAMPLES = 1 << 16, 16  # bytes and count of the blocks hashed in between
TODO, ENCODED, EMPTY = 0, 1, 2  # tile states: not encoded yet, encoded, all nodata (never encoded)


def fingerprint(path: str) -> str:
    """Size, mtime and a hash of sampled content: what the cache key says of the file."""
    st = os.stat(path)
    h = hashlib.sha256(f"{st.st_size}|{st.st_mtime_ns}".encode())
    with open(path, "rb") as f:
        if st.st_size <= 2 * SAMPLE_EDGE + SAMPLES * SAMPLE_BLOCK:
            h.update(f.read())
        else:
            offsets = [0] + [int(st.st_size * (i + 1) / (SAMPLES + 1)) for i in range(SAMPLES)]
            for off in offsets:
                f.seek(off)
                h.update(f.read(SAMPLE_EDGE if off == 0 else SAMPLE_BLOCK))
            f.seek(st.st_size - SAMPLE_EDGE)
            h.update(f.read(SAMPLE_EDGE))
    return h.hexdigest()


@dataclass(frozen=True)
class Tiling:
    """What decides the tiles and their embeddings, besides the file."""

    tile_px: int
    overlap: float
    gsd: Optional[float]
    bands: Sequence[int]
    encoder_id: str

    def as_dict(self) -> Dict[str, Any]:
        return {
            "tile_px": self.tile_px,
            "overlap": self.overlap,
            "gsd": self.gsd,
            "bands": [int(b) for b in self.bands],
            "encoder": self.encoder_id,
        }


class RasterIndex:
    """Embeddings (N, D) of a raster's N planned tiles, with a state per tile."""

    def __init__(
        self, raster: str, windows: np.ndarray, tiling: Tiling, dim: int, folder: Optional[str] = None
    ) -> None:
        self.raster, self.tiling, self.dim = os.path.realpath(raster), tiling, dim
        self.windows = np.asarray(windows, dtype=np.int64).reshape(-1, 4)
        self.folder = folder or cache_dir("find-index")
        blob = json.dumps({"file": fingerprint(raster), **tiling.as_dict()}, sort_keys=True)
        self.key = hashlib.sha256(blob.encode()).hexdigest()[:32]
        self.path = os.path.join(self.folder, f"{self.key}.npz")
        n = len(self.windows)
        self.state = np.zeros(n, np.int8)
        self.vectors = np.zeros((n, dim), np.float32)
        self.loaded = self._load()
        self.dirty = False

    def _load(self) -> bool:
        """Take the cached embeddings when the cache holds this very plan; False otherwise."""
        if not os.path.isfile(self.path):
            return False
        try:
            with np.load(self.path) as data:
                if (
                    data["windows"].shape != self.windows.shape
                    or not np.array_equal(data["windows"], self.windows)
                    or data["vectors"].shape != self.vectors.shape
                ):
                    return False
                self.state = data["state"].astype(np.int8)
                self.vectors = data["vectors"].astype(np.float32)
        except (OSError, ValueError, KeyError):  # a damaged cache file is rebuilt, never an error
            return False
        return True

    def todo(self, ids: np.ndarray) -> np.ndarray:
        """The ids among ``ids`` not encoded yet."""
        ids = np.asarray(ids, dtype=np.int64)
        return ids[self.state[ids] == TODO]

    def put(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Store embeddings at the float16 precision they are saved with, so a query answers
        the same whether the tiles were just encoded or read from the cache."""
        self.vectors[list(ids)] = np.asarray(vectors).astype(np.float16)
        self.state[list(ids)] = ENCODED
        self.dirty = True

    def mark_empty(self, ids: Sequence[int]) -> None:
        self.state[list(ids)] = EMPTY
        self.dirty = True

    def scores(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query (unit vector) with tiles ``ids``; NaN where not encoded."""
        ids = np.asarray(ids, dtype=np.int64)
        # one product over the whole index, then picked: gathering the rows first would copy
        # them (200 MB for 100 000 x 512) on every query
        out = (self.vectors @ np.asarray(query, np.float32))[ids]
        out[self.state[ids] != ENCODED] = np.nan
        return out

    def save(self) -> None:
        """Write atomically (a reader never sees half a file), then drop older versions of the
        same raster and tiling."""
        if not self.dirty:
            return
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp.npz")
        os.close(fd)
        try:
            np.savez(tmp, windows=self.windows, state=self.state, vectors=self.vectors.astype(np.float16))
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        meta = {
            "source": self.raster,
            "tiling": self.tiling.as_dict(),
            "tiles": int(len(self.windows)),
            "encoded": int((self.state == ENCODED).sum()),
        }
        with open(os.path.join(self.folder, f"{self.key}.json"), "w", encoding="utf-8") as f:
            json.dump(meta, f)
        self.dirty = False
        self._drop_stale(meta)

    def _drop_stale(self, meta: Dict[str, Any]) -> None:
        for other in glob.glob(os.path.join(self.folder, "*.json")):
            if os.path.basename(other) == f"{self.key}.json":
                continue
            try:
                with open(other, encoding="utf-8") as f:
                    seen = json.load(f)
            except (OSError, ValueError):
                continue
            if seen.get("source") == meta["source"] and seen.get("tiling") == meta["tiling"]:
                for path in (other, other[:-5] + ".npz"):
                    if os.path.exists(path):
                        os.remove(path)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest finite scores, best first (NaN never ranks)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if k <= 0 or not len(finite):
        return np.zeros(0, np.int64)
    values = scores[finite]
    if k < len(finite):
        part = np.argpartition(-values, k - 1)[:k]
    else:
        part = np.arange(len(finite))
    return finite[part[np.argsort(-values[part], kind="stable")]]


def windows_of(tiles: List[Any]) -> np.ndarray:
    """(N, 4) col, row, width, height of planned tiles."""
    return np.array(
        [[int(t.window.col_off), int(t.window.row_off), int(t.window.width), int(t.window.height)] for t in tiles],
        dtype=np.int64,
    ).reshape(-1, 4)
