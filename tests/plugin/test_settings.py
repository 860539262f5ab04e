"""Settings survive a save/load through QgsSettings; broken stored values fall back to defaults."""

from __future__ import annotations

import os

import pytest


def test_round_trip_and_defaults(qgis_app, qgis_new_project, tmp_path):
    from qgis.core import QgsApplication, QgsSettings

    from georsmllm.model_backend import protocol
    from georsmllm.plugin import settings as sm

    QgsSettings().remove("georsmllm")
    loaded = sm.load()
    assert loaded == sm.Settings()
    assert loaded.model == protocol.DEFAULT_MODEL and loaded.device == "auto" and loaded.quantization == "nf4"
    assert loaded.python == os.path.join(sm.PLUGIN_DIR, ".venv", "bin", "python")
    assert loaded.results_path(qgis_new_project) == os.path.join(
        QgsApplication.qgisSettingsDirPath(), "georsmllm", "results.gpkg"
    )

    chosen = sm.Settings(
        backend_python="/opt/py",
        model="/m",
        device="cpu",
        quantization="none",
        max_new_tokens=64,
        results_gpkg=str(tmp_path / "r.gpkg"),
    )
    sm.save(chosen)
    assert sm.load() == chosen

    QgsSettings().setValue("georsmllm/device", "tpu")
    QgsSettings().setValue("georsmllm/max_new_tokens", "many")
    assert (sm.load().device, sm.load().max_new_tokens) == ("auto", 256)
    QgsSettings().remove("georsmllm")


def test_results_go_beside_a_saved_project(qgis_new_project, tmp_path):
    from georsmllm.plugin.settings import Settings

    project_file = tmp_path / "site survey.qgz"
    qgis_new_project.setFileName(str(project_file))
    try:
        assert Settings().results_path(qgis_new_project) == str(tmp_path / "site survey_georsmllm.gpkg")
    finally:
        qgis_new_project.setFileName("")


def test_invalid_values_are_refused():
    from georsmllm.plugin.settings import Settings

    with pytest.raises(ValueError):
        Settings(device="gpu")
    with pytest.raises(ValueError):
        Settings(quantization="fp8")
