"""Stream features to GeoPackage, Shapefile, GeoJSON or FlatGeobuf, one batch at a time, into a
temporary file beside the target, delivered in one step when the run has something to deliver.

Every ``write()`` goes to disk at once (pyogrio, ``append=True`` after the first batch), into the
temporary file (``writers/staging.py``), so a crash loses at most the batch being written and
never touches the target. Decisions, documented once:

* Geometry type "Polygon" layers are declared **MultiPolygon** and every polygon is promoted,
  because merged detections (unions across tile edges) can be multi-part and some formats
  (Shapefile, GPKG) reject mixing the two in one layer. Other types are written as declared.
* Shapefile field names are cut to 10 characters through ``SHAPEFILE_FIELDS`` (explicit names) or,
  for names not listed, by keeping the first 10 characters; ``shapefile_field_name`` is the
  one mapping, and clashes raise BadInput. Shapefile text holds 254 bytes: longer values are cut
  (at a character boundary) with one short warning per file.
* ``None`` stays null in every field type (ints through a field mask, floats as NaN -> null).
* ``commit(status)`` delivers. Shapefile, GeoJSON and FlatGeobuf hold one layer: a complete run
  replaces the target, a partial one (cancelled, failed) goes beside it as ``x.partial.<ext>``,
  and a name we derived (``derived``) never replaces a file that is there. ``append`` adds to
  the existing file instead (a copy of it is the start of the temporary file). A GeoPackage
  keeps its other layers and records each run (``writers/gpkg.py``). ``discard()`` leaves the
  target as it was. Bad paths are refused by ``writers/checks.py`` before any of this.
* FlatGeobuf re-sorts features by its spatial index, so read order is not write order.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Optional

import numpy as np
import pyproj
import shapely
from pyogrio import raw
from shapely.geometry.base import BaseGeometry

from model_backend.errors import BadInput
from model_backend.protocol import SHAPEFILE_FIELDS, shapefile_field_name  # noqa: F401 (shared with the plugin)

from . import gpkg, staging
from .checks import DRIVERS, check_output, driver_for, out_names  # noqa: F401 (DRIVERS, driver_for: API)
from .gpkg import RunRecord
from .staging import RunStatus

log = logging.getLogger(__name__)
DBF_TEXT_BYTES = 254  # the longest text a Shapefile (dBASE) field holds
FIELD_DTYPES = {"str": object, "float": np.float64, "int": np.int64}
_OGR_TYPES = {"str": "OFTString", "float": "OFTReal", "int": "OFTInteger64"}

_MULTI = {"Polygon": "MultiPolygon", "LineString": "MultiLineString"}


class DeliveryError(BadInput):
    """The result could not take its place; the message says where it is instead."""


@dataclass(frozen=True)
class Delivery:
    """Where a run's features went: ``path`` and ``layer`` (None when nothing was delivered)."""

    path: Optional[str]
    layer: Optional[str]
    status: RunStatus
    features: int


