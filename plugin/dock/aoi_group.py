"""The dock's "Area of interest" box: map extent, drawn rectangle, drawn polygon, the selected
features of a polygon layer, or the whole layer; and the ground resolution at which a web
layer (XYZ, WMS…) is rendered for that area.

Only widgets and the union of the selected features live here; the dock keeps the drawn
areas and turns the choice into job fields through ``job_from_qgis``.
"""

from __future__ import annotations

from typing import Optional, Tuple

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QButtonGroup, QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QPushButton, QRadioButton

from .. import job_from_qgis
from ..compat import POLYGON_LAYER_FILTER
from ..translate import tr


class AoiGroup(QGroupBox):
    """Radio buttons for the AOI modes, the two Draw buttons, the polygon layer whose selected
    features make the area, and the render resolution for web layers."""

    def __init__(self) -> None:
        super().__init__(tr("Area of interest"))
        grid = QGridLayout(self)
        self.canvas_radio = QRadioButton(tr("Current map extent"))
        self.drawn_radio = QRadioButton(tr("Draw rectangle"))
        self.polygon_radio = QRadioButton(tr("Draw polygon"))
        self.selected_radio = QRadioButton(tr("Selected features"))
        self.layer_radio = QRadioButton(tr("Whole layer"))
        self.draw_button = QPushButton(tr("Draw"))
        self.draw_button.setToolTip(tr("Drag a rectangle on the map"))
        self.polygon_button = QPushButton(tr("Draw"))
        self.polygon_button.setToolTip(tr("Click the corners on the map; right-click closes the polygon"))
        self.selected_combo = QgsMapLayerComboBox()
        self.selected_combo.setFilters(POLYGON_LAYER_FILTER)
        self.selected_combo.setToolTip(tr("The polygon layer whose selected features make the area"))
        self.group = QButtonGroup(self)
        radios = (self.canvas_radio, self.drawn_radio, self.polygon_radio, self.selected_radio, self.layer_radio)
        for row, radio in enumerate(radios):
            self.group.addButton(radio)
            grid.addWidget(radio, row, 0)
        grid.addWidget(self.draw_button, 1, 1)
        grid.addWidget(self.polygon_button, 2, 1)
        grid.addWidget(self.selected_combo, 3, 1)
        self.resolution_label = QLabel(tr("Web layer resolution"))
        self.resolution_spin = QDoubleSpinBox()
        self.resolution_spin.setRange(0.05, 100000.0)
        self.resolution_spin.setDecimals(2)
        self.resolution_spin.setValue(1.0)
        self.resolution_spin.setSuffix(tr(" m/pixel"))
        self.resolution_spin.setToolTip(
            tr(
                "XYZ, WMS and other web layers are rendered for the area at this "
                "ground resolution before the model reads them."
            )
        )
        grid.addWidget(self.resolution_label, 5, 0)
        grid.addWidget(self.resolution_spin, 5, 1)
        self.canvas_radio.setChecked(True)
        self.radios = {
            job_from_qgis.AOI_CANVAS: self.canvas_radio,
            job_from_qgis.AOI_DRAWN: self.drawn_radio,
            job_from_qgis.AOI_POLYGON: self.polygon_radio,
            job_from_qgis.AOI_SELECTED: self.selected_radio,
            job_from_qgis.AOI_LAYER: self.layer_radio,
        }

    def mode(self) -> str:
        for mode, radio in self.radios.items():
            if radio.isChecked():
                return mode
        return job_from_qgis.AOI_CANVAS

    def set_mode(self, mode: str) -> None:
        self.radios[mode].setChecked(True)

    def show_resolution(self, shown: bool) -> None:
        """The resolution matters for web layers only: shown when the raster is one."""
        self.resolution_label.setVisible(shown)
        self.resolution_spin.setVisible(shown)

    def selected_union(self) -> Tuple[Optional[QgsGeometry], Optional[QgsCoordinateReferenceSystem]]:
        """The union of the selected features of the chosen polygon layer and its CRS, or
        (None, None) when nothing is selected."""
        layer = self.selected_combo.currentLayer()
        if not isinstance(layer, QgsVectorLayer) or layer.selectedFeatureCount() == 0:
            return None, None
        geometries = [f.geometry() for f in layer.selectedFeatures() if f.hasGeometry()]
        if not geometries:
            return None, None
        return QgsGeometry.unaryUnion(geometries), layer.crs()
