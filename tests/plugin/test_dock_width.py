"""The dock lays out about 380 px wide in English, French and Spanish, in every task and with
the Model section open: no horizontal scroll bar beside the map on a 1366 x 768 screen (the
French dock used to need 557 px, the Spanish one 570)."""

from __future__ import annotations

import pytest

from .conftest import wait_until

WIDTH = 380


@pytest.fixture(params=["en", "fr", "es"])
def dock_in(request, qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    from qgis.core import QgsSettings

    import georsmllm

    settings = QgsSettings()
    old = settings.value("locale/userLocale", None)
    settings.setValue("locale/userLocale", request.param)
    plugin = georsmllm.classFactory(qgis_iface)
    plugin.initGui()
    try:
        yield request.param, plugin.show_dock()
    finally:
        plugin.unload()
        if old is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", old)


def test_every_task_fits_380_px(dock_in):
    from qgis.PyQt.QtWidgets import QWidget

    from georsmllm.model_backend import protocol

    lang, dock = dock_in
    assert dock.run_button.text() == {"en": "Run", "fr": "Lancer", "es": "Ejecutar"}[lang]
    dock.model_group.setCollapsed(False)
    dock.setFloating(True)
    dock.resize(WIDTH, 700)
    dock.show()
    scroll = dock.widget()
    body = scroll.widget()
    dock.aoi_box.show_resolution(True)  # as for an XYZ or WMS layer
    for task in protocol.TASK_SPECS:
        dock.task_group.set_task(task)
        body.adjustSize()
        wait_until(lambda: False, 0.05)
        widest = max(
            (w.minimumSizeHint().width(), type(w).__name__, getattr(w, "text", lambda: "")())
            for w in body.findChildren(QWidget)
            if w.isVisibleTo(body)
        )
        assert body.minimumSizeHint().width() <= WIDTH, (lang, task, body.minimumSizeHint().width(), widest)
        assert scroll.horizontalScrollBar().maximum() == 0, (lang, task, widest)
