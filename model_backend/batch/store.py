"""The run GeoPackage: the task's layers plus the run's own tables, written by one writer.

Tables beside the task's layers (all listed in gpkg_contents as attribute tables):

- ``runs``: one row per start or resume (settings and versions as JSON, start, end, status);
- ``rasters``: one row per raster (running | done | failed, the reason, tile and feature totals);
- ``progress``: one row per committed tile (raster, tile, status: done | nodata | unparsed;
  tile -1 is a whole raster, for the tasks committed per raster);
- ``pending_detections``: detections that a not-yet-done neighbouring tile may still merge with.

Each ``commit`` is ONE SQLite transaction holding a tile's settled features, its progress row,
the raster's totals and the change to the pending detections. Killed at any moment, the file
holds whole tiles only (SQLite rolls an unfinished transaction back when it is next opened), and
the pending detections are exactly the merge pool of the last committed tile: a resumed run
goes on from there and ends with the features of a run that was never interrupted.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from ..errors import BadInput
from . import gpkg
from .records import Commit, PendingRow, ResumeState

# A test hook, read once per store: "N" SIGKILLs this process right after its Nth commit,
# "N:inside" inside it (rows inserted, COMMIT not reached). The resume tests choose their kill
# points with it by counting commits, never by timing.
KILL_ENV = "GEORSMLLM_BATCH_KILL_AFTER_COMMITS"
STAT_KEYS = ("tiles_total", "tiles_done", "tiles_skipped_nodata", "tiles_unparsed", "features")

_SCHEMA = {
    "runs": (
        "id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, ended TEXT, "
        "status TEXT NOT NULL, task TEXT NOT NULL, backend TEXT, command TEXT, "
        "settings TEXT NOT NULL, versions TEXT NOT NULL",
        "GeoRSMLLM batch: one row per start or resume of this run",
    ),
    "rasters": (
        "raster TEXT PRIMARY KEY, status TEXT NOT NULL, message TEXT, tiles_total INTEGER, "
        "tiles_done INTEGER, tiles_skipped_nodata INTEGER, tiles_unparsed INTEGER, "
        "features INTEGER, run_id INTEGER, updated TEXT",
        "GeoRSMLLM batch: each raster's status",
    ),
    "progress": (
        "raster TEXT NOT NULL, tile INTEGER NOT NULL, status TEXT NOT NULL, features INTEGER, "
        "run_id INTEGER, committed TEXT, PRIMARY KEY (raster, tile)",
        "GeoRSMLLM batch: committed tiles (tile -1: a whole raster)",
    ),
    "pending_detections": (
        "raster TEXT NOT NULL, seq INTEGER NOT NULL, tile INTEGER NOT NULL, "
        "label TEXT, score REAL, wkb BLOB NOT NULL, PRIMARY KEY (raster, seq)",
        "GeoRSMLLM batch: detections waiting for their neighbouring tiles (raster CRS)",
    ),
}


_UPSERT_RASTER = (
    f"INSERT INTO rasters (raster, status, message, {', '.join(STAT_KEYS)}, run_id, updated) "  # noqa: S608  # nosec B608 - our own table names; values are bound
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(raster) DO UPDATE SET status = excluded.status, "
    "message = excluded.message, "
    + ", ".join(f"{k} = excluded.{k}" for k in STAT_KEYS)
    + ", run_id = excluded.run_id, updated = excluded.updated"
)


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _same(v: Any) -> Any:
    return v


# SQL column type -> the Python type sqlite3 binds (numpy numbers are not bound as they are).
_CONVERT = {"TEXT": str, "REAL": float, "INTEGER": int}


class RunStore:
    """The open run GeoPackage. ``create`` makes a new one, ``open`` an existing one."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # WAL + synchronous NORMAL: a commit costs no fsync of its own, and SQLite stays
        # consistent through a kill or a power cut (a power cut may drop the last commits: those
        # tiles are then simply redone). ``close`` goes back to one plain file.
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        gpkg.register_functions(self.conn)
        self.run_id: Optional[int] = None
        self._columns: Dict[str, List[tuple]] = {}
        self._srs: Dict[str, int] = {}
        self._commits = 0
        hook = os.environ.get(KILL_ENV, "")
        count, _, where = hook.partition(":")
        self._kill_at, self._kill_inside = (int(count) if count.strip() else 0), where == "inside"

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str, layers: Dict[str, Dict[str, str]], crs_wkt: str) -> RunStore:
        """A new run file: the task's layers (in ``crs_wkt``) and the run tables."""
        if os.path.exists(path):
            raise BadInput(f"{path} exists: add --resume to go on with that run, or --overwrite to start again")
        if not path.lower().endswith(".gpkg"):
            raise BadInput(f"The run file must be a GeoPackage (.gpkg), not {path}")
        parent = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(parent):
            raise BadInput(f"The folder of {path} does not exist")
        for key, fields in layers.items():
            gpkg.create_layer(path, key, crs_wkt, fields)
        store = cls(path)
        with store.transaction():
            for table, (columns, description) in _SCHEMA.items():
                store.conn.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
                gpkg.register_attributes_table(store.conn, table, description)
        return store

    @classmethod
    def open(cls, path: str) -> RunStore:
        store = cls(path)
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not set(_SCHEMA) <= names:
            store.close()
            raise BadInput(f"{path} is not a GeoRSMLLM batch run (no runs/progress tables); choose another --out")
        return store

    def close(self) -> None:
        """Checkpoint and leave WAL mode, so the run file is one ordinary GeoPackage again."""
        try:
            self.conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            self.conn.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- what the file holds ------------------------------------------------------------------
    def layers(self) -> List[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name"
            )
        ]

    def crs_wkt(self) -> str:
        return gpkg.layer_crs_wkt(self.conn, self.layers()[0])

    def first_run(self) -> Optional[Dict[str, Any]]:
        row = self.conn.execute("SELECT task, settings FROM runs ORDER BY id LIMIT 1").fetchone()
        return None if row is None else {"task": row[0], "settings": json.loads(row[1])}

    def raster_status(self) -> Dict[str, str]:
        return dict(self.conn.execute("SELECT raster, status FROM rasters"))

    def resume_state(self, raster: str) -> ResumeState:
        """The committed tiles, pending detections (in pool order) and totals of ``raster``."""
        done = [r[0] for r in self.conn.execute("SELECT tile FROM progress WHERE raster = ? ORDER BY tile", (raster,))]
        pending = [
            PendingRow(seq, tile, label, score, bytes(wkb))
            for seq, tile, label, score, wkb in self.conn.execute(
                "SELECT seq, tile, label, score, wkb FROM pending_detections WHERE raster = ? ORDER BY seq", (raster,)
            )
        ]
        sql = f"SELECT {', '.join(STAT_KEYS)} FROM rasters WHERE raster = ?"  # noqa: S608  # nosec B608 - our own table names; values are bound
        row = self.conn.execute(sql, (raster,)).fetchone()
        stats = {k: int(v or 0) for k, v in zip(STAT_KEYS, row)} if row else {}
        return ResumeState(done, pending, stats)

    def rasters(self) -> List[Dict[str, Any]]:
        cols = ("raster", "status", "message", *STAT_KEYS)
        sql = f"SELECT {', '.join(cols)} FROM rasters"  # noqa: S608  # nosec B608 - our own table names; values are bound
        return [dict(zip(cols, r)) for r in self.conn.execute(sql)]

    def labels(self) -> Dict[str, Dict[str, int]]:
        """Features per label of each layer that has labels: {layer: {label: n}}."""
        out: Dict[str, Dict[str, int]] = {}
        for layer in self.layers():
            table = gpkg.quote(layer)
            if "label" in [c for c, _ in self._layer_columns(layer)]:
                sql = f"SELECT label, COUNT(*) FROM {table} GROUP BY label ORDER BY label"  # noqa: S608  # nosec B608 - our own table names; values are bound
                out[layer] = dict(self.conn.execute(sql))
            else:
                sql = f"SELECT COUNT(*) FROM {table}"  # noqa: S608  # nosec B608 - our own table names; values are bound
                out[layer] = {"(features)": int(self.conn.execute(sql).fetchone()[0])}
        return out

    # -- runs ---------------------------------------------------------------------------------
    def begin_run(
        self, task: str, settings: Dict[str, Any], versions: Dict[str, Any], backend: str, command: str
    ) -> int:
        with self.transaction():  # a run still "running" here was killed: say so
            self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            for layer in self.layers():  # rebuilt by end_run (see gpkg's docstring)
                gpkg.drop_spatial_index(self.conn, layer, self._geometry_column(layer))
            cur = self.conn.execute(
                "INSERT INTO runs (started, status, task, backend, command, settings, versions) "
                "VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (utc_now(), task, backend, command, json.dumps(settings, sort_keys=True), json.dumps(versions)),
            )
        self.run_id = int(cur.lastrowid or 0)
        return self.run_id

    def end_run(self, status: str) -> None:
        """The attempt's end and status, and every layer's spatial index, in one transaction."""
        with self.transaction():
            for layer in self.layers():
                gpkg.create_spatial_index(self.conn, layer, self._geometry_column(layer))
            self.conn.execute("UPDATE runs SET ended = ?, status = ? WHERE id = ?", (utc_now(), status, self.run_id))

    def _geometry_column(self, layer: str) -> str:
        row = self.conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,))
        return str(row.fetchone()[0])

    def ensure_layer(self, key: str, fields: Dict[str, str], crs_wkt: str) -> None:
        """A layer a task streams that its spec did not announce: made by GDAL between commits."""
        if key in self.layers():
            return
        self.close()
        gpkg.create_layer(self.path, key, crs_wkt, fields)
        self.__init__(self.path)  # type: ignore[misc]

    # -- the one write path -------------------------------------------------------------------
    def commit(self, c: Commit) -> None:
        """Write ``c`` as one transaction (see the module docstring)."""
        now = utc_now()
        with self.transaction():
            for layer, batch in c.features.items():
                self._insert(layer, batch)
            if c.pending_drop:
                self.conn.executemany(
                    "DELETE FROM pending_detections WHERE raster = ? AND seq = ?",
                    [(c.raster, s) for s in c.pending_drop],
                )
            if c.pending_add:
                self.conn.executemany(
                    "INSERT INTO pending_detections (raster, seq, tile, label, score, wkb) VALUES (?, ?, ?, ?, ?, ?)",
                    [(c.raster, p.seq, p.tile, p.label, p.score, p.wkb) for p in c.pending_add],
                )
            if c.tile is not None:
                self.conn.execute(
                    "INSERT INTO progress (raster, tile, status, features, run_id, committed) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (c.raster, c.tile, c.tile_status, c.feature_count, self.run_id, now),
                )
            status = "failed" if c.failed else "done" if c.final else "running"
            if c.final:
                self.conn.execute("DELETE FROM pending_detections WHERE raster = ?", (c.raster,))
            stats = [int(c.stats.get(k, 0)) for k in STAT_KEYS]
            self.conn.execute(_UPSERT_RASTER, (c.raster, status, c.failed, *stats, self.run_id, now))
            self._commits += 1
            if self._kill_inside and self._commits == self._kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        if not self._kill_inside and self._commits == self._kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def _layer_columns(self, layer: str) -> List[tuple]:
        """(name, SQL type) of a layer's attributes, in table order (no fid, no geometry)."""
        if layer not in self._columns:
            geom = self.conn.execute(
                "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
            ).fetchone()
            cols = self.conn.execute(f"PRAGMA table_info({gpkg.quote(layer)})").fetchall()
            self._columns[layer] = [
                (c[1], str(c[2]).upper()) for c in cols if not c[5] and (geom is None or c[1] != geom[0])
            ]
        return self._columns[layer]

    def _insert(self, layer: str, batch: Any) -> None:
        if not len(batch):
            return
        if layer not in self._srs:
            self._srs[layer] = gpkg.layer_srs_id(self.conn, layer)
        srs, cols = self._srs[layer], self._layer_columns(layer)
        geom_col = self._geometry_column(layer)
        names = ", ".join(gpkg.quote(n) for n in [geom_col] + [c for c, _ in cols])
        marks = ", ".join("?" * (len(cols) + 1))
        blob = gpkg.gpkg_blob
        sql = f"INSERT INTO {gpkg.quote(layer)} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608 - our own table names; values are bound
        columns: List[List[Any]] = [[blob(srs, w, b) for w, b in zip(batch.wkb, batch.bounds)]]
        for name, kind in cols:  # column by column: one converter each, no per-value dispatch
            convert = _CONVERT.get(kind, _same)
            columns.append([None if (v := r.get(name)) is None else convert(v) for r in batch.rows])
        self.conn.executemany(sql, zip(*columns))
        x0 = min(b[0] for b in batch.bounds)
        y0 = min(b[1] for b in batch.bounds)
        x1 = max(b[2] for b in batch.bounds)
        y1 = max(b[3] for b in batch.bounds)
        self.conn.execute(
            "UPDATE gpkg_contents SET min_x = MIN(COALESCE(min_x, :x0), :x0), min_y = MIN(COALESCE(min_y, :y0), :y0), "
            "max_x = MAX(COALESCE(max_x, :x1), :x1), max_y = MAX(COALESCE(max_y, :y1), :y1) WHERE table_name = :t",
            {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "t": layer},
        )


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on an exception."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: Optional[type], *_: Any) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
