"""The GeoPackage details the run writer needs, kept in one place.

Layers are CREATED by GDAL (pyogrio: the GeoPackage tables and SRS exactly as every GeoPackage
GDAL writes), then FILLED through the standard library's sqlite3, because only one SQLite
connection can put a tile's features and its progress row in the same transaction. What GDAL
does for its own connections is done here for ours: geometries are GeoPackage binary blobs
(``gpkg_blob``: header + envelope + WKB), and the spatial-index triggers call ``ST_IsEmpty``,
``ST_MinX``... (``register_functions``).

The spatial index (the GeoPackage ``gpkg_rtree_index`` extension) is built when a run attempt
ends, not kept up to date row by row: through the triggers every feature would cost five Python
calls and an R-tree insert, three times the rest of its write. While a run goes (or after a
kill, until the next attempt ends) the layers have no index; GIS software reads them all the same.
"""

# ruff: noqa: S608 - SQL built from quoted identifiers of our own tables; every value is a bound parameter
from __future__ import annotations

import os
import sqlite3
import struct
from typing import Dict, List, Optional, Tuple

import numpy as np

# Header: magic "GP", version 0, flags = little endian (bit 0) + envelope [minx, maxx, miny,
# maxy] (envelope code 1, bits 1-3); then the srs_id; then the envelope; then the WKB.
_HEADER = struct.Struct("<2sBBi4d")
_FLAGS_XY_ENVELOPE = 0b0000_0011
_EMPTY_FLAG = 0b0001_0000
SQL_TYPES = {"str": "TEXT", "float": "REAL", "int": "INTEGER"}
_DTYPES = {"str": object, "float": np.float64, "int": np.int64}


def gpkg_blob(srs_id: int, wkb: bytes, bounds: tuple) -> bytes:
    """A GeoPackage geometry blob of little-endian ``wkb`` with its envelope."""
    minx, miny, maxx, maxy = bounds
    return _HEADER.pack(b"GP", 0, _FLAGS_XY_ENVELOPE, srs_id, minx, maxx, miny, maxy) + wkb


def _envelope(blob: Optional[bytes]) -> Optional[tuple]:
    """(minx, maxx, miny, maxy) from a blob's header; None for NULL, empty or no envelope."""
    if blob is None or len(blob) < 8 or blob[:2] != b"GP" or blob[3] & _EMPTY_FLAG:
        return None
    kind = (blob[3] >> 1) & 0b111
    if kind == 0:  # no envelope in the header: ask the geometry (other writers' blobs)
        import shapely

        geom = shapely.from_wkb(blob[8:])
        if geom.is_empty:
            return None
        x0, y0, x1, y1 = geom.bounds
        return x0, x1, y0, y1
    order = "<" if blob[3] & 1 else ">"
    return struct.unpack_from(order + "4d", blob, 8)


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the GeoPackage spatial-index triggers call (GDAL registers its own)."""

    def part(i: int):
        def f(blob: Optional[bytes]) -> Optional[float]:
            env = _envelope(blob)
            return None if env is None else env[i]

        return f

    conn.create_function("ST_IsEmpty", 1, lambda b: 1 if _envelope(b) is None else 0, deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, part(i), deterministic=True)


def create_layer(path: str, layer: str, crs_wkt: str, fields: Dict[str, str]) -> None:
    """An empty MultiPolygon layer with ``fields`` ({name: "str"|"float"|"int"}) in ``path``,
    made by GDAL without a spatial index (``create_spatial_index`` adds it); the file too when
    missing (GeoPackage 1.2, which QGIS 3.22 reads quietly)."""
    from pyogrio import raw

    exists = os.path.exists(path)
    raw.write(
        path,
        np.array([], dtype=object),
        [np.array([], dtype=_DTYPES[k]) for k in fields.values()],
        list(fields),
        layer=layer,
        driver="GPKG",
        crs=crs_wkt,
        geometry_type="MultiPolygon",
        promote_to_multi=True,
        append=False,
        layer_options={"SPATIAL_INDEX": "NO"},
        **({} if exists else {"dataset_options": {"VERSION": "1.2"}}),
    )


# The GeoPackage spec's table of extensions (GDAL makes it with the first spatial index).
_EXTENSIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
    "definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))"
)


def _rtree_names(table: str, column: str) -> Tuple[str, List[str]]:
    rtree = f"rtree_{table}_{column}"
    return rtree, [
        f"{rtree}_{s}"
        for s in ("insert", "update1", "update2", "update3", "update4", "update5", "update6", "update7", "delete")
    ]


def drop_spatial_index(conn: sqlite3.Connection, table: str, column: str) -> None:
    """Take a layer's R-tree, its triggers and its extension row away (fast writes follow)."""
    rtree, triggers = _rtree_names(table, column)
    for trigger in triggers:
        conn.execute(f"DROP TRIGGER IF EXISTS {quote(trigger)}")
    conn.execute(f"DROP TABLE IF EXISTS {quote(rtree)}")
    conn.execute(_EXTENSIONS_TABLE)
    conn.execute(
        "DELETE FROM gpkg_extensions WHERE lower(table_name) = lower(?) AND extension_name = 'gpkg_rtree_index'",
        (table,),
    )


