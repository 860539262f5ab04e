"""The count task: "how many ships?" answered by detecting, merging and counting boxes.

A model asked "how many" about a large image guesses; boxes can be checked. So count runs the
detect job's loop (tiles, batches, merge across overlaps, clip to the AOI) and counts the
settled boxes per label. The boxes are written as evidence, each carrying ``count_id``, the
id of the answer feature they support.

Labels come from ``job.labels``, else from the question by a deliberately simple English rule
(``labels_from_question``): the words after "how many", "number of" or a leading "count", up
to the first punctuation or verb/preposition ("are", "is", "in", "on", "visible"...), split on
commas, "and" and "or", articles dropped, and each name made singular by its ending ("tanks"
-> "tank", "churches" -> "church", "factories" -> "factory"; a few irregular words listed).
Anything else: BadInput asking for --labels. Labels win over the question when both are given.

``count_id`` is a job-unique number (milliseconds since 1970 when the job started): features
appended to an existing GeoPackage have fids we do not choose, so the link is our own id.

Counting per label: a box whose label (singular, any case) is one of the asked labels counts
for it; with one asked label every box counts for it (the model may say "boat" for "ship");
otherwise a box counts under its own label (or "unlabelled object").

Outputs: a GeoPackage gets two layers, "evidence" (the boxes: the detect fields plus
``count_id``) and "captions" (one answer feature: the AOI, the answer text, ``count`` and
``count_id``; the caption job's schema). Other formats hold one layer per file: the evidence
goes to ``job.out`` and the answer beside it, to ``<stem>_answer<ext>`` (``-2``... when that
name is taken: a derived name never overwrites a file). Cancel keeps the evidence found so far
and writes the answer marked partial (status "cancelled"), both as partial results
(``jobs/output.py``: ``<stem>.partial<ext>`` and ``<stem>_answer.partial<ext>``, or the
GeoPackage's run table)."""

from __future__ import annotations

import os
import re
import time
from typing import Any, Dict, List, Optional, Tuple, cast

from ..errors import BadInput
from ..protocol import JobResult, JobSpec
from ..raster.windows import plan_tiles
from .ask import CAPTION_LAYER
from .context import JobContext
from .detect import require_data
from .output import LayerOutput, utc_now
from .settle import Found, detection_loop
from .tiled import result_base, start_job

EVIDENCE_LAYER = "evidence"

_LEAD = re.compile(r"\bhow\s+many\s+(.+)|\bnumber\s+of\s+(.+)|^\s*count\s+(.+)", re.I | re.S)
_STOP = re.compile(
    r"[?.!;:()\[\]]|\b(?:are|is|were|was|can|could|do|does|did|there|in|on|at|inside|"
    r"within|visible|shown|present|appear|appears|near|around|across|along|here|"
    r"this|these|that|those|you|we)\b",
    re.I,
)
_SPLIT = re.compile(r",|\band\b|\bor\b|&|/", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an|all|all the|any|every|each)\s+", re.I)


# Plurals the ending rule gets wrong ("buses" is not "buse", though "houses" is "house").
IRREGULAR = {
    "buses": "bus",
    "gases": "gas",
    "lenses": "lens",
    "men": "man",
    "women": "woman",
    "children": "child",
    "leaves": "leaf",
    "halves": "half",
    "shelves": "shelf",
}


def singular(name: str) -> str:
    """A label's singular by its last word's ending (a rule and a few irregular words)."""
    words = name.split()
    if not words:
        return name
    last = words[-1]
    low = last.lower()
    if low in IRREGULAR:
        last = IRREGULAR[low]
    elif len(low) > 4 and low.endswith("ies"):
        last = last[:-3] + "y"
    elif low.endswith(("sses", "shes", "ches", "xes", "zes")):
        last = last[:-2]
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def labels_from_question(question: str) -> List[str]:
    """Object names in a "how many X?" question (see the module docstring); [] when none."""
    m = _LEAD.search(question or "")
    if not m:
        return []
    text = _STOP.split(next(g for g in m.groups() if g is not None), maxsplit=1)[0]
    labels = []
    for part in _SPLIT.split(text):
        name = _ARTICLE.sub("", " ".join(part.split())).strip()
        if name and singular(name) not in labels:
            labels.append(singular(name))
    return labels


def count_labels(job: JobSpec) -> Tuple[List[str], str]:
    """(labels to count, the question in words). BadInput when there is nothing to count."""
    labels = [label.strip() for label in job.labels if label.strip()]
    asked = job.text()
    if not labels:
        labels = labels_from_question(asked)
    if not labels:
        raise BadInput(
            "Cannot tell what to count from the question "
            f"{asked!r}: ask 'how many <objects>?' or give --labels (e.g. 'ship,storage tank')"
            if asked
            else "Nothing to count: give --labels (e.g. 'ship,storage tank') or a question such as 'how many ships?'"
        )
    return labels, asked or f"how many {', '.join(labels)}?"


