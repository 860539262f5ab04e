"""The dock's "Area of interest" box: map extent, drawn rectangle, drawn polygon, the selected
features of a polygon layer, or the whole layer; and the ground resolution at which a web
layer (XYZ, WMS…) is rendered for that area.

Only widgets and the selected features (their union, or each one for "One run per feature")
live here; the dock keeps the drawn areas and turns the choice into job fields through
``job_from_qgis``. The per-feature choice is remembered in QgsSettings, as analysts working
field by field keep it from one session to the next.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsSettings, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
)

from .. import job_from_qgis
from ..compat import POLYGON_LAYER_FILTER
from ..settings import PREFIX
from ..translate import tr

PER_FEATURE_KEY = PREFIX + "aoi_per_feature"  # QgsSettings: "One run per feature" chosen
# Tasks that always run once over the union (the tooltip says why).
UNION_ONLY = ("find", "change")


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
        self.runs_combo = QComboBox()  # under the polygon layer: the dock must fit ~380 px
        self.runs_combo.addItem(tr("One run over their union"), False)
        self.runs_combo.addItem(tr("One run per feature"), True)
        self.runs_combo.setToolTip(
            tr(
                "One run per feature: each selected polygon is a run of its own, its results tagged "
                'with the polygon\'s feature id ("aoi_fid"), all in one group. Find and Change always '
                "run once over the union: Find ranks the best tiles of the whole area, Change compares "
                "the two dates over the whole area."
            )
        )
        self.runs_combo.setCurrentIndex(1 if QgsSettings().value(PER_FEATURE_KEY, False, type=bool) else 0)
        self.runs_combo.currentIndexChanged.connect(
            lambda _i: QgsSettings().setValue(PER_FEATURE_KEY, self.per_feature())
        )
        self.group = QButtonGroup(self)
        radios = (self.canvas_radio, self.drawn_radio, self.polygon_radio, self.selected_radio, self.layer_radio)
        # A radio without a widget beside it spans both columns, and the two combos of "Selected
        # features" sit under it: side by side, a French or Spanish label and a combo need ~450 px.
        for row, radio in zip((0, 1, 2, 3, 6), radios):
            self.group.addButton(radio)
            grid.addWidget(radio, row, 0, 1, 1 if radio in (self.drawn_radio, self.polygon_radio) else 2)
        grid.addWidget(self.draw_button, 1, 1)
        grid.addWidget(self.polygon_button, 2, 1)
        grid.addWidget(self.selected_combo, 4, 0, 1, 2)
        grid.addWidget(self.runs_combo, 5, 0, 1, 2)
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
        grid.addWidget(self.resolution_label, 7, 0, 1, 2)  # above its spin box: narrow in every language
        grid.addWidget(self.resolution_spin, 8, 0, 1, 2)
        self.canvas_radio.setChecked(True)
        self.runs_combo.setEnabled(False)  # it applies to "Selected features" only
        self.selected_radio.toggled.connect(self.runs_combo.setEnabled)
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

    def per_feature(self) -> bool:
        """ "One run per feature" is chosen (it applies to "Selected features" only)."""
        return bool(self.runs_combo.currentData())

    def set_per_feature(self, on: bool) -> None:
        self.runs_combo.setCurrentIndex(1 if on else 0)

    def selected_polygons(self) -> Tuple[List[Tuple[int, QgsGeometry]], Optional[QgsCoordinateReferenceSystem]]:
        """(feature id, polygon) of each selected feature with an area, in id order, and the
        layer's CRS: the runs of "One run per feature"."""
        layer = self.selected_combo.currentLayer()
        if not isinstance(layer, QgsVectorLayer):
            return [], None
        polygons = [
            (int(f.id()), QgsGeometry(f.geometry()))
            for f in layer.selectedFeatures()
            if f.hasGeometry() and f.geometry().area() > 0
        ]
        return sorted(polygons, key=lambda p: p[0]), layer.crs()
