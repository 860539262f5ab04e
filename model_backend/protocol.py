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
  model_cost {model, family?, quantization?, device?}  -> {"parts": {part: {"params", "storage",
             "bytes"}}, "total_bytes", "device", ...}   (estimated from config.json, no load;
             parts: vision, projector, language, lm_head; see model_backend/engines/model_cost.py)
  run        {JobSpec fields}                          -> JobResult dict (see ``JobSpec``/jobs)
  cancel     {"job": id?}                              -> {"cancelled": bool}
  shutdown                                             -> {"ok": true}, then the worker exits
Notifications (worker -> client, no ``id``), ``params["job"]`` is the id of the run request:
  progress {job, done, total, stage, message}
  log      {job?, level, message}
  features {job, layer, crs_wkt, features: [{"wkt", "properties"}]}   (streamed results;
           ``layer`` names the output layer: "detections" (detect), "captions" (caption tiles
           + summary, count answer; ask returns its one feature in the reply), "evidence"
           (count boxes), "grounding" (ground),
           "find" (find's ranked tiles; its confirmed boxes go to "detections"),
           "changes" (change polygons))
  heartbeat {job, elapsed_s}                                  (while a job runs)
Errors use ``error = {"code", "message", "data"?}`` with the codes below.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union, get_args, get_origin, get_type_hints

from .tasks import (  # noqa: F401 - re-exported: the protocol's vocabulary and task table
    CHANGE_METHODS,
    DEFAULT_ENCODER,
    DEFAULT_MODEL,
    DEFAULT_QUESTION,
    DEVICES,
    ENGINES,
    FAMILIES,
    LAYER_FIELDS,
    QUANTIZATIONS,
    SHAPEFILE_FIELDS,
    TASK_SPECS,
    TASKS,
    TINY_MARKER,
    ChangeMethod,
    DeviceName,
    EncoderPrecision,
    EngineName,
    FamilyName,
    LayerSpec,
    QuantizationName,
    TaskName,
    TaskSpec,
    TextRole,
    shapefile_field_name,
    task_spec,
)

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


@dataclass
class JobSpec:
    """One question about one raster. Coordinates of ``aoi`` are in ``aoi_crs`` (x/y order:
    minx, miny, maxx, maxy); ``aoi_crs`` None means the raster's own CRS; ``aoi`` None means
    the whole raster."""

    raster: str
    task: TaskName = "ask"
    # ask: the question (None: DEFAULT_QUESTION); detect/ground: a referring expression;
    # caption: the caption instruction; count: the question the labels may be read from.
    question: Optional[str] = None
    aoi: Optional[List[float]] = None
    aoi_crs: Optional[str] = None
    # A polygon AOI (WKT in ``aoi_crs``), e.g. drawn or a selected feature: wins over ``aoi``;
    # tiles outside it are not read and results are clipped to it, not to its bounding box.
    aoi_wkt: Optional[str] = None
    labels: List[str] = field(default_factory=list)
    model: str = DEFAULT_MODEL
    family: Optional[FamilyName] = None
    device: DeviceName = "auto"
    quantization: QuantizationName = "nf4"
    max_new_tokens: int = 256
    tile_size: Optional[int] = None
    overlap: float = 0.15
    gsd: Optional[float] = None
    bands: Optional[List[int]] = None
    out: Optional[str] = None
    # Earlier (question, answer) turns of this AOI's conversation (task ask).
    history: List[List[str]] = field(default_factory=list)
    # Engine: "transformers" (local model) or "openai" (any OpenAI-compatible HTTP server).
    engine: EngineName = "transformers"
    base_url: Optional[str] = None
    api_key_env: Optional[str] = None
    batch_size: int = 1
    concurrency: int = 4
    timeout_s: float = 120.0
    # ``out`` already holds this layer (file): add to it. False: a GeoPackage gets a new layer
    # (``detections_2``), a one-layer file is replaced by a complete run (writers/vector.py).
    append: bool = False
    # find: more rasters beside ``raster``, and/or every file raster of a .qgs/.qgz project;
    # how many best tiles to keep (and confirm); the ONNX image-text encoder (an exported folder,
    # or a CLIP/SigLIP hub id or folder, exported once into the user cache) and its precision;
    # an image query ("more like this": a rectangle of ``raster`` in ``query_box_crs``) instead
    # of the text; where heat maps go (None: beside ``out``, else the user cache).
    rasters: List[str] = field(default_factory=list)
    project: Optional[str] = None
    top: int = 20
    confirm: bool = False
    encoder: str = DEFAULT_ENCODER
    encoder_precision: EncoderPrecision = "auto"
    query_box: Optional[List[float]] = None
    query_box_crs: Optional[str] = None
    heatmap_dir: Optional[str] = None
    # change: ``raster`` is the before date, ``after`` the after date; ``dates`` (2 or more
    # rasters) gives a series instead (first_seen / last_seen); ``min_area`` in m2 (None: 9
    # pixels); ``describe``: how many of the largest polygons the VLM describes.
    after: Optional[str] = None
    dates: List[str] = field(default_factory=list)
    method: ChangeMethod = "diff"
    onnx_model: Optional[str] = None
    min_area: Optional[float] = None
    describe: int = 0

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """The job's text (question, expression or instruction), stripped; "" when none."""
        return (self.question or "").strip()

    @property
    def spec(self) -> TaskSpec:
        return task_spec(self.task)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> JobSpec:
        """Build from JSON params; unknown keys are an error so typos never pass silently."""
        if not isinstance(data, dict):
            raise ValueError("job parameters must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError("unknown job parameter(s): " + ", ".join(unknown))
        check_params(data)
        if not data.get("raster") and not (data.get("rasters") or data.get("project")):
            raise ValueError("job parameter 'raster' is required")
        return cls(**{"raster": "", **data})


def _expected(tp: Any) -> str:
    """A type annotation in words, for error messages."""
    origin, args = get_origin(tp), get_args(tp)
    if origin is Union:
        return " or ".join(_expected(a) for a in args)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin in (list, List):
        return f"a list of {_plural(args[0])}" if args else "a list"
    if origin in (dict, Dict):
        return "an object"
    return {int: "an integer", float: "a number", str: "a string", bool: "true or false", type(None): "null"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _plural(tp: Any) -> str:
    if get_origin(tp) in (list, List):
        return "lists of " + (_plural(get_args(tp)[0]) if get_args(tp) else "values")
    return {int: "integers", float: "numbers", str: "strings", bool: "booleans"}.get(tp, _expected(tp))


def _fits(value: Any, tp: Any) -> bool:
    """Whether a JSON value fits a JobSpec annotation (bool is no number; numbers are finite)."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return True
    if origin is Union:
        return any(_fits(value, a) for a in args)
    if origin is Literal:
        return any(value == a and type(value) is type(a) for a in args)
    if origin in (list, List):
        return isinstance(value, list) and (not args or all(_fits(v, args[0]) for v in value))
    if origin in (dict, Dict):
        return isinstance(value, dict) and (
            len(args) < 2 or all(isinstance(k, str) and _fits(v, args[1]) for k, v in value.items())
        )
    if tp is type(None):
        return value is None
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and value == value
            and abs(value) != float("inf")
        )  # NaN and infinities are no numbers
    if tp is str:
        return isinstance(value, str)
    return True  # an annotation this checker does not know: the job's own validation decides


def check_params(data: Dict[str, Any]) -> None:
    """ValueError (protocol INVALID_PARAMS) naming the first of ``data``'s JobSpec fields whose
    value does not fit the field's annotation: ``"labels": "ship,tank"`` is refused, not read
    as the labels s, h, i, p. Generic over the dataclass, so new fields are checked too; keys
    that are no JobSpec field are left to the caller."""
    hints = get_type_hints(JobSpec)
    for name, value in data.items():
        tp = hints.get(name)
        if tp is not None and not _fits(value, tp):
            shown = json.dumps(value, ensure_ascii=True, default=repr)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise ValueError(f"job parameter {name!r} must be {_expected(tp)}, not {type(value).__name__} {shown}")


class FeatureDict(TypedDict):
    """One feature as the protocol carries it: geometry as WKT in the job's CRS."""

    wkt: str
    properties: Dict[str, Any]


class JobResult(TypedDict, total=False):
    """The reply to ``run``. Every task sets the first group; the others are per task."""

    status: Literal["ok", "cancelled"]
    task: TaskName
    model: str
    family: str
    device: str
    quantization: str
    source: str
    crs_wkt: str
    crs_authid: Optional[str]
    aoi_wkt: str
    output: Optional[str]
    elapsed_s: float
    # tiled tasks
    tiles_total: int
    tiles_done: int
    tiles_skipped_nodata: int
    tiles_unparsed: int
    features: Any  # detect: how many were found; ask/ground: the [FeatureDict] in the reply
    warnings: Any  # ask: the parser's warnings; detect/count: how many
    # ask, caption, count, ground
    answer: str
    question: Optional[str]
    properties: Dict[str, Any]
    history: List[List[str]]
    image_size: List[int]
    # detect, count
    prompt: str
    labels: List[str]
    # caption
    tiles: int
    tiles_captioned: int
    captions: List[Dict[str, Any]]
    # count
    count: Optional[int]
    counts: Dict[str, int]
    count_id: int
    answer_output: Optional[str]
    # ground
    found: bool
    expression: str
    wkt: Optional[str]
    score: Optional[float]
    candidates: int
    # find
    query: str
    encoder: str
    provider: str
    tiles_encoded: int
    tiles_cached: int
    heatmaps: Dict[str, str]
    sources: List[Dict[str, Any]]
    boxes_output: Optional[str]
    verdicts: Optional[Dict[str, int]]  # with confirm: {"asked", "yes", "no", "unclear"}
    # change
    changes: int
    dates: List[str]
    method: str
    described: int
    area_m2_total: float
    area_m2_largest: Optional[float]
    description: Optional[str]


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


# Characters json leaves raw that Python's str.splitlines (and some editors and log viewers)
# take for line breaks: escaped, so one message is one line for every reader.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def encode(msg: Dict[str, Any]) -> str:
    """One message -> one line (json escapes \\n and \\r; the Unicode line breaks are escaped too)."""
    text = json.dumps(msg, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _LINE_BREAKS.items():
        if raw in text:
            text = text.replace(raw, escaped)
    return text + "\n"


def decode(line: str) -> Dict[str, Any]:
    """One line -> message dict; raises ValueError on anything that is not a JSON object."""
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("a message must be a JSON object")
    return obj


def is_notification(msg: Dict[str, Any]) -> bool:
    return "method" in msg and "id" not in msg
