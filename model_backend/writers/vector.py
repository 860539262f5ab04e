"""Stream features to GeoPackage, Shapefile, GeoJSON or FlatGeobuf, one batch at a time.

Every ``write()`` goes to disk at once (pyogrio, ``append=True`` after the first batch), so a
crash loses at most the batch being written. Decisions, documented once:

* Geometry type "Polygon" layers are declared **MultiPolygon** and every polygon is promoted,
  because merged detections (unions across tile edges) can be multi-part and some formats
  (Shapefile, GPKG) reject mixing the two in one layer. Other types are written as declared.
* Shapefile field names are cut to 10 characters through ``SHAPEFILE_FIELDS`` (explicit names) or,
  for names not listed, by keeping the first 10 characters; ``shapefile_field_name`` is the
  one mapping, and clashes raise BadInput.
* ``None`` stays null in every field type (ints through a field mask, floats as NaN -> null).
* Shapefile, GeoJSON and FlatGeobuf hold one layer: an existing file is replaced. A GeoPackage
  keeps its other layers; a layer of the same name is appended to when its fields match.
* FlatGeobuf re-sorts features by its spatial index, so read order is not write order.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType

import numpy as np
import pyogrio
import pyproj
import shapely
from pyogrio import raw
from shapely.geometry.base import BaseGeometry

from model_backend.errors import BadInput
from model_backend.protocol import SHAPEFILE_FIELDS, shapefile_field_name  # noqa: F401 (shared with the plugin)

DRIVERS = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".fgb": "FlatGeobuf"}
FIELD_DTYPES = {"str": object, "float": np.float64, "int": np.int64}
_OGR_TYPES = {"str": "OFTString", "float": "OFTReal", "int": "OFTInteger64"}

_MULTI = {"Polygon": "MultiPolygon", "LineString": "MultiLineString"}


def driver_for(path: str) -> str:
    """OGR driver name from the file extension; BadInput for an unknown one."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in DRIVERS:
        raise BadInput(f"Unknown vector format {ext or '(none)'!r} for {path}; use one of {', '.join(DRIVERS)}")
    return DRIVERS[ext]


class VectorWriter:
    """Append batches of geometries + attribute rows to one layer of a vector file.

    ``fields`` maps attribute name -> "str" | "float" | "int" (written in this order). Geometries are
    in the CRS given by ``crs_wkt``. Use as a context manager; ``count`` = features written.
    """

    def __init__(self, path: str, layer: str, crs_wkt: str, fields: dict[str, str],
                 geometry_type: str = "Polygon") -> None:
        self.path = os.fspath(path)
        self.driver = driver_for(self.path)
        for name, kind in fields.items():
            if kind not in FIELD_DTYPES:
                raise BadInput(f"Field {name!r} has unknown type {kind!r}; use str, float or int")
        self.fields = dict(fields)
        self.crs_wkt = pyproj.CRS.from_user_input(crs_wkt).to_wkt()
        self.geometry_type = _MULTI.get(geometry_type, geometry_type)
        self._promote = geometry_type in _MULTI
        if self.driver == "ESRI Shapefile":
            self.layer = os.path.splitext(os.path.basename(self.path))[0]
            self.out_names = [shapefile_field_name(n) for n in self.fields]
            if len(set(n.lower() for n in self.out_names)) != len(self.out_names):
                raise BadInput(f"Shapefile field names clash after cutting to 10 characters: {self.out_names}")
        else:
            self.layer = layer
            self.out_names = list(self.fields)
        self.count = 0
        self.closed = False
        self._started = self._check_existing()

    def _check_existing(self) -> bool:
        """True when we append to an existing layer (same fields); False when we create it."""
        if not os.path.exists(self.path):
            return False
        if self.driver != "GPKG":
            _remove_dataset(self.path, self.driver)  # single-layer formats are overwritten
            return False
        if self.layer not in {str(n) for n in pyogrio.list_layers(self.path)[:, 0]}:
            return False
        info = pyogrio.read_info(self.path, layer=self.layer)
        have = [str(f) for f in info["fields"]]
        if have != self.out_names:
            raise BadInput(
                f"Layer {self.layer!r} in {self.path} has fields {have}, not {self.out_names}; "
                "choose another layer name or file"
            )
        self.count = int(info["features"])
        return True

    def write(self, geometries: Sequence[BaseGeometry], rows: Sequence[dict]) -> int:
        """Append one batch (one geometry per row dict; missing keys / None -> null). Returns its size."""
        if self.closed:
            raise ValueError("VectorWriter is closed")
        if len(geometries) != len(rows):
            raise ValueError(f"{len(geometries)} geometries but {len(rows)} attribute rows")
        if not len(geometries) and self._started:
            return 0
        geoms = np.asarray(list(geometries), dtype=object)
        columns, masks = [], []
        for name, kind in self.fields.items():
            values = [r.get(name) for r in rows]
            missing = np.array([v is None for v in values], dtype=bool)
            if kind == "str":
                arr = np.array([None if v is None else str(v) for v in values], dtype=object)
            elif kind == "float":
                arr = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
            else:
                arr = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
            columns.append(arr)
            masks.append(missing if kind == "int" and missing.any() else None)
        raw.write(
            self.path, shapely.to_wkb(geoms) if len(geoms) else np.array([], dtype=object),
            columns, self.out_names, field_mask=masks if any(m is not None for m in masks) else None,
            layer=self.layer, driver=self.driver, crs=self.crs_wkt, geometry_type=self.geometry_type,
            append=self._started, promote_to_multi=self._promote,
            # GeoPackage 1.2: QGIS 3.22's GDAL 3.6 warns on the 1.4 files newer GDALs write.
            **({"dataset_options": {"VERSION": "1.2"}} if self.driver == "GPKG" and not self._started
               and not os.path.exists(self.path) else {}),
        )
        self._started = True
        self.count += len(geoms)
        return len(geoms)

    def close(self) -> None:
        """Make sure the layer exists (an empty one when nothing was written). Idempotent."""
        if self.closed:
            return
        if not self._started:
            self.write([], [])
        self.closed = True

    def __enter__(self) -> VectorWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _remove_dataset(path: str, driver: str) -> None:
    """Delete a single-layer output (all Shapefile sidecars too) before writing it anew."""
    paths = [path]
    if driver == "ESRI Shapefile":
        stem = os.path.splitext(path)[0]
        paths += [stem + ext for ext in (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")]
    for p in paths:
        if os.path.exists(p):
            os.remove(p)
