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


def test_a_tiny_siglip_exports_too_with_its_text_padded_to_max_length(tmp_path):
    """SigLIP (sigmoid loss, last-token text pooling) was trained on text padded to its maximum
    length: the export records that and the encoder pads so; ORT equals torch for both towers."""
    from transformers import SiglipConfig, SiglipImageProcessor, SiglipModel

    from model_backend.tiny.tokenizer import build_tokenizer

    folder = str(tmp_path / "siglip")
    tok = build_tokenizer(["<pad>", "</s>"], {"pad_token": "<pad>", "eos_token": "</s>"})  # nosec B105
    torch.manual_seed(0)
    cfg = SiglipConfig(
        text_config=dict(
            vocab_size=len(tok),
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            max_position_embeddings=16,
            bos_token_id=None,
            eos_token_id=tok.eos_token_id,
            pad_token_id=tok.pad_token_id,
        ),
        vision_config=dict(
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            image_size=64,
            patch_size=16,
        ),
    )
    SiglipModel(cfg).eval().save_pretrained(folder)
    tok.save_pretrained(folder)
    SiglipImageProcessor(size={"height": 64, "width": 64}).save_pretrained(folder)
    out = export_onnx(folder, str(tmp_path / "onnx"), ("fp32",))
    enc = OnnxEncoder(out, "fp32", "cpu")
    assert enc.manifest["model_type"] == "siglip" and enc.manifest["text_padding"] == "max_length"
    tokens = enc.tokenize(["solar farm", "ship"])
    assert tokens["input_ids"].shape == (2, 16)
    image_tower, text_tower = _towers(load_torch(folder)[0])
    pixels = enc.pixels([np.zeros((64, 64, 3), np.uint8), np.full((80, 80, 3), 200, np.uint8)])  # 80: resized
    with torch.no_grad():
        np.testing.assert_allclose(
            enc._session("image").run(None, {"pixel_values": pixels})[0],
            image_tower(torch.from_numpy(pixels)).numpy(),
            atol=1e-4,
            rtol=0,
        )
        np.testing.assert_allclose(
            enc._session("text").run(None, tokens)[0],
            text_tower(torch.from_numpy(tokens["input_ids"]), torch.from_numpy(tokens["attention_mask"])).numpy(),
            atol=1e-4,
            rtol=0,
        )


def test_a_folder_that_is_no_image_text_encoder_is_refused(tmp_path):
    from safetensors.torch import save_file

    from model_backend.errors import BadInput

    folder = tmp_path / "qwen"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "qwen2_5_vl"}))
    save_file({"w": torch.zeros(1)}, str(folder / "model.safetensors"))
    with pytest.raises(BadInput, match="not an image-text encoder"):
        export_onnx(str(folder), str(tmp_path / "out"))
