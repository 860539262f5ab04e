"""The GeoPackage side of the write path: what an existing file is, the table of runs, and how
a run's layer is delivered into a file that may hold the user's other layers.

Decisions, documented once (README "What GeoRSMLLM promises"):

* A GeoPackage that does not exist yet is built beside its name and renamed into place: it
  appears whole or not at all, so a kill never leaves a 0-byte file plus ``-journal``. A 0-byte
  file (what older versions left when killed while creating one) holds nothing: it is replaced,
  with a warning.
* An existing GeoPackage keeps every other layer, and a run never silently adds to a layer that
  is there: its features go to a new layer (``detections_2``, ``_3``...) and the user is told;
  ``append`` adds them to the existing layer instead (same fields required, checked up front).
* Every delivery records the run in the ``georsmllm_runs`` attribute table: run id, task, layer,
  status (``ok``, ``cancelled``, ``failed``), features, started and ended (UTC), message. Into an
  existing file the row is written first with status ``writing``, then the features in one
  transaction, then the final status: a kill in between leaves a row that says so. The features
  of one run are read back from the temporary file into memory for that one transaction.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import sqlite3
from dataclasses import dataclass
from typing import Callable, Dict, List

import numpy as np
import pyogrio
from pyogrio import raw

from ..errors import BadInput
from .staging import RunStatus, fault_point

RUNS_TABLE = "georsmllm_runs"
RUN_FIELDS = ("run_id", "task", "layer", "status", "features", "started", "ended", "message")
SQLITE_HEADER = b"SQLite format 3\x00"
RASTER_TYPES = ("tiles", "2d-gridded-coverage")


@dataclass(frozen=True)
class RunRecord:
    """Who writes: the run's id (one job's layers share it), its task and when it started."""

    run_id: str
    task: str
    started: str


def _read_only(path: str) -> sqlite3.Connection:
    return sqlite3.connect(pathlib.Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True)


def check_existing(path: str, layer: str, out_names: List[str], append: bool) -> None:
    """BadInput unless ``path`` (which exists) can take a vector layer: not a folder, a
    GeoPackage (or an empty file), writable, not raster tiles only; with ``append``, a layer
    ``layer`` there has the fields ``out_names``."""
    if os.path.getsize(path) == 0:
        return  # left by an interrupted run: replaced at delivery
    with open(path, "rb") as f:
        if f.read(16) != SQLITE_HEADER:
            raise BadInput(
                f"{path} exists and is not a GeoPackage (not an SQLite database): "
                "choose another --out, or move that file away"
            )
    if not os.access(path, os.W_OK):
        raise BadInput(f"{path} is read-only: make it writable or choose another --out")
    try:
        with contextlib.closing(_read_only(path)) as db:
            kinds = {str(r[0]) for r in db.execute("SELECT data_type FROM gpkg_contents")}
    except sqlite3.DatabaseError as exc:
        raise BadInput(
            f"{path} is an SQLite file but not a readable GeoPackage ({exc}): choose another --out"
        ) from None
    if kinds and kinds <= set(RASTER_TYPES):
        raise BadInput(
            f"{path} is a GeoPackage of raster tiles: results are vector layers, write them to another .gpkg"
        )
    if append:
        have = layer_fields(path).get(layer.lower())
        if have is not None and have != out_names:
            raise BadInput(
                f"Layer {layer!r} in {path} has fields {have}, not {out_names}: --append "
                "needs the same fields (without --append the run writes a new layer beside it)"
            )


def layer_fields(path: str) -> Dict[str, List[str]]:
    """{lower-case layer name: its field names} of the vector and attribute layers of ``path``."""
    out = {}
    for name in pyogrio.list_layers(path)[:, 0]:
        out[str(name).lower()] = [str(f) for f in pyogrio.read_info(path, layer=str(name))["fields"]]
    return out


def free_layer_name(path: str, layer: str) -> str:
    """``layer``, or ``layer_2``, ``layer_3``... whichever ``path`` does not hold (SQLite table
    names ignore case)."""
    taken = set(layer_fields(path))
    n, name = 1, layer
    while name.lower() in taken:
        n += 1
        name = f"{layer}_{n}"
    return name


def record_run(path: str, run: RunRecord, layer: str, status: str, features: int, ended: str, message: str) -> None:
    """Append the run's row to ``georsmllm_runs`` in ``path`` (the table is made when missing)."""
    values = {
        "run_id": run.run_id,
        "task": run.task,
        "layer": layer,
        "status": status,
        "features": features,
        "started": run.started,
        "ended": ended,
        "message": message,
    }
    columns = [np.array([values[k]], dtype=np.int64 if k == "features" else object) for k in RUN_FIELDS]
    have = {str(n).lower() for n in pyogrio.list_layers(path)[:, 0]} if os.path.getsize(path) else set()
    raw.write(
        path,
        None,
        columns,
        list(RUN_FIELDS),
        layer=RUNS_TABLE,
        driver="GPKG",
        geometry_type=None,
        append=RUNS_TABLE in have,
    )


