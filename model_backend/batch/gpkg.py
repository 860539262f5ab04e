"""The GeoPackage details the run writer needs, kept in one place.

Layers are CREATED by GDAL (pyogrio: the GeoPackage tables, the SRS, the spatial index and
its triggers, exactly as every GeoPackage GDAL writes), then FILLED through the standard
library's sqlite3, because only one SQLite connection can put a tile's features and its
progress row in the same transaction. Two things GDAL does for its own connections are done
here for ours: geometries are GeoPackage binary blobs (``gpkg_blob``: header + envelope + WKB),
and the spatial-index triggers call ``ST_IsEmpty``/``ST_MinX``... (``register_functions``).
"""

from __future__ import annotations

import os
import sqlite3
import struct
from typing import Dict, Optional

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
    made by GDAL (the file too when missing; GeoPackage 1.2, which QGIS 3.22 reads quietly)."""
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
        **({} if exists else {"dataset_options": {"VERSION": "1.2"}}),
    )


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
