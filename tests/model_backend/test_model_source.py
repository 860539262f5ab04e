"""Where weights come from: local folders are checked, hub ids resolve through the cache."""

from __future__ import annotations

import json

import pytest

from model_backend.engines.model_source import looks_like_path, resolve_model
from model_backend.errors import ModelUnavailable


def test_local_folder_with_safetensors_is_used_as_is(tiny_model_dir):
    assert resolve_model(tiny_model_dir) == tiny_model_dir


def test_folder_without_safetensors_is_refused(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "qwen2_5_vl"}))
    (tmp_path / "pytorch_model.bin").write_bytes(b"pickle")
    with pytest.raises(ModelUnavailable, match="safetensors"):
        resolve_model(str(tmp_path))


def test_missing_folder(tmp_path):
    with pytest.raises(ModelUnavailable, match="not found"):
        resolve_model(str(tmp_path / "nope"))


def test_unknown_hub_id_offline_explains_what_to_do(tmp_path):
    with pytest.raises(ModelUnavailable) as exc:
        resolve_model("georsmllm-test/does-not-exist", cache_dir=str(tmp_path))
    msg = str(exc.value)
    assert "georsmllm-test/does-not-exist" in msg and "HF_HUB_OFFLINE" in msg and "local folder" in msg


def test_hub_id_found_in_the_cache_without_network(tiny_model_dir, tmp_path):
    """A model already in the user's cache loads offline (cache laid out as huggingface_hub does)."""
    import shutil

    repo = tmp_path / "models--org--tiny"
    snap = repo / "snapshots" / ("0" * 40)
    shutil.copytree(tiny_model_dir, snap)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0" * 40)
    assert resolve_model("org/tiny", cache_dir=str(tmp_path)) == str(snap)


@pytest.mark.parametrize(
    "ref,is_path",
    [("Qwen/Qwen2.5-VL-3B-Instruct", False), ("gpt2", False), ("./models/x", True), ("/abs/x", True), ("a/b/c", True)],
)
def test_path_or_hub_id(ref, is_path):
    assert looks_like_path(ref) is is_path
