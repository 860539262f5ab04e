"""The plugin loads the way QGIS loads it (classFactory → initGui), docks its dock, and unload
removes everything it added."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtWidgets import QAction, QDockWidget

from .conftest import wait_until


def _flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def test_class_factory_init_gui_and_unload(qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    import georsmllm
    from georsmllm.plugin.dock.dock_widget import GeoRSMLLMDock
    from georsmllm.plugin.main import GeoRSMLLMPlugin

    main_window = qgis_iface.mainWindow()
    canvas = qgis_iface.mapCanvas()
    tool_before = canvas.mapTool()
    items_before = len(canvas.scene().items())

    plugin = georsmllm.classFactory(qgis_iface)
    assert isinstance(plugin, GeoRSMLLMPlugin)
    plugin.initGui()

    docks = [d for d in main_window.findChildren(QDockWidget) if d.objectName() == "GeoRSMLLMDock"]
    assert len(docks) == 1 and isinstance(docks[0], GeoRSMLLMDock)
    dock = docks[0]
    assert dock.windowTitle() == "GeoRSMLLM"
    assert main_window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert not dock.isVisibleTo(main_window)  # hidden until the action is used

    action = main_window.findChild(QAction, "GeoRSMLLMAction")
    assert action is not None and action.text() == "GeoRSMLLM" and not action.icon().isNull()
    main_window.show()
    action.trigger()
    assert dock.isVisible() and action.isChecked()
    action.trigger()
    assert not dock.isVisible() and not action.isChecked()

    # the settings saved by the fixture reach the dock
    plugin.show_dock()
    assert dock.settings().backend_python == plugin_settings.backend_python
    assert dock.model_group.results_edit.text() == plugin_settings.results_gpkg

    # leave some state behind that unload must clean: the AOI tool active with an outline,
    # and a worker process running
    dock.start_drawing()
    assert canvas.mapTool() is dock.aoi_tool
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    dock.set_drawn_aoi(QgsRectangle(0, 0, 10, 10), QgsCoordinateReferenceSystem("EPSG:3857"))
    assert len(canvas.scene().items()) > items_before
    client = plugin.controller.client
    client.hello()
    assert wait_until(client.is_running, 30)

    plugin.unload()
    _flush_deletes()
    assert [d for d in main_window.findChildren(QDockWidget) if d.objectName() == "GeoRSMLLMDock"] == []
    assert main_window.findChild(QAction, "GeoRSMLLMAction") is None
    assert canvas.mapTool() is tool_before or canvas.mapTool() is None
    assert len(canvas.scene().items()) == items_before
    assert plugin.dock is None and plugin.controller is None and plugin.action is None
    main_window.hide()
