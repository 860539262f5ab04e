"""The Processing algorithms speak the analyst's language: QGIS set to French loads the French
translator before the provider builds its algorithms, so the toolbox, the dialog and the help
read French; the parameter names and the values the job gets stay the same in every language."""

from __future__ import annotations

import pytest

from ..model_backend.batch.scenes import SHIP, write_scene


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


@pytest.fixture
def plugin(french, qgis_iface, qgis_new_project, plugin_settings, retired_workers_gone):
    """Loaded as qgis_process loads it (classFactory installs the translator, then initProcessing)."""
    import georsmllm

    p = georsmllm.classFactory(qgis_iface)
    p.initProcessing()
    yield p
    p.unload()


def alg(task):
    from qgis.core import QgsApplication

    found = QgsApplication.processingRegistry().algorithmById(f"georsmllm:{task}")
    assert found is not None, task
    return found


def descriptions(task):
    return {p.name(): p.description() for p in alg(task).parameterDefinitions()}


def switch(language, plugin):
    """The user's language as at QGIS start-up: the translator, then the provider's algorithms."""
    from georsmllm.plugin import translate

    translate.install_translator(language)
    plugin.provider.refreshAlgorithms()


def aoi_layer(count):
    from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsRectangle, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:32618", "aoi", "memory")
    features = []
    for i in range(count):
        x = 500020.0 + 100.0 * i
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, 4499700.0, x + 60.0, 4499760.0)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    QgsProject.instance().addMapLayer(layer)
    return layer


def region_names(task, parameters, raster):
    from qgis.core import QgsProcessingContext, QgsProject, QgsRasterLayer

    from georsmllm.plugin.processing import regions

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    crs = QgsRasterLayer(raster, "scene").crs()
    return [r.name for r in regions.for_parameters(alg(task), parameters, context, crs)]


