"""Where a run's features wait before they are delivered, and how they take their place.

A run writes to a temporary dataset beside its target (same folder, so a rename is atomic):
``x.incomplete-<token>.geojson`` (a Shapefile with all its sidecars). Nothing at the target
changes before the run has something to deliver; a run killed mid-way leaves only that file,
whose name says what it is. Delivery is one of:

* ``replace``: the complete result takes the target's name (``os.replace``, part by part for a
  Shapefile, the ``.shp`` last; stale spatial indexes of the old file are removed);
* ``place_new``: a name we derived (``x.partial.geojson``, count's ``x_answer.geojson``) is taken
  only if free, else ``-2``, ``-3``...: a hard link refuses to overwrite, so even a file that
  appears meanwhile is never clobbered.

``fault_point`` is the fault-injection point of the reliability tests (``GEORSMLLM_TEST_KILL_AT``):
it lets a test kill the process at an exact point of the write path instead of guessing with sleeps.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
from typing import List, Literal

RunStatus = Literal["ok", "cancelled", "failed"]
SHAPEFILE = "ESRI Shapefile"
# The files of one Shapefile, the .shp last: it is what readers open, so it moves in last.
SHAPEFILE_PARTS = (".shx", ".dbf", ".prj", ".cpg", ".shp")
# Spatial indexes of a Shapefile's geometry: stale once the .shp is replaced.
STALE_INDEXES = (".qix", ".sbn", ".sbx")
KILL_ENV = "GEORSMLLM_TEST_KILL_AT"


def parts(path: str, driver: str) -> List[str]:
    """The files a dataset at ``path`` is made of (a Shapefile's sidecars, .shp last)."""
    if driver != SHAPEFILE:
        return [path]
    stem = os.path.splitext(path)[0]
    return [stem + ext for ext in SHAPEFILE_PARTS]


def exists(path: str, driver: str) -> bool:
    return any(os.path.lexists(p) for p in parts(path, driver))


def temp_path(target: str) -> str:
    """A fresh name beside ``target`` that says the run is not complete."""
    stem, ext = os.path.splitext(target)
    return f"{stem}.incomplete-{secrets.token_hex(4)}{ext}"


def partial_path(target: str) -> str:
    """The name a partial result is delivered under: ``x.partial.geojson`` beside ``x.geojson``."""
    stem, ext = os.path.splitext(target)
    return f"{stem}.partial{ext}"


def numbered(path: str, n: int) -> str:
    """``x.geojson`` -> ``x-2.geojson`` (n = 2)."""
    stem, ext = os.path.splitext(path)
    return path if n < 2 else f"{stem}-{n}{ext}"


def replace(temp: str, target: str, driver: str) -> None:
    """Move the complete result at ``temp`` onto ``target`` (the user asked for that name)."""
    src, dst = parts(temp, driver), parts(target, driver)
    for s, d in zip(src, dst):
        if os.path.exists(s):
            os.replace(s, d)
        elif os.path.lexists(d):  # the old file had a part the new one has not (a .cpg)
            os.remove(d)
    if driver == SHAPEFILE:
        stem = os.path.splitext(target)[0]
        for ext in STALE_INDEXES:
            if os.path.exists(stem + ext):
                os.remove(stem + ext)


def place_new(temp: str, wanted: str, driver: str) -> str:
    """Move ``temp`` to ``wanted``, or ``wanted-2``... whichever is free; never overwrites."""
    for n in range(1, 10_000):
        dest = numbered(wanted, n)
        if not exists(dest, driver) and _link_all(temp, dest, driver):
            discard(temp, driver)
            return dest
    raise FileExistsError(f"no free name like {wanted}")


def _link_all(temp: str, dest: str, driver: str) -> bool:
    """Hard-link every part of ``temp`` to ``dest``'s name; False (nothing left) on a clash."""
    made: List[str] = []
    for s, d in zip(parts(temp, driver), parts(dest, driver)):
        if not os.path.exists(s):
            continue
        try:
            os.link(s, d)
        except FileExistsError:
            for p in made:
                os.remove(p)
            return False
        except OSError as exc:  # no hard links on this file system (FAT, some shares)
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS):
                raise
            if os.path.lexists(d):
                for p in made:
                    os.remove(p)
                return False
            os.rename(s, d)
        made.append(d)
    return True


def discard(temp: str, driver: str) -> None:
    """Remove a temporary dataset (and SQLite's side files of a GeoPackage)."""
    extra = [temp + "-journal", temp + "-wal", temp + "-shm"] if temp.lower().endswith(".gpkg") else []
    for p in parts(temp, driver) + extra:
        if os.path.lexists(p):
            os.remove(p)


def fault_point(point: str) -> None:
    """Reliability tests only: ``GEORSMLLM_TEST_KILL_AT=POINT[@SIGNAL]`` sends the process
    SIGNAL (default SIGKILL) when the write path reaches POINT (``batch:N``, ``deliver``,
    ``merged``). Unset, as for every user, it does nothing."""
    spec = os.environ.get(KILL_ENV)
    if not spec:
        return
    want, _, sig = spec.partition("@")
    if want == point:
        os.kill(os.getpid(), int(sig) if sig else signal.SIGKILL)