class VectorWriter:
    """Append batches of geometries + attribute rows to one layer of a vector file, staged in a
    temporary file beside it until ``commit``.

    ``fields`` maps attribute name -> "str" | "float" | "int" (written in this order). Geometries are
    in the CRS given by ``crs_wkt``. ``append``: add to the existing layer (file) instead of a new
    layer (replacing the file); ``derived``: ``path`` is a name we made up, never to replace a file
    that exists; ``warn`` tells the user (once per matter); ``run`` is recorded in a GeoPackage.
    As a context manager: committed on a normal exit, discarded on an exception. ``count`` =
    features this writer wrote.
    """

    def __init__(
        self,
        path: str,
        layer: str,
        crs_wkt: str,
        fields: dict[str, str],
        geometry_type: str = "Polygon",
        append: bool = False,
        derived: bool = False,
        warn: Optional[Callable[[str], None]] = None,
        run: Optional[RunRecord] = None,
    ) -> None:
        self.path = os.fspath(path)
        self.driver = driver_for(self.path)
        for name, kind in fields.items():
            if kind not in FIELD_DTYPES:
                raise BadInput(f"Field {name!r} has unknown type {kind!r}; use str, float or int")
        self.fields = dict(fields)
        self.crs_wkt = pyproj.CRS.from_user_input(crs_wkt).to_wkt()
        self.geometry_type = _MULTI.get(geometry_type, geometry_type)
        self._promote = geometry_type in _MULTI
        self.out_names = out_names(self.driver, self.fields)
        self.layer = os.path.splitext(os.path.basename(self.path))[0] if self.driver == staging.SHAPEFILE else layer
        self.append, self.derived = append, derived
        self.warn = warn or log.warning
        self.run = run or RunRecord(run_id=os.urandom(6).hex(), task="", started="")
        check_output(self.path, self.layer, self.fields, append)
        self.temp = staging.temp_path(self.path)
        # A Shapefile's layer is its file name: in the temporary file, the temporary name.
        self._temp_layer = (
            os.path.splitext(os.path.basename(self.temp))[0] if self.driver == staging.SHAPEFILE else self.layer
        )
        self.count = 0
        self.batches = 0
        self.closed = False
        self.delivery: Optional[Delivery] = None
        self._cut_warned = False
        self._started = False
        if append and self.driver != "GPKG" and os.path.exists(self.path):
            for src, dst in zip(staging.parts(self.path, self.driver), staging.parts(self.temp, self.driver)):
                if os.path.exists(src):
                    shutil.copyfile(src, dst)
            self._started = True

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
                arr = np.array([None if v is None else self._text(name, str(v)) for v in values], dtype=object)
            elif kind == "float":
                arr = np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
            else:
                arr = np.array([0 if v is None else int(v) for v in values], dtype=np.int64)
            columns.append(arr)
            masks.append(missing if kind == "int" and missing.any() else None)
        raw.write(
            self.temp,
            shapely.to_wkb(geoms) if len(geoms) else np.array([], dtype=object),
            columns,
            self.out_names,
            field_mask=masks if any(m is not None for m in masks) else None,
            layer=self._temp_layer,
            driver=self.driver,
            crs=self.crs_wkt,
            geometry_type=self.geometry_type,
            append=self._started,
            promote_to_multi=self._promote,
            # GeoPackage 1.2: QGIS 3.22's GDAL 3.6 warns on the 1.4 files newer GDALs write.
            **({"dataset_options": {"VERSION": "1.2"}} if self.driver == "GPKG" and not self._started else {}),
        )
        self._started = True
        self.count += len(geoms)
        if len(geoms):
            self.batches += 1
            staging.fault_point(f"batch:{self.batches}")
        return len(geoms)

    def _text(self, name: str, value: str) -> str:
        """A Shapefile text value cut to what dBASE holds (whole characters), warned once."""
        if self.driver != staging.SHAPEFILE or len(value) <= DBF_TEXT_BYTES // 4:
            return value
        data = value.encode("utf-8")
        if len(data) <= DBF_TEXT_BYTES:
            return value
        if not self._cut_warned:
            self._cut_warned = True
            self.warn(
                f"Shapefile text holds {DBF_TEXT_BYTES} bytes: a {len(value)}-character {name!r} "
                f"was cut in {os.path.basename(self.path)} (GeoPackage keeps it whole)"
            )
        return data[:DBF_TEXT_BYTES].decode("utf-8", errors="ignore")

    def commit(self, status: RunStatus = "ok", message: str = "", ended: str = "") -> Delivery:
        """Deliver: a complete run to the target (a new layer in a GeoPackage, unless ``append``),
        a partial one beside it (one-layer formats) or marked in the GeoPackage's run table.
        On failure the temporary file is kept and the error says where it is."""
        if self.closed:
            if self.delivery is None:
                raise ValueError("VectorWriter was discarded")
            return self.delivery
        if not self._started:
            self.write([], [])
        self.closed = True
        staging.fault_point("deliver")
        try:
            if self.driver == "GPKG":
                kinds = list(self.fields.values())
                layer = gpkg.deliver(
                    gpkg.LayerDelivery(
                        self.temp,
                        self.path,
                        self.layer,
                        self.out_names,
                        kinds,
                        self.crs_wkt,
                        self.geometry_type,
                        self.append,
                        status,
                        self.run,
                        self.count,
                        ended,
                        message,
                        self.warn,
                    )
                )
                path = self.path
            elif status == "ok" and not (self.derived and not self.append):
                staging.replace(self.temp, self.path, self.driver)
                path, layer = self.path, self.layer
            else:
                wanted = self.path if status == "ok" else staging.partial_path(self.path)
                path = staging.place_new(self.temp, wanted, self.driver)
                layer = os.path.splitext(os.path.basename(path))[0] if self.driver == staging.SHAPEFILE else self.layer
        except Exception as exc:
            raise DeliveryError(
                f"Could not write the result to {self.path} ({type(exc).__name__}: {exc}); "
                f"this run's features are in {self.temp}"
            ) from exc
        self.delivery = Delivery(path, layer, status, self.count)
        return self.delivery

    def discard(self) -> None:
        """Nothing is delivered: the temporary file goes, the target stays as it was. Idempotent."""
        if self.closed:
            return
        self.closed = True
        staging.discard(self.temp, self.driver)

    def close(self) -> None:
        """Deliver a complete run (an empty layer when nothing was written). Idempotent."""
        if not self.closed:
            self.commit("ok")

    def __enter__(self) -> VectorWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()
