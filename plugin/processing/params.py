"""The algorithms' parameters: the same names in every algorithm where they apply, chosen by the
task's spec (``protocol.TaskSpec``), plus a small per-task hook (``EXTRAS``) for a task that
needs more (change: the after raster). And the way back: parameter values -> job fields.

Defaults come from the plugin's settings (the model, device... chosen in the dock), so the
dialog starts where the dock is; ``BASE_URL`` set means the OpenAI-compatible server engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ...model_backend import protocol
from .. import task_words
from ..job_from_qgis import JobInputError, raster_path, task_inputs
from ..settings import Settings
from ..translate import tr

# QGIS 3.36+ moved these enums into Qgis; 3.22 has the old spellings.
if hasattr(Qgis, "ProcessingSourceType"):
    POLYGONS: Any = Qgis.ProcessingSourceType.VectorPolygon
    INTEGER: Any = Qgis.ProcessingNumberParameterType.Integer
    DOUBLE: Any = Qgis.ProcessingNumberParameterType.Double
    ADVANCED: Any = Qgis.ProcessingParameterFlag.Advanced
else:  # QGIS < 3.36
    POLYGONS = QgsProcessing.TypeVectorPolygon
    INTEGER = QgsProcessingParameterNumber.Integer
    DOUBLE = QgsProcessingParameterNumber.Double
    ADVANCED = QgsProcessingParameterDefinition.FlagAdvanced

# The job's text, by the spec's text_role: a question (ask, count), an instruction (caption) or a
# referring expression (detect, ground).
TEXT_PARAMETER = {"question": "QUESTION", "instruction": "QUESTION", "expression": "EXPRESSION"}
# The FAMILY option "inferred": a value, always English; the dialog shows ``family_inferred_label()``.
# Enum parameters are read back by index, so their translated options never reach the job.
FAMILY_INFERRED = "(inferred from the model)"


def text_title(name: str) -> str:
    """The text parameter's title where the dock's label reads as the second half of a sentence
    ("…or a referring expression")."""
    return {"QUESTION": tr("Question"), "EXPRESSION": tr("Referring expression")}[name]


def aoi_modes() -> List[str]:
    """AOI_MODE's options, by index: 0 one run per polygon, 1 one run over their union."""
    return [tr("one run per feature"), tr("one run over their union")]


def family_inferred_label() -> str:
    return tr("(inferred from the model)")


def output_name(key: str, main: bool) -> str:
    """The sink parameter of a task's layer: ``OUTPUT`` for its main layer, ``OUTPUT_<KEY>`` else."""
    return "OUTPUT" if main else f"OUTPUT_{key.upper()}"


def layer_title(layer: protocol.LayerSpec) -> str:
    """The title of a task's output layer, as the dock names it (in the analyst's language)."""
    return task_words.layer_title(layer.title)


