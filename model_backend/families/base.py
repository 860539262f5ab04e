"""What every family module provides, and parse helpers they share.

A family module holds, for one model family: which tasks it can do, how to prompt it for each,
and how to turn its raw text into an ``Answer``. Coordinates in an ``Answer`` are ``PointSet``s
in pixels of the image the model saw (x right, y down, corner convention), whatever the
family's own convention (absolute pixels, 0-1000 grid, location tokens...).

The contract (module attributes; the registry in ``__init__`` lists the modules):

``NAME`` str; ``MODEL_TYPES`` tuple of config.json ``model_type`` values; ``NAME_HINTS`` tuple
of lower-case substrings of hub ids / server model names; ``TASKS`` tuple, a subset of
protocol.TASKS; ``UNAVAILABLE`` dict task -> why the family cannot do it (for the dock and
CLI); ``INPUT_SIZE`` long side in px of the tile handed to the processor; ``COORDINATES`` one
line naming the family's coordinate convention.

``build_messages(task, prompt, labels=(), history=None) -> Messages``
    task is one of the *model* tasks: "ask" (VQA, prompt = question, history = earlier
    (question, answer) turns), "detect" (labels, or prompt = referring expression),
    "caption" (describe one tile), "ground" (prompt = referring expression, one box),
    "summarize" (prompt = the tile captions, one per line; the image is an overview of the
    whole AOI: write one summary). Every message list holds exactly one image.
``parse(task, text, image_size) -> Answer``
    never raises; ``image_size`` is (w, h) of the image the model saw (``Generation.fed_size``).
    A warning starting "could not be parsed" (or "no JSON found") says the answer held nothing
    usable: the tiled jobs count such tiles as unparseable and warn once (an empty result such
    as ``[]`` is an answer, "nothing found", and carries no such warning).
``fed_size(inputs, index) -> (w, h)``
    size of image ``index`` as the local processor fed it (from the processor's outputs).
``server_fed_size(w, h) -> (w, h)``
    size a *server* running the family's processor makes of a w x h image we send (for
    families whose coordinates are absolute pixels of that resized image).

Optional hooks (the engine falls back to the chat path when a family lacks them):
``prompt_text(processor, messages) -> str`` the text to hand the processor (default:
    ``processor.apply_chat_template(messages, add_generation_prompt=True)``);
``SKIP_SPECIAL_TOKENS`` bool, default True (False for families whose coordinates are special
    tokens, e.g. Florence-2 ``<loc_N>``);
``post_process(processor, text, image_size) -> str`` raw decoded text -> the text ``parse``
    reads (default: unchanged);
``fed_to_image(image_size, fed_size) -> (sx, sy, dx, dy)`` where a pixel of the fed image
    lies in the image we handed the processor (w, h): x = sx * x_fed + dx, y = sy * y_fed + dy
    (default: the per-axis scale ``(w / fed_w, h / fed_h, 0, 0)``; GeoChat: its padded square).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from ..geometry import PointSet


@dataclass
class Answer:
    """A parsed model answer. ``warnings`` name what was skipped; parsing never raises."""

    text: str
    point_sets: List[PointSet] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    # The answer held nothing usable (no box could be read), as opposed to an honest empty
    # answer such as "[]": tiled jobs count such tiles, and count cannot call them zero.
    unparsed: bool = False


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)(?:```|$)", re.S)


def strip_fences(text: str) -> str:
    """The body of the first markdown code fence, or the text itself."""
    m = _FENCE.search(text)
    return m.group(1).strip() if m else text.strip()


def extract_json(text: str) -> Tuple[Optional[Any], Optional[str]]:
    """Find the JSON value in a model answer: fenced, surrounded by prose, or truncated.

    Returns (value, warning). A truncated array keeps its complete objects.
    """
    body = strip_fences(text)
    starts = [i for i in (body.find("["), body.find("{")) if i >= 0]
    if not starts:
        return None, "no JSON found in the answer"
    body = body[min(starts):]
    decoder = json.JSONDecoder()
    try:
        value, _ = decoder.raw_decode(body)
        return value, None
    except json.JSONDecodeError:
        pass
    # Truncated (max_new_tokens reached) or broken: keep every complete {...} object.
    objects, pos = [], 0
    while True:
        start = body.find("{", pos)
        if start < 0:
            break
        try:
            obj, end = decoder.raw_decode(body, start)
        except json.JSONDecodeError:
            pos = start + 1
            continue
        objects.append(obj)
        pos = end
    if objects:
        return objects, "the JSON was truncated or malformed; kept its complete objects"
    return None, "the JSON in the answer could not be parsed"


def chat(prompt: str, history: Optional[List[Tuple[str, str]]] = None) -> List[dict]:
    """Chat messages for one image: earlier (question, answer) turns, then the new prompt.
    The image goes with the first user turn, as the chat templates expect."""
    turns = list(history or []) + [(prompt, None)]
    messages: List[dict] = []
    for i, (question, answer) in enumerate(turns):
        content: List[dict] = [{"type": "image"}] if i == 0 else []
        content.append({"type": "text", "text": question})
        messages.append({"role": "user", "content": content})
        if answer is not None:
            messages.append({"role": "assistant", "content": [{"type": "text", "text": answer}]})
    return messages
