"""The plugin object QGIS drives: ``initGui`` adds the action and the dock, ``unload`` removes
everything it added and stops the worker, so a plugin reload leaves no trace behind."""

from __future__ import annotations

import os
from typing import Any, Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from . import settings as settings_mod
from . import translate
from .controller import Controller
from .dock.dock_widget import GeoRSMLLMDock
from .translate import tr

PLUGIN_NAME = "GeoRSMLLM"
MENU = "&GeoRSMLLM"
ICON = os.path.join(settings_mod.PLUGIN_DIR, "resources", "icon.png")


class GeoRSMLLMPlugin:
    """One toolbar/menu action "GeoRSMLLM" that shows and hides the dock."""

    def __init__(self, iface: Any) -> None:
        self.iface = iface
        translate.install_translator()  # before any widget: labels are translated as built
        self.action: Optional[QAction] = None
        self.dock: Optional[GeoRSMLLMDock] = None
        self.controller: Optional[Controller] = None
        self.provider: Any = None

    def initProcessing(self) -> None:  # noqa: N802 (QGIS API)
        """The Processing provider (one algorithm per task). QGIS calls this without initGui
        for ``qgis_process`` (metadata.txt: hasProcessingProvider=yes); initGui calls it too."""
        if self.provider is None:
            from .processing.provider import GeoRSMLLMProvider

            self.provider = GeoRSMLLMProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 (QGIS API)
        self.initProcessing()
        main_window = self.iface.mainWindow()
        settings = settings_mod.load()
        self.dock = GeoRSMLLMDock(self.iface.mapCanvas(), settings, main_window)
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        if main_window.dockWidgetArea(self.dock) == Qt.DockWidgetArea.NoDockWidgetArea:
            # Some hosts (test stubs) accept the dock without placing it: place it ourselves.
            main_window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.controller = Controller(self.iface, self.dock, settings)

        self.action = QAction(QIcon(ICON), PLUGIN_NAME, main_window)
        self.action.setObjectName("GeoRSMLLMAction")
        self.action.setToolTip(tr("Ask a multimodal model about an area of a raster"))
        self.action.setCheckable(True)
        self.action.triggered.connect(self.dock.setVisible)  # user clicks only, not setChecked
        self.dock.visibilityChanged.connect(self.action.setChecked)
        self.iface.addRasterToolBarIcon(self.action)
        self.iface.addPluginToRasterMenu(MENU, self.action)

    def show_dock(self) -> GeoRSMLLMDock:
        """Show the dock (as the action does) and return it."""
        if self.dock is None or self.action is None:
            raise RuntimeError("initGui() was not called")
        self.action.setChecked(True)
        self.dock.show()
        return self.dock

    def unload(self) -> None:
        """Remove the action, the dock, the map tool and its outline, the Processing provider;
        stop the workers."""
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        from .processing import worker as processing_worker

        processing_worker.shutdown()
        if self.controller is not None:
            self.controller.shutdown()
            self.controller.deleteLater()
            self.controller = None
        if self.action is not None:
            self.iface.removePluginRasterMenu(MENU, self.action)
            self.iface.removeRasterToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.dock is not None:
            self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            main_window = self.iface.mainWindow()
            if main_window.dockWidgetArea(self.dock) != Qt.DockWidgetArea.NoDockWidgetArea:
                main_window.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        translate.remove_translators()
