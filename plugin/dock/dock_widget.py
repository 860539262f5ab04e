"""The "GeoRSMLLM" dock: pick a raster, an area and a task, run, watch progress, read the answer.

The dock only reads its form into a JobSpec dict (through ``job_from_qgis``) and emits it;
running the job, writing layers and talking to the worker belong to the controller, which
calls back ``set_running``/``set_progress``/``show_answer``/``set_status``.
"""

from __future__ import annotations

import html
import os
import re
from typing import List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas, QgsMapLayerComboBox
from qgis.PyQt import sip
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import job_from_qgis
from ..compat import RASTER_LAYER_FILTER
from ..settings import Settings
from ..translate import tr
from .aoi_choice import AoiChoice
from .aoi_group import AoiGroup
from .aoi_tools import PolygonAoiTool, RectangleAoiTool
from .model_group import ModelGroup
from .narrow import fit_narrow
from .progress_view import ProgressView
from .run_summary import RunSummary
from .task_group import TaskGroup

STATUS_COLORS = {"info": "palette(text)", "success": "#1a7f37", "warning": "#9a6700", "error": "#b3261e"}


def features_found(count: int) -> str:
    return tr("%n feature(s) found", "", count)


class GeoRSMLLMDock(QDockWidget, AoiChoice):
    """Form → ``run_requested(job_dict, settings)``; ``cancel_requested`` while running."""

    run_requested = pyqtSignal(dict, object)
    runs_requested = pyqtSignal(list, object)  # "One run per feature": [(feature id, job dict)], settings
    cancel_requested = pyqtSignal()
    save_requested = pyqtSignal()
    clear_requested = pyqtSignal()  # start the conversation about this area over
    settings_changed = pyqtSignal(object)
    check_requested = pyqtSignal(object)

    def __init__(self, canvas: QgsMapCanvas, settings: Settings, parent: Optional[QWidget] = None) -> None:
        super().__init__("GeoRSMLLM", parent)
        self.setObjectName("GeoRSMLLMDock")
        self.canvas = canvas
        self._settings = settings
        self._drawn: Optional[QgsRectangle] = None
        self._drawn_crs: Optional[QgsCoordinateReferenceSystem] = None
        self._polygon: Optional[QgsGeometry] = None  # drawn with the polygon tool
        self._polygon_crs: Optional[QgsCoordinateReferenceSystem] = None
        self._result_layer: Optional[QgsVectorLayer] = None  # what "Save as…" saves
        self._log: List[str] = []  # the worker's log lines of the current run (Details)
        self.aoi_tool = RectangleAoiTool(canvas)
        self.aoi_tool.rectangle_drawn.connect(self.set_drawn_aoi)
        self.polygon_tool = PolygonAoiTool(canvas, self.aoi_tool.band)
        self.polygon_tool.polygon_drawn.connect(self.set_drawn_polygon)
        self._build()
        self.model_group.set_settings(settings)
        self.run_summary.update_for(settings)
        self.set_running(False)
        self.set_status(tr("Pick a raster layer and an area, then press Run."))
        project = QgsProject.instance()
        project.layersWillBeRemoved.connect(self._on_layers_removed)
        project.cleared.connect(self._forget_result_layer)
        project.cleared.connect(self.answer_view.clear)
        project.layersAdded.connect(self._preselect_raster)
        self._preselect_raster()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        body = QWidget()
        layout = QVBoxLayout(body)
        form = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(RASTER_LAYER_FILTER)
        self.layer_combo.setAllowEmptyLayer(True)
        form.addRow(tr("Raster layer"), self.layer_combo)
        layout.addLayout(form)

        self.aoi_box = AoiGroup()
        self.aoi_canvas_radio, self.aoi_drawn_radio = self.aoi_box.canvas_radio, self.aoi_box.drawn_radio
        self.aoi_layer_radio, self.draw_button = self.aoi_box.layer_radio, self.aoi_box.draw_button
        layout.addWidget(self.aoi_box)

        self.task_group = TaskGroup()
        self.question_edit = self.task_group.text_edit  # the text box of the current task
        layout.addWidget(self.task_group)

        self.run_summary = RunSummary()  # what Run will do, until the first run
        layout.addWidget(self.run_summary)
        buttons = QGridLayout()  # four buttons in a row are too wide in French
        self.run_button = QPushButton(tr("Run"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.clear_button = QPushButton(tr("New conversation"))
        self.clear_button.setToolTip(tr("Forget the earlier questions about this area; the next question starts over."))
        self.save_button = QPushButton(tr("Save as…"))
        self.save_button.setToolTip(tr("Save the last result layer as GeoPackage, Shapefile, GeoJSON or FlatGeobuf."))
        self.save_button.setEnabled(False)
        buttons.addWidget(self.run_button, 0, 0)
        buttons.addWidget(self.cancel_button, 0, 1)
        buttons.addWidget(self.save_button, 1, 0, 1, 2)
        buttons.addWidget(self.clear_button, 2, 0, 1, 2)  # Ask only
        layout.addLayout(buttons)
        self.progress_view = ProgressView()  # tiles, tokens inside a tile, time elapsed and left
        self.progress_bar = self.progress_view.bar
        layout.addWidget(self.progress_view)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.details_button = QPushButton(tr("Details"))
        self.details_button.setToolTip(tr("What the worker wrote while this run went wrong"))
        self.details_button.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.details_button)
        layout.addLayout(status_row)

        layout.addWidget(QLabel(tr("Answer")))
        self.answer_view = QTextBrowser()
        self.answer_view.setPlaceholderText(tr("The model's answer appears here."))
        layout.addWidget(self.answer_view, 1)
        self.model_group = ModelGroup()
        self.model_group.setCollapsed(True)
        layout.addWidget(self.model_group)
        # Scrolls instead of clipping the Model section on a 1366 x 768 screen.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        fit_narrow(body)  # ~380 px in every language: no horizontal scroll bar beside the map
        scroll.setWidget(body)
        self.setWidget(scroll)

        self.draw_button.clicked.connect(self.start_drawing)
        self.details_button.clicked.connect(self.show_details)
        self.run_summary.setup_requested.connect(self._open_setup)
        self.aoi_box.polygon_button.clicked.connect(self.start_drawing_polygon)
        self.aoi_box.group.buttonToggled.connect(self._on_aoi_toggled)
        self.aoi_box.selected_combo.layerChanged.connect(lambda _l: self.show_selected_aoi())
        self.layer_combo.layerChanged.connect(self._on_layer_changed)
        self._on_layer_changed(self.layer_combo.currentLayer())
        self.run_button.clicked.connect(self._on_run)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.save_button.clicked.connect(self.save_requested)
        self.clear_button.clicked.connect(self.clear_requested)
        self.task_group.task_changed.connect(self._on_task_changed)
        self._on_task_changed(self.task_group.task())
        self.model_group.changed.connect(lambda: self.settings_changed.emit(self.settings()))
        self.model_group.check_requested.connect(lambda: self.check_requested.emit(self.settings()))

    # ------------------------------------------------------------------ form
    def settings(self) -> Settings:
        """The settings as currently shown in the Model section."""
        return self.model_group.settings(self._settings)

    def set_settings(self, settings: Settings) -> None:
        self._settings = settings
        self.model_group.set_settings(settings)
        self.run_summary.update_for(settings)

    def _open_setup(self) -> None:
        """The summary's link: the Set-up page through the Model section's signal, if it has one."""
        signal = getattr(self.model_group, "setup_requested", None)
        if signal is not None:
            signal.emit()
        else:
            self.model_group.setCollapsed(False)

    def build_job(self, feature: Optional[Tuple[QgsGeometry, QgsCoordinateReferenceSystem]] = None) -> dict:
        """The JobSpec dict for the form as it is (``feature``: one selected polygon and its CRS
        instead of their union); raises ``job_from_qgis.JobInputError``."""
        settings = self.canvas.mapSettings()
        values = self.task_group.values()
        if feature is not None:
            polygon, polygon_crs = feature
        elif self.aoi_mode() == job_from_qgis.AOI_SELECTED:
            polygon, polygon_crs = self.aoi_box.selected_union()
        else:
            polygon, polygon_crs = self._polygon, self._polygon_crs
        job = job_from_qgis.build_job(
            self.layer_combo.currentLayer(),
            str(values["question"]),
            self.settings(),
            self.aoi_mode(),
            canvas_extent=self.canvas.extent(),
            canvas_crs=settings.destinationCrs(),
            drawn=self._drawn,
            drawn_crs=self._drawn_crs,
            task=str(values["task"]),
            labels=[str(v) for v in values["labels"]],  # type: ignore[attr-defined]
            polygon=polygon,
            polygon_crs=polygon_crs,
            render_resolution=self.aoi_box.resolution_spin.value(),
        )
        if values["task"] == "find":  # heat maps beside the results GeoPackage
            heat = os.path.join(os.path.dirname(self.settings().results_path(QgsProject.instance())), "heatmaps")
            job = self.task_group.find_inputs.job_fields(job, self._drawn, self._drawn_crs, heat)
        if values["task"] == "change":  # the after raster, method, minimum area, describe N
            job = self.task_group.change_inputs.job_fields(job)
        return job

    def _on_run(self) -> None:
        task = self.task_group.task()
        if not self.task_group.is_available(task):
            self.set_status(self.task_group.reason(task), "error")
            return
        try:
            runs = self.feature_jobs(task)  # "One run per feature": a job each
            job = self.build_job() if runs is None else {}
        except job_from_qgis.JobInputError as exc:
            self.set_status(str(exc), "error")
            return
        if runs is not None:
            self.runs_requested.emit(runs, self.settings())
        else:
            self.run_requested.emit(job, self.settings())

    def _on_task_changed(self, task: str) -> None:
        self.clear_button.setVisible(task == "ask")

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.set_status(tr("Cancelling…"))
        self.cancel_requested.emit()

    # ------------------------------------------------------------------ feedback
    def is_running(self) -> bool:
        return self.cancel_button.isEnabled() or not self.run_button.isEnabled()

    def set_running(self, running: bool) -> None:
        """Idle: Run enabled, Cancel disabled, progress empty. Running: the reverse."""
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.layer_combo, self.model_group, self.draw_button, self.task_group, self.clear_button):
            widget.setEnabled(not running)
        if running:
            self.answer_view.clear()  # a new run: the last answer is not this one's
            self.run_summary.hide()  # said before the first run only
            self._log = []  # and the last error and its details are gone
            self.details_button.hide()
            self.set_status("")
            self.progress_view.start()
        else:
            self.progress_view.stop()

    def set_progress(self, done: int, total: int, stage: str = "", message: str = "") -> None:
        self.progress_view.show_progress(int(done), int(total or 0), stage)
        if stage == "generate" and message == "generating" and self.progress_view.in_tiles():
            message = ""  # inside a tile: the bar says it, the status keeps the features found
        found = re.fullmatch(r"(\d+) features? found", message)
        if found:  # the worker's count, said with the right plural in the user's language
            message = features_found(int(found.group(1)))
        if message:
            self.set_status(message[:1].upper() + message[1:])

    def append_log(self, line: str) -> None:
        """A worker log line of this run: the Details of an error."""
        self._log.append(line)
        del self._log[:-400]

    def details(self) -> str:
        return "\n".join(self._log)

    def show_details(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, tr("GeoRSMLLM"), self.status(), QMessageBox.StandardButton.Close, self
        )
        box.setDetailedText(self.details() or tr("The worker wrote nothing for this run."))
        box.exec()

    def set_status(self, text: str, level: str = "info") -> None:
        """One status line; an error brings the Details button (until the next Run)."""
        if level == "error":
            self.details_button.show()
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {STATUS_COLORS.get(level, STATUS_COLORS['info'])};")

    def status(self) -> str:
        return self.status_label.text()

    def show_answer(self, answer: str, details: str = "", warning: str = "") -> None:
        """The answer in full, a warning above it if any, model/device/time in grey below."""
        body = html.escape(answer).replace("\n", "<br>")
        top = f"<p style='color:#9a6700'><b>{html.escape(warning)}</b></p>" if warning else ""
        extra = f"<p style='color:#666; font-size:small'>{html.escape(details)}</p>" if details else ""
        self.answer_view.setHtml(f"{top}<p>{body}</p>{extra}")

    def show_conversation(self, turns: list, details: str = "", warning: str = "") -> None:
        """Every turn about this area, the newest last, with the model details under it."""
        top = f"<p style='color:#9a6700'><b>{html.escape(warning)}</b></p>" if warning else ""
        parts = [f"<p><b>{html.escape(q)}</b><br>{html.escape(a).replace(chr(10), '<br>')}</p>" for q, a in turns]
        extra = f"<p style='color:#666; font-size:small'>{html.escape(details)}</p>" if details else ""
        self.answer_view.setHtml(top + "".join(parts) + extra)
        bar = self.answer_view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def answer_text(self) -> str:
        return self.answer_view.toPlainText()

    # ------------------------------------------------------------------ result layer
    def result_layer(self) -> Optional[QgsVectorLayer]:
        """The layer "Save as…" saves; None once it left the project or was deleted."""
        layer = self._result_layer
        if layer is not None and sip.isdeleted(layer):  # a deletion no signal told us of
            self._forget_result_layer()
            return None
        return layer

    def set_result_layer(self, layer: Optional[QgsVectorLayer]) -> None:
        """Save as… follows ``layer``'s lifetime: a stale wrapper must never reach the writer."""
        old = self._result_layer
        if old is not None and not sip.isdeleted(old):
            try:
                old.destroyed.disconnect(self._forget_result_layer)
            except TypeError:  # never connected
                pass
        self._result_layer = None if layer is None or sip.isdeleted(layer) else layer
        if self._result_layer is not None:
            self._result_layer.destroyed.connect(self._forget_result_layer)
        self.save_button.setEnabled(self._result_layer is not None)

    def _forget_result_layer(self, *_args: object) -> None:
        """Drop the reference without touching the layer (it may be half destroyed)."""
        self._result_layer = None
        self.save_button.setEnabled(False)

    def _on_layers_removed(self, layer_ids: list) -> None:
        layer = self._result_layer
        if layer is not None and (sip.isdeleted(layer) or layer.id() in layer_ids):
            self._forget_result_layer()

    def cleanup(self) -> None:
        """Leave the canvas as it was: our tool off, our outline gone; no project signal left to us."""
        project = QgsProject.instance()
        project.layersWillBeRemoved.disconnect(self._on_layers_removed)
        project.cleared.disconnect(self._forget_result_layer)
        project.cleared.disconnect(self.answer_view.clear)
        project.layersAdded.disconnect(self._preselect_raster)
        self.set_result_layer(None)
        for tool in (self.aoi_tool, self.polygon_tool):
            if self.canvas.mapTool() is tool:
                self.canvas.unsetMapTool(tool)
        self.aoi_tool.band.remove()
        self.polygon_tool.deleteLater()
        self.aoi_tool.deleteLater()  # a map tool is a child of the canvas: it would outlive us
