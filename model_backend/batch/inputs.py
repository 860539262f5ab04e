"""Which rasters a batch runs over: folders, globs, list files and QGIS projects, without QGIS.

Each ``--inputs`` item is, by what it is: an existing folder (its raster files, recursively), a
``.txt`` file (one path per line, relative to the list file; blank lines and ``#`` comments
skipped), a QGIS project ``.qgs``/``.qgz`` (its raster layers whose source is a file, paths
relative to the project resolved as QGIS does), an existing file (taken as a raster), or else a
glob pattern (``**`` recursive). The result is absolute paths in input order, each once.
"""

from __future__ import annotations

import glob
import os
import zipfile
from typing import Iterable, List
from xml.etree import ElementTree  # nosec B405 - parses the user's own project file, see project_rasters

from ..errors import BadInput

RASTER_EXTENSIONS = (
    ".tif",
    ".tiff",
    ".vrt",
    ".jp2",
    ".img",
    ".ecw",
    ".sid",
    ".nc",
    ".hdf",
    ".dem",
    ".asc",
    ".bil",
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
)


def is_raster_name(path: str) -> bool:
    return path.lower().endswith(RASTER_EXTENSIONS)


def folder_rasters(folder: str) -> List[str]:
    """Raster files under ``folder`` (recursive), sorted, GDAL side-car files (.aux.xml, .ovr) left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found += [os.path.join(root, f) for f in sorted(files) if is_raster_name(f)]
    return found


def list_file_rasters(path: str) -> List[str]:
    """Paths in a text file, one per line; relative ones are relative to the file's folder."""
    base = os.path.dirname(os.path.abspath(path))
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f]
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"Cannot read the list of rasters {path}: {exc}") from exc
    return [
        os.path.normpath(os.path.join(base, os.path.expanduser(line)))
        for line in lines
        if line and not line.startswith("#")
    ]


def _project_xml(path: str) -> bytes:
    if path.lower().endswith(".qgz"):
        try:
            with zipfile.ZipFile(path) as z:
                name = next((n for n in z.namelist() if n.lower().endswith(".qgs")), None)
                if name is None:
                    raise BadInput(f"{path} holds no .qgs project")
                return z.read(name)
        except zipfile.BadZipFile as exc:
            raise BadInput(f"{path} is not a QGIS .qgz project: {exc}") from exc
    with open(path, "rb") as f:
        return f.read()


def project_rasters(path: str) -> List[str]:
    """File rasters of a QGIS project: ``maplayer`` elements of type raster with the gdal provider.

    The XML is the user's own project, read as they would open it in QGIS: the standard
    library parser (no external entities are resolved by it) is enough for that trust level."""
    try:
        root = ElementTree.fromstring(_project_xml(path))  # noqa: S314  # nosec B314 - the user's own project
    except (OSError, ElementTree.ParseError) as exc:
        raise BadInput(f"Cannot read the QGIS project {path}: {exc}") from exc
    base = os.path.dirname(os.path.abspath(path))
    out = []
    for layer in root.iter("maplayer"):
        provider = (layer.findtext("provider") or "").strip()
        if layer.get("type") != "raster" or provider not in ("gdal", ""):
            continue
        source = (layer.findtext("datasource") or "").strip().split("|")[0]
        if not source or source.startswith(("/vsi", "http:", "https:")):
            continue  # a virtual file or a service: not a file the worker can open by its path
        full = os.path.normpath(source if os.path.isabs(source) else os.path.join(base, source))
        if os.path.isfile(full):  # a database table or GDAL connection string is not
            out.append(full)
    return out


def expand_one(item: str) -> List[str]:
    path = os.path.expanduser(item)
    if os.path.isdir(path):
        return folder_rasters(path)
    lower = path.lower()
    if os.path.isfile(path) and lower.endswith(".txt"):
        return list_file_rasters(path)
    if os.path.isfile(path) and lower.endswith((".qgs", ".qgz")):
        return project_rasters(path)
    if os.path.isfile(path):
        return [path]
    if glob.has_magic(path):  # matched folders give their rasters, matched files are taken as rasters
        return [
            r for p in sorted(glob.glob(path, recursive=True)) for r in (folder_rasters(p) if os.path.isdir(p) else [p])
        ]
    raise BadInput(f"Input {item!r} is neither a file, a folder nor a pattern that matches")


def expand_inputs(items: Iterable[str]) -> List[str]:
    """Absolute raster paths of all ``items``, in order, each once; BadInput when none."""
    seen, out = set(), []
    items = list(items)
    for item in items:
        for p in expand_one(item):
            full = os.path.abspath(p)
            if full not in seen:
                seen.add(full)
                out.append(full)
    if not out:
        raise BadInput(f"No raster found in {', '.join(items) or 'the inputs'}")
    return out
