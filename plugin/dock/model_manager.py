"""The model manager: tested defaults with their download size and estimated 4-bit memory,
download into the hub cache with progress, what is cached and its size, delete from cache.

Everything touching the hub runs in the backend's Python as ``python -m model_backend.hub_cache``
(or ``model-info --estimate``) inside a QgsTask: huggingface_hub and torch live there, not in
QGIS, and the GUI thread never waits on the network. ``model_chosen`` hands a model to the
settings.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..setup.setup_page import PLUGIN_DIR
from ..setup.text import tr
from ..setup.venv_paths import Step
from ..setup.venv_task import CommandsTask
from .model_group import _human_bytes

OFFLINE_TEXT = (
    "Without internet: a model downloaded once stays in the cache and works offline. To bring a "
    "model to a computer that is never online, copy its folder (or the whole Hugging Face cache "
    "folder) from another computer and choose that folder as the model."
)


def whole_json(lines: List[str]) -> Optional[Dict[str, Any]]:
    """The indented JSON document ``model-info --json`` prints, from its first ``{`` line."""
    starts = [i for i, line in enumerate(lines) if line == "{"]
    if not starts:
        return None
    try:
        return json.loads("\n".join(lines[starts[0] :]))
    except ValueError:
        return None


def events(lines: List[str]) -> List[Dict[str, Any]]:
    """The JSON event lines of a ``hub_cache`` run (pip-style noise around them is skipped)."""
    out = []
    for line in lines:
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
    return out


class ModelManager(QDialog):
    """``python`` is the backend's interpreter; ``cache_dir`` a hub cache other than the default."""

    model_chosen = pyqtSignal(str)

    def __init__(self, python: str, parent: Optional[QWidget] = None, cache_dir: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("GeoRSMLLMModelManager")
        self.setWindowTitle(tr("GeoRSMLLM models"))
        self.python = python
        self.cache_dir = cache_dir
        self.tasks: Dict[str, CommandsTask] = {}  # running tasks by kind: download, list, delete, estimate
        self.cached: List[Dict[str, Any]] = []
        self.last_error = ""
        layout = QVBoxLayout(self)

        pick = QGroupBox(tr("Choose a model"))
        p = QVBoxLayout(pick)
        self.defaults_table = QTableWidget(0, 4)
        self.defaults_table.setHorizontalHeaderLabels([tr("Family"), tr("Model"), tr("Download"), tr("Memory (4-bit)")])
        self.defaults_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.defaults_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.defaults_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.defaults_table.horizontalHeader().setStretchLastSection(True)
        p.addWidget(self.defaults_table)
        row = QHBoxLayout()
        self.model_edit = QLineEdit()
        self.model_edit.setPlaceholderText(tr("Or any other Hugging Face id, e.g. Qwen/Qwen2.5-VL-7B-Instruct"))
        self.estimate_button = QPushButton(tr("Estimate memory"))
        self.download_button = QPushButton(tr("Download"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.use_button = QPushButton(tr("Use this model"))
        for widget in (
            self.model_edit,
            self.estimate_button,
            self.download_button,
            self.cancel_button,
            self.use_button,
        ):
            row.addWidget(widget)
        p.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        p.addWidget(self.progress)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        p.addWidget(self.status_label)
        layout.addWidget(pick)

        cache = QGroupBox(tr("Downloaded models"))
        c = QVBoxLayout(cache)
        self.cache_table = QTableWidget(0, 2)
        self.cache_table.setHorizontalHeaderLabels([tr("Model"), tr("Size on disk")])
        self.cache_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.cache_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cache_table.horizontalHeader().setStretchLastSection(True)
        c.addWidget(self.cache_table)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(tr("Refresh"))
        self.delete_button = QPushButton(tr("Delete from cache"))
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.delete_button)
        c.addLayout(buttons)
        layout.addWidget(cache)
        self.offline_label = QLabel(tr(OFFLINE_TEXT))
        self.offline_label.setWordWrap(True)
        layout.addWidget(self.offline_label)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self.defaults_table.itemSelectionChanged.connect(self._default_selected)
        self.download_button.clicked.connect(self.download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.estimate_button.clicked.connect(self.estimate)
        self.refresh_button.clicked.connect(self.refresh)
        self.delete_button.clicked.connect(self.delete_selected)
        self.use_button.clicked.connect(lambda: self.model_chosen.emit(self.model_edit.text().strip()))
        self.resize(760, 620)
        self._run("defaults", ["defaults"], self._defaults_done)
        self.refresh()

    # -- running hub_cache in a task --------------------------------------------------------
    def _run(self, kind: str, args: List[str], done, module: str = "model_backend.hub_cache") -> None:
        argv = [self.python, "-m", module]
        if module == "model_backend.hub_cache":
            argv += ["--cache-dir", self.cache_dir] if self.cache_dir else []
        task = CommandsTask(tr("GeoRSMLLM: models"), [Step(kind, argv + args)], cwd=PLUGIN_DIR)
        log = task.log  # kept: the task manager deletes the finished task
        if kind == "download":
            task.line.connect(self._download_line)
        task.done.connect(lambda ok, error: self._finished(kind, log, ok, error, done))
        self.tasks[kind] = task
        QgsApplication.taskManager().addTask(task)

    def _finished(self, kind: str, log: List[str], ok: bool, error: str, done) -> None:
        self.tasks.pop(kind, None)
        found = [whole_json(log) or {}] if kind == "estimate" else events(log)
        failed = [e["message"] for e in found if e.get("event") == "error"]
        if failed or not ok:
            cancelled = error == tr("Cancelled.")
            self.last_error = failed[-1] if failed else (error if cancelled else (" ".join(log[-3:]) or error))
            self.status_label.setText(self.last_error)
            done(None)
        else:
            done(found[-1] if found else None)

    def busy(self) -> bool:
        return bool(self.tasks)

    # -- defaults and memory estimate -------------------------------------------------------
    def _defaults_done(self, event: Optional[Dict[str, Any]]) -> None:
        models = (event or {}).get("models") or []
        self.defaults_table.setRowCount(len(models))
        for r, m in enumerate(models):
            for col, text in enumerate(
                (
                    m["family"],
                    m["model"],
                    tr("about {size}").format(size=_human_bytes(int(m["download_bytes"]))),
                    tr("(Estimate memory)"),
                )
            ):
                self.defaults_table.setItem(r, col, QTableWidgetItem(text))
        self.defaults_table.resizeColumnsToContents()

    def _default_selected(self) -> None:
        rows = self.defaults_table.selectionModel().selectedRows()
        if rows:
            self.model_edit.setText(self.defaults_table.item(rows[0].row(), 1).text())

    def estimate(self) -> None:
        model = self.model_edit.text().strip()
        if not model:
            return
        self.status_label.setText(tr("Estimating the memory of {model}…").format(model=model))
        self._run(
            "estimate",
            ["model-info", "--model", model, "--estimate", "--json", "--quantization", "nf4", "--device", "cuda"],
            lambda event: self._estimate_done(model, event),
            module="model_backend",
        )

    def _estimate_done(self, model: str, cost: Optional[Dict[str, Any]]) -> None:
        if not cost or "total_bytes" not in cost:
            return
        text = tr("about {size}").format(size=_human_bytes(int(cost["total_bytes"])))
        self.status_label.setText(
            tr("{model}: {size} of GPU memory for the weights in 4-bit.").format(model=model, size=text)
        )
        for r in range(self.defaults_table.rowCount()):
            if self.defaults_table.item(r, 1).text() == model:
                self.defaults_table.setItem(r, 3, QTableWidgetItem(text))

    # -- download ---------------------------------------------------------------------------
    def download(self) -> None:
        model = self.model_edit.text().strip()
        if not model or "download" in self.tasks:
            return
        self.last_error = ""
        self.progress.setValue(0)
        self.status_label.setText(tr("Downloading {model}…").format(model=model))
        self.download_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._run("download", ["download", model], self._download_done)

    def cancel_download(self) -> None:
        task = self.tasks.get("download")
        if task is not None:
            task.cancel()

    def _download_line(self, line: str) -> None:
        for event in events([line]):
            if event.get("event") == "progress" and event.get("total"):
                self.progress.setValue(int(100 * event["done"] / event["total"]))
                self.status_label.setText(
                    tr("Downloading: {done} of {total}").format(
                        done=_human_bytes(event["done"]), total=_human_bytes(event["total"])
                    )
                )

    def _download_done(self, event: Optional[Dict[str, Any]]) -> None:
        self.download_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if event and event.get("event") == "downloaded":
            missing = event.get("missing") or []
            if missing:
                self.last_error = tr("The download is incomplete, missing: {files}. Download again.").format(
                    files=", ".join(missing)
                )
                self.status_label.setText(self.last_error)
            else:
                self.progress.setValue(100)
                self.status_label.setText(tr("{model} is downloaded and complete.").format(model=event["repo_id"]))
            self.refresh()

    # -- cache ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if "list" not in self.tasks:
            self._run("list", ["list"], self._list_done)

    def _list_done(self, event: Optional[Dict[str, Any]]) -> None:
        self.cached = (event or {}).get("models") or []
        self.cache_table.setRowCount(len(self.cached))
        for r, m in enumerate(self.cached):
            self.cache_table.setItem(r, 0, QTableWidgetItem(m["repo_id"]))
            self.cache_table.setItem(r, 1, QTableWidgetItem(_human_bytes(int(m["size_on_disk"]))))
        self.cache_table.resizeColumnsToContents()

    def delete_selected(self) -> None:
        rows = self.cache_table.selectionModel().selectedRows()
        if not rows or "delete" in self.tasks:
            return
        repo_id = self.cache_table.item(rows[0].row(), 0).text()
        self._run("delete", ["delete", repo_id], self._delete_done)

    def _delete_done(self, event: Optional[Dict[str, Any]]) -> None:
        if event and event.get("event") == "deleted":
            self.status_label.setText(
                tr("{model} deleted, {size} freed.").format(
                    model=event["repo_id"], size=_human_bytes(int(event["freed_bytes"]))
                )
            )
        self.refresh()
