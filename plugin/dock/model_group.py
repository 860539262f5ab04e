"""The dock's collapsible "Model" section: engine, model, family, device, quantization, backend.

It edits a ``Settings`` value and says when it changed; saving is the controller's job.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, Optional

from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from ...model_backend import protocol
from ..settings import Settings, default_backend_python, default_results_gpkg
from ..setup.text import tr
from .server_settings import ServerSettings


class ModelGroup(QgsCollapsibleGroupBox):
    """Shows and edits the model settings; ``check_requested`` asks for the backend's versions."""

    changed = pyqtSignal()
    check_requested = pyqtSignal()
    setup_requested = pyqtSignal()  # open the Set-up page (backend environment)
    models_requested = pyqtSignal()  # open the model manager

    def __init__(self, parent: QWidget = None) -> None:
        super().__init__(tr("Model"), parent)
        self.setObjectName("GeoRSMLLMModelGroup")
        self.setSaveCollapsedState(False)
        form = QFormLayout(self)
        self.engine_combo = QComboBox()
        self.engine_combo.addItem(tr("Local model (transformers)"), "transformers")
        self.engine_combo.addItem(tr("OpenAI-compatible server"), "openai")
        self.engine_combo.setToolTip(
            tr(
                "Run the model on this computer, or ask a server (vLLM, Ollama, "
                "llama.cpp, LM Studio) that serves it to the whole team."
            )
        )
        form.addRow(tr("Engine"), self.engine_combo)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("http://gpu-server:8000/v1")
        self.url_edit.setToolTip(tr("Base URL of the OpenAI-compatible API (ends in /v1)."))
        form.addRow(tr("Server URL"), self.url_edit)
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(tr("e.g. OPENAI_API_KEY (empty: no key)"))
        self.key_edit.setToolTip(
            tr(
                "Name of the environment variable that holds the server's API key. "
                "The key itself is never stored in the settings or the project."
            )
        )
        form.addRow(tr("API key variable"), self.key_edit)
        self.model_edit = QLineEdit()
        self.model_edit.setToolTip(
            tr("A Hugging Face model id (downloaded to the cache on first use) or a local folder.")
        )
        self.model_browse = QToolButton()
        self.model_browse.setText("…")
        self.model_browse.setToolTip(tr("Choose a local model folder"))
        self.models_button = QToolButton()
        self.models_button.setText(tr("Models…"))
        self.models_button.setToolTip(tr("Choose, download or delete models"))
        self.model_row = self._row(self.model_edit, self.model_browse, self.models_button)
        form.addRow(tr("Model"), self.model_row)
        self.server = ServerSettings(lambda: self.url_edit.text(), lambda: self.key_edit.text())
        form.addRow(self.server)
        self.family_combo = QComboBox()
        self.family_combo.addItem(tr("automatic (from the model)"), "")
        for name in protocol.FAMILIES:
            self.family_combo.addItem(name, name)
        self.family_combo.setToolTip(
            tr("Decides the prompts and how boxes are read from answers; automatic reads the model's config or name.")
        )
        form.addRow(tr("Family"), self.family_combo)
        self.device_combo = QComboBox()
        self.device_combo.addItems(list(protocol.DEVICES))
        self.device_combo.setToolTip(tr("auto: the GPU (CUDA) when there is one, else the CPU."))
        form.addRow(tr("Device"), self.device_combo)
        self.quant_combo = QComboBox()
        self.quant_combo.addItems(list(protocol.QUANTIZATIONS))
        self.quant_combo.setToolTip(
            tr(
                "nf4: the language model in 4-bit, the vision tower, projector and output "
                "head in 16-bit (default); int8: the same with 8-bit; nf4-all: everything "
                "4-bit, for the smallest GPUs, lower image understanding; none: full "
                "precision."
            )
        )
        form.addRow(tr("Quantization"), self.quant_combo)
        self.cost_label = QLabel("")
        self.cost_label.setWordWrap(True)
        form.addRow(tr("Memory"), self.cost_label)
        self.tokens_spin = QSpinBox()
        self.tokens_spin.setRange(1, 4096)
        form.addRow(tr("Max. answer tokens"), self.tokens_spin)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, 64)
        self.batch_spin.setToolTip(
            tr(
                "Tiles per model call. Larger is faster on a big GPU; halved automatically "
                "when the GPU runs out of memory."
            )
        )
        form.addRow(tr("Tiles per batch"), self.batch_spin)
        self.python_edit = QLineEdit()
        self.python_edit.setPlaceholderText(default_backend_python())
        self.python_edit.setToolTip(tr("The Python of the backend environment (torch, transformers, rasterio)."))
        self.python_browse = QToolButton()
        self.python_browse.setText("…")
        form.addRow(tr("Backend Python"), self._row(self.python_edit, self.python_browse))
        self.results_edit = QLineEdit()
        self.results_edit.setToolTip(tr("GeoPackage the Captions layer is written to; empty: beside the project."))
        form.addRow(tr("Results"), self.results_edit)
        self.setup_button = QPushButton(tr("Set-up…"))
        self.setup_button.setToolTip(tr("Create the backend environment, or choose an existing Python"))
        form.addRow("", self.setup_button)
        self.check_button = QPushButton(tr("Check backend"))
        self.backend_label = QLabel(tr("Backend not checked yet."))
        self.backend_label.setWordWrap(True)
        form.addRow(self.check_button, self.backend_label)

        self.model_browse.clicked.connect(self._browse_model)
        self.python_browse.clicked.connect(self._browse_python)
        self.check_button.clicked.connect(self.check_requested)
        self.setup_button.clicked.connect(self.setup_requested)
        self.models_button.clicked.connect(self.models_requested)
        self.server.changed.connect(self.changed)
        for edit in (self.model_edit, self.python_edit, self.results_edit, self.url_edit, self.key_edit):
            edit.editingFinished.connect(self.changed)
        for combo in (self.device_combo, self.quant_combo, self.family_combo, self.engine_combo):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.engine_combo.currentIndexChanged.connect(lambda _index: self._show_engine())
        self.tokens_spin.editingFinished.connect(self.changed)
        self.batch_spin.editingFinished.connect(self.changed)
        self._form = form
        self._show_engine()

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        return row

    def settings(self, base: Settings) -> Settings:
        """``base`` with the values of this section; ``model`` is the engine in use's model."""
        engine = self.engine_combo.currentData() or "transformers"
        local = self.model_edit.text().strip() or protocol.DEFAULT_MODEL
        server = self.server.model()
        return dataclasses.replace(
            base,
            model=(server or local) if engine == "openai" else local,
            local_model=local,
            server_model=server,
            api_key_authcfg=self.server.authcfg(),
            device=self.device_combo.currentText(),
            quantization=self.quant_combo.currentText(),
            max_new_tokens=self.tokens_spin.value(),
            backend_python=self.python_edit.text().strip(),
            results_gpkg=self.results_edit.text().strip(),
            engine=self.engine_combo.currentData() or "transformers",
            base_url=self.url_edit.text().strip(),
            api_key_env=self.key_edit.text().strip(),
            family=self.family_combo.currentData() or "",
            batch_size=self.batch_spin.value(),
        )

    def set_settings(self, settings: Settings) -> None:
        remote = settings.engine == "openai"
        self.model_edit.setText(settings.local_model or (protocol.DEFAULT_MODEL if remote else settings.model))
        self.server.set_model(settings.server_model or (settings.model if remote else ""))
        self.server.set_authcfg(settings.api_key_authcfg)
        self.device_combo.setCurrentText(settings.device)
        self.quant_combo.setCurrentText(settings.quantization)
        self.tokens_spin.setValue(int(settings.max_new_tokens))
        self.python_edit.setText(settings.backend_python)
        self.results_edit.setText(settings.results_gpkg)
        self.results_edit.setPlaceholderText(default_results_gpkg())
        self.engine_combo.setCurrentIndex(max(0, self.engine_combo.findData(settings.engine)))
        self.url_edit.setText(settings.base_url)
        self.key_edit.setText(settings.api_key_env)
        self.family_combo.setCurrentIndex(max(0, self.family_combo.findData(settings.family)))
        self.batch_spin.setValue(int(settings.batch_size))
        self._show_engine()

    def _show_engine(self) -> None:
        """Server fields for the server engine; device/quantization/browse for a local model."""
        remote = self.engine_combo.currentData() == "openai"
        for widget, visible in (
            (self.url_edit, remote),
            (self.key_edit, remote),
            (self.device_combo, not remote),
            (self.quant_combo, not remote),
            (self.model_row, not remote),
            (self.server, remote),
            (self.cost_label, not remote),
        ):
            widget.setVisible(visible)
            label = self._form.labelForField(widget) if hasattr(self, "_form") else None
            if label is not None:
                label.setVisible(visible)
        self.model_edit.setToolTip(
            tr("The model name the server serves (GET /v1/models lists them).")
            if remote
            else tr("A Hugging Face model id (downloaded to the cache on first use) or a local folder.")
        )

    def set_cost(self, cost: Optional[Dict[str, Any]], note: str = "") -> None:
        """Show the worker's ``model_cost`` estimate ("about 3.1 GiB on the GPU"), the parts in
        the tooltip; ``cost`` None shows ``note`` instead (estimating..., or why it is unknown)."""
        if not cost:
            self.cost_label.setText(note)
            self.cost_label.setToolTip(note)
            return
        where = "on the GPU" if cost.get("device") == "cuda" else "of RAM (CPU)"
        self.cost_label.setText(
            f"about {_human_bytes(int(cost.get('total_bytes', 0)))} {where} for the "
            f"weights ({cost.get('quantization', '')}; tiles need more while they run)"
        )
        parts = cost.get("parts") or {}
        self.cost_label.setToolTip(
            "Estimated from the model's config.json, nothing loaded:\n"
            + "\n".join(
                f"{name}: {int(p.get('params', 0)):,} parameters, {p.get('storage', '?')}, "
                f"{_human_bytes(int(p.get('bytes', 0)))}"
                for name, p in parts.items()
            )
        )

    def _browse_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Model folder"), self.model_edit.text())
        if folder:
            self.model_edit.setText(folder)
            self.changed.emit()

    def _browse_python(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Backend Python"), self.python_edit.text())
        if path:
            self.python_edit.setText(path)
            self.changed.emit()


def _human_bytes(n: int) -> str:
    """1234567890 -> '1.1 GiB' (binary units, as the worker's ``model-info`` table)."""
    size, unit = float(n), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            break
        size /= 1024
    return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
