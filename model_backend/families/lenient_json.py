"""The JSON value in a model answer, read leniently.

Models write JSON that is not JSON: trailing commas, single quotes, comments, unquoted keys,
missing commas between objects (all seen in recorded Qwen answers, tests/data/recorded), and
answers cut off by ``max_new_tokens``. Strict ``json`` is tried first; what it refuses goes to
the maintained ``json_repair`` library rather than to recovery rules of our own. The one thing
kept from the strict reader: a cut-off answer keeps only its *complete* items, because a repair
would close ``{"bbox_2d": [300, 31`` into a box that was never written.
"""

from __future__ import annotations

import json
import re
from typing import Any, List, Optional, Tuple

import json_repair

_FENCE = re.compile(r"```(?:json|JSON|python)?\s*(.*?)(?:```|$)", re.S)
_CLOSE = {"[": "]", "{": "}"}
# Past this length an answer is not a detection answer; json_repair is pure Python.
MAX_CHARS = 200_000


def strip_fences(text: str) -> str:
    """The body of the first markdown code fence, or the text itself."""
    m = _FENCE.search(text)
    return m.group(1).strip() if m else text.strip()


def extract_json(text: str) -> Tuple[Optional[Any], Optional[str]]:
    """(value, warning) for the first JSON value in ``text``: fenced or in prose, strict or not.

    A cut-off array keeps its complete items and warns; None with a warning when there is no
    JSON, or nothing could be read. Never raises (deep nesting included)."""
    body = strip_fences(text)
    starts = [i for i in (body.find("["), body.find("{")) if i >= 0]
    if not starts:
        return None, "no JSON found in the answer"
    body = body[min(starts) :][:MAX_CHARS]
    try:
        return json.JSONDecoder().raw_decode(body)[0], None
    except (ValueError, RecursionError):
        pass
    end, last_item, last_closed = _scan(body)
    warning = None
    if end is None:  # cut off: keep what was closed (an array: its complete items)
        cut = last_item if body[0] == "[" else last_closed
        if cut is None:
            return None, "the JSON in the answer was cut off before its first complete item"
        body, warning = body[:cut], "the JSON was truncated; kept its complete items"
    else:
        body = body[:end]
    value = _repair(body)
    if value is None or isinstance(value, str):
        return None, "the JSON in the answer could not be parsed"
    return value, warning


def _repair(body: str) -> Optional[Any]:
    try:
        return json_repair.repair_json(body, return_objects=True)
    except (ValueError, TypeError, RecursionError, IndexError):
        return None


def _scan(body: str) -> Tuple[Optional[int], Optional[int], Optional[int]]:
    """(end of the top-level value, end of its last complete item, end of the last closed
    container inside it) in ``body``, which starts with ``[`` or ``{``; None where there is
    none. Strings in either quote are skipped."""
    stack: List[str] = []
    quote: Optional[str] = None
    escaped = False
    last_item = last_closed = None
    for i, ch in enumerate(body):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif ch in "]}" and stack:
            stack.pop()
            if not stack:
                return i + 1, last_item, last_closed
            last_closed = i + 1
            if len(stack) == 1:
                last_item = i + 1
    return None, last_item, last_closed
