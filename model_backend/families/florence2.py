"""Florence-2 (Microsoft): the native transformers class ``Florence2ForConditionalGeneration``
(DaViT vision tower + BART encoder-decoder), no remote code. Checkpoints in that native format
are the ``florence-community/Florence-2-{base,large}[-ft]`` conversions.

Florence-2 is prompted by *task tokens*, not by chat: ``Florence2Processor`` rewrites ``<OD>``,
``<CAPTION_TO_PHRASE_GROUNDING>ship``... into fixed English prompts and wraps them as
``<image>*577 <s>prompt</s>``. It cannot answer a free question.

Coordinate convention (``Florence2PostProcessor`` in transformers): every coordinate is one
location token ``<loc_N>``, N in 0..999, a bin of a 1000 x 1000 grid laid over the image the
model saw; x and y are binned separately (``quantize``: N = floor(x / (w / 1000))). A box is
a label followed by 4 tokens (x1, y1, x2, y2), several boxes of one label follow each other;
an ``<OCR_WITH_REGION>`` quad is 8 tokens (4 corners x, y). De-quantisation takes the bin
centre: x = (N + 0.5) * w / 1000 (``dequantize``). The processor then truncates to int; we
keep the float centre (truncating only adds up to a pixel of bias).

The processor resizes every image to 768 x 768 (preprocessor_config.json of the released
checkpoints: ``size`` 768 x 768, no crop, 577 image tokens = 24 x 24 + 1), ignoring the aspect
ratio, so the grid is 1000 bins over each side of that square whatever the tile's shape.
"""

from __future__ import annotations

import math
import re
from typing import Any, List, Optional, Sequence, Set, Tuple

from ..errors import BadInput
from ..geometry import normalise_box, normalise_points
from .base import Answer, chat, guarded
from .florence_parse import dict_regions, looks_like_dict, regions_of_run

NAME = "florence2"
MODEL_TYPES = ("florence2",)
NAME_HINTS = ("florence-2", "florence2")
TASKS = ("detect", "caption", "count", "ground")
UNAVAILABLE = {
    "ask": (
        "Florence-2 only runs fixed vision tasks (caption, detection, grounding) and cannot "
        "answer free questions: use a chat model such as Qwen2.5-VL for ask."
    ),
}
INPUT_SIZE = 768
COORDINATES = "<loc_N> tokens, N in 0..999 bins of the 768 x 768 fed image (bin centre = (N+0.5)*side/1000)"
# Module-name prefixes of each part in transformers' Florence2ForConditionalGeneration
# (modeling_florence2.py: Florence2Model.vision_tower (DaViT), .multi_modal_projector,
# .language_model (BART); lm_head). nf4/int8 quantize "language" only (engines/model_cost.py).
MODULE_PARTS = {
    "vision": ("model.vision_tower",),
    "projector": ("model.multi_modal_projector",),
    "language": ("model.language_model",),
    "lm_head": ("lm_head",),
}
SERVER_SIDE = 768  # released processor: size {"height": 768, "width": 768}, do_center_crop False
BINS = 1000
# Decoding keeps special tokens: the <loc_N> coordinates are special tokens.
SKIP_SPECIAL_TOKENS = False

# Task tokens (the keys of Florence2Processor's prompt tables).
GROUNDING = "<CAPTION_TO_PHRASE_GROUNDING>"
MORE_DETAILED_CAPTION = "<MORE_DETAILED_CAPTION>"
OCR_WITH_REGION = "<OCR_WITH_REGION>"
# Family-specific model task beyond the contract's: text regions as quads (maps, signs).
EXTRA_TASKS = ("ocr",)

_LOC = re.compile(r"<loc_(\d+)>")
_LOC_RUN = re.compile(r"((?:<loc_\d+>)+)")
_FRAME = ("<s>", "</s>", "<pad>", "<unk>")  # BART's specials around and after an answer
_TAG = re.compile(r"</?[a-z_]+>")  # <od>, <poly>, <sep>, <ground>... left in a label


def build_messages(
    task: str, prompt: str, labels: Sequence[str] = (), history: Optional[List[Tuple[str, str]]] = None
) -> List[dict]:
    """One user turn: the image and the task token (+ its input) as the text.

    detect with labels: ONE ``<CAPTION_TO_PHRASE_GROUNDING>`` call whose "caption" lists the
    labels ("ship, storage tank"). Not ``<OD>`` then a filter: ``<OD>`` only names the
    categories it was trained on (COCO/Objects365-like: "car", "airplane", "boat"...), so
    remote-sensing labels ("storage tank", "roundabout", "solar panel") would be filtered
    away; grounding locates any phrase, one call per tile for all labels, each box labelled
    with the phrase copied from our list. detect with a referring expression, and ground: the
    same token with the expression. caption: ``<MORE_DETAILED_CAPTION>``. summarize: Florence
    cannot read or summarise text, so its summary is the ``<MORE_DETAILED_CAPTION>`` of the
    overview image (the tile captions in ``prompt`` are not used).
    """
    if task in ("detect", "ground", "count"):
        phrase = ", ".join(l.strip() for l in labels if l.strip()) if labels else prompt.strip()
        if not phrase:
            raise BadInput("Florence-2 detection needs labels or a referring expression")
        text = GROUNDING + phrase
    elif task in ("caption", "summarize"):
        text = MORE_DETAILED_CAPTION
    elif task == "ocr":
        text = OCR_WITH_REGION
    elif task == "ask":
        raise BadInput(UNAVAILABLE["ask"])
    else:
        raise ValueError(f"task {task!r} is not supported by {NAME}")
    return chat(text)


