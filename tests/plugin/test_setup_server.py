"""Server engine settings in real headless QGIS against the real loopback OpenAI-compatible
server: the model list from /v1/models, the Check (reachable, model served, one tile), and the
API key from an environment variable or from the QGIS authentication manager."""

from __future__ import annotations

import os
import sys

import pytest

from .conftest import wait_until

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "model_backend"))
from loopback_openai_server import LoopbackOpenAIServer  # noqa: E402

MODELS = ("Qwen/Qwen2.5-VL-3B-Instruct", "Qwen/Qwen2.5-VL-7B-Instruct")


@pytest.fixture
def widget(qgis_app):
    from georsmllm.plugin.dock.server_settings import ServerSettings

    fields = {"url": "", "env": ""}
    w = ServerSettings(lambda: fields["url"], lambda: fields["env"])
    w.fields = fields
    yield w
    assert wait_until(lambda: w.task is None, 30)
    w.deleteLater()


def run_check(w, **kwargs):
    results = []
    w.checked.connect(results.append)
    w.start_check(**kwargs)
    assert wait_until(lambda: bool(results), 60), "the check never finished"
    return results[-1]


def test_list_fills_the_models_the_server_serves(widget):
    with LoopbackOpenAIServer(answer="field", models=MODELS) as srv:
        widget.fields["url"] = srv.url
        widget.list_button.click()
        assert wait_until(lambda: widget.task is None and widget.model_combo.count() == 2, 30)
        assert [widget.model_combo.itemText(i) for i in range(2)] == list(MODELS)
        assert widget.model() == MODELS[0]
        assert srv.requests == []  # listing sends no tile


def test_check_reaches_the_server_finds_the_model_and_answers_one_tile(widget):
    with LoopbackOpenAIServer(answer="farmland", models=MODELS) as srv:
        widget.fields["url"] = srv.url
        widget.set_model(MODELS[1])
        result = run_check(widget)
        assert result.ok, result.text()
        assert "One tile answered: “farmland”." in widget.check_label.text()
        assert len(srv.requests) == 1 and srv.requests[0].images[0].size == (64, 64)
        assert srv.requests[0].body["model"] == MODELS[1]


def test_check_says_which_model_is_missing(widget):
    with LoopbackOpenAIServer(answer="x", models=MODELS[:1]) as srv:
        widget.fields["url"] = srv.url
        widget.set_model("llava-hf/llava-1.5-7b-hf")
        result = run_check(widget)
        assert not result.ok and srv.requests == []
        assert "does not serve llava-hf/llava-1.5-7b-hf; it serves: Qwen/Qwen2.5-VL-3B-Instruct" in result.text()


def test_unreachable_server(widget):
    with LoopbackOpenAIServer() as srv:
        url = srv.url
    widget.fields["url"] = url  # stopped: nothing listens there now
    result = run_check(widget)
    assert not result.ok and result.text().startswith("✘ Server not reachable at " + url)


def test_key_from_environment_variable(widget, monkeypatch):
    monkeypatch.setenv("GEORSMLLM_TEST_KEY", "s3cret")
    with LoopbackOpenAIServer(answer="ok", models=MODELS, api_key="s3cret") as srv:
        widget.fields["url"] = srv.url
        widget.set_model(MODELS[0])
        assert "refused the API key (HTTP 401)" in run_check(widget).text()
        widget.fields["env"] = "GEORSMLLM_TEST_KEY"
        assert run_check(widget).ok
        assert srv.requests[-1].authorization == "Bearer s3cret"


def test_key_from_the_qgis_authentication_manager(widget, tmp_path):
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    from georsmllm.plugin.dock.server_settings import resolve_api_key

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("georsmllm-test", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("GeoRSMLLM test server")
    config.setConfig("username", "")
    config.setConfig("password", "from-auth-db")
    assert manager.storeAuthenticationConfig(config)[0]
    try:
        assert resolve_api_key("", config.id()) == "from-auth-db"
        with LoopbackOpenAIServer(answer="ok", models=MODELS, api_key="from-auth-db") as srv:
            widget.fields["url"] = srv.url
            widget.set_model(MODELS[0])
            widget.set_authcfg(config.id())
            assert widget.authcfg() == config.id()
            assert run_check(widget).ok
            assert srv.requests[-1].authorization == "Bearer from-auth-db"
    finally:
        manager.removeAuthenticationConfig(config.id())