def test_french_algorithms_dialog_help_and_messages_then_english_and_spanish(plugin, tmp_path):
    from qgis.core import QgsProcessingContext

    from georsmllm.model_backend import protocol
    from georsmllm.plugin import task_words
    from georsmllm.plugin.processing.algorithm import cancelled_message

    raster = write_scene(str(tmp_path / "scene.tif"), [(10, 10, 40, 30, SHIP)])
    assert plugin.provider.longName() == "GeoRSMLLM : modèles de langage multimodaux sur des rasters"
    detect = alg("detect")
    assert detect.displayName() == "Détecter des objets"
    d = descriptions("detect")
    assert d["INPUT"] == "Couche raster (un fichier que GDAL sait lire)"
    assert d["EXTENT"] == "Emprise (par défaut : toute la couche)"
    assert d["AOI"] == "Zones d'intérêt (polygones)"
    assert d["EXPRESSION"] == "Expression désignant l'objet"
    assert d["LABELS"] == "Noms d'objets, séparés par des virgules"
    assert d["OVERLAP"] == "Chevauchement des tuiles (part d'un côté)"
    assert detect.parameterDefinition("AOI_MODE").options() == [
        "une exécution par entité",
        "une exécution sur leur union",
    ]
    family = detect.parameterDefinition("FAMILY").options()
    assert family[0] == "(déduite du modèle)" and family[1:] == list(protocol.FAMILIES)
    assert detect.parameterDefinition("DEVICE").options() == list(protocol.DEVICES)  # values, not words
    assert descriptions("caption")["QUESTION"] == "Consigne (facultative)"
    change = descriptions("change")
    assert change["AFTER"] == "Raster de la date ultérieure"
    assert change["MIN_AREA"] == "Plus petit changement (m²)"
    assert change["DESCRIBE"] == "Plus grands changements décrits par le modèle"
    assert alg("change").parameterDefinition("METHOD").options() == list(protocol.CHANGE_METHODS)
    find = descriptions("find")
    assert find["TOP"] == "Meilleures tuiles à conserver"
    assert find["CONFIRM"] == "Demander au modèle de confirmer chaque tuile"
    assert {o.name(): o.description() for o in detect.outputDefinitions()}["FEATURE_COUNT"] == "Entités écrites"
    assert d["OUTPUT"] == task_words.layer_title("Detections")  # the dock's layer name, in the dock's words

    help_text = detect.shortHelpString()
    assert help_text.startswith("<p>Trouve des objets par leur nom (LABELS) ou par une expression")
    assert "<p>Paramètres :</p>" in help_text and "<p>Exemple :</p>" in help_text
    assert "Couches écrites : <b>OUTPUT</b>" in help_text
    assert "avec plusieurs polygones de zone d&#x27;intérêt : une exécution par polygone" in help_text
    assert "georsmllm:detect" in help_text  # the example is code: the same in every language

    # what the run says, and the checks before it
    assert region_names("detect", {}, raster) == ["tout le raster"]
    layer = aoi_layer(2)
    assert region_names("detect", {"AOI": layer, "AOI_MODE": 1}, raster) == ["l'union de 2 polygones de zone d'intérêt"]
    assert region_names("detect", {"AOI": layer, "AOI_MODE": 0}, raster)[0].startswith("entité ")
    assert cancelled_message(1) == "Annulé ; 1 entité écrite auparavant."
    assert cancelled_message(3) == "Annulé ; 3 entités écrites auparavant."
    ok, message = detect.checkParameterValues({"INPUT": raster, "OUTPUT": "memory:"}, QgsProcessingContext())
    assert not ok and message.startswith("Saisissez les objets à détecter")

    switch("en", plugin)
    detect = alg("detect")
    assert detect.displayName() == "Detect objects" and alg("find").displayName() == "Find"
    d = descriptions("detect")
    assert d["INPUT"] == "Raster layer (a file GDAL reads)" and d["EXPRESSION"] == "Referring expression"
    assert d["OUTPUT"] == "Detections"
    assert detect.parameterDefinition("AOI_MODE").options() == ["one run per feature", "one run over their union"]
    assert detect.parameterDefinition("FAMILY").options()[0] == "(inferred from the model)"
    assert descriptions("change")["AFTER"] == "Raster of the later date"
    assert descriptions("find")["TOP"] == "Best tiles to keep"
    help_text = detect.shortHelpString()
    assert help_text.startswith("<p>Finds objects by name (LABELS)") and "<p>Parameters:</p>" in help_text
    assert plugin.provider.longName() == "GeoRSMLLM: multimodal language models over rasters"
    assert region_names("detect", {"AOI": layer, "AOI_MODE": 1}, raster) == ["the union of 2 AOI polygons"]
    assert (cancelled_message(1), cancelled_message(2)) == (
        "Cancelled; 1 feature written before.",
        "Cancelled; 2 features written before.",
    )

    switch("es", plugin)
    change_alg = alg("change")
    assert change_alg.displayName() == "Cambio entre dos fechas"
    change = descriptions("change")
    assert (
        change["AFTER"] == "Ráster de la fecha posterior"
        and change["EXTENT"] == "Extensión (por defecto: toda la capa)"
    )
    assert change_alg.parameterDefinition("AOI_MODE").options() == [
        "una ejecución por entidad",
        "una ejecución sobre su unión",
    ]
    help_text = change_alg.shortHelpString()
    assert help_text.startswith("<p>Encuentra qué cambió entre el ráster (antes)") and "<p>Parámetros:</p>" in help_text
    assert region_names("change", {}, raster) == ["todo el ráster"]


def test_the_family_a_french_dialog_chooses_reaches_the_job_as_the_same_value(plugin, tmp_path):
    """Enum options are words in the dialog but indexes in the parameters: the inferred family
    (a French label) is no family in the job, a named one is that family's value."""
    from qgis.core import QgsProcessingContext

    from georsmllm.model_backend import protocol
    from georsmllm.plugin import settings as settings_mod
    from georsmllm.plugin.processing import params

    raster = write_scene(str(tmp_path / "scene.tif"), [(10, 10, 40, 30, SHIP)])
    ground = alg("ground")
    assert ground.parameterDefinition("FAMILY").options()[0] == "(déduite du modèle)"
    context = QgsProcessingContext()
    base = {"INPUT": raster, "EXPRESSION": "le long navire", "OUTPUT": "memory:"}
    fields = params.job_fields(ground, ground_spec(), {**base, "FAMILY": 0}, context, settings_mod.load())
    assert fields["family"] is None and fields["question"] == "le long navire"
    fields = params.job_fields(ground, ground_spec(), {**base, "FAMILY": 1}, context, settings_mod.load())
    assert fields["family"] == protocol.FAMILIES[0]


def ground_spec():
    from georsmllm.model_backend import protocol

    return protocol.task_spec("ground")
