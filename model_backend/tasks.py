"""The task table and the vocabulary both halves share: task, family, engine, device and
quantization names (Literals), the result layers and their fields, and one ``TaskSpec`` per
task that the jobs, the dock, the streamed layers, the controller and the Processing provider
read. Standard library only and Python 3.9-safe (the plugin imports it inside QGIS's own
Python); ``protocol`` re-exports every name, so callers say ``protocol.TASK_SPECS``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Literal, Tuple, get_args

DEFAULT_MODEL = "Qwen/Qwen2.5-VL-3B-Instruct"
# What ``ask`` asks when the job gives no question.
DEFAULT_QUESTION = "Describe this area."
# find: the image-text encoder (CLIP family, transformers format; exported to ONNX on first use)
DEFAULT_ENCODER = "openai/clip-vit-base-patch32"
# auto: fp16 on CUDA, fp32 on CPU; int8: dynamic int8 quantisation (CPU)
EncoderPrecision = Literal["auto", "fp32", "fp16", "int8"]
TaskName = Literal["ask", "detect", "caption", "count", "ground", "find", "change"]
# How the change task tells change from no change (model_backend/change).
ChangeMethod = Literal["diff", "onnx", "vlm"]
EngineName = Literal["transformers", "openai"]
FamilyName = Literal["qwen2_5_vl", "qwen3_vl", "florence2", "geochat"]
DeviceName = Literal["auto", "cuda", "cpu"]
# nf4 / int8 quantize the language model and keep the vision tower, projector and lm_head in
# the compute dtype; nf4-all quantizes every Linear but the output head (smallest GPUs, lower quality).
QuantizationName = Literal["nf4", "int8", "nf4-all", "none"]
# The model families the backend knows (model_backend/families; a test keeps the two equal).
ENGINES: Tuple[str, ...] = get_args(EngineName)
FAMILIES: Tuple[str, ...] = get_args(FamilyName)
# Written beside a tiny random model (tests, offline demo): both halves recognise one by it.
TINY_MARKER = "georsmllm_tiny.json"
DEVICES: Tuple[str, ...] = get_args(DeviceName)
QUANTIZATIONS: Tuple[str, ...] = get_args(QuantizationName)
CHANGE_METHODS: Tuple[str, ...] = get_args(ChangeMethod)

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
    "before_source": "before_src",
    "after_source": "after_src",
    "change_score": "chg_score",
}


# The attributes of each result layer, by the ``layer`` key of ``features`` notifications:
# {name: "str" | "int" | "float"}, in the order the backend writes them. Defined once here:
# the jobs write these (jobs/detect.py DETECTION_FIELDS, jobs/count.py EVIDENCE_FIELDS,
# jobs/caption.py AREA_FIELDS are these dicts), and the plugin creates a tiled job's layer with
# them before its first feature arrives.
_DETECTION_FIELDS: Dict[str, str] = {
    "label": "str",
    "score": "float",
    "task": "str",
    "prompt": "str",
    "model": "str",
    "source": "str",
    "tile_id": "int",
    "created": "str",
}
LAYER_FIELDS: Dict[str, Dict[str, str]] = {
    "detections": dict(_DETECTION_FIELDS),
    "grounding": dict(_DETECTION_FIELDS),
    "evidence": {**_DETECTION_FIELDS, "count_id": "int"},
    "captions": {
        "answer": "str",
        "question": "str",
        "model": "str",
        "quantization": "str",
        "device": "str",
        "source": "str",
        "created": "str",
        "elapsed_s": "float",
        "kind": "str",
        "tile_id": "int",
        "count": "int",
        "count_id": "int",
    },
    # find: one tile per feature, best first; confirmed: the VLM's "yes"/"no"/"unclear" (--confirm)
    "find": {
        "rank": "int",
        "score": "float",
        "source": "str",
        "tile_id": "int",
        "query": "str",
        "confirmed": "str",
        "answer": "str",
        "boxes": "int",
        "encoder": "str",
        "created": "str",
    },
    # change: polygons in the CRS of the before raster; area_m2 is true ground area
    "changes": {
        "area_m2": "float",
        "change_score": "float",
        "description": "str",
        "before_source": "str",
        "after_source": "str",
        "method": "str",
        "model": "str",
        "created": "str",
        "first_seen": "str",
        "last_seen": "str",
    },
}


TextRole = Literal["question", "expression", "instruction"]


@dataclass(frozen=True)
class LayerSpec:
    """A result layer a task writes: ``key`` is the ``layer`` of its ``features``
    notifications (and of ``LAYER_FIELDS``), ``title`` its name in the QGIS project."""

    key: str
    title: str


@dataclass(frozen=True)
class TaskSpec:
    """Everything the jobs, the dock, the streamed layers and the controller need to know of a
    task. The job itself is ``model_backend.jobs.<name>.run(job, ctx)``.

    ``text_role``: what the dock's text box holds (the job's ``question`` field either way);
    ``labels``: the task takes object names; ``needs``: what the user must give ("text",
    "labels or text", or "" for nothing) and ``missing`` says so when it is not given;
    ``model_tasks``: the family model tasks it runs (count runs the detection loop too);
    ``layers``: what it writes, main layer first; ``tiled``: it works tile by tile, with
    progress in tiles; ``streamed``: its features arrive as notifications while it runs (else
    the one feature comes in the reply)."""

    name: TaskName
    title: str
    text_label: str
    placeholder: str
    model_tasks: Tuple[str, ...]
    layers: Tuple[LayerSpec, ...]
    text_role: TextRole = "question"
    text_default: str = ""
    labels: bool = False
    needs: Literal["text", "labels or text", ""] = ""
    missing: str = ""
    tiled: bool = True
    streamed: bool = True

    @property
    def main_layer(self) -> LayerSpec:
        return self.layers[0]

    def layer_title(self, key: str) -> str:
        return next((layer.title for layer in self.layers if layer.key == key), key.replace("_", " ").capitalize())


_EXPRESSION_EXAMPLE = "the large white building next to the pool"
# The task table, in the dock's menu order. Adding a task: an entry here, a job module
# model_backend/jobs/<name>.py with ``run``, and its dock inputs (docs/ARCHITECTURE.md).
TASK_SPECS: Dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec(
            "ask",
            "Ask a question",
            "Question",
            "What is in this area?",
            ("ask",),
            (LayerSpec("captions", "Captions"),),
            text_default=DEFAULT_QUESTION,
            needs="text",
            missing="Type a question first.",
            tiled=False,
            streamed=False,
        ),
        TaskSpec(
            "caption",
            "Describe the area (tile by tile)",
            "Instruction (optional)",
            DEFAULT_QUESTION,
            ("caption",),
            (LayerSpec("captions", "Area description"),),
            text_role="instruction",
        ),
        TaskSpec(
            "detect",
            "Detect objects",
            "…or a referring expression",
            _EXPRESSION_EXAMPLE,
            ("detect",),
            (LayerSpec("detections", "Detections"),),
            text_role="expression",
            labels=True,
            needs="labels or text",
            missing='Type the objects to detect (e.g. "ship, storage tank") or a referring expression.',
        ),
        TaskSpec(
            "count",
            "Count objects",
            "Question",
            "How many ships?",
            ("count", "detect"),
            (LayerSpec("evidence", "Count evidence"), LayerSpec("captions", "Count answer")),
            labels=True,
            needs="labels or text",
            missing='Type what to count (e.g. "ship") or a question such as "How many ships?".',
        ),
        TaskSpec(
            "ground",
            "Find one object",
            "Referring expression",
            _EXPRESSION_EXAMPLE,
            ("ground",),
            (LayerSpec("grounding", "Grounding"),),
            text_role="expression",
            needs="text",
            missing='Describe the object to find (e.g. "the large white building next to the pool").',
        ),
        # find: an image-text encoder ranks tiles (no VLM); the VLM only with ``confirm``
        TaskSpec(
            "find",
            "Find",
            "What to look for",
            "solar farm",
            (),
            (LayerSpec("find", "Find"), LayerSpec("detections", "Find boxes")),
            text_role="expression",
            missing='Type what to look for (e.g. "solar farm"), or draw a query rectangle.',
        ),
        # change: diff and onnx need no VLM; describing polygons (and method vlm) asks the model
        # (model task "ask"), which the job checks itself (model_backend/jobs/change.py)
        TaskSpec(
            "change",
            "Change between two dates",
            "Question (optional)",
            "new buildings?",
            (),
            (LayerSpec("changes", "Changes"),),
        ),
    )
}
TASKS: Tuple[str, ...] = get_args(TaskName)


def task_spec(task: Any) -> TaskSpec:
    """The spec of ``task`` (a name, or a job dict/JobSpec carrying one; default "ask");
    ValueError for an unknown task."""
    name = (task.get("task") or "ask") if isinstance(task, dict) else getattr(task, "task", task)
    try:
        return TASK_SPECS[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown task {name!r}; available: {', '.join(TASKS)}") from None


def shapefile_field_name(name: str) -> str:
    """The Shapefile name for field ``name``: ``SHAPEFILE_FIELDS`` or its first 10 characters."""
    return SHAPEFILE_FIELDS.get(name, name[:10])
