"""The dock says what a local model will cost in memory before it is loaded: the real worker
estimates it from the model's config.json (real headless QGIS, real worker, tiny real model)."""

from __future__ import annotations

import pytest

from .conftest import wait_until


@pytest.mark.timeout(180)
def test_the_dock_shows_the_workers_memory_estimate_next_to_the_model(loaded_plugin, backend_python, tiny_model_dir):
    from model_backend.engines.model_cost import estimate_cost, human_bytes

    dock = loaded_plugin.show_dock()
    group = dock.model_group
    group.python_edit.setText(backend_python)
    group.model_edit.setText(tiny_model_dir)
    group.quant_combo.setCurrentText("nf4")
    group.device_combo.setCurrentText("cpu")  # a combo change: the settings go to the controller
    nf4 = human_bytes(estimate_cost(tiny_model_dir, None, "nf4", "cpu")["total_bytes"])
    assert wait_until(lambda: group.cost_label.text().startswith("about"), 90), group.cost_label.text()
    assert group.cost_label.text().startswith(f"about {nf4} of RAM (CPU) for the weights (nf4")
    tip = group.cost_label.toolTip()
    assert "vision: 158,592 parameters, fp32" in tip and "language: 99,904 parameters, nf4" in tip

    group.quant_combo.setCurrentText("nf4-all")  # everything 4-bit: a smaller figure
    nf4_all = human_bytes(estimate_cost(tiny_model_dir, None, "nf4-all", "cpu")["total_bytes"])
    assert nf4_all != nf4
    assert wait_until(lambda: f"about {nf4_all} " in group.cost_label.text(), 60), group.cost_label.text()
    assert "vision: 158,592 parameters, nf4" in group.cost_label.toolTip()

    group.model_edit.setText(str(tiny_model_dir) + "-missing")
    group.device_combo.setCurrentText("auto")
    assert wait_until(lambda: group.cost_label.text().startswith("unknown:"), 60), group.cost_label.text()
    assert "no config.json" in group.cost_label.text()

    group.engine_combo.setCurrentIndex(group.engine_combo.findData("openai"))  # a server's memory is not ours
    assert group.cost_label.isHidden()
