"""Ask with a conversation, in real headless QGIS with the real worker and the tiny model:
a follow-up question is sent with the earlier turn about the same area, the conversation is
saved with the project and comes back when it is reopened, "New conversation" starts over."""

from __future__ import annotations

import pytest

from .conftest import wait_until
from .test_dock_roundtrip import ORIGIN_X, ORIGIN_Y, _add_raster, _fill_form, utm_raster  # noqa: F401 - a fixture


@pytest.mark.timeout(600)
def test_follow_up_questions_reuse_the_conversation_saved_with_the_project(
    loaded_plugin,
    utm_raster,  # noqa: F811 - the imported fixture
    tiny_model_dir,
    backend_python,
    tmp_path,
):
    from qgis.core import QgsProject, QgsRectangle

    from georsmllm.plugin.chat_history import ChatHistory, area_key

    layer = _add_raster(utm_raster)
    dock = loaded_plugin.show_dock()
    controller = loaded_plugin.controller
    _fill_form(dock, layer, tiny_model_dir, backend_python, str(tmp_path / "chat.gpkg"))
    dock.set_drawn_aoi(QgsRectangle(ORIGIN_X + 200, ORIGIN_Y - 900, ORIGIN_X + 1000, ORIGIN_Y - 300), layer.crs())
    sent = []  # what the controller really sends to the worker (the real call still happens)
    real_run = controller.client.run
    controller.client.run = lambda job: (sent.append(job), real_run(job))[1]

    questions = ["What is in this area?", "And in its north-east corner?"]
    for question in questions:
        dock.question_edit.setPlainText(question)
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
        assert dock.status().startswith("Done."), dock.status()
    assert [job["question"] for job in sent] == questions
    assert sent[0]["history"] == []
    key = area_key(sent[0])
    turns = ChatHistory().turns(key)
    assert [q for q, _ in turns] == questions and all(a.strip() for _, a in turns)
    assert sent[1]["history"] == [turns[0]]  # the follow-up carried the first turn
    shown = dock.answer_text()
    assert all(q in shown for q in questions)

    # another area is another conversation
    dock.set_aoi_mode("layer")
    dock.question_edit.setPlainText("Describe the whole scene.")
    dock.run_button.click()
    assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert sent[2]["history"] == [] and area_key(sent[2]) != key

    # saved with the project, back when it is reopened
    project_file = str(tmp_path / "chat.qgz")
    assert QgsProject.instance().write(project_file)
    QgsProject.instance().clear()
    assert ChatHistory().turns(key) == []
    assert QgsProject.instance().read(project_file)
    assert ChatHistory().turns(key) == turns

    # "New conversation" forgets this area's turns only
    layer = QgsProject.instance().mapLayersByName("scene")[0]
    dock.layer_combo.setLayer(layer)
    dock.set_drawn_aoi(QgsRectangle(ORIGIN_X + 200, ORIGIN_Y - 900, ORIGIN_X + 1000, ORIGIN_Y - 300), layer.crs())
    assert dock.clear_button.isVisible() or not dock.isVisible()
    dock.clear_button.click()
    assert ChatHistory().turns(key) == []
    assert len(ChatHistory().turns(area_key(sent[2]))) == 1
    assert dock.status().startswith("New conversation")
