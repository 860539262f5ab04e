"""The dock's "Save as…": the last result layer to GeoPackage, Shapefile, GeoJSON or FlatGeobuf.

A mixin of ``Controller`` (kept apart so the controller holds only the job flow); it uses the
controller's ``dock``, ``last_layer`` and ``_message``.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from qgis.core import Qgis

from .layers.export import FILE_FILTER, export_layer
from .layers.result_layer import ResultLayerError
from .slot_guard import guarded
from .translate import tr


class SaveActions:
    """``save_dialog`` (the button) and ``save_last_result`` (the path chosen)."""

    dock: Any
    last_layer: Any

    def _message(self, text: str, level: Any, duration: int = 0, show_more: str = "") -> None:  # the controller's
        raise NotImplementedError

    @guarded
    def save_dialog(self) -> None:
        from qgis.PyQt.QtWidgets import QFileDialog

        layer = self.last_layer
        if layer is None:
            return
        path, chosen = QFileDialog.getSaveFileName(self.dock, tr("Save the result layer"), layer.name(), FILE_FILTER)
        if path:
            ext = {"GeoPackage": ".gpkg", "ESRI": ".shp", "GeoJSON": ".geojson", "FlatGeobuf": ".fgb"}
            if not os.path.splitext(path)[1]:
                path += next((e for k, e in ext.items() if chosen.startswith(k)), ".gpkg")
            self.save_last_result(path)

    def save_last_result(self, path: str) -> Optional[str]:
        """Save the last result layer to ``path`` (format from the extension)."""
        layer = self.last_layer
        if layer is None:
            self.dock.set_status(tr("No result layer to save: it was removed from the project."), "warning")
            return None
        try:
            written = export_layer(layer, path)
        except ResultLayerError as exc:
            self.dock.set_status(str(exc), "error")
            return None
        self.dock.set_status(tr("Saved %n feature(s) to {0}.", "", layer.featureCount()).format(written), "success")
        self._message(tr("Saved to {0}.").format(written), Qgis.MessageLevel.Success, 5)
        return written
