"""The dock's answer sentences (plugin/answer_words.py) in English and French, from results the
real jobs returned (recorded_results.json: printed by tests/model_backend/jobs/test_answer_fields.py,
find/test_find_result_fields.py and change/test_change_result_fields.py, paths shortened); and the
result layers' names (task_words.layer_title) in both languages."""

from __future__ import annotations

import copy
import json
import os

import pytest

RECORDED = json.load(open(os.path.join(os.path.dirname(__file__), "recorded_results.json"), encoding="utf-8"))


@pytest.fixture(params=["en", "fr"])
def language(request, qgis_app):
    from georsmllm.plugin import translate

    translate.install_translator(request.param)
    yield request.param
    translate.remove_translators()


def said(name: str, **changes) -> str:
    """The dock's sentence for recorded result ``name``; QLocale's (narrow) no-break spaces as spaces."""
    from georsmllm.plugin.answer_words import answer

    result = copy.deepcopy(RECORDED[name])
    result.update(changes)
    return answer(result).replace("\u202f", " ").replace("\u00a0", " ")


EXPECTED = {
    "en": {
        "count": "2 ships, 1 storage tank in the area",
        "count_unread": "at least 4 tanks in the area (3 of 9 tiles had an unreadable answer)",
        "ground": "located the largest bright roof (score 0.20): best of 7 candidate boxes in 30 tiles",
        "ground_none": "the model found no largest bright roof in the area",
        "change": "3 change polygons between before.tif and after.tif, 11,617 m² in all (diff); largest 4,804 m².",
        "find": "Best 3 tiles for 'solar farm' in 1 of 1 raster(s): scene.tif: 3 (best #1, score -0.364).",
        "find_confirm": "Best 24 tiles for 'solar farm' in 1 of 1 raster(s): scene.tif: 24 (best #1, score -0.364)."
        " The VLM said yes to 12 of 24 tiles.",
    },
    "fr": {
        "count": "ship × 2, storage tank × 1 dans la zone",
        "count_unread": "au moins tank × 4 dans la zone (réponse illisible pour 3 sur 9 tuiles)",
        "ground": "localisé : the largest bright roof (score 0,20) : la meilleure de 7 boîtes candidates sur 30 tuiles",
        "ground_none": "le modèle n'a rien trouvé correspondant à « largest bright roof » dans la zone",
        "change": "3 polygones de changement entre before.tif et after.tif, 11 617 m² au total (diff) ;"
        " le plus grand : 4 804 m².",
        "find": "3 meilleures tuiles pour « solar farm » dans 1 raster(s) sur 1 : scene.tif : 3 (meilleure n° 1,"
        " score -0,364).",
        "find_confirm": "24 meilleures tuiles pour « solar farm » dans 1 raster(s) sur 1 : scene.tif : 24"
        " (meilleure n° 1, score -0,364). Le VLM a répondu oui pour 12 sur 24 tuiles.",
    },
}


@pytest.mark.parametrize("name", list(EXPECTED["en"]))
def test_each_task_in_english_and_french(language, name):
    assert said(name) == EXPECTED[language][name]


def test_english_says_what_the_backend_says(qgis_app):
    """The same words as the backend's English answer, only with real plurals."""
    from georsmllm.plugin import translate

    translate.install_translator("en")
    try:
        for name in ("ground", "ground_none", "find", "find_confirm"):
            assert said(name) == RECORDED[name]["answer"].replace(" of 24.", " of 24 tiles.")
        for name in ("count", "count_unread", "change"):
            assert said(name) == RECORDED[name]["answer"].replace("(s)", "s").replace("storage tanks", "storage tank")
    finally:
        translate.remove_translators()


def test_count_unknown_cancelled_and_one_tile(language):
    unknown = said("count_unread", tiles_unparsed=9, counts={}, count=None)
    cancelled = said("count", status="cancelled", tiles_done=1, tiles_total=4)
    one = said("count", labels=["ship"], counts={"ship": 1, "boat": 2})
    if language == "en":
        assert unknown == (
            "unknown: the model's answers could not be read for any of the 9 tiles with data, "
            "so the tank could not be counted"
        )
        assert cancelled == "2 ships, 1 storage tank in the area (partial: cancelled after 1 of 4 tiles)"
        assert one == "1 ship, 2 boats in the area"  # asked labels first, then what else the model named
    else:
        assert unknown == (
            "inconnu : aucune réponse du modèle n'a pu être lue sur 9 tuiles avec données ; "
            "« tank » n'a donc pas pu être compté"
        )
        assert cancelled == "ship × 2, storage tank × 1 dans la zone (partiel : annulé après 1 sur 4 tuiles)"
        assert one == "ship × 1, boat × 2 dans la zone"


def test_change_described_and_none_found_and_find_unclear(language):
    described = said("change", description="A new warehouse.")
    none = said("change", changes=0, area_m2_total=0, area_m2_largest=None)
    unclear = said("find_confirm", verdicts={"asked": 24, "yes": 10, "no": 11, "unclear": 3})
    if language == "en":
        assert described.endswith("; largest 4,804 m²: A new warehouse.")
        assert none == "No change found between before.tif and after.tif (diff)."
        assert unclear.endswith("The VLM said yes to 10 of 24 tiles (3 unclear).")
    else:
        assert described.endswith(" ; le plus grand : 4 804 m²: A new warehouse.")
        assert none == "Aucun changement trouvé entre before.tif et after.tif (diff)."
        assert unclear.endswith("Le VLM a répondu oui pour 10 sur 24 tuiles (3 incertaine(s)).")


@pytest.mark.parametrize(
    "name,drop",
    [("count", "counts"), ("ground", "candidates"), ("change", "area_m2_largest"), ("find", "verdicts")],
)
def test_a_missing_field_gives_the_backends_answer(language, name, drop):
    from georsmllm.plugin.answer_words import answer

    result = copy.deepcopy(RECORDED[name])
    del result[drop]
    assert answer(result) == RECORDED[name]["answer"]


def test_other_tasks_and_failures_keep_the_backends_words(language):
    from georsmllm.plugin.answer_words import answer

    assert answer({"task": "caption", "answer": "Fields and a river."}) == "Fields and a river."
    assert answer({}, "count") == ""  # a failed job: no answer, nothing composed
    assert answer({**RECORDED["count"], "task": None}, "count") == EXPECTED[language]["count"]


def test_layer_titles(language):
    from georsmllm.model_backend import protocol
    from georsmllm.plugin.task_words import layer_title

    titles = {layer.title for spec in protocol.TASK_SPECS.values() for layer in spec.layers}
    named = {title: layer_title(title) for title in titles}
    if language == "en":
        assert all(name == title for title, name in named.items())
    else:
        assert named["Detections"] == "Détections" and named["Count evidence"] == "Preuves du comptage"
        # every title of the task table has its French name (a new LayerSpec needs one in task_words)
        assert all(name != title for title, name in named.items()), named
    assert layer_title("Some new layer") == "Some new layer"
