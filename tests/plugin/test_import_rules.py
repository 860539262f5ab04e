"""The QGIS half stays importable in QGIS's own Python: no backend libraries, Qt only through
``qgis.PyQt`` (so the same code runs on Qt5 and Qt6), no Qt5-only ``exec_()``."""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "torch",
    "transformers",
    "bitsandbytes",
    "onnxruntime",
    "rasterio",
    "shapely",
    "pyproj",
    "PIL",
    "PyQt5",
    "PyQt6",
    "sip",
    "accelerate",
    "safetensors",
    "huggingface_hub",
}
FILES = sorted((ROOT / "plugin").rglob("*.py")) + [ROOT / "__init__.py"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugin_module_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in FORBIDDEN:
                bad.append(node.module)
        elif isinstance(node, ast.Attribute) and node.attr == "exec_":
            bad.append("exec_() (use exec())")
    assert bad == [], f"{path.relative_to(ROOT)}: {bad}"


def test_backend_modules_the_plugin_imports_are_stdlib_only():
    """The plugin imports ``model_backend.protocol``; it must not drag the backend in."""
    tree = ast.parse((ROOT / "model_backend" / "protocol.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 0}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert modules <= {"__future__", "json", "dataclasses", "typing"}, modules
    used = {
        n.module
        for p in FILES
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("model_backend")
    }
    assert used <= {"model_backend", "model_backend.protocol"}, used
