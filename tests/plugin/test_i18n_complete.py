"""The French and Spanish translations are complete and safe to format.

- every ``tr("...")`` literal of the plugin is in each .ts (``make translations`` was run after
  the string was written) and translated (no "unfinished", no empty text);
- a translation keeps the source's ``{0}``-style fields and ``%n``: a missing ``{1}`` would
  raise in ``str.format`` at run time in that language only;
- each language has its compiled .qm (the zip carries them; `make translations` builds them).

No QGIS needed: the sources are read with ``ast`` and the .ts with ElementTree.
"""

from __future__ import annotations

import ast
import pathlib
import re
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANGS = ("fr", "es")
FIELD = re.compile(r"\{\d*\}|%n")


def tr_literals() -> set:
    found = set()
    for path in (ROOT / "plugin").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def messages(lang: str) -> list:
    tree = ET.parse(ROOT / "i18n" / f"georsmllm_{lang}.ts")
    return list(tree.iter("message"))


def test_the_scan_finds_the_plugin_strings():
    literals = tr_literals()
    assert {"Run", "Area of interest", "%n feature(s) found"} <= literals and len(literals) > 250


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_is_extracted_and_translated(lang):
    by_source = {m.findtext("source"): m for m in messages(lang)}
    missing = sorted(s for s in tr_literals() if s not in by_source)
    assert not missing, f"run make translations: {missing[:5]}"
    untranslated = []
    for source, message in by_source.items():
        node = message.find("translation")
        forms = [f.text for f in node.iter("numerusform")] if message.get("numerus") == "yes" else [node.text]
        if node.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            untranslated.append(source)
    assert not untranslated, f"{lang}: {untranslated[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_format_fields(lang):
    wrong = []
    for message in messages(lang):
        source = message.findtext("source") or ""
        node = message.find("translation")
        forms = [f.text or "" for f in node.iter("numerusform")] or [node.text or ""]
        for form in forms:
            want = sorted(set(FIELD.findall(source)) - ({"%n"} if len(forms) > 1 and "%n" not in form else set()))
            if sorted(set(FIELD.findall(form))) != want:
                wrong.append((source, form))
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("lang", (*LANGS, "en"))
def test_each_language_has_its_qm(lang):
    qm = ROOT / "i18n" / f"georsmllm_{lang}.qm"
    assert qm.is_file() and qm.stat().st_size > 0
    assert qm.read_bytes()[:16] == bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # Qt's .qm magic
