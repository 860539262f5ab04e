"""The worker protocol: the only thing the QGIS half and the backend half share.

Standard library only and Python 3.9-safe, because the plugin imports it inside QGIS's own
Python. JSON-RPC 2.0, one JSON object per line, over the worker's stdin/stdout.

Requests (client -> worker), each with an ``id``:
  hello                      -> {"protocol", "pid", "versions": {...}, "cuda": bool, "devices": [...]}
  load_model {model, device, quantization, family?, engine?, base_url?, api_key_env?}
                                                      -> {"model", "family", "device", "quantization"}
  model_info {model, family?, engine?}                 -> {"model", "family", "tasks",
             "unavailable": {task: why}, "input_size", "coordinates"}   (never loads the model:
             the family comes from ``family``, the config.json of a local folder or of the
             Hugging Face cache, or hints in the name; BAD_INPUT when it cannot be told)
  families                                             -> {family: {"tasks", "unavailable"}}
  run        {JobSpec fields}                          -> JobResult dict (see ``JobSpec``/jobs)
  cancel     {"job": id?}                              -> {"cancelled": bool}
  shutdown                                             -> {"ok": true}, then the worker exits
Notifications (worker -> client, no ``id``), ``params["job"]`` is the id of the run request:
  progress {job, done, total, stage, message}
  log      {job?, level, message}
  features {job, layer, crs_wkt, features: [{"wkt", "properties"}]}   (streamed results;
           ``layer`` names the output layer: "detections" (detect), "captions" (caption tiles
           + summary, count answer; ask returns its one feature in the reply), "evidence" (count boxes), "grounding" (ground))
  heartbeat {job, elapsed_s}                                  (while a job runs)
Errors use ``error = {"code", "message", "data"?}`` with the codes below.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Dict, List, Optional

PROTOCOL_VERSION = 1
JSONRPC = "2.0"

# JSON-RPC standard codes
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603
# application codes
BAD_INPUT = -32001
CANCELLED = -32002
OUT_OF_MEMORY = -32003
BUSY = -32004
MODEL_UNAVAILABLE = -32005

DEFAULT_MODEL = "Qwen/Qwen2.5-VL-3B-Instruct"
DEFAULT_QUESTION = "Describe this area."
TASKS = ("ask", "detect", "caption", "count", "ground")
ENGINES = ("transformers", "openai")
# The model families the backend knows (model_backend/families; a test keeps the two equal).
FAMILIES = ("qwen2_5_vl", "qwen3_vl", "florence2", "geochat")
# Written beside a tiny random model (tests, offline demo): both halves recognise one by it.
TINY_MARKER = "georsmllm_tiny.json"
DEVICES = ("auto", "cuda", "cpu")
QUANTIZATIONS = ("nf4", "int8", "none")

# Shapefile (dBASE) field names hold 10 characters: our attributes' explicit short names, used
# by the CLI writers and the dock's "Save as" alike; any other name keeps its first 10.
SHAPEFILE_FIELDS: Dict[str, str] = {
    "quantization": "quantizat",
    "elapsed_s": "elapsed_s",
    "confidence": "confidence",
    "description": "descript",
    "model_revision": "model_rev",
    "prompt_text": "prompt_txt",
    "tile_count": "tile_count",
    "valid_fraction": "valid_frac",
    "created_at": "created_at",
}


# The attributes of each result layer, by the ``layer`` key of ``features`` notifications:
# {name: "str" | "int" | "float"}, in the order the backend writes them. Defined once here:
# the jobs write these (jobs/detect.py DETECTION_FIELDS, jobs/count.py EVIDENCE_FIELDS,
# jobs/caption.py AREA_FIELDS are these dicts), and the plugin creates a tiled job's layer with
# them before its first feature arrives.
_DETECTION_FIELDS: Dict[str, str] = {
    "label": "str", "score": "float", "task": "str", "prompt": "str", "model": "str",
    "source": "str", "tile_id": "int", "created": "str",
}
LAYER_FIELDS: Dict[str, Dict[str, str]] = {
    "detections": dict(_DETECTION_FIELDS),
    "grounding": dict(_DETECTION_FIELDS),
    "evidence": {**_DETECTION_FIELDS, "count_id": "int"},
    "captions": {"answer": "str", "question": "str", "model": "str", "quantization": "str",
                 "device": "str", "source": "str", "created": "str", "elapsed_s": "float",
                 "kind": "str", "tile_id": "int", "count": "int", "count_id": "int"},
}


def shapefile_field_name(name: str) -> str:
    """The Shapefile name for field ``name``: ``SHAPEFILE_FIELDS`` or its first 10 characters."""
    return SHAPEFILE_FIELDS.get(name, name[:10])


@dataclass
class JobSpec:
    """One question about one raster. Coordinates of ``aoi`` are in ``aoi_crs`` (x/y order:
    minx, miny, maxx, maxy); ``aoi_crs`` None means the raster's own CRS; ``aoi`` None means
    the whole raster."""

    raster: str
    task: str = "ask"
    question: str = DEFAULT_QUESTION
    aoi: Optional[List[float]] = None
    aoi_crs: Optional[str] = None
    labels: List[str] = field(default_factory=list)
    model: str = DEFAULT_MODEL
    family: Optional[str] = None
    device: str = "auto"
    quantization: str = "nf4"
    max_new_tokens: int = 256
    tile_size: Optional[int] = None
    overlap: float = 0.15
    gsd: Optional[float] = None
    bands: Optional[List[int]] = None
    out: Optional[str] = None
    # Earlier (question, answer) turns of this AOI's conversation (task ask).
    history: List[List[str]] = field(default_factory=list)
    # Engine: "transformers" (local model) or "openai" (any OpenAI-compatible HTTP server).
    engine: str = "transformers"
    base_url: Optional[str] = None
    api_key_env: Optional[str] = None
    batch_size: int = 1
    concurrency: int = 4
    timeout_s: float = 120.0

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "JobSpec":
        """Build from JSON params; unknown keys are an error so typos never pass silently."""
        if not isinstance(data, dict):
            raise ValueError("job parameters must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError("unknown job parameter(s): " + ", ".join(unknown))
        if not data.get("raster"):
            raise ValueError("job parameter 'raster' is required")
        return cls(**data)


def request(msg_id: int, method: str, params: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    msg: Dict[str, Any] = {"jsonrpc": JSONRPC, "id": msg_id, "method": method}
    if params is not None:
        msg["params"] = params
    return msg


def notification(method: str, params: Dict[str, Any]) -> Dict[str, Any]:
    return {"jsonrpc": JSONRPC, "method": method, "params": params}


def response(msg_id: Any, result: Any) -> Dict[str, Any]:
    return {"jsonrpc": JSONRPC, "id": msg_id, "result": result}


def error_response(msg_id: Any, code: int, message: str, data: Any = None) -> Dict[str, Any]:
    err: Dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        err["data"] = data
    return {"jsonrpc": JSONRPC, "id": msg_id, "error": err}


def encode(msg: Dict[str, Any]) -> str:
    """One message -> one line (no embedded newlines: json escapes them)."""
    return json.dumps(msg, ensure_ascii=False, separators=(",", ":")) + "\n"


def decode(line: str) -> Dict[str, Any]:
    """One line -> message dict; raises ValueError on anything that is not a JSON object."""
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("a message must be a JSON object")
    return obj


def is_notification(msg: Dict[str, Any]) -> bool:
    return "method" in msg and "id" not in msg
