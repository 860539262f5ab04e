"""Map-side pieces of the area of interest: the rectangle and polygon tools and the outline that stays.

The tool reports a rectangle in the canvas CRS at the moment it was drawn (the CRS travels
with it, so a later change of the project CRS cannot silently move the area). The rubber band
shows the chosen AOI until another is chosen or the plugin unloads.
"""

from __future__ import annotations

from typing import List, Optional

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapTool, QgsMapToolExtent, QgsRubberBand
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

from ..compat import GEOMETRY_POLYGON

AOI_COLOR = QColor(227, 26, 28)


class AoiRubberBand:
    """A red outline (no fill) on the canvas showing the current AOI."""

    def __init__(self, canvas: QgsMapCanvas) -> None:
        self._canvas = canvas
        self._band: Optional[QgsRubberBand] = None

    def show_rectangle(self, rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> None:
        """Outline ``rect`` given in ``crs`` (transformed to the canvas CRS for display)."""
        self.show_geometry(QgsGeometry.fromRect(rect), crs)

    def show_geometry(self, geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> None:
        """Outline a polygon AOI (drawn, or the selected features) given in ``crs``."""
        if self._band is None:
            self._band = QgsRubberBand(self._canvas, GEOMETRY_POLYGON)
            self._band.setStrokeColor(AOI_COLOR)
            self._band.setFillColor(QColor(0, 0, 0, 0))
            self._band.setWidth(2)
        self._band.setToGeometry(geometry, crs)
        self._band.show()

    def is_shown(self) -> bool:
        return self._band is not None and self._band.isVisible() and self._band.numberOfVertices() > 0

    def clear(self) -> None:
        if self._band is not None:
            self._band.reset(GEOMETRY_POLYGON)

    def remove(self) -> None:
        """Take the band off the canvas for good (plugin unload)."""
        if self._band is not None:
            self._band.reset(GEOMETRY_POLYGON)
            scene = self._canvas.scene()
            if scene is not None:
                scene.removeItem(self._band)
            self._band = None


class RectangleAoiTool(QgsMapToolExtent):
    """Drag a rectangle on the map; emits it with the canvas CRS and keeps it outlined."""

    rectangle_drawn = pyqtSignal(QgsRectangle, QgsCoordinateReferenceSystem)

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self.band = AoiRubberBand(canvas)
        self.extentChanged.connect(self._on_extent)

    def _on_extent(self, rect: QgsRectangle) -> None:
        if rect.isNull() or rect.width() <= 0 or rect.height() <= 0:
            return  # a click without a drag
        crs = self.canvas().mapSettings().destinationCrs()
        self.clearRubberBand()
        self.band.show_rectangle(rect, crs)
        self.rectangle_drawn.emit(QgsRectangle(rect), crs)


class PolygonAoiTool(QgsMapTool):
    """Click the corners of a polygon; a right-click (or a double-click) closes it. Emits the
    polygon with the canvas CRS; results are later clipped to it, not to its bounding box."""

    polygon_drawn = pyqtSignal(QgsGeometry, QgsCoordinateReferenceSystem)

    def __init__(self, canvas: QgsMapCanvas, band: AoiRubberBand) -> None:
        super().__init__(canvas)
        self.band = band  # shared with the rectangle tool: one AOI outline at a time
        self.points: List[QgsPointXY] = []

    def add_point(self, point: QgsPointXY) -> None:
        """One more corner (map coordinates of the canvas CRS); the outline follows."""
        self.points.append(QgsPointXY(point))
        crs = self.canvas().mapSettings().destinationCrs()
        if len(self.points) >= 2:
            self.band.show_geometry(QgsGeometry.fromPolygonXY([self.points]), crs)

    def finish(self) -> bool:
        """Close the polygon (3 corners or more) and emit it; False when there are too few."""
        if len(self.points) < 3:
            return False
        geometry = QgsGeometry.fromPolygonXY([self.points])
        self.points = []
        crs = self.canvas().mapSettings().destinationCrs()
        self.band.show_geometry(geometry, crs)
        self.polygon_drawn.emit(geometry, crs)
        return True

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.RightButton:
            self.finish()
        elif event.button() == Qt.MouseButton.LeftButton:
            self.add_point(event.mapPoint())

    def canvasDoubleClickEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.finish()

    def deactivate(self) -> None:
        self.points = []
        super().deactivate()
