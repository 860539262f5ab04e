"""When each raster of a change series was taken: from its metadata, else from the order given.

GeoTIFF writers put the acquisition time in ``TIFFTAG_DATETIME`` ("YYYY:MM:DD HH:MM:SS", the
TIFF standard form), imagery drivers in ``ACQUISITIONDATE`` / ``ACQUISITIONDATETIME`` (default or
IMAGERY domain, ISO 8601). When every raster of a series has a date the series is put in date
order and labelled with the dates; otherwise the order given is kept and each raster is labelled
with its file name, so first_seen / last_seen always name something the analyst can find.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from typing import List, Optional, Sequence

import rasterio

DATE_TAGS = ("ACQUISITIONDATE", "ACQUISITIONDATETIME", "ACQUISITION_DATE", "DATE_ACQUIRED", "TIFFTAG_DATETIME")
_DATE = re.compile(r"(\d{4})[-:/]?(\d{2})[-:/]?(\d{2})")


@dataclass(frozen=True)
class Dated:
    """One raster of the series and its label (an ISO date, or the file name)."""

    path: str
    label: str
    when: Optional[date]


def parse_date(text: str) -> Optional[date]:
    """The calendar date at the start of a metadata value ("2015:09:26 10:00:00", "2015-09-26T..",
    "20150926"); None when there is none."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def acquisition_date(path: str) -> Optional[date]:
    """The acquisition date in the raster's metadata (see ``DATE_TAGS``), or None."""
    with rasterio.open(path) as ds:
        domains = [ds.tags()] + [ds.tags(ns=ns) for ns in ("IMAGERY",) if ns in (ds.tag_namespaces() or [])]
    for tags in domains:
        for key in DATE_TAGS:
            value = tags.get(key)
            when = parse_date(value) if value else None
            if when is not None:
                return when
    return None


def date_series(paths: Sequence[str], sort: bool = True) -> List[Dated]:
    """The rasters with their labels, in date order when every one has a date in its metadata
    (``sort``; a stable sort, so equal dates keep the order given), else in the order given."""
    whens = [acquisition_date(p) for p in paths]
    if all(w is not None for w in whens):
        items = [Dated(p, w.isoformat(), w) for p, w in zip(paths, whens) if w is not None]
        return sorted(items, key=lambda d: d.when or date.min) if sort else items
    return [Dated(p, os.path.basename(p), None) for p in paths]