def _advanced(p: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
    p.setFlags(p.flags() | ADVANCED)
    return p


@dataclass(frozen=True)
class TaskExtras:
    """A task's own parameters: ``add`` declares them, ``fields`` reads them into job fields."""

    add: Callable[[QgsProcessingAlgorithm], None]
    fields: Callable[[QgsProcessingAlgorithm, Dict[str, Any], QgsProcessingContext], Dict[str, Any]]


def _change_add(alg: QgsProcessingAlgorithm) -> None:
    alg.addParameter(QgsProcessingParameterRasterLayer("AFTER", tr("Raster of the later date")))
    methods = list(getattr(protocol, "CHANGE_METHODS", ("diff",)))
    alg.addParameter(QgsProcessingParameterEnum("METHOD", tr("How change is told"), options=methods, defaultValue=0))
    alg.addParameter(
        QgsProcessingParameterNumber("MIN_AREA", tr("Smallest change (m²)"), DOUBLE, optional=True, minValue=0.0)
    )
    alg.addParameter(
        QgsProcessingParameterFile(
            "ONNX_MODEL", tr("Change model (.onnx, for method onnx)"), extension="onnx", optional=True
        )
    )
    alg.addParameter(
        QgsProcessingParameterNumber(
            "DESCRIBE", tr("Largest changes the model describes"), INTEGER, defaultValue=0, minValue=0, maxValue=1000
        )
    )


def _change_fields(
    alg: QgsProcessingAlgorithm, parameters: Dict[str, Any], context: QgsProcessingContext
) -> Dict[str, Any]:
    methods = list(getattr(protocol, "CHANGE_METHODS", ("diff",)))
    after = alg.parameterAsRasterLayer(parameters, "AFTER", context)
    min_area = parameters.get("MIN_AREA")
    return {
        "after": _raster(after),
        "method": methods[alg.parameterAsEnum(parameters, "METHOD", context)],
        "min_area": None if min_area in (None, "") else alg.parameterAsDouble(parameters, "MIN_AREA", context),
        "onnx_model": alg.parameterAsFile(parameters, "ONNX_MODEL", context) or None,
        "describe": alg.parameterAsInt(parameters, "DESCRIBE", context),
    }


def _find_add(alg: QgsProcessingAlgorithm) -> None:
    alg.addParameter(
        QgsProcessingParameterNumber("TOP", tr("Best tiles to keep"), INTEGER, defaultValue=20, minValue=1)
    )
    alg.addParameter(
        QgsProcessingParameterBoolean("CONFIRM", tr("Ask the model to confirm each tile"), defaultValue=False)
    )
    alg.addParameter(
        QgsProcessingParameterString(
            "ENCODER",
            tr("Image-text encoder (hub id, model folder or exported ONNX folder)"),
            defaultValue=protocol.DEFAULT_ENCODER,
        )
    )


def _find_fields(
    alg: QgsProcessingAlgorithm, parameters: Dict[str, Any], context: QgsProcessingContext
) -> Dict[str, Any]:
    return {
        "top": alg.parameterAsInt(parameters, "TOP", context),
        "confirm": alg.parameterAsBool(parameters, "CONFIRM", context),
        "encoder": alg.parameterAsString(parameters, "ENCODER", context) or protocol.DEFAULT_ENCODER,
    }


# Per-task parameters beyond the table's; a task without an entry needs none.
EXTRAS: Dict[str, TaskExtras] = {
    "change": TaskExtras(_change_add, _change_fields),
    "find": TaskExtras(_find_add, _find_fields),
}


def add_parameters(alg: QgsProcessingAlgorithm, spec: protocol.TaskSpec, settings: Settings) -> None:
    """Every parameter of ``spec``'s algorithm, in the dialog's order."""
    alg.addParameter(QgsProcessingParameterRasterLayer("INPUT", tr("Raster layer (a file GDAL reads)")))
    alg.addParameter(QgsProcessingParameterExtent("EXTENT", tr("Extent (default: the whole layer)"), optional=True))
    alg.addParameter(
        QgsProcessingParameterFeatureSource("AOI", tr("Areas of interest (polygons)"), [POLYGONS], optional=True)
    )
    alg.addParameter(
        QgsProcessingParameterEnum("AOI_MODE", tr("With several AOI polygons"), options=aoi_modes(), defaultValue=0)
    )
    text = TEXT_PARAMETER.get(spec.text_role)
    if text:
        label = (
            task_words.text_label(spec.name, spec.text_label)
            if not spec.text_label.startswith("…")
            else text_title(text)
        )
        alg.addParameter(
            QgsProcessingParameterString(
                text, label, defaultValue=spec.text_default or None, optional=spec.needs != "text"
            )
        )
    if spec.labels:
        alg.addParameter(QgsProcessingParameterString("LABELS", tr("Object names, comma separated"), optional=True))
    alg.addParameter(
        QgsProcessingParameterString(
            "MODEL", tr("Model (hub id, local folder or served name)"), defaultValue=settings.model
        )
    )
    families = [FAMILY_INFERRED, *protocol.FAMILIES]
    alg.addParameter(
        QgsProcessingParameterEnum(
            "FAMILY",
            tr("Model family"),
            options=[family_inferred_label(), *protocol.FAMILIES],
            optional=True,
            defaultValue=families.index(settings.family or FAMILY_INFERRED),
        )
    )
    alg.addParameter(
        QgsProcessingParameterString(
            "BASE_URL",
            tr("OpenAI-compatible server URL (empty: the local model)"),
            optional=True,
            defaultValue=(settings.base_url or None) if settings.engine == "openai" else None,
        )
    )
    alg.addParameter(
        QgsProcessingParameterString(
            "API_KEY_ENV",
            tr("Environment variable holding the server's key"),
            optional=True,
            defaultValue=settings.api_key_env or None,
        )
    )
    alg.addParameter(
        QgsProcessingParameterEnum(
            "DEVICE",
            tr("Device"),
            options=list(protocol.DEVICES),
            defaultValue=list(protocol.DEVICES).index(settings.device),
        )
    )
    alg.addParameter(
        QgsProcessingParameterEnum(
            "QUANTIZATION",
            tr("Quantization"),
            options=list(protocol.QUANTIZATIONS),
            defaultValue=list(protocol.QUANTIZATIONS).index(settings.quantization),
        )
    )
    alg.addParameter(
        QgsProcessingParameterNumber(
            "TILE_SIZE",
            tr("Tile size in pixels (empty: the family's)"),
            INTEGER,
            optional=True,
            minValue=32,
            maxValue=4096,
        )
    )
    alg.addParameter(
        QgsProcessingParameterNumber(
            "OVERLAP", tr("Tile overlap (share of a side)"), DOUBLE, defaultValue=0.15, minValue=0.0, maxValue=0.89
        )
    )
    alg.addParameter(
        QgsProcessingParameterNumber(
            "GSD",
            tr("Ground resolution of a tile, m/pixel (empty: the raster's)"),
            DOUBLE,
            optional=True,
            minValue=0.0001,
        )
    )
    alg.addParameter(
        _advanced(
            QgsProcessingParameterNumber(
                "MAX_NEW_TOKENS",
                tr("Longest answer (tokens)"),
                INTEGER,
                defaultValue=int(settings.max_new_tokens),
                minValue=1,
                maxValue=8192,
            )
        )
    )
    extras = EXTRAS.get(spec.name)
    if extras is not None:
        extras.add(alg)
    for i, layer in enumerate(spec.layers):
        alg.addParameter(
            QgsProcessingParameterFeatureSink(
                output_name(layer.key, i == 0), layer_title(layer), POLYGONS, optional=i > 0
            )
        )
    alg.addOutput(QgsProcessingOutputString("ANSWER", tr("Answer (ask, describe, count, find one)")))
    alg.addOutput(QgsProcessingOutputNumber("FEATURE_COUNT", tr("Features written")))


def _raster(layer: Any) -> str:
    try:
        return raster_path(layer)
    except JobInputError as exc:
        raise QgsProcessingException(str(exc)) from None


def _text(alg: QgsProcessingAlgorithm, parameters: Dict[str, Any], name: str, context: QgsProcessingContext) -> str:
    return alg.parameterAsString(parameters, name, context) if name in parameters else ""


def job_fields(
    alg: QgsProcessingAlgorithm,
    spec: protocol.TaskSpec,
    parameters: Dict[str, Any],
    context: QgsProcessingContext,
    settings: Settings,
) -> Dict[str, Any]:
    """The job fields the parameters give (all but raster and AOI); QgsProcessingException,
    saying what to change, when the task's input is missing."""
    text_name = TEXT_PARAMETER.get(spec.text_role, "")
    labels = [x for x in _text(alg, parameters, "LABELS", context).split(",") if x.strip()]
    try:
        inputs = task_inputs(spec.name, _text(alg, parameters, text_name, context) if text_name else "", labels)
    except JobInputError as exc:
        raise QgsProcessingException(str(exc)) from None
    model = _text(alg, parameters, "MODEL", context).strip() or settings.model
    families = [FAMILY_INFERRED, *protocol.FAMILIES]
    family = families[alg.parameterAsEnum(parameters, "FAMILY", context)] if "FAMILY" in parameters else ""
    base_url = _text(alg, parameters, "BASE_URL", context).strip()
    tile = parameters.get("TILE_SIZE")
    gsd = parameters.get("GSD")
    fields: Dict[str, Any] = {
        **inputs,
        "model": model,
        "family": None if family in ("", FAMILY_INFERRED) else family,
        "device": protocol.DEVICES[alg.parameterAsEnum(parameters, "DEVICE", context)],
        "quantization": protocol.QUANTIZATIONS[alg.parameterAsEnum(parameters, "QUANTIZATION", context)],
        "tile_size": None if tile in (None, "") else alg.parameterAsInt(parameters, "TILE_SIZE", context),
        "overlap": alg.parameterAsDouble(parameters, "OVERLAP", context),
        "gsd": None if gsd in (None, "") else alg.parameterAsDouble(parameters, "GSD", context),
        "max_new_tokens": alg.parameterAsInt(parameters, "MAX_NEW_TOKENS", context),
        "engine": "openai" if base_url else "transformers",
        "base_url": base_url or None,
        "api_key_env": _text(alg, parameters, "API_KEY_ENV", context).strip() or None,
        "batch_size": int(settings.batch_size),
    }
    extras = EXTRAS.get(spec.name)
    return {**fields, **(extras.fields(alg, parameters, context) if extras is not None else {})}


def parameter_names(alg: QgsProcessingAlgorithm) -> List[str]:
    return [p.name() for p in alg.parameterDefinitions()]


def optional_text(value: Optional[str]) -> Optional[str]:
    return value or None
