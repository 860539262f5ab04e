"""Where a job's features of one layer go: streamed to the client as they are found, and, when
the job names an output file, written to it. One helper for that pair, so every job writes and
streams the same way and a change to how files are written is made once."""
from __future__ import annotations

from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Dict, List, Optional, Sequence

from ..protocol import LAYER_FIELDS
from .context import JobContext


class LayerOutput:
    """One result layer of a job. ``fields`` defaults to ``protocol.LAYER_FIELDS[layer]``;
    ``stream`` False keeps the features out of ``features`` notifications (ask returns its one
    feature in the reply). Use as a context manager: the file is closed (an empty layer when
    nothing was found, since nothing found is an answer) however the job ends."""

    def __init__(self, ctx: JobContext, path: Optional[str], layer: str, crs_wkt: str,
                 fields: Optional[Dict[str, str]] = None, stream: bool = True) -> None:
        self.ctx, self.path, self.layer, self.crs_wkt, self.stream = ctx, path, layer, crs_wkt, stream
        self.count = 0
        self.writer: Any = None
        if path:
            from ..writers.vector import VectorWriter  # pyogrio: only when a file is asked for

            self.writer = VectorWriter(path, layer, crs_wkt, dict(fields or LAYER_FIELDS[layer]))

    def emit(self, geoms: Sequence[Any], rows: Sequence[Dict[str, Any]]) -> None:
        """Write and stream one batch (one attribute row per geometry)."""
        if not geoms:
            return
        if self.writer is not None:
            self.writer.write(geoms, rows)
        if self.stream:
            self.ctx.features(self.crs_wkt, self.layer, features(geoms, rows))
        self.count += len(geoms)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def __enter__(self) -> "LayerOutput":
        return self

    def __exit__(self, exc_type: Optional[type], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()


def features(geoms: Sequence[Any], rows: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Geometries and rows as the protocol carries them: [{"wkt", "properties"}]."""
    return [{"wkt": g.wkt, "properties": r} for g, r in zip(geoms, rows)]


def utc_now() -> str:
    """The ``created`` attribute of result features: UTC, to the second, ISO 8601."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
