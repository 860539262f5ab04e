"""The one line above Run, before the first run: what will happen (which model, where it runs,
what the first run downloads), or, when no backend can run, a link to the Set-up page.

The link emits ``setup_requested``; the dock forwards it to the Model section's own
``setup_requested`` (the Set-up page's opener), or opens the Model section when there is none.
"""

from __future__ import annotations

import html
import os
from typing import Any, Dict, Optional

from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QLabel

from ..settings import Settings
from ..translate import tr
from ..worker.launch import check_python

SETUP_LINK = "setup"


def download_bytes(cost: Optional[Dict[str, Any]]) -> int:
    """What the hub download weighs: the checkpoint's parameters in bf16 (2 bytes each), from the
    worker's ``model_cost`` parts (nothing is downloaded for that estimate)."""
    parts = (cost or {}).get("parts") or {}
    return 2 * sum(int(p.get("params", 0)) for p in parts.values())


def gigabytes(n: int) -> str:
    return f"{n / 1e9:.1f}"


class RunSummary(QLabel):
    """One line: "Runs Qwen/… on this computer (cuda, nf4); the first run downloads about 7.5 GB"."""

    setup_requested = pyqtSignal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setObjectName("GeoRSMLLMRunSummary")
        self.linkActivated.connect(lambda link: link == SETUP_LINK and self.setup_requested.emit())
        self._settings: Optional[Settings] = None
        self._cost: Optional[Dict[str, Any]] = None

    def set_cost(self, cost: Optional[Dict[str, Any]]) -> None:
        self._cost = cost
        if self._settings is not None:
            self.update_for(self._settings)

    def update_for(self, settings: Settings) -> None:
        self._settings = settings
        self.setText(self.sentence(settings))

    def sentence(self, settings: Settings) -> str:
        problem = check_python(settings.python)
        if problem:
            return (
                html.escape(tr("No backend can run the models yet."))
                + f' <a href="{SETUP_LINK}">'
                + html.escape(tr("Set up the backend…"))
                + "</a>"
            )
        model = html.escape(settings.model.strip() or tr("no model chosen"))
        if settings.engine == "openai":
            return tr("Runs {0} on the server {1}; nothing is downloaded here.").format(
                model, html.escape(settings.base_url.strip() or tr("(no address yet)"))
            )
        where = tr("Runs {0} on this computer ({1}, {2})").format(model, settings.device, settings.quantization)
        size = download_bytes(self._cost)
        if os.path.isdir(settings.model.strip()):
            return where + tr("; the model is read from its folder.")
        if size:
            return where + tr("; the first run downloads about {0} GB (kept for later runs).").format(gigabytes(size))
        return where + tr("; the first run downloads the model (kept for later runs).")
