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
