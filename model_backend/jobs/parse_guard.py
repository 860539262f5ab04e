"""A model answer a parser cannot survive costs its tile, never the job.

Family parsers promise never to raise (``families.base``), and they are hardened to keep that
promise; the jobs do not rely on it. One pathological answer (3000 ``[``, a number too large
for a float...) among thousands of tiles must not end a job that took hours: a parser's
exception makes that tile *unreadable*, counted and warned like an answer with nothing usable.
"""

from __future__ import annotations

import logging
from typing import Any, Optional, Tuple

from ..engines.base import Generation

log = logging.getLogger(__name__)


def parse_answer(fam: Any, task: str, gen: Generation) -> Tuple[Optional[Any], str]:
    """(``fam.parse(task, ...)``, "") or, when the parser raised, (None, why in a few words)."""
    try:
        return fam.parse(task, gen.text, gen.fed_size), ""
    except Exception as exc:  # noqa: BLE001 - RecursionError, OverflowError, a parser's bug...
        why = f"the {getattr(fam, 'NAME', 'family')} parser failed ({type(exc).__name__})"
        log.debug("%s on %r", why, gen.text[:200], exc_info=True)
        return None, why
