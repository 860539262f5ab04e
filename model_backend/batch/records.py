"""What crosses from the per-raster work to the one writer, and back at resume.

Plain picklable values (bytes, numbers, strings), because with ``--backend ray`` they travel
between processes and machines. Geometries travel as WKB already in the run's output CRS, with
their bounds, so the writer only wraps and inserts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Literal, Optional, Tuple

# Tiles of detect are committed one by one; the other tasks commit a raster at once, as tile -1.
WHOLE_RASTER = -1
TileStatus = Literal["done", "nodata", "unparsed", "raster"]
RasterStatus = Literal["running", "done", "failed"]
Bounds = Tuple[float, float, float, float]


@dataclass
class FeatureBatch:
    """Features of one layer: WKB in the output CRS, (minx, miny, maxx, maxy) each, attribute rows."""

    wkb: List[bytes] = field(default_factory=list)
    bounds: List[Bounds] = field(default_factory=list)
    rows: List[Dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.wkb)


@dataclass(frozen=True)
class PendingRow:
    """A detection merged with nothing yet because a neighbouring tile is not done: kept in the
    run GeoPackage (raster CRS, as found) so a resumed run merges exactly what a run without
    interruption would have. ``seq`` keeps the pool's order, on which the merge's ties depend."""

    seq: int
    tile: int
    label: str
    score: Optional[float]
    wkb: bytes


@dataclass
class Commit:
    """One transaction of the writer, or (``planned``) a note for the progress bar only.

    ``tile`` is the tile id (``WHOLE_RASTER`` for a task committed per raster, None for a
    plan or a failure); ``final`` marks the raster done; ``failed`` holds why it failed, and
    ``fatal`` that every raster would fail the same way (the model cannot load, the server
    refuses): the run stops there, the raster is not marked failed.
    ``stats`` are the raster's running totals (tiles_total, tiles_done, tiles_skipped_nodata,
    tiles_unparsed, features), ``logs`` the warnings its job logged since the last commit."""

    raster: str
    tile: Optional[int] = None
    tile_status: TileStatus = "done"
    features: Dict[str, FeatureBatch] = field(default_factory=dict)
    pending_add: List[PendingRow] = field(default_factory=list)
    pending_drop: List[int] = field(default_factory=list)
    stats: Dict[str, int] = field(default_factory=dict)
    final: bool = False
    failed: Optional[str] = None
    fatal: bool = False  # the failure is the model's or the server's, not the raster's: stop the run
    planned: bool = False
    logs: List[str] = field(default_factory=list)

    @property
    def feature_count(self) -> int:
        return sum(len(b) for b in self.features.values())


@dataclass
class ResumeState:
    """Where a raster's earlier attempt stopped: the tiles committed, the detections waiting,
    the totals so far. Empty for a raster not started."""

    done_tiles: List[int] = field(default_factory=list)
    pending: List[PendingRow] = field(default_factory=list)
    stats: Dict[str, int] = field(default_factory=dict)
