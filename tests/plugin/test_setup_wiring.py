"""The Set-up page, the model manager and the server settings wired into the loaded plugin,
in real headless QGIS: the dock's buttons open them, what they choose lands in the saved
settings, the two engines keep two models, and Check checks the server when it is the engine."""

from __future__ import annotations

import dataclasses
import os
import sys

from .conftest import BACKEND_PYTHON, wait_until

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "model_backend"))
from loopback_openai_server import LoopbackOpenAIServer  # noqa: E402


def test_setup_button_opens_the_page_and_a_chosen_python_is_saved(loaded_plugin, tmp_path):
    from georsmllm.plugin import settings as settings_mod

    controller = loaded_plugin.controller
    controller.dock.model_group.setup_button.click()
    page = controller.setup_dialogs.setup_page
    assert page is not None and page.isVisible()
    assert page.folder_edit.text().endswith(os.path.join("georsmllm", "backend-venv"))
    page.python_chosen.emit(BACKEND_PYTHON + "3")  # what a finished set-up or a passed check sends
    assert settings_mod.load().backend_python == BACKEND_PYTHON + "3"
    assert controller.dock.model_group.python_edit.text() == BACKEND_PYTHON + "3"
    page.close()


def test_models_button_opens_the_manager_and_the_choice_becomes_the_local_model(loaded_plugin):
    from georsmllm.plugin import settings as settings_mod

    controller = loaded_plugin.controller
    controller.dock.model_group.models_button.click()
    manager = controller.setup_dialogs.model_manager
    assert manager is not None and manager.isVisible() and manager.python == BACKEND_PYTHON
    assert wait_until(lambda: not manager.busy(), 60)
    manager.model_edit.setText("Qwen/Qwen2.5-VL-7B-Instruct")
    manager.use_button.click()
    saved = settings_mod.load()
    assert saved.model == saved.local_model == "Qwen/Qwen2.5-VL-7B-Instruct"
    assert controller.dock.model_group.model_edit.text() == "Qwen/Qwen2.5-VL-7B-Instruct"
    manager.close()


def test_local_and_server_models_are_two_settings(loaded_plugin):
    group = loaded_plugin.controller.dock.model_group
    base = loaded_plugin.controller.settings
    group.set_settings(
        dataclasses.replace(
            base, engine="transformers", local_model="my/local", model="my/local", server_model="served-name"
        )
    )
    assert group.model_edit.text() == "my/local" and group.server.model() == "served-name"
    assert group.settings(base).model == "my/local"
    group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
    remote = group.settings(base)
    assert (remote.model, remote.local_model, remote.server_model) == ("served-name", "my/local", "served-name")
    assert group.server.isVisibleTo(group) and not group.model_row.isVisibleTo(group)


def test_check_checks_the_server_when_the_server_is_the_engine(loaded_plugin):
    controller = loaded_plugin.controller
    group = controller.dock.model_group
    with LoopbackOpenAIServer(answer="harbour") as srv:
        group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))
        group.url_edit.setText(srv.url)
        group.server.set_model("Qwen/Qwen2.5-VL-3B-Instruct")
        group.check_button.click()
        assert wait_until(lambda: "One tile answered" in group.server.check_label.text(), 30), (
            group.server.check_label.text()
        )
        assert len(srv.requests) == 1


def test_set_up_is_offered_when_the_backend_python_is_missing(loaded_plugin, tmp_path):
    from qgis.PyQt.QtWidgets import QPushButton

    controller = loaded_plugin.controller
    assert controller.setup_dialogs.offer_if_no_backend() is False  # this checkout's venv works
    controller.settings = dataclasses.replace(controller.settings, backend_python=str(tmp_path / "none" / "python"))
    bar = controller.iface.messageBar()
    before = len(bar.items())
    assert controller.setup_dialogs.offer_if_no_backend() is True
    assert len(bar.items()) == before + 1
    item = bar.items()[-1]
    assert item.text() == "The backend is not set up yet: models cannot run."
    buttons = [b for b in item.findChildren(QPushButton) if b.text() == "Set up now…"]
    assert len(buttons) == 1
    buttons[0].click()
    page = controller.setup_dialogs.setup_page
    assert page is not None and page.isVisible()
    page.close()
