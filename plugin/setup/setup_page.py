"""The Set-up page: create the backend environment, or use an existing Python.

Offered by the controller when no backend works and from the dock's Model section. Everything
slow (``nvidia-smi`` aside, pip and the Python check) runs as a QgsTask, so QGIS stays usable
and the task survives closing this dialog; ``python_chosen`` hands the working Python to the
settings.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Callable, List, Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from . import python_check, venv_paths
from .text import tr
from .venv_paths import CudaVersion, Platform, Step
from .venv_task import CommandsTask

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REQUIREMENTS = os.path.join(PLUGIN_DIR, "requirements.txt")
# torch (CUDA build ~2.5 GB unpacked with its libraries), transformers, rasterio and the rest.
NEEDED_BYTES = 6 * 2**30


def read_requirements(path: str = REQUIREMENTS) -> List[str]:
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


class SetupPage(QDialog):
    """``steps_for`` builds the commands for a venv folder (tests pass a network-free plan);
    ``cuda`` is the driver's CUDA version (None: no NVIDIA GPU), detected when not given."""

    python_chosen = pyqtSignal(str)

    def __init__(
        self,
        parent: Optional[QWidget] = None,
        cuda: Optional[CudaVersion] = None,
        detect: bool = True,
        steps_for: Optional[Callable[[str], List[Step]]] = None,
        needed_bytes: int = NEEDED_BYTES,
    ) -> None:
        super().__init__(parent)
        self.needed_bytes = needed_bytes
        self.setObjectName("GeoRSMLLMSetupPage")
        self.setWindowTitle(tr("GeoRSMLLM set-up"))
        self.platform: Platform = venv_paths.platform_of(sys.platform)
        self.cuda = venv_paths.detect_cuda() if (cuda is None and detect) else cuda
        self._steps_for = steps_for or self._default_steps
        self.task: Optional[CommandsTask] = None
        self.check_task: Optional[CommandsTask] = None
        self.last_error: Optional[str] = None  # of the last set-up run; None when it worked
        layout = QVBoxLayout(self)

        create = QGroupBox(tr("Create the backend environment (recommended)"))
        form = QVBoxLayout(create)
        self.machine_label = QLabel(self._machine_text())
        self.machine_label.setWordWrap(True)
        form.addWidget(self.machine_label)
        self.folder_edit = QLineEdit(
            venv_paths.default_venv_dir(QgsApplication.qgisSettingsDirPath().rstrip("/\\"), self.platform)
        )
        self.folder_edit.setToolTip(tr("The folder the environment is created in (in your QGIS profile)."))
        form.addWidget(self.folder_edit)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(tr("Create environment"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.cancel_button)
        form.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        form.addWidget(self.progress)
        self.status_label = QLabel(tr("Not started."))
        self.status_label.setWordWrap(True)
        form.addWidget(self.status_label)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)
        form.addWidget(self.log_view)
        layout.addWidget(create)

        existing = QGroupBox(tr("Or use an existing Python"))
        ex = QVBoxLayout(existing)
        row = QHBoxLayout()
        self.python_edit = QLineEdit()
        self.python_edit.setPlaceholderText(tr("Path of a Python that has torch, transformers and rasterio"))
        self.python_browse = QToolButton()
        self.python_browse.setText("…")
        self.check_button = QPushButton(tr("Check"))
        row.addWidget(self.python_edit)
        row.addWidget(self.python_browse)
        row.addWidget(self.check_button)
        ex.addLayout(row)
        self.check_label = QLabel(tr("Not checked yet."))
        self.check_label.setWordWrap(True)
        ex.addWidget(self.check_label)
        layout.addWidget(existing)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self.create_button.clicked.connect(self.start_setup)
        self.cancel_button.clicked.connect(self.cancel_setup)
        self.check_button.clicked.connect(self.start_check)
        self.python_browse.clicked.connect(self._browse_python)
        self.resize(640, 560)

    def _machine_text(self) -> str:
        wheel = venv_paths.torch_wheel(self.platform, self.cuda)
        if self.platform == "macos":
            return tr("macOS: torch from PyPI (no CUDA on macOS; the CPU runs the models).")
        if self.cuda is not None:
            return tr(
                "NVIDIA GPU found (driver supports CUDA {major}.{minor}): torch for CUDA ({wheel}) will be installed."
            ).format(major=self.cuda[0], minor=self.cuda[1], wheel=wheel)
        return tr("No NVIDIA GPU found: the CPU build of torch will be installed (models run slowly on the CPU).")

    def _default_steps(self, venv_dir: str) -> List[Step]:
        base = venv_paths.base_python(sys.exec_prefix, self.platform)
        return venv_paths.setup_steps(base, venv_dir, read_requirements(), self.platform, self.cuda)

    def venv_python(self) -> str:
        return venv_paths.venv_python(self.folder_edit.text().strip(), self.platform)

    def start_setup(self) -> None:
        folder = self.folder_edit.text().strip()
        if not folder:
            self.status_label.setText(tr("Choose a folder for the environment first."))
            return
        os.makedirs(os.path.dirname(folder) or ".", exist_ok=True)
        free = shutil.disk_usage(os.path.dirname(folder) or ".").free
        if free < self.needed_bytes:
            self.last_error = tr(
                "Only {free:.1f} GB are free on that disk; the environment needs about {need:.0f} GB. "
                "Free some space or choose a folder on another disk."
            ).format(free=free / 1e9, need=self.needed_bytes / 1e9)
            self.status_label.setText(self.last_error)
            return
        self.log_view.clear()
        self.progress.setValue(0)
        task = CommandsTask(tr("GeoRSMLLM: creating the backend environment"), self._steps_for(folder), cwd=PLUGIN_DIR)
        task.line.connect(self.log_view.appendPlainText)
        task.step_started.connect(self.status_label.setText)
        task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        task.done.connect(self._setup_done)
        self.task = task
        self.create_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        QgsApplication.taskManager().addTask(task)

    def cancel_setup(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _setup_done(self, ok: bool, error: str) -> None:
        self.task = None  # the task manager deletes the finished task
        self.last_error = None if ok else error
        self.create_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if ok:
            self.progress.setValue(100)
            self.status_label.setText(
                tr("The backend environment is ready: {python}").format(python=self.venv_python())
            )
            self.python_chosen.emit(self.venv_python())
        else:
            self.status_label.setText(error)

    def start_check(self) -> None:
        python = self.python_edit.text().strip()
        if not python or not os.path.isfile(python):
            self.check_label.setText(tr("This file does not exist."))
            return
        self.check_label.setText(tr("Checking…"))
        task = CommandsTask(tr("GeoRSMLLM: checking a Python"), [python_check.check_step(python)], cwd=PLUGIN_DIR)
        log = task.log  # kept: the task manager deletes the finished task
        task.done.connect(lambda ok, error: self._check_done(log, ok, error))
        self.check_task = task
        QgsApplication.taskManager().addTask(task)

    def _check_done(self, log: List[str], ok: bool, error: str) -> None:
        self.check_task = None
        result = python_check.parse_check(log)
        if not ok or result is None:
            tail = " ".join(log[-3:])
            self.check_label.setText(tr("This Python cannot run the backend: {why}").format(why=tail or error))
            return
        self.check_label.setText(python_check.describe(result))
        if not python_check.missing_packages(result):
            self.python_chosen.emit(self.python_edit.text().strip())

    def _browse_python(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Backend Python"), self.python_edit.text())
        if path:
            self.python_edit.setText(path)
