"""export-onnx: a tiny CLIP built here from a config (real CLIPModel classes, locally trained
tokenizer) exported to ONNX; onnxruntime must give what torch gives."""
from __future__ import annotations

import json
import os

import numpy as np
import pytest
import torch

from model_backend.errors import ModelUnavailable
from model_backend.find.encoder import OnnxEncoder
from model_backend.find.export import MANIFEST, _towers, export_onnx, load_torch


def test_onnxruntime_equals_torch_for_both_towers(tiny_clip):
    torch_dir, onnx_dir = tiny_clip
    net, _, _ = load_torch(torch_dir)
    image_tower, text_tower = _towers(net)
    enc = OnnxEncoder(onnx_dir, "fp32", "cpu")
    rng = np.random.default_rng(3)
    pixels = enc.pixels([rng.integers(0, 256, (64, 64, 3), dtype=np.uint8) for _ in range(5)])
    tokens = enc.tokenize(["solar farm", "a ship near the harbour", "forest"])  # 3 lengths: padded
    assert tokens["attention_mask"].min() == 0
    with torch.no_grad():
        want_img = image_tower(torch.from_numpy(pixels)).numpy()
        want_txt = text_tower(torch.from_numpy(tokens["input_ids"]), torch.from_numpy(tokens["attention_mask"])).numpy()
    got_img = enc._session("image").run(None, {"pixel_values": pixels})[0]
    got_txt = enc._session("text").run(None, tokens)[0]
    assert got_img.shape == (5, 32) and got_txt.shape == (3, 32)
    np.testing.assert_allclose(got_img, want_img, atol=1e-4, rtol=0)
    np.testing.assert_allclose(got_txt, want_txt, atol=1e-4, rtol=0)


def test_every_precision_runs_and_stays_near_fp32(tiny_clip):
    _, onnx_dir = tiny_clip
    manifest = json.load(open(os.path.join(onnx_dir, MANIFEST)))
    assert set(manifest["files"]) == {"fp32", "int8", "fp16"} and manifest["image_size"] == 64
    rng = np.random.default_rng(4)
    tiles = [rng.integers(0, 256, (64, 64, 3), dtype=np.uint8) for _ in range(4)]
    ref = OnnxEncoder(onnx_dir, "fp32", "cpu").encode_images(tiles)
    for precision in ("int8", "fp16"):
        enc = OnnxEncoder(onnx_dir, precision, "cpu")
        assert enc.provider == "CPUExecutionProvider" and precision in enc.name
        got = enc.encode_images(tiles)
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        assert (got * ref).sum(axis=1).min() > 0.9, precision  # cosine to fp32


def test_auto_precision_on_cpu_is_fp32_and_cuda_without_provider_is_refused(tiny_clip):
    from model_backend.errors import BadInput
    from model_backend.find.encoder import CUDA, available_providers

    _, onnx_dir = tiny_clip
    assert OnnxEncoder(onnx_dir, "auto", "cpu").precision == "fp32"
    if CUDA not in available_providers():
        with pytest.raises(BadInput, match="CUDA execution provider"):
            OnnxEncoder(onnx_dir, "auto", "cuda")


def test_a_done_export_is_reused(tiny_clip):
    torch_dir, onnx_dir = tiny_clip
    before = os.stat(os.path.join(onnx_dir, "image.onnx")).st_mtime_ns
    assert export_onnx(torch_dir, onnx_dir) == onnx_dir
    assert os.stat(os.path.join(onnx_dir, "image.onnx")).st_mtime_ns == before


def test_a_hub_id_resolves_through_the_hugging_face_cache(tmp_path, monkeypatch):
    """No network here: an uncached hub id must say where it looked and how to get the model."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(ModelUnavailable, match="not in the Hugging Face cache"):
        export_onnx("openai/clip-vit-base-patch32", str(tmp_path / "out"))


def test_the_cli_exports_the_tiny_clip(tmp_path, capsys):
    from model_backend.cli import main

    out = str(tmp_path / "tiny")
    assert main(["export-onnx", "--tiny", "--out", out, "--precisions", "fp32,int8"]) == 0
    assert capsys.readouterr().out.strip() == out
    manifest = json.load(open(os.path.join(out, MANIFEST)))
    assert set(manifest["files"]) == {"fp32", "int8"}
    assert all(os.path.isfile(os.path.join(out, f)) for f in manifest["files"]["int8"].values())
