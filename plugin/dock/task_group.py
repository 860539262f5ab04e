"""The dock's task section: what to ask (the tasks of ``protocol.TASK_SPECS``), and its inputs.

One text box serves every task, relabelled per task; each task keeps its own text, so
switching from Detect to Ask and back loses nothing. Detect and Count also take object names.
Tasks the chosen model cannot do are greyed out with the reason as tooltip
(``set_available``, fed from the worker's ``model_info``).
"""

from __future__ import annotations

from typing import Dict, List, Optional

from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ...model_backend import protocol
from .. import task_words
from ..translate import tr
from .change_inputs import ChangeInputs
from .find_inputs import FindInputs


def split_labels(text: str) -> List[str]:
    """'ship, storage tank;car' -> ['ship', 'storage tank', 'car'] (commas or semicolons)."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class TaskGroup(QWidget):
    """Task selector and inputs; ``values()`` gives the job fields they set."""

    task_changed = pyqtSignal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.task_combo = QComboBox()
        for spec in protocol.TASK_SPECS.values():
            self.task_combo.addItem(task_words.title(spec.name, spec.title), spec.name)
        form.addRow(tr("Task"), self.task_combo)
        self.labels_edit = QLineEdit()
        self.labels_edit.setPlaceholderText(task_words.labels_placeholder())
        self.labels_edit.setToolTip(tr("Object names, separated by commas."))
        self.labels_label = QLabel(tr("Objects"))
        form.addRow(self.labels_label, self.labels_edit)
        self.text_label = QLabel()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setMaximumHeight(64)
        form.addRow(self.text_label, self.text_edit)
        self.find_inputs = FindInputs()  # shown for Find only
        form.addRow(self.find_inputs)
        self.change_inputs = ChangeInputs()  # shown for Change only
        form.addRow(self.change_inputs)
        self._texts = {
            name: task_words.text_default(name, spec.text_default) for name, spec in protocol.TASK_SPECS.items()
        }
        self._labels = {name: "" for name, spec in protocol.TASK_SPECS.items() if spec.labels}
        self._current = "ask"
        self._show("ask")
        self.task_combo.currentIndexChanged.connect(lambda _i: self._switch(self.task()))

    # ------------------------------------------------------------------ values
    def task(self) -> str:
        return str(self.task_combo.currentData() or "ask")

    def set_task(self, task: str) -> None:
        index = self.task_combo.findData(task)
        if index < 0:
            raise ValueError(f"unknown task {task!r}")
        self.task_combo.setCurrentIndex(index)

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def set_text(self, text: str) -> None:
        self.text_edit.setPlainText(text)

    def labels(self) -> List[str]:
        return split_labels(self.labels_edit.text()) if protocol.task_spec(self.task()).labels else []

    def set_labels(self, text: str) -> None:
        self.labels_edit.setText(text)

    def values(self) -> Dict[str, object]:
        """{"task", "question", "labels"} as the job takes them (question: the text box)."""
        return {"task": self.task(), "question": self.text(), "labels": self.labels()}

    # ------------------------------------------------------------------ availability
    def set_available(self, tasks: List[str], unavailable: Dict[str, str]) -> None:
        """Grey out what the model cannot do, with the reason as tooltip; if the current task is
        one of them, move to the first available task."""
        model = self.task_combo.model()
        for row in range(self.task_combo.count()):
            task = self.task_combo.itemData(row)
            item = model.item(row)
            ok = task in tasks
            item.setEnabled(ok)
            item.setToolTip("" if ok else unavailable.get(task, tr("The chosen model cannot do this task.")))
        if self.task() not in tasks and tasks:
            self.set_task(next(t for t in protocol.TASK_SPECS if t in tasks))

    def is_available(self, task: str) -> bool:
        return self.task_combo.model().item(self.task_combo.findData(task)).isEnabled()

    def reason(self, task: str) -> str:
        return self.task_combo.model().item(self.task_combo.findData(task)).toolTip()

    # ------------------------------------------------------------------ helpers
    def _switch(self, task: str) -> None:
        self._texts[self._current] = self.text_edit.toPlainText()
        if self._current in self._labels:
            self._labels[self._current] = self.labels_edit.text()
        self._current = task
        self._show(task)
        self.task_changed.emit(task)

    def _show(self, task: str) -> None:
        spec = protocol.task_spec(task)
        with_labels = spec.labels
        self.text_label.setText(task_words.text_label(task, spec.text_label))
        self.text_edit.setPlaceholderText(task_words.placeholder(task, spec.placeholder))
        self.text_edit.setPlainText(self._texts[task])
        self.labels_label.setVisible(with_labels)
        self.find_inputs.setVisible(task == "find")
        self.change_inputs.setVisible(task == "change")
        self.labels_edit.setVisible(with_labels)
        if with_labels:
            self.labels_edit.setText(self._labels.get(task, ""))
