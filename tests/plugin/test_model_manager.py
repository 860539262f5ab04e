"""The model manager in real headless QGIS, driving the backend's real ``hub_cache`` and
``model-info`` in QgsTasks: defaults with sizes, a cache the test writes in huggingface_hub's
layout listed and deleted, the offline download message, a cached download verified, and the
memory estimate of the tiny model. No network: HF_HUB_OFFLINE=1 throughout."""

from __future__ import annotations

import hashlib
import os

import pytest

from .conftest import BACKEND_PYTHON, wait_until


def add_model(cache, repo_id: str, files, commit: str) -> None:
    """One repository as huggingface_hub caches it: blobs, a snapshot of links, refs/main."""
    repo = os.path.join(str(cache), "models--" + repo_id.replace("/", "--"))
    snapshot = os.path.join(repo, "snapshots", commit)
    os.makedirs(os.path.join(repo, "blobs"), exist_ok=True)
    os.makedirs(snapshot, exist_ok=True)
    os.makedirs(os.path.join(repo, "refs"), exist_ok=True)
    for name, data in files.items():
        blob = os.path.join(repo, "blobs", hashlib.sha256(data).hexdigest())
        with open(blob, "wb") as f:
            f.write(data)
        os.symlink(os.path.relpath(blob, snapshot), os.path.join(snapshot, name))
    with open(os.path.join(repo, "refs", "main"), "w") as f:
        f.write(commit)


@pytest.fixture
def manager(qgis_app, tmp_path, monkeypatch):
    from georsmllm.plugin.dock.model_manager import ModelManager

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    cache = tmp_path / "hub"
    add_model(cache, "org/cached-model", {"config.json": b"{}", "model.safetensors": b"w" * 3000}, "a" * 40)
    add_model(cache, "org/other", {"config.json": b"{ }", "model.safetensors": b"v" * 1000}, "b" * 40)
    m = ModelManager(BACKEND_PYTHON, cache_dir=str(cache))
    assert wait_until(lambda: not m.busy(), 60), "listing the cache hung"
    yield m
    for task in list(m.tasks.values()):
        task.cancel()
    assert wait_until(lambda: not m.busy(), 30)
    m.deleteLater()


def column(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_defaults_and_cache_are_listed(manager):
    assert column(manager.defaults_table, 1)[0] == "Qwen/Qwen2.5-VL-3B-Instruct"
    assert all(text.startswith("about ") and text.endswith("GiB") for text in column(manager.defaults_table, 2))
    assert column(manager.cache_table, 0) == ["org/cached-model", "org/other"]
    assert column(manager.cache_table, 1) == ["2.9 KiB", "1003 B"]
    manager.defaults_table.selectRow(1)
    assert manager.model_edit.text() == column(manager.defaults_table, 1)[1]
    assert "copy its folder" in manager.offline_label.text()


def test_delete_from_cache(manager):
    manager.cache_table.selectRow(0)
    manager.delete_button.click()
    assert wait_until(lambda: not manager.busy() and manager.cache_table.rowCount() == 1, 60)
    assert column(manager.cache_table, 0) == ["org/other"]
    assert manager.status_label.text().startswith("org/cached-model deleted, 2.9 KiB freed")


def test_offline_download_says_so_in_plain_words(manager):
    manager.model_edit.setText("Qwen/Qwen2.5-VL-3B-Instruct")
    manager.download_button.click()
    assert not manager.download_button.isEnabled()
    assert wait_until(lambda: not manager.busy(), 60)
    assert manager.status_label.text().startswith("This computer is offline")
    assert "--" not in manager.status_label.text()  # no command-line flags in what the user reads
    assert manager.download_button.isEnabled()


def test_download_of_a_cached_model_is_verified_and_chosen(manager):
    chosen = []
    manager.model_chosen.connect(chosen.append)
    manager.model_edit.setText("org/cached-model")
    manager.download_button.click()
    assert wait_until(lambda: not manager.busy(), 60)
    assert manager.status_label.text() == "org/cached-model is downloaded and complete.", manager.last_error
    assert manager.progress.value() == 100
    manager.use_button.click()
    assert chosen == ["org/cached-model"]


def test_memory_estimate_of_a_local_model(manager, tiny_model_dir):
    manager.model_edit.setText(tiny_model_dir)
    manager.estimate_button.click()
    assert wait_until(lambda: not manager.busy(), 180)
    text = manager.status_label.text()
    assert text.startswith(tiny_model_dir + ": about ") and "of GPU memory for the weights in 4-bit" in text, text


def test_cancel_stops_a_download_that_hangs(manager, monkeypatch):
    """A hub endpoint on 127.0.0.1 that accepts and never answers: the download hangs, Cancel
    ends it (the backend process is terminated) and the buttons come back."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{listener.getsockname()[1]}")
    try:
        manager.model_edit.setText("org/never-answers")
        manager.download_button.click()
        assert wait_until(lambda: manager.status_label.text().startswith("Downloading"), 10)
        listener.settimeout(30)
        connection, _ = listener.accept()  # the download is waiting on us now
        started = time.monotonic()
        manager.cancel_button.click()
        assert wait_until(lambda: not manager.busy(), 15), "cancel did not stop the download"
        assert time.monotonic() - started < 10
        assert manager.download_button.isEnabled() and not manager.cancel_button.isEnabled()
        assert manager.status_label.text() == "Cancelled."
        connection.close()
    finally:
        listener.close()