def prompt_text(processor, messages: List[dict]) -> str:
    """The task token (+ input) of the last user turn: what ``Florence2Processor`` expands.

    Florence has no chat template; the processor matches task tokens in the raw text."""
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            texts = [c.get("text", "") for c in content if c.get("type") == "text"]
            return " ".join(t for t in texts if t)
    raise ValueError("Florence-2 messages hold no user turn")


def post_process(processor, text: str, image_size: Tuple[int, int]) -> str:
    """Drop BART's frame tokens (``</s><s>`` ahead, ``</s><pad>...`` behind); keep ``<loc_N>``."""
    return _strip_frame(text)


def _strip_frame(text: str) -> str:
    for token in _FRAME:
        text = text.replace(token, "")
    return text.strip()


def dequantize(n: int, side: float) -> float:
    """Centre of location bin ``n`` along a side of ``side`` pixels (Florence's ``dequantize``
    before its int truncation)."""
    return (n + 0.5) * side / BINS


def quantize(v: float, side: float) -> int:
    """Location bin of coordinate ``v`` (Florence's ``quantize``): floor, clamped to 0..999."""
    return int(min(max(math.floor(v / (side / BINS)), 0), BINS - 1))


@guarded
def parse(task: str, text: str, image_size: Tuple[int, int]) -> Answer:
    """Raw answer -> Answer; points in pixels of the fed image of size ``image_size`` (w, h).

    detect / ground / count: a label then its run of ``<loc_N>``: boxes (4 each), or a quad /
    polygon point set when the run goes backwards (``florence_parse``). ocr: a text then quads
    of 8. A pasted post-processed dict: its pixels. caption / summarize / ask: text only."""
    clean = _strip_frame(text)
    if task in ("caption", "summarize", "ask"):
        answer = Answer(text=" ".join(_LOC.sub(" ", clean).split()))
        if _LOC.search(clean):
            answer.warnings.append("removed location tokens from a text answer")
        if task == "ask":
            answer.warnings.append(UNAVAILABLE["ask"])
        return answer
    answer = Answer(text=clean)
    read = 0
    seen: Set[Tuple[Any, str]] = set()  # (points, label) of the point sets kept
    if looks_like_dict(clean):
        found, warning = dict_regions(clean)
        answer.warnings += [warning] if warning else []
        for kind, coords, label in found:
            read += 1
            _add(answer, seen, kind, coords, label, image_size, in_bins=False)
    label = ""
    for part in _LOC_RUN.split(clean):
        if not part:
            continue
        if not part.startswith("<loc_"):
            label = " ".join(_TAG.sub(" ", part).split()) or label  # a bare <sep>/<poly> keeps it
            continue
        regions, leftover = regions_of_run([int(n) for n in _LOC.findall(part)], 8 if task == "ocr" else 4)
        if leftover:
            answer.warnings.append(
                f"dropped {leftover} location token(s) left over after "
                f"the regions of {label or 'an unlabelled region'!r}"
            )
        for kind, bins in regions:
            read += 1
            _add(answer, seen, kind, bins, label, image_size, in_bins=True)
    if task == "ground" and len(answer.point_sets) > 1:
        answer.warnings.append(f"kept the first of {len(answer.point_sets)} regions for the expression")
        del answer.point_sets[1:]
    if not read:
        answer.unparsed = True
        answer.warnings.append("could not be parsed: no location tokens in the answer")
    return answer


def _add(
    answer: Answer,
    seen: Set[Tuple[Any, str]],
    kind: str,
    coords: List[float],
    label: str,
    image_size: Tuple[int, int],
    in_bins: bool,
) -> None:
    """One box or point set (location bins, or pixels of a pasted dict) -> a PointSet in
    fed-image pixels, or a warning."""
    shown = "".join(f"<loc_{int(n)}>" for n in coords) if in_bins else str(coords)[:80]
    if in_bins and any(n >= BINS for n in coords):
        answer.warnings.append(f"skipped a region with a location past 999: {shown}")
        return
    w, h = image_size
    xs = [dequantize(int(n), w) if in_bins else n for n in coords[0::2]]
    ys = [dequantize(int(n), h) if in_bins else n for n in coords[1::2]]
    if kind == "box":
        ps = normalise_box((xs[0], ys[0], xs[1], ys[1]), image_size, label=label)
    else:
        ps = normalise_points(list(zip(xs, ys)), image_size, label=label)
    if ps is None:
        answer.warnings.append(f"dropped a degenerate region: {label} {shown}")
    elif (ps.points, ps.label) in seen:
        answer.warnings.append(f"dropped a duplicate region: {label} {shown}")
    else:
        seen.add((ps.points, ps.label))
        answer.point_sets.append(ps)


def fed_size(inputs, index: int) -> Tuple[int, int]:
    """(w, h) of image ``index`` as the processor fed it: the last two dims of ``pixel_values``
    (one size for the whole batch: Florence resizes every image to the same square)."""
    _, _, h, w = inputs["pixel_values"].shape
    return int(w), int(h)


def server_fed_size(w: int, h: int) -> Tuple[int, int]:
    """A server running the released processor feeds 768 x 768 whatever the w x h sent: the
    resize ignores the aspect ratio, so x and y scale differently for a non-square tile."""
    return SERVER_SIDE, SERVER_SIDE
