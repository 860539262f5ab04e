"""The wire format both halves share."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from model_backend import protocol as P


def test_roundtrip_one_line_per_message():
    msg = P.request(3, "run", P.JobSpec(raster="a.tif", question="line1\nline2").to_dict())
    line = P.encode(msg)
    assert line.endswith("\n") and line.count("\n") == 1
    assert P.decode(line) == msg


def test_jobspec_rejects_unknown_and_missing_keys():
    with pytest.raises(ValueError, match="unknown job parameter"):
        P.JobSpec.from_dict({"raster": "a.tif", "questoin": "typo"})
    with pytest.raises(ValueError, match="raster"):
        P.JobSpec.from_dict({"question": "x"})
    assert P.JobSpec.from_dict({"raster": "a.tif"}).question is None  # ask asks DEFAULT_QUESTION


def test_decode_rejects_non_objects():
    for bad in ("[1, 2]", "42", "nope"):
        with pytest.raises(ValueError):
            P.decode(bad)


def test_protocol_module_uses_the_standard_library_only():
    """The plugin imports it inside QGIS's Python, where our packages are absent: protocol and
    the task table it re-exports (tasks.py) import the standard library and each other only."""
    for path in (Path(P.__file__), Path(P.__file__).with_name("tasks.py")):
        tree = ast.parse(path.read_text())
        froms = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert {n.module for n in froms if n.level} <= {"tasks"}, path
        roots = {(n.module or "").split(".")[0] for n in froms if not n.level}
        roots |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert roots <= {"__future__", "json", "dataclasses", "typing"}, path


def test_a_message_is_one_line_for_every_reader():
    """json leaves U+0085, U+2028 and U+2029 raw; str.splitlines breaks lines there. Found by
    hypothesis in the reliability suite (a method named '\\x85')."""
    text = "a\x85b\u2028c\u2029d\ne\r"
    line = P.encode({"jsonrpc": "2.0", "id": 1, "method": text})
    assert len(line.splitlines()) == 1 and line.endswith("\n")
    assert P.decode(line)["method"] == text
