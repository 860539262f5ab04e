"""The answer sentence the dock shows for a tiled job, in the dock's language.

The backend's ``answer`` is English (the CLI, batch files and GeoPackages keep it so); its
result also carries what that sentence says as fields (count's ``labels``/``counts``, ground's
``found``/``expression``/``score``, change's areas and dates, find's ``sources``/``verdicts``).
Here the sentence is composed again from those fields through ``tr()``, with Qt plural forms
where a number is counted; object names are the analyst's own words, counted by
``counted`` ("2 ships", "navire × 2"). When a field it needs is missing (an older
worker, a failed job) the backend's answer is returned unchanged, so the dock never shows less.
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable, Dict, List, Optional

from qgis.PyQt.QtCore import QLocale

from .translate import current_language, tr

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)  # "found no the ship" reads badly (as jobs/ground.py)


def english_plural(noun: str) -> str:
    """'ship' -> 'ships', 'bus' -> 'buses', 'storage facility' -> 'storage facilities' (last word)."""
    head, _, word = noun.rpartition(" ")
    if re.search(r"(s|x|z|ch|sh)$", word):
        word += "es"
    elif re.search(r"[^aeiou]y$", word):
        word = word[:-1] + "ies"
    elif word and word[-1].isalpha():
        word += "s"
    return f"{head} {word}" if head else word


def counted(label: str, n: int) -> str:
    """'2 ships' in English; elsewhere 'ship × 2' (the label is the analyst's own word, which Qt's
    plural forms cannot inflect)."""
    if current_language() != "en":
        return tr("{0} × {1}").format(label, n)
    return f"{n} {label if n == 1 else english_plural(label)}"


class _Missing(Exception):
    """A field the sentence needs is not in the result."""


def _need(result: Dict[str, Any], *names: str) -> List[Any]:
    if any(name not in result for name in names):
        raise _Missing(", ".join(n for n in names if n not in result))
    return [result[name] for name in names]


def number(value: float, decimals: int = 0) -> str:
    """``value`` with the dock language's digit grouping and decimal mark ("11,617" / "11 617")."""
    return QLocale(current_language()).toString(float(value), "f", decimals)


def _count(result: Dict[str, Any]) -> str:
    labels, counts, done, skipped, unread = _need(
        result, "labels", "counts", "tiles_done", "tiles_skipped_nodata", "tiles_unparsed"
    )
    labels = [str(label) for label in labels]
    read = int(done) - int(skipped) - int(unread)
    if unread and not read:
        text = tr(
            "unknown: the model's answers could not be read for any of the %n tile(s) with data, "
            "so the {0} could not be counted",
            "",
            int(unread),
        ).format(", ".join(labels))
    else:
        order = labels + sorted(k for k in counts if k not in labels)
        found = ", ".join(counted(label, int(counts.get(label, 0))) for label in order)
        if unread:
            text = tr(
                "at least {0} in the area ({1} of %n tile(s) had an unreadable answer)", "", read + unread
            ).format(found, unread)
        else:
            text = tr("{0} in the area").format(found)
    if result.get("status") == "cancelled":
        (total,) = _need(result, "tiles_total")
        text = tr("{0} (partial: cancelled after {1} of %n tile(s))", "", int(total)).format(text, done)
    return text


def _ground(result: Dict[str, Any]) -> str:
    found, expression, candidates, tiles = _need(result, "found", "expression", "candidates", "tiles")
    if not found:
        return tr("the model found no {0} in the area").format(_ARTICLE.sub("", str(expression)))
    score: Optional[float] = result.get("score")
    text = tr("located {0}").format(expression)
    if score is not None:
        text += tr(" (score {0})").format(number(score, 2))
    if int(tiles) > 1:
        text += tr(": best of %n candidate box(es) in {0} tiles", "", int(candidates)).format(tiles)
    return text


def _change(result: Dict[str, Any]) -> str:
    changes, dates, method = _need(result, "changes", "dates", "method")
    first, last = str(dates[0]), str(dates[-1])
    if not changes:
        return tr("No change found between {0} and {1} ({2}).").format(first, last, method)
    total, largest = _need(result, "area_m2_total", "area_m2_largest")
    text = tr("%n change polygon(s) between {0} and {1}, {2} m² in all ({3})", "", int(changes)).format(
        first, last, number(total), method
    )
    text += tr("; largest {0} m²").format(number(largest))
    description = result.get("description")
    return text + (f": {description}" if description else ".")


def _find(result: Dict[str, Any]) -> str:
    query, picks, sources, verdicts = _need(result, "query", "features", "sources", "verdicts")
    if not picks:
        return tr("No tile could be scored for '{0}' (all nodata, or cancelled before any was embedded).").format(query)
    holding = [row for row in sources if row.get("in_top")]
    parts = "; ".join(
        tr("{0}: {1} (best #{2}, score {3})").format(
            os.path.basename(str(row["source"])), row["in_top"], row["best_rank"], number(row["best_score"], 3)
        )
        for row in holding
    )
    text = tr("Best %n tile(s) for '{0}' in {1} of {2} raster(s): {3}.", "", int(picks)).format(
        query, len(holding), len(sources), parts
    )
    if verdicts:
        text += " " + tr("The VLM said yes to {0} of %n tile(s)", "", int(verdicts["asked"])).format(verdicts["yes"])
        text += tr(" ({0} unclear).").format(verdicts["unclear"]) if verdicts.get("unclear") else "."
    return text


_WORDERS: Dict[str, Callable[[Dict[str, Any]], str]] = {
    "count": _count,
    "ground": _ground,
    "change": _change,
    "find": _find,
}


def answer(result: Dict[str, Any], task: Optional[str] = None) -> str:
    """The dock's sentence for ``result`` (a ``run`` reply); the backend's ``answer`` for other
    tasks (caption's is the model's own text) or when a field it needs is missing."""
    backend = str(result.get("answer") or "")
    worder = _WORDERS.get(str(result.get("task") or task or ""))
    if worder is None or not backend:
        return backend
    try:
        return worder(result) or backend
    except (_Missing, KeyError, TypeError, ValueError, IndexError):
        return backend
