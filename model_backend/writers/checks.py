"""Output paths checked before a job loads anything: a path that cannot take the result is the
user's to fix (BadInput: CLI exit 2, one line), and it is cheaper to say so in a second than after
the model has loaded and the tiles have been read.

What is checked: the format from the extension; the folder exists, is a folder and can be
written in (by creating and removing a probe file there: permissions, read-only mounts and
ACLs all answer truthfully that way); the path is not a folder; a file there is not read-only;
an existing ``.gpkg`` is a GeoPackage that can take a vector layer; with ``append``, the
existing layer (or one-layer file) can be read and has the same fields.
"""

from __future__ import annotations

import os
import tempfile
from typing import Dict, List

from ..errors import BadInput
from ..protocol import shapefile_field_name

DRIVERS = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".fgb": "FlatGeobuf"}
FORMAT_NAMES = {"GPKG": "GeoPackage", "ESRI Shapefile": "Shapefile", "GeoJSON": "GeoJSON", "FlatGeobuf": "FlatGeobuf"}


def driver_for(path: str) -> str:
    """OGR driver name from the file extension; BadInput for an unknown one."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in DRIVERS:
        raise BadInput(f"Unknown vector format {ext or '(none)'!r} for {path}; use one of {', '.join(DRIVERS)}")
    return DRIVERS[ext]


def out_names(driver: str, fields: Dict[str, str]) -> List[str]:
    """The field names as written: cut to 10 characters for a Shapefile (BadInput on a clash)."""
    if driver != "ESRI Shapefile":
        return list(fields)
    names = [shapefile_field_name(n) for n in fields]
    if len({n.lower() for n in names}) != len(names):
        raise BadInput(f"Shapefile field names clash after cutting to 10 characters: {names}")
    return names


def check_folder(path: str, what: str) -> None:
    """BadInput unless ``path`` could be created: its folder exists and takes new files, and
    ``path`` is not a folder or a read-only file."""
    if os.path.isdir(path):
        raise BadInput(f"The {what} {path} is a folder: give a file name inside it")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        up = folder
        while up and not os.path.exists(up) and os.path.dirname(up) != up:
            up = os.path.dirname(up)
        if os.path.exists(up) and not os.path.isdir(up):
            raise BadInput(f"The {what} {path} is not possible: {up} is a file, not a folder")
        raise BadInput(f"The folder of the {what} does not exist: {folder} (create it first)")
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".georsmllm-probe-")
    except OSError as exc:
        raise BadInput(f"Cannot write the {what} in {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    os.remove(probe)
    if os.path.isfile(path) and not os.access(path, os.W_OK):
        raise BadInput(f"The {what} {path} is read-only: make it writable or choose another name")


def check_output(path: str, layer: str, fields: Dict[str, str], append: bool = False) -> None:
    """All that can be known about writing ``fields`` to ``layer`` of ``path`` before the run."""
    driver = driver_for(path)
    names = out_names(driver, fields)
    check_folder(path, "output")
    if driver == "GPKG":
        if os.path.exists(path):
            from .gpkg import check_existing

            check_existing(path, layer, names, append)
        return
    if append and os.path.exists(path):
        import pyogrio

        try:
            have = [str(f) for f in pyogrio.read_info(path)["fields"]]
        except Exception as exc:  # pyogrio's DataSourceError and friends: not readable as that format
            raise BadInput(f"Cannot read {path} as {FORMAT_NAMES[driver]} to append to it: {exc}") from None
        if have != names:
            raise BadInput(
                f"{path} has fields {have}, not {names}: --append needs the same fields "
                "(without --append a complete run replaces the file)"
            )