def create_spatial_index(conn: sqlite3.Connection, table: str, column: str, fid: str = "fid") -> int:
    """The GeoPackage R-tree of a layer (the spec's table, triggers and extension row, as GDAL
    makes them), filled from the blobs' envelopes in one pass. Returns the rows indexed."""
    rtree, _ = _rtree_names(table, column)
    conn.execute(_EXTENSIONS_TABLE)
    t, c, i, r = quote(table), quote(column), quote(fid), quote(rtree)
    conn.execute(f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)")
    rows, unpack = 0, struct.Struct("<4d").unpack_from  # our blobs: the envelope at byte 8
    cursor = conn.execute(f"SELECT {i}, {c} FROM {t} WHERE {c} IS NOT NULL")  # noqa: S608  # nosec B608
    while True:
        chunk = cursor.fetchmany(10_000)
        if not chunk:
            break
        values = [(k, *unpack(b, 8)) if b[3] == _FLAGS_XY_ENVELOPE else (k, *(_envelope(b) or ())) for k, b in chunk]
        values = [v for v in values if len(v) == 5]  # empty geometries are not indexed
        conn.executemany(f"INSERT OR REPLACE INTO {r} VALUES (?, ?, ?, ?, ?)", values)  # noqa: S608  # nosec B608
        rows += len(values)
    put = (
        f"INSERT OR REPLACE INTO {r} VALUES (NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), "
        f"ST_MinY(NEW.{c}), ST_MaxY(NEW.{c}))"
    )
    full, empty = f"(NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))", f"(NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))"
    for name, when, body in (
        ("insert", f"AFTER INSERT ON {t} WHEN {full}", put),
        ("update1", f"AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND {full}", put),
        (
            "update2",
            f"AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND {empty}",
            f"DELETE FROM {r} WHERE id = OLD.{i}",  # nosec B608
        ),
        (
            "update3",
            f"AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND {full}",
            f"DELETE FROM {r} WHERE id = OLD.{i}; {put}",  # nosec B608
        ),
        (
            "update4",
            f"AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND {empty}",
            f"DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i})",  # nosec B608
        ),
        ("delete", f"AFTER DELETE ON {t} WHEN OLD.{c} NOT NULL", f"DELETE FROM {r} WHERE id = OLD.{i}"),  # nosec B608
    ):
        conn.execute(f"CREATE TRIGGER {quote(rtree + '_' + name)} {when} BEGIN {body}; END")
    conn.execute(
        "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
        "VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
        "'write-only')",
        (table, column),
    )
    return rows


def register_attributes_table(conn: sqlite3.Connection, table: str, description: str) -> None:
    """List a plain table in gpkg_contents, so GIS software shows it (QGIS: a table layer)."""
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
        "VALUES (?, 'attributes', ?, ?)",
        (table, table, description),
    )


def layer_srs_id(conn: sqlite3.Connection, layer: str) -> int:
    row = conn.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)).fetchone()
    if row is None:
        raise KeyError(layer)
    return int(row[0])


def layer_crs_wkt(conn: sqlite3.Connection, layer: str) -> str:
    row = conn.execute(
        "SELECT s.definition FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s "
        "ON g.srs_id = s.srs_id WHERE g.table_name = ?",
        (layer,),
    ).fetchone()
    if row is None:
        raise KeyError(layer)
    return str(row[0])


def quote(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'
