"""Worker and backend messages reworded for the dock: the backend speaks to CLI users
(``--base-url``, ``CLI --model``, ``make setup``), the dock to an analyst who sees the Model
section and the Set-up page. Memory advice is fitted to the settings in use: no "try nf4"
when nf4 is on, no CPU advice on the CPU, none of it for a server engine.
"""

from __future__ import annotations

import re
from typing import List

from .settings import Settings
from .translate import tr

_OOM = re.compile(
    r"^Out of memory while running the model: try a smaller tile size, 4-bit quantization \(nf4\) "
    r"or the CPU device\. ?"
)
_KILLED = re.compile(r"Try quantization nf4, a smaller model or a smaller area")


def memory_advice(settings: Settings) -> str:
    """What to change when the model did not fit, given what is already set ("" for a server)."""
    if settings.engine != "transformers":
        return ""
    tips: List[str] = []
    if settings.quantization not in ("nf4", "nf4-all"):
        tips.append(tr("4-bit quantization (nf4) in the Model section"))
    tips.append(tr("a smaller model"))
    tips.append(tr("a smaller area"))
    if settings.device != "cpu":
        tips.append(tr("the CPU device (slower, uses the computer's memory)"))
    return tr("Try {0}.").format(tr(", or ").join(tips))


def for_dock(message: str, settings: Settings) -> str:
    """``message`` as the dock shows it: analyst's words, fitting advice, a capital first letter."""
    text = message.strip()
    oom = _OOM.match(text)
    if oom:
        advice = memory_advice(settings)
        detail = text[oom.end() :].strip()
        text = (
            tr("The model ran out of memory.")
            + (" " + advice if advice else "")
            + (" (" + detail + ")" if detail else "")
        )
    if _KILLED.search(text):
        advice = memory_advice(settings)
        text = _KILLED.sub(advice.rstrip(".") if advice else tr("The server engine does not run the model here"), text)
    replacements = [
        ("the model setting (CLI --model, make demo MODEL=...)", tr("the model in the Model section")),
        ("--base-url", tr("the server address (Model section)")),
        ("--model", tr("the model (Model section)")),
        ("(see the README: make setup)", tr("(Set-up… in the dock)")),
        ("make setup", tr("the Set-up page")),
    ]
    for cli, words in replacements:
        text = text.replace(cli, words)
    return text[:1].upper() + text[1:]
