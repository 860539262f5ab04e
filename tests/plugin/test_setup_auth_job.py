"""A server job whose API key lives in the QGIS authentication manager, in real headless QGIS
through the real worker and the loopback server: the key reaches the server, while it is in
neither QGIS's environment nor the saved settings."""

from __future__ import annotations

import os

import pytest

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer, recorded
from .conftest import wait_until
from .test_dock_detect import add_raster, fill_form, write_raster

KEY = "key-from-the-auth-db"


@pytest.fixture
def auth_config(qgis_app):
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("georsmllm-test", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("GeoRSMLLM test server")
    config.setConfig("password", KEY)
    assert manager.storeAuthenticationConfig(config)[0]
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


@pytest.mark.timeout(300)
def test_detect_through_a_server_with_the_key_from_the_auth_manager(
    loaded_plugin, backend_python, tmp_path, auth_config
):
    from qgis.core import QgsSettings

    from georsmllm.plugin.setup.dialogs import AUTH_KEY_VARIABLE

    tif = write_raster(str(tmp_path / "scene.tif"), 300, 300, 2.0)
    layer = add_raster(tif)
    dock = loaded_plugin.show_dock()
    with LoopbackOpenAIServer(answer=recorded("prose_around"), api_key=KEY) as srv:
        fill_form(dock, layer, backend_python, str(tmp_path / "results.gpkg"), "storage tank", DEFAULT_MODEL, srv.url)
        dock.model_group.server.set_authcfg(auth_config)
        dock.set_aoi_mode("layer")
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert srv.requests and all(r.authorization == f"Bearer {KEY}" for r in srv.requests), dock.status()
    assert dock.status().startswith("Done."), dock.status()
    assert AUTH_KEY_VARIABLE not in os.environ
    from georsmllm.plugin import settings as settings_mod

    assert settings_mod.load().api_key_authcfg == auth_config  # the id is saved, the key is not:
    qs = QgsSettings()
    assert all(KEY not in str(qs.value(k)) for k in qs.allKeys())
