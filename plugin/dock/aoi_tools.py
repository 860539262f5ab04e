"""Map-side pieces of the area of interest: the rectangle tool and the outline that stays.

The tool reports a rectangle in the canvas CRS at the moment it was drawn (the CRS travels
with it, so a later change of the project CRS cannot silently move the area). The rubber band
shows the chosen AOI until another is chosen or the plugin unloads.
"""
from __future__ import annotations

from typing import Optional

from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsMapToolExtent, QgsRubberBand
from qgis.PyQt.QtCore import pyqtSignal
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
        if self._band is None:
            self._band = QgsRubberBand(self._canvas, GEOMETRY_POLYGON)
            self._band.setStrokeColor(AOI_COLOR)
            self._band.setFillColor(QColor(0, 0, 0, 0))
            self._band.setWidth(2)
        self._band.setToGeometry(QgsGeometry.fromRect(rect), crs)
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
