"""The dock's inputs of the Change task, beside the shared text box (an optional question such
as "new buildings?"): the after raster layer (the raster layer at the top of the dock is the
before date), the method (with its ONNX model), the minimum area and how many of the largest
changes the model describes. ``job_fields`` turns them into the JobSpec's change fields
(``job_from_qgis.change_fields``); nothing here runs a job.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QWidget

from .. import job_from_qgis
from ..compat import RASTER_LAYER_FILTER
from ..translate import tr


def methods() -> tuple:
    """(key, title) of the change methods, in the user's language."""
    return (
        ("diff", tr("Pixel difference (no model)")),
        ("onnx", tr("ONNX change model")),
        ("vlm", tr("Pixel difference, checked by the model")),
    )


class ChangeInputs(QWidget):
    """After layer, method, ONNX model, minimum area, describe N."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.after_combo = QgsMapLayerComboBox()
        self.after_combo.setFilters(RASTER_LAYER_FILTER)
        self.after_combo.setAllowEmptyLayer(True)
        self.after_combo.setLayer(None)
        self.after_combo.setToolTip(tr("The later date. The raster layer at the top of the dock is the before date."))
        form.addRow(tr("After raster"), self.after_combo)
        self.method_combo = QComboBox()
        for key, title in methods():
            self.method_combo.addItem(title, key)
        self.method_combo.setToolTip(
            tr(
                "Pixel difference: change vector analysis after a radiometric normalisation, no model. "
                "ONNX: your change network. Checked by the model: the model drops tiles where nothing really changed."
            )
        )
        form.addRow(tr("Method"), self.method_combo)
        self.onnx_label = QLabel(tr("ONNX model"))
        self.onnx_widget = QgsFileWidget()
        self.onnx_widget.setFilter(tr("ONNX models (*.onnx)"))
        form.addRow(self.onnx_label, self.onnx_widget)
        self.min_area_spin = QDoubleSpinBox()
        self.min_area_spin.setRange(0.0, 1e9)
        self.min_area_spin.setDecimals(1)
        self.min_area_spin.setSuffix(" m²")
        self.min_area_spin.setSpecialValueText(tr("9 pixels"))
        self.min_area_spin.setToolTip(tr("Smaller changes are dropped (0: nine pixels of the rasters)."))
        form.addRow(tr("Minimum area"), self.min_area_spin)
        self.describe_spin = QSpinBox()
        self.describe_spin.setRange(0, 100)
        self.describe_spin.setValue(3)
        self.describe_spin.setToolTip(tr("The model says what changed in this many of the largest changes (0: none)."))
        form.addRow(tr("Describe largest"), self.describe_spin)
        self.method_combo.currentIndexChanged.connect(lambda _i: self._show_onnx())
        self._show_onnx()

    def method(self) -> str:
        return str(self.method_combo.currentData() or "diff")

    def set_method(self, method: str) -> None:
        self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(method)))

    def _show_onnx(self) -> None:
        onnx = self.method() == "onnx"
        self.onnx_label.setVisible(onnx)
        self.onnx_widget.setVisible(onnx)

    def job_fields(self, job: Dict[str, Any]) -> Dict[str, Any]:
        """``job`` (the dock's JobSpec dict) with the change fields; JobInputError when the
        after layer is missing or the same file as the before one."""
        fields = job_from_qgis.change_fields(
            str(job["raster"]),
            self.after_combo.currentLayer(),
            self.method(),
            self.onnx_widget.filePath(),
            self.min_area_spin.value() or None,
            self.describe_spin.value(),
        )
        return dict(job, **fields)
