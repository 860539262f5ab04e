"""The dock's inputs of the Find task, beside the shared text box (the query in words).

How many best tiles to keep, whether the VLM confirms them, which image-text encoder ranks them,
whether every raster layer of the project is searched, and "more like this": the drawn
rectangle is then the query (an image of the chosen raster) instead of the area to search.
``job_fields`` turns them into the JobSpec's find fields; nothing here runs a job.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer, QgsRectangle
from qgis.PyQt.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from ...model_backend import protocol
from .. import job_from_qgis
from ..translate import tr


class FindInputs(QWidget):
    """Top K, confirm, encoder, whole project, more like this."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.top_spin = QSpinBox()
        self.top_spin.setRange(1, 10_000)
        self.top_spin.setValue(20)
        self.top_spin.setToolTip(tr("How many best-matching tiles the Find layer keeps."))
        form.addRow(tr("Best tiles"), self.top_spin)
        self.encoder_edit = QLineEdit(protocol.DEFAULT_ENCODER)
        self.encoder_edit.setToolTip(
            tr(
                "Image-text encoder: a CLIP or SigLIP Hugging Face id or folder (exported "
                "to ONNX on first use), or an exported ONNX folder."
            )
        )
        form.addRow(tr("Encoder"), self.encoder_edit)
        # Short check box texts (a check box cannot wrap in a narrow dock); the tooltips explain.
        self.project_check = QCheckBox(tr("All project rasters"))
        self.project_check.setToolTip(tr("Search every raster layer of the project, not only the one chosen above."))
        self.like_check = QCheckBox(tr("More like this"))
        self.like_check.setToolTip(
            tr("The drawn rectangle is the query: draw it around an example; Find ranks the tiles that look like it.")
        )
        self.confirm_check = QCheckBox(tr("Confirm with the model"))
        self.confirm_check.setToolTip(
            tr(
                "Ask the model of the Model section about each best tile "
                '("Is there a … in this image?") and locate it where it says yes.'
            )
        )
        for box in (self.project_check, self.like_check, self.confirm_check):
            form.addRow(box)

    def project_rasters(self, project: Optional[QgsProject] = None) -> List[str]:
        """The file behind every raster layer of the project that has one (others are skipped:
        the worker reads files)."""
        out = []
        for layer in (project or QgsProject.instance()).mapLayers().values():
            if isinstance(layer, QgsRasterLayer):
                try:
                    out.append(job_from_qgis.raster_path(layer))
                except job_from_qgis.JobInputError:
                    continue
        return sorted(set(out))

    def job_fields(
        self,
        job: Dict[str, Any],
        drawn: Optional[QgsRectangle],
        drawn_crs: Optional[QgsCoordinateReferenceSystem],
        heatmap_dir: str,
    ) -> Dict[str, Any]:
        """``job`` (the dock's JobSpec dict) with the find fields; JobInputError when neither
        a query nor a query rectangle is given."""
        job = dict(
            job,
            top=int(self.top_spin.value()),
            confirm=self.confirm_check.isChecked(),
            encoder=self.encoder_edit.text().strip() or protocol.DEFAULT_ENCODER,
            overlap=0.0,
            heatmap_dir=heatmap_dir,
        )
        if self.like_check.isChecked():
            if drawn is None or drawn.isNull() or drawn_crs is None:
                raise job_from_qgis.JobInputError(tr('Draw a rectangle around an example first ("Draw").'))
            job.update(
                query_box=[drawn.xMinimum(), drawn.yMinimum(), drawn.xMaximum(), drawn.yMaximum()],
                query_box_crs=job_from_qgis.crs_string(drawn_crs),
            )
            if job.get("aoi") == job["query_box"]:  # the rectangle is the example, not the area
                job.update(aoi=None, aoi_crs=None)
        elif not (job.get("question") or "").strip():
            raise job_from_qgis.JobInputError(protocol.task_spec("find").missing)
        if self.project_check.isChecked():
            job["rasters"] = [p for p in self.project_rasters() if not os.path.samefile(p, job["raster"])]
        return job
