"""The plugin speaks the analyst's language: QGIS set to French (``locale/userLocale=fr``)
loads i18n/georsmllm_fr.qm and the dock shows French labels; English gets right plurals."""

from __future__ import annotations

import pytest


@pytest.fixture
def french(qgis_app):
    from qgis.core import QgsSettings

    settings = QgsSettings()
    old = settings.value("locale/userLocale", None)
    settings.setValue("locale/userLocale", "fr_FR")
    yield
    if old is None:
        settings.remove("locale/userLocale")
    else:
        settings.setValue("locale/userLocale", old)


def test_french_dock(french, qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    import georsmllm

    plugin = georsmllm.classFactory(qgis_iface)
    plugin.initGui()
    try:
        dock = plugin.show_dock()
        assert dock.run_button.text() == "Lancer" and dock.cancel_button.text() == "Annuler"
        assert dock.aoi_box.title() == "Zone d'intérêt"
        assert dock.aoi_box.polygon_radio.text() == "Dessiner un polygone"
        assert (
            dock.task_group.task_combo.itemText(dock.task_group.task_combo.findData("detect")) == "Détecter des objets"
        )
        assert dock.status() == "Choisissez une couche raster et une zone, puis cliquez sur Lancer."
        dock.task_group.set_task("ask")
        assert dock.task_group.text() == "Décrivez cette zone."  # Ask's default question, in French
        dock.task_group.set_task("ground")
        assert dock.task_group.text_edit.placeholderText() == "le grand bâtiment blanc à côté de la piscine"
        dock.set_progress(1, 2, "detect", "1 features found")
        assert dock.progress_bar.text() == "detect : 1 sur 2 tuiles"
        assert dock.status() == "1 entité trouvée"
        dock.set_progress(1, 1, "detect", "3 features found")
        assert dock.progress_bar.text() == "detect : 1 sur 1 tuile" and dock.status() == "3 entités trouvées"
        dock.layer_combo.setLayer(None)
        dock._on_run()
        assert dock.status() == "Choisissez d'abord une couche raster."
    finally:
        plugin.unload()
    from georsmllm.plugin.translate import tr

    assert tr("Run") == "Run"  # unload took the French translator out again


def test_english_plurals(loaded_plugin):
    dock = loaded_plugin.show_dock()
    dock.set_progress(0, 1, "detect", "1 features found")
    assert dock.progress_bar.text() == "detect: 0 of 1 tile" and dock.status() == "1 feature found"
    dock.set_progress(2, 2, "count", "0 features found")
    assert dock.progress_bar.text() == "count: 2 of 2 tiles" and dock.status() == "0 features found"


def test_label_counts_read_right_in_english_and_french(french, qgis_app):
    from georsmllm.plugin import translate
    from georsmllm.plugin.streamed_job import counted, english_plural

    assert [english_plural(w) for w in ("ship", "bus", "storage facility", "box", "airplane", "day")] == [
        "ships",
        "buses",
        "storage facilities",
        "boxes",
        "airplanes",
        "days",
    ]
    translate.install_translator("en")
    assert (counted("ship", 1), counted("ship", 2)) == ("1 ship", "2 ships")
    translate.install_translator("fr")
    assert counted("navire", 2) == "navire × 2"
    translate.remove_translators()
