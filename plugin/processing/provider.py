"""The provider: a catalogue of one ``TaskAlgorithm`` per entry of the task table.

It reads ``protocol.TASK_SPECS`` each time QGIS asks for its algorithms, so a task added to the
table (with its job module) appears in the toolbox, the modeler and ``qgis_process`` without an
edit here.
"""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ...model_backend import protocol
from ..translate import tr
from . import worker
from .algorithm import ICON, TaskAlgorithm

PROVIDER_ID = "georsmllm"


class GeoRSMLLMProvider(QgsProcessingProvider):
    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return "GeoRSMLLM"

    def longName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("GeoRSMLLM: multimodal language models over rasters")

    def icon(self) -> QIcon:
        return QIcon(ICON)

    def loadAlgorithms(self) -> None:  # noqa: N802
        for task in protocol.TASK_SPECS:
            self.addAlgorithm(TaskAlgorithm(task))

    def unload(self) -> None:
        """The warm worker goes with the provider (plugin unloaded, QGIS quitting)."""
        worker.shutdown()
        super().unload()
