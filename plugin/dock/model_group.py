"""The dock's collapsible "Model" section: model, device, quantization, backend Python.

It edits a ``Settings`` value and says when it changed; saving is the controller's job.
"""
from __future__ import annotations

import dataclasses

from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                                 QSpinBox, QToolButton, QWidget)

from ...model_backend import protocol
from ..settings import Settings, default_backend_python, default_results_gpkg


class ModelGroup(QgsCollapsibleGroupBox):
    """Shows and edits the model settings; ``check_requested`` asks for the backend's versions."""

    changed = pyqtSignal()
    check_requested = pyqtSignal()

    def __init__(self, parent: QWidget = None) -> None:
        super().__init__("Model", parent)
        self.setObjectName("GeoRSMLLMModelGroup")
        self.setSaveCollapsedState(False)
        form = QFormLayout(self)
        self.model_edit = QLineEdit()
        self.model_edit.setToolTip("A Hugging Face model id (downloaded to the cache on first use) or a local folder.")
        self.model_browse = QToolButton()
        self.model_browse.setText("…")
        self.model_browse.setToolTip("Choose a local model folder")
        form.addRow("Model", self._row(self.model_edit, self.model_browse))
        self.device_combo = QComboBox()
        self.device_combo.addItems(list(protocol.DEVICES))
        self.device_combo.setToolTip("auto: the GPU (CUDA) when there is one, else the CPU.")
        form.addRow("Device", self.device_combo)
        self.quant_combo = QComboBox()
        self.quant_combo.addItems(list(protocol.QUANTIZATIONS))
        self.quant_combo.setToolTip("nf4: 4-bit weights (about a quarter of the memory); int8; none: full precision.")
        form.addRow("Quantization", self.quant_combo)
        self.tokens_spin = QSpinBox()
        self.tokens_spin.setRange(1, 4096)
        form.addRow("Max. answer tokens", self.tokens_spin)
        self.python_edit = QLineEdit()
        self.python_edit.setPlaceholderText(default_backend_python())
        self.python_edit.setToolTip("The Python of the backend environment (torch, transformers, rasterio).")
        self.python_browse = QToolButton()
        self.python_browse.setText("…")
        form.addRow("Backend Python", self._row(self.python_edit, self.python_browse))
        self.results_edit = QLineEdit()
        self.results_edit.setToolTip("GeoPackage the Captions layer is written to; empty: beside the project.")
        form.addRow("Results", self.results_edit)
        self.check_button = QPushButton("Check backend")
        self.backend_label = QLabel("Backend not checked yet.")
        self.backend_label.setWordWrap(True)
        form.addRow(self.check_button, self.backend_label)

        self.model_browse.clicked.connect(self._browse_model)
        self.python_browse.clicked.connect(self._browse_python)
        self.check_button.clicked.connect(self.check_requested)
        for edit in (self.model_edit, self.python_edit, self.results_edit):
            edit.editingFinished.connect(self.changed)
        for combo in (self.device_combo, self.quant_combo):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.tokens_spin.editingFinished.connect(self.changed)

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        return row

    def settings(self, base: Settings) -> Settings:
        """``base`` with the values of this section."""
        return dataclasses.replace(
            base, model=self.model_edit.text().strip() or protocol.DEFAULT_MODEL,
            device=self.device_combo.currentText(), quantization=self.quant_combo.currentText(),
            max_new_tokens=self.tokens_spin.value(), backend_python=self.python_edit.text().strip(),
            results_gpkg=self.results_edit.text().strip(),
        )

    def set_settings(self, settings: Settings) -> None:
        self.model_edit.setText(settings.model)
        self.device_combo.setCurrentText(settings.device)
        self.quant_combo.setCurrentText(settings.quantization)
        self.tokens_spin.setValue(int(settings.max_new_tokens))
        self.python_edit.setText(settings.backend_python)
        self.results_edit.setText(settings.results_gpkg)
        self.results_edit.setPlaceholderText(default_results_gpkg())

    def _browse_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Model folder", self.model_edit.text())
        if folder:
            self.model_edit.setText(folder)
            self.changed.emit()

    def _browse_python(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Backend Python", self.python_edit.text())
        if path:
            self.python_edit.setText(path)
            self.changed.emit()
