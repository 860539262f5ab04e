"""Backend messages as the dock shows them: no CLI flags, memory advice that fits the settings
in use. The messages are made by the backend's own code (service.error_message, the worker
client's death message, launch's check), then pass the controller as in a real run."""

from __future__ import annotations

import pytest


def _oom_message():
    from georsmllm.model_backend.errors import OutOfMemory
    from georsmllm.model_backend.service import error_message

    return error_message(OutOfMemory("CUDA out of memory. Tried to allocate 2.00 GiB"))


@pytest.mark.parametrize(
    "engine, quantization, device, has, lacks",
    [
        ("transformers", "nf4", "cuda", ["smaller model", "CPU device"], ["nf4"]),
        ("transformers", "int8", "cpu", ["4-bit quantization (nf4)", "smaller area"], ["CPU device"]),
        ("openai", "nf4", "auto", ["ran out of memory"], ["nf4", "CPU device", "smaller model"]),
    ],
)
def test_out_of_memory_advice_fits_the_settings(engine, quantization, device, has, lacks):
    from georsmllm.plugin.dock_words import for_dock
    from georsmllm.plugin.settings import Settings

    text = for_dock(_oom_message(), Settings(engine=engine, quantization=quantization, device=device))
    assert text.startswith("The model ran out of memory.") and "Tried to allocate 2.00 GiB" in text
    for word in has:
        assert word in text, text
    for word in lacks:
        assert word not in text, text


def test_killed_worker_advice_and_cli_words_reach_the_dock_reworded(
    plugin_settings, qgis_iface, qgis_new_project, retired_workers_gone
):
    import dataclasses

    import georsmllm
    from georsmllm.model_backend import protocol
    from georsmllm.plugin.worker.client import WorkerClient

    plugin = georsmllm.classFactory(qgis_iface)
    plugin.initGui()
    try:
        controller, dock = plugin.controller, plugin.show_dock()
        controller.settings = dataclasses.replace(controller.settings, quantization="nf4", device="cpu")
        killed = WorkerClient._death_message(controller.client, 9, True)
        controller.job_id, controller.job = 7, {"model": "m", "raster": "r.tif"}
        dock.set_running(True)
        controller.client.crashed.emit(killed)
        assert "ran out of memory" in dock.status() and "nf4" not in dock.status(), dock.status()
        assert "CPU device" not in dock.status() and "smaller model" in dock.status()

        controller.job_id, controller.job = 8, {"model": "m", "raster": "r.tif"}
        dock.set_running(True)
        controller.client.failed.emit(8, protocol.BAD_INPUT, "the openai engine needs --base-url, e.g. http://x/v1")
        assert dock.status() == "The openai engine needs the server address (Model section), e.g. http://x/v1"
        assert "--" not in dock.status()
    finally:
        plugin.unload()