def counted_label(found: str, labels: List[str]) -> str:
    """The asked label a box counts for (see the module docstring)."""
    key = singular(found.strip()).lower()
    for label in labels:
        if singular(label).lower() == key:
            return label
    if len(labels) == 1:
        return labels[0]
    return found.strip() or "unlabelled object"


def answer_text(counts: Dict[str, int], labels: List[str], read: int = 1, unread: int = 0) -> str:
    """ "12 ship(s), 3 storage tank(s) in the area": asked labels first, then any others.

    ``read`` / ``unread``: tiles with data whose answer could / could not be read. An unread
    tile may hold any number of objects, so a count over some unread tiles is a lower bound
    ("at least"), and over none read it is unknown, never zero."""
    if unread and not read:
        return (
            f"unknown: the model's answers could not be read for any of the {unread} tile(s) "
            f"with data, so the {', '.join(labels)} could not be counted"
        )
    order = labels + sorted(k for k in counts if k not in labels)
    text = ", ".join(f"{counts.get(k, 0)} {k}(s)" for k in order) + " in the area"
    if unread:
        text = f"at least {text} ({unread} of {read + unread} tile(s) had an unreadable answer)"
    return text


def answer_path(out: str) -> str:
    """Where the answer feature goes: ``out`` itself for a GeoPackage, else beside it (a name we
    derive: if a file is already there, the answer goes to ``<stem>_answer-2<ext>``..., never over it)."""
    stem, ext = os.path.splitext(out)
    return out if ext.lower() == ".gpkg" else f"{stem}_answer{ext}"


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    """Read first (fast errors), load, detect over tiles, count, write the answer."""
    t0 = time.perf_counter()
    labels, question = count_labels(job)
    area, engine = start_job(job, ctx)
    fam = engine.family_module
    tiles = plan_tiles(area.info, area.window, job.tile_size or fam.INPUT_SIZE, job.overlap, job.gsd, aoi=area.aoi)
    messages = fam.build_messages("detect", "", labels=labels)
    count_id, created, prompt = int(time.time() * 1000), utc_now(), ", ".join(labels)
    counts: Dict[str, int] = {label: 0 for label in labels}
    crs = area.info.crs_wkt
    run_id = str(count_id)  # the evidence and answer layers are one run in a GeoPackage's run table
    with LayerOutput(ctx, job.out, EVIDENCE_LAYER, crs, job=job, run_id=run_id) as evidence:

        def on_settled(geoms: List[Any], found: List[Found]) -> None:
            rows = []
            for label, score, tile_id in found:
                name = counted_label(label, labels)
                counts[name] = counts.get(name, 0) + 1
                rows.append(
                    {
                        "label": name,
                        "score": score,
                        "task": "count",
                        "prompt": prompt,
                        "model": job.model,
                        "source": job.raster,
                        "tile_id": tile_id,
                        "created": created,
                        "count_id": count_id,
                    }
                )
            evidence.emit(geoms, rows)

        stats, cancelled = detection_loop(job, ctx, engine, area, tiles, messages, on_settled, "count")
        require_data(stats, cancelled)
        evidence.cancelled = cancelled
    unread = stats["tiles_unparsed"]
    read = stats["tiles_done"] - stats["tiles_skipped_nodata"] - unread
    # NULL, not 0, when no tile could be read: "could not count" must not read as "none there".
    total: Optional[int] = sum(counts.values()) if read or not unread else None
    text = answer_text(counts, labels, read, unread)
    if cancelled:
        text += f" (partial: cancelled after {stats['tiles_done']} of {len(tiles)} tiles)"
    props = {
        "answer": text,
        "question": question,
        "model": job.model,
        "quantization": engine.quantization,
        "device": engine.device,
        "source": job.raster,
        "created": created,
        "elapsed_s": round(time.perf_counter() - t0, 3),
        "kind": "count",
        "tile_id": None,
        "count": total,
        "count_id": count_id,
    }
    answer_out: Optional[str] = answer_path(job.out) if job.out else None
    with LayerOutput(
        ctx, answer_out, CAPTION_LAYER, crs, job=job, run_id=run_id, derived=answer_out != job.out
    ) as answer:
        answer.cancelled = cancelled
        answer.emit([area.aoi], [props])
    return cast(
        JobResult,
        {
            **result_base(job, engine, area),
            "status": "cancelled" if cancelled else "ok",
            "answer": text,
            "question": question,
            "labels": labels,
            "count": total,
            "counts": counts if total is not None else {},
            "count_id": count_id,
            "answer_output": answer.report()["output"],
            "properties": props,
            "elapsed_s": props["elapsed_s"],
            **stats,
            **evidence.report(),
        },
    )