def set_run_status(path: str, run_id: str, layer: str, status: str, ended: str, message: str) -> None:
    """The final status of a run whose row says ``writing`` (an attribute table: no spatial
    triggers, so plain SQLite can update it)."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "UPDATE georsmllm_runs SET status = ?, ended = ?, message = ? WHERE run_id = ? AND layer = ?",
            (status, ended, message, run_id, layer),
        )


def _typed_columns(values: List[np.ndarray], kinds: List[str]):
    """Columns read back by pyogrio (integers with nulls come as float NaN) in our types."""
    columns, masks = [], []
    for arr, kind in zip(values, kinds):
        mask = None
        if kind == "int":
            a = np.asarray(arr)
            if a.dtype.kind == "f":
                mask = np.isnan(a)
                a = np.where(mask, 0, a)
            arr = a.astype(np.int64)
            mask = mask if mask is not None and mask.any() else None
        elif kind == "float":
            arr = np.asarray(arr, dtype=np.float64)
        columns.append(arr)
        masks.append(mask)
    return columns, (masks if any(m is not None for m in masks) else None)


@dataclass(frozen=True)
class LayerDelivery:
    """One run's layer on its way from the temporary GeoPackage ``temp`` into ``target``."""

    temp: str
    target: str
    layer: str
    out_names: List[str]
    kinds: List[str]
    crs_wkt: str
    geometry_type: str
    append: bool
    status: RunStatus
    run: RunRecord
    features: int
    ended: str
    message: str
    warn: Callable[[str], None]


def deliver(d: LayerDelivery) -> str:
    """Put the layer ``d.layer`` of the GeoPackage ``d.temp`` into ``d.target``; returns the layer
    name it got there. ``d.temp`` is gone afterwards, except when this raises."""
    temp, target, layer = d.temp, d.target, d.layer
    if not os.path.exists(target) or os.path.getsize(target) == 0:
        record_run(temp, d.run, layer, d.status, d.features, d.ended, d.message)
        if os.path.exists(target):  # a 0-byte file: nothing to keep
            d.warn(f"{target} was an empty file (left by an interrupted run): replaced")
            for side in ("-journal", "-wal", "-shm"):
                if os.path.lexists(target + side):
                    os.remove(target + side)
            os.replace(temp, target)
            return layer
        try:
            os.link(temp, target)  # refuses to overwrite a file that appeared meanwhile
        except FileExistsError:
            return _merge(d)
        except OSError:  # no hard links on this file system
            if os.path.exists(target):
                raise
            os.rename(temp, target)
            return layer
        os.remove(temp)
        return layer
    return _merge(d)


def _merge(d: LayerDelivery) -> str:
    """Add the run's layer to an existing GeoPackage: runs row ``writing``, the features in one
    transaction, the final status."""
    temp, target, layer, run, ended, geometry_type = d.temp, d.target, d.layer, d.run, d.ended, d.geometry_type
    taken = layer_fields(target)
    final = layer if d.append and layer.lower() in taken else free_layer_name(target, layer)
    if final != layer:
        d.warn(
            f"{target} already has a layer '{layer}': this run's features are in '{final}' "
            f"(--append adds them to '{layer}' instead)"
        )
    record_run(target, run, final, "writing", d.features, "", "")
    try:
        _, _, geoms, values = raw.read(temp, layer=layer, columns=d.out_names)
        columns, masks = _typed_columns(list(values), d.kinds)
        if len(geoms) or final.lower() not in taken:
            raw.write(
                target,
                np.asarray(geoms, dtype=object),
                columns,
                d.out_names,
                field_mask=masks,
                layer=final,
                driver="GPKG",
                crs=d.crs_wkt,
                geometry_type=geometry_type,
                append=final.lower() in taken,
                promote_to_multi=geometry_type.startswith("Multi"),
            )
    except Exception as exc:
        with contextlib.suppress(Exception):
            set_run_status(target, run.run_id, final, "failed", ended, f"not written: {exc}")
        raise
    fault_point("merged")
    set_run_status(target, run.run_id, final, d.status, ended, d.message)
    os.remove(temp)
    return final
