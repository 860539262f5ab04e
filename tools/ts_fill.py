"""Fill translations into i18n/georsmllm_<lang>.ts from JSON files, for new tr() strings.

    python tools/ts_fill.py translations.json [more.json ...]

Each JSON file maps an English source to its translations, a string per language, or a list
of plural forms for a ``%n`` message::

    {"Detections": {"fr": "Détections", "es": "Detecciones"},
     "%n tile(s)": {"fr": ["%n tuile", "%n tuiles"], "es": ["%n tesela", "%n teselas"]}}

English has a .ts too, for the plural forms only: give a ``%n`` message an "en" entry
(``["%n tile", "%n tiles"]``). Only messages the .ts already holds (``make translations``
extracts them first) are filled; a translation already there is replaced. Run ``make
translations`` afterwards: it puts the files back in pylupdate5's layout and compiles the
.qm. Written with ElementTree because the .ts is plain XML and Qt Linguist is not installed
on the build machines.
"""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET  # noqa: S405 - our own .ts files, not untrusted input
from typing import Dict, List, Union

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = ("fr", "es", "en")  # English: only the plural forms ("1 tile", "2 tiles")

Translation = Union[str, List[str]]


def load(paths: List[str]) -> Dict[str, Dict[str, Translation]]:
    table: Dict[str, Dict[str, Translation]] = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for source, by_lang in json.load(f).items():
                table.setdefault(source, {}).update(by_lang)
    return table


def fill(ts_path: str, lang: str, table: Dict[str, Dict[str, Translation]]) -> List[str]:
    """Fill ``ts_path``; returns the sources of ``table`` it has no message for."""
    tree = ET.parse(ts_path)  # noqa: S314 - see the import
    seen = set()
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        text = table.get(source, {}).get(lang)
        if text is None:
            continue
        seen.add(source)
        old = message.find("translation")
        if old is not None:
            message.remove(old)
        node = ET.SubElement(message, "translation")
        if message.get("numerus") == "yes":
            forms = [text] if isinstance(text, str) else text
            for form in forms:
                ET.SubElement(node, "numerusform").text = form
        else:
            node.text = text if isinstance(text, str) else text[-1]
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return [s for s, by_lang in table.items() if lang in by_lang and s not in seen]


def main(argv: List[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    table = load(argv)
    status = 0
    for lang in LANGS:
        missing = fill(os.path.join(ROOT, "i18n", f"georsmllm_{lang}.ts"), lang, table)
        for source in missing:
            print(f"{lang}: no message {source!r} in the .ts (run make translations first)", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
