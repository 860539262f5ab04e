"""``tr()`` for the set-up and model manager: every user-visible string goes through Qt's
translator under one context, so ``pylupdate`` collects them for the French/Spanish files."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "GeoRSMLLM"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
