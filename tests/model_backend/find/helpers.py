"""Running a Find job in-process and reading what it wrote."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pyogrio
import shapely

from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec


def run_find(events: List[Tuple[str, dict]] = None, **fields: Any) -> Dict[str, Any]:
    events = [] if events is None else events
    job = JobSpec(task="find", **{"raster": "", "overlap": 0.0, **fields})
    return dict(run_job(job, JobContext("t", lambda m, p: events.append((m, p)), EngineCache())))


def read_layer(path: str, layer: str) -> Tuple[str, List[Any], List[Dict[str, Any]]]:
    info = pyogrio.read_info(path, layer=layer)
    _, _, wkb, columns = pyogrio.raw.read(path, layer=layer)
    rows = [dict(zip(info["fields"], values)) for values in zip(*columns)] if len(columns) else []
    return info["crs"], list(shapely.from_wkb(wkb)) if len(wkb) else [], rows
