"""Before the first run the dock says in one line what Run will do, in real QGIS: the model,
where it runs, what the first run downloads (from the backend's own cost estimate of a real
tiny checkpoint); without a usable backend, a link that opens the Set-up page."""

from __future__ import annotations

import dataclasses


def test_summary_says_model_place_and_download_then_hides_at_the_first_run(loaded_plugin, tiny_model_dir):
    from georsmllm.model_backend.engines.model_cost import estimate_cost

    dock, controller = loaded_plugin.show_dock(), loaded_plugin.controller
    summary = dock.run_summary
    s = dataclasses.replace(
        controller.settings,
        model="Qwen/Qwen2.5-VL-3B-Instruct",
        engine="transformers",
        device="cuda",
        quantization="nf4",
    )
    dock.set_settings(s)
    assert summary.text() == (
        "Runs Qwen/Qwen2.5-VL-3B-Instruct on this computer (cuda, nf4); the first run "
        "downloads the model (kept for later runs)."
    )
    cost = estimate_cost(tiny_model_dir, quantization="nf4", device="cpu")
    cost = cost if isinstance(cost, dict) else dataclasses.asdict(cost)
    params = sum(int(p["params"]) for p in cost["parts"].values())
    summary.set_cost(cost)
    assert f"downloads about {2 * params / 1e9:.1f} GB" in summary.text(), summary.text()

    dock.set_settings(dataclasses.replace(s, model=tiny_model_dir))
    assert summary.text().endswith("; the model is read from its folder.")
    dock.set_settings(dataclasses.replace(s, engine="openai", base_url="http://gpu:8000/v1"))
    assert summary.text() == (
        "Runs Qwen/Qwen2.5-VL-3B-Instruct on the server http://gpu:8000/v1; nothing is downloaded here."
    )
    assert summary.isVisibleTo(dock)
    dock.set_running(True)
    assert not summary.isVisibleTo(dock)
    dock.set_running(False)


def test_no_backend_links_to_the_setup_page(loaded_plugin, tmp_path):
    dock, controller = loaded_plugin.show_dock(), loaded_plugin.controller
    dock.set_settings(dataclasses.replace(controller.settings, backend_python=str(tmp_path / "no" / "python")))
    summary = dock.run_summary
    assert "No backend can run the models yet." in summary.text() and 'href="setup"' in summary.text()
    summary.linkActivated.emit("setup")
    page = controller.setup_dialogs.setup_page
    assert page is not None and page.isVisible()
    page.close()
