"""The dock's area-of-interest choice: which mode, the drawn rectangle or polygon, the selected
features (one job over their union, or one job per feature), the outline that follows the
choice, and the raster combo's preselection.

A mixin of ``GeoRSMLLMDock`` (kept apart so the dock stays readable): it uses the dock's
``aoi_box``, map tools, canvas and status line, declared below for the type checker.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsProject, QgsRasterLayer, QgsRectangle, QgsUnitTypes
from qgis.gui import QgsMapCanvas, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QRadioButton

from .. import job_from_qgis, render_layer
from ..translate import tr
from .aoi_group import UNION_ONLY, AoiGroup
from .aoi_tools import PolygonAoiTool, RectangleAoiTool


def rounded_area(rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> str:
    """'Area: 1.2 × 0.8 km (EPSG:32618).' — rounded, with units, for the status line."""
    w, h = rect.width(), rect.height()
    units = QgsUnitTypes.toAbbreviatedString(crs.mapUnits())
    if units == "m" and max(w, h) >= 1000:
        w, h, units = w / 1000, h / 1000, "km"
    return tr("Area: {0} × {1} {2} ({3}).").format(f"{w:.3g}", f"{h:.3g}", units, crs.authid() or tr("custom CRS"))


class AoiChoice:
    """AOI methods of the dock."""

    canvas: QgsMapCanvas
    aoi_box: AoiGroup
    aoi_tool: RectangleAoiTool
    polygon_tool: PolygonAoiTool
    aoi_drawn_radio: QRadioButton
    layer_combo: QgsMapLayerComboBox
    _drawn: Optional[QgsRectangle]
    _drawn_crs: Optional[QgsCoordinateReferenceSystem]
    _polygon: Optional[QgsGeometry]
    _polygon_crs: Optional[QgsCoordinateReferenceSystem]

    def set_status(self, text: str, level: str = "info") -> None:  # the dock's
        raise NotImplementedError

    def build_job(self, feature: Optional[Tuple[QgsGeometry, QgsCoordinateReferenceSystem]] = None) -> dict:
        raise NotImplementedError  # the dock's

    def aoi_mode(self) -> str:
        return self.aoi_box.mode()

    def feature_jobs(self, task: str) -> Optional[List[Tuple[int, Dict[str, Any]]]]:
        """(feature id, job) for each selected feature when "One run per feature" applies, each
        job clipped to its own polygon; None when the form makes one job (any other AOI, the
        union, or a task that runs over the union only: ``UNION_ONLY``)."""
        if self.aoi_mode() != job_from_qgis.AOI_SELECTED or not self.aoi_box.per_feature() or task in UNION_ONLY:
            return None
        polygons, crs = self.aoi_box.selected_polygons()
        if not polygons or crs is None:
            raise job_from_qgis.JobInputError(tr("Select one or more polygons of the chosen polygon layer first."))
        return [(fid, self.build_job((polygon, crs))) for fid, polygon in polygons]

    def set_aoi_mode(self, mode: str) -> None:
        self.aoi_box.set_mode(mode)

    def _preselect_raster(self, *_args: object) -> None:
        """An empty raster combo takes the active layer when it is a raster, else the first raster."""
        if self.layer_combo.currentLayer() is not None:
            return
        active = self.canvas.currentLayer() if hasattr(self.canvas, "currentLayer") else None
        layers = [active] + list(QgsProject.instance().mapLayers().values())
        raster = next((layer for layer in layers if isinstance(layer, QgsRasterLayer)), None)
        if raster is not None:
            self.layer_combo.setLayer(raster)

    def _on_layer_changed(self, layer: object) -> None:
        web = isinstance(layer, QgsRasterLayer) and layer.isValid() and not render_layer.is_file_raster(layer)
        self.aoi_box.show_resolution(web)

    def start_drawing(self) -> None:
        """Activate the rectangle tool on the canvas."""
        self.aoi_drawn_radio.setChecked(True)
        self.canvas.setMapTool(self.aoi_tool)
        self.set_status(tr("Drag a rectangle on the map."))

    def start_drawing_polygon(self) -> None:
        """Activate the polygon tool: click the corners, right-click closes."""
        self.aoi_box.polygon_radio.setChecked(True)
        self.canvas.setMapTool(self.polygon_tool)
        self.set_status(tr("Click the corners of the area on the map; right-click closes the polygon."))

    def set_drawn_aoi(self, rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> None:
        """Use ``rect`` (in ``crs``) as the area of interest; same path as drawing it."""
        self._drawn, self._drawn_crs = QgsRectangle(rect), QgsCoordinateReferenceSystem(crs)
        self.aoi_drawn_radio.setChecked(True)
        self.aoi_tool.band.show_rectangle(rect, crs)
        self.set_status(rounded_area(rect, crs))

    def set_drawn_polygon(self, polygon: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> None:
        """Use ``polygon`` (in ``crs``) as the area; results are clipped to it."""
        self._polygon, self._polygon_crs = QgsGeometry(polygon), QgsCoordinateReferenceSystem(crs)
        self.aoi_box.polygon_radio.setChecked(True)
        self.aoi_tool.band.show_geometry(polygon, crs)
        self.set_status(rounded_area(polygon.boundingBox(), crs))

    def _on_aoi_toggled(self, _button: object, on: bool) -> None:
        if on:
            self.show_chosen_aoi()

    def show_chosen_aoi(self) -> None:
        """The outline follows the AOI choice: the drawn rectangle or polygon, the selected
        features, or none for the map extent and the whole layer."""
        mode, band = self.aoi_mode(), self.aoi_tool.band
        if mode == job_from_qgis.AOI_DRAWN and self._drawn is not None and self._drawn_crs is not None:
            band.show_rectangle(self._drawn, self._drawn_crs)
        elif mode == job_from_qgis.AOI_POLYGON and self._polygon is not None and self._polygon_crs is not None:
            band.show_geometry(self._polygon, self._polygon_crs)
        elif mode == job_from_qgis.AOI_SELECTED:
            band.clear()
            self.show_selected_aoi()
        else:
            band.clear()

    def show_selected_aoi(self) -> None:
        """Outline the union of the selected features while that choice is on."""
        geometry, crs = self.aoi_box.selected_union()
        if geometry is not None and crs is not None and self.aoi_box.selected_radio.isChecked():
            self.aoi_tool.band.show_geometry(geometry, crs)
            self.set_status(rounded_area(geometry.boundingBox(), crs))
