"""Qt6 readiness of the plugin, by scanning its source: only ``qgis.PyQt`` imports, scoped enum
access (``Qt.AlignmentFlag.AlignLeft``, not ``Qt.AlignLeft``), no Qt5-only APIs. QGIS 4 runs on
PyQt6, where each of these is an AttributeError or ImportError at run time."""

from __future__ import annotations

import ast
import pathlib
import re

PLUGIN = pathlib.Path(__file__).resolve().parents[2] / "plugin"

# Qt5-only names and calls PyQt6 dropped (compat.py alone may name QVariant types, behind hasattr).
QT5_ONLY = {
    r"\.exec_\(": "exec_() (PyQt6: exec())",
    r"\bQRegExp\b": "QRegExp (PyQt6: QRegularExpression)",
    r"\bQDesktopWidget\b": "QDesktopWidget (PyQt6: QScreen)",
    r"\bQtWidgets\.QAction\b|from qgis\.PyQt\.QtWidgets import [^\n]*\bQAction\b": None,  # qgis.PyQt re-exports it
    r"\bQt\.MidButton\b": "Qt.MidButton (PyQt6: Qt.MouseButton.MiddleButton)",
    r"\bQVariant\.(String|Int|Double|LongLong|Bool)\b": "QVariant.Type (PyQt6: QMetaType.Type; compat.field_type)",
    r"\bQFontMetrics\([^)]*\)\.width\(": "QFontMetrics.width (PyQt6: horizontalAdvance)",
    r"\.setMargin\(": "setMargin (PyQt6: setContentsMargins)",
}
# Unscoped enum access: Qt.<Member> where the member starts with a capital and is not an enum class.
UNSCOPED = re.compile(
    r"\b(Qt|QSizePolicy|QMessageBox|QDialogButtonBox|QAbstractItemView|QHeaderView|QFrame|QFont|"
    r"QPalette|QLineEdit|QComboBox|QTextEdit|QProgressBar|QImage|QEvent)\.([A-Z][A-Za-z0-9]*)\b(?!\.)"
)
ENUM_CLASSES = re.compile(
    r"^[A-Z][A-Za-z]*(Flag|Flags|Role|Policy|Type|Mode|Button|Buttons|Area|Areas|Icon|"
    r"State|Shape|Shadow|Weight|Format|Orientation|Key|Style|Behavior|Direction|Option|"
    r"Options|Rule|Reason|Hint|Hints|Size|Strategy|Position|Color|Group|Spacing)$"
)


def plugin_sources():
    return sorted(p for p in PLUGIN.rglob("*.py") if "__pycache__" not in p.parts)


def test_only_qgis_pyqt_imports():
    bad = []
    for path in plugin_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            bad += [
                f"{path.relative_to(PLUGIN)}:{node.lineno} {n}"
                for n in names
                if n.split(".")[0] in ("PyQt5", "PyQt6", "PySide2", "PySide6", "sip")
            ]
    assert bad == [], bad


def test_no_qt5_only_apis_or_unscoped_enums():
    bad = []
    for path in plugin_sources():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for pattern, why in QT5_ONLY.items():
                if why and re.search(pattern, code) and not (path.name == "compat.py" and "QVariant" in pattern):
                    bad.append(f"{path.relative_to(PLUGIN)}:{lineno} {why}")
            for match in UNSCOPED.finditer(code):
                member = match.group(2)
                if not ENUM_CLASSES.match(member):
                    bad.append(f"{path.relative_to(PLUGIN)}:{lineno} unscoped enum {match.group(0)}")
    assert bad == [], "\n".join(bad)


def test_the_scan_catches_what_it_forbids(tmp_path):
    """The patterns are not vacuous: each forbidden spelling is found in a sample."""
    sample = ["dialog.exec_()", "Qt.AlignLeft", "QMessageBox.Yes", "QRegExp('x')", "QVariant.String"]
    for line in sample:
        hits = [why for pattern, why in QT5_ONLY.items() if why and re.search(pattern, line)]
        hits += [m.group(0) for m in UNSCOPED.finditer(line) if not ENUM_CLASSES.match(m.group(2))]
        assert hits, line
    assert not [m for m in UNSCOPED.finditer("Qt.AlignmentFlag.AlignLeft") if not ENUM_CLASSES.match(m.group(2))]
