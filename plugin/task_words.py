"""The dock's words for the tasks of ``protocol.TASK_SPECS``, through ``tr()``.

The task table lives in ``model_backend`` (no Qt there), so its English titles, labels and
"what is missing" sentences are repeated here as literals ``pylupdate5`` can extract; a task
added to the table without an entry here shows its English words.
"""

from __future__ import annotations

from typing import Dict

from .translate import tr


def _titles() -> Dict[str, str]:
    return {
        "ask": tr("Ask a question"),
        "caption": tr("Describe the area (tile by tile)"),
        "detect": tr("Detect objects"),
        "count": tr("Count objects"),
        "ground": tr("Find one object"),
        "find": tr("Find"),
        "change": tr("Change between two dates"),
    }


def _labels() -> Dict[str, str]:
    return {
        "ask": tr("Question"),
        "caption": tr("Instruction (optional)"),
        "detect": tr("…or a referring expression"),
        "count": tr("Question"),
        "ground": tr("Referring expression"),
        "find": tr("What to look for"),
        "change": tr("Question (optional)"),
    }


def _missing() -> Dict[str, str]:
    return {
        "ask": tr("Type a question first."),
        "detect": tr('Type the objects to detect (e.g. "ship, storage tank") or a referring expression.'),
        "count": tr('Type what to count (e.g. "ship") or a question such as "How many ships?".'),
        "ground": tr('Describe the object to find (e.g. "the large white building next to the pool").'),
        "find": tr('Type what to look for (e.g. "solar farm"), or draw a query rectangle.'),
    }


def title(task: str, default: str) -> str:
    return _titles().get(task, default)


def text_label(task: str, default: str) -> str:
    return _labels().get(task, default)


def missing(task: str, default: str) -> str:
    return _missing().get(task, default)


def _placeholders() -> Dict[str, str]:
    return {
        "ask": tr("What is in this area?"),
        "caption": tr("Describe this area."),
        "detect": tr("the large white building next to the pool"),
        "count": tr("How many ships?"),
        "ground": tr("the large white building next to the pool"),
        "find": tr("solar farm"),
        "change": tr("new buildings?"),
    }


def placeholder(task: str, default: str) -> str:
    """The grey example in the text box, in the analyst's language (the model reads French too)."""
    return _placeholders().get(task, default)


def text_default(task: str, default: str) -> str:
    """The text a task's box starts with (Ask: "Describe this area.")."""
    return {"ask": tr("Describe this area.")}.get(task, default)


def labels_placeholder() -> str:
    return tr("ship, storage tank, building")


def _layer_titles() -> Dict[str, str]:
    """Every ``LayerSpec.title`` of the task table (and the caption layer's), by English title."""
    return {
        "Captions": tr("Captions"),
        "Area description": tr("Area description"),
        "Detections": tr("Detections"),
        "Count evidence": tr("Count evidence"),
        "Count answer": tr("Count answer"),
        "Grounding": tr("Grounding"),
        "Find": tr("Find"),
        "Find boxes": tr("Find boxes"),
        "Changes": tr("Changes"),
    }


def layer_title(title: str) -> str:
    """A result layer's name in the analyst's language from its English ``LayerSpec.title`` (a
    title not in the table stays as given). Only names: GeoPackage tables are named from the
    layer key, so a project reopens whatever the language it was made in."""
    return _layer_titles().get(title, title)
