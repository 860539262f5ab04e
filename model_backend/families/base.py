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
line naming the family's coordinate convention; ``MODULE_PARTS`` dict part ("vision",
"projector", "language", "lm_head") -> module-name prefixes in the transformers class (the
longest prefix wins): what nf4/int8 keep in 16-bit and how ``model-info`` counts
(``engines/model_cost.py``).

``build_messages(task, prompt, labels=(), history=None) -> Messages``
    task is one of the *model* tasks: "ask" (VQA, prompt = question, history = earlier
    (question, answer) turns), "detect" (labels, or prompt = referring expression),
    "caption" (describe one tile), "ground" (prompt = referring expression, one box),
    "summarize" (prompt = the tile captions, one per line; the image is an overview of the
    whole AOI: write one summary). Every message list holds exactly one image.
``parse(task, text, image_size) -> Answer``
    never raises, whatever the text (``guarded``); ``image_size`` is (w, h) of the image the
    model saw (``Generation.fed_size``). A box is a 2-point ``PointSet``, a point answer (Qwen's
    ``point_2d``, ``<points>``, a click ``coordinate``: a valid answer to "where is ...") a
    1-point ``PointSet``, a quad or polygon 3+ points. ``Answer.unparsed`` is True when the
    answer held nothing usable (prose, garbage, a parser error): the tiled jobs count such
    tiles and warn once, and count does not call them zero. An honest empty answer (``[]``,
    "there are none") is an answer, "nothing found", and is not unparsed. ``warnings`` are for
    people; no caller reads meaning from their words.
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
    ``fed_to_image_mapping`` below applies the hook or the default.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Tuple

from ..geometry import PointSet
from .lenient_json import extract_json, strip_fences  # noqa: F401 - the families' JSON reader


@dataclass
class Answer:
    """A parsed model answer. ``warnings`` name what was skipped; parsing never raises."""

    text: str
    point_sets: List[PointSet] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    # The answer held nothing usable (no box could be read), as opposed to an honest empty
    # answer such as "[]": tiled jobs count such tiles, and count cannot call them zero.
    unparsed: bool = False


ParseFn = Callable[[str, str, Tuple[int, int]], Answer]
# An answer that says there is nothing to find: "There are none.", "I cannot find any tanks",
# "no ships are visible". Not: "I am not sure what is in this picture".
_NONE = re.compile(
    r"^\W*(none|nothing|no)\b|\bthere (is|are) (no|none|nothing)\b|\bno such\b|"
    r"\b(can ?not|can't|could not|couldn't|do not|don't|did not|didn't|unable to) "
    r"(find|see|detect|locate|spot|identify)\b|"
    r"\bno \w+(?: \w+)? (is|are|was|were|can be) (found|visible|present|detected|seen)\b|"
    r"\bnot (present|visible|found|detected)\b",
    re.I,
)


def says_none(text: str) -> bool:
    """True when a prose answer says there is nothing to find (an honest empty answer)."""
    return bool(_NONE.search(text[:2000]))


def guarded(parse: ParseFn) -> ParseFn:
    """``parse`` that never raises: a parser error (a bug, a pathological text) becomes an
    unparsed Answer that names the error, so one odd answer never stops a job."""

    @functools.wraps(parse)
    def safe(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
        text = text if isinstance(text, str) else str(text)
        try:
            return parse(task, text, image_size)
        except Exception as exc:  # noqa: BLE001 - the contract: a bad answer is never a crash
            return Answer(
                text=text.strip(),
                unparsed=True,
                warnings=[f"could not read the answer (parser error {type(exc).__name__})"],
            )

    return safe


def fed_to_image_mapping(
    family: Any, image_size: Tuple[int, int], fed_size: Tuple[int, int]
) -> Tuple[float, float, float, float]:
    """(sx, sy, dx, dy): a pixel (x, y) of the fed image lies at (sx * x + dx, sy * y + dy) in
    the w x h image handed to the processor: the family's ``fed_to_image`` hook (GeoChat: its
    padded square), else the per-axis scale. The same rule the jobs georeference with."""
    hook = getattr(family, "fed_to_image", None)
    if hook is not None:
        return hook(image_size, fed_size)
    (w, h), (fed_w, fed_h) = image_size, fed_size
    return w / fed_w, h / fed_h, 0.0, 0.0


def map_point_sets(point_sets: List[PointSet], mapping: Tuple[float, float, float, float]) -> List[PointSet]:
    """Point sets moved by a ``fed_to_image_mapping`` (labels and scores kept)."""
    sx, sy, dx, dy = mapping
    return [PointSet(tuple((sx * x + dx, sy * y + dy) for x, y in ps.points), ps.label, ps.score) for ps in point_sets]


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
