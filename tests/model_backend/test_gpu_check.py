"""`make gpu-check`: skipped cleanly without CUDA; the full-size config is the published 3B."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import torch

from model_backend import gpu_check

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a CUDA GPU: the check would run")
def test_without_cuda_the_command_says_so_and_exits_0():
    r = subprocess.run(
        [sys.executable, "-m", "model_backend.gpu_check", "--tiles", "1", "--max-new-tokens", "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (f"no CUDA GPU: gpu-check skipped (torch {torch.__version__}, cuda available False)")


def test_bad_arguments_are_refused():
    r = subprocess.run(
        [sys.executable, "-m", "model_backend.gpu_check", "--tiles", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2 and "at least 1" in r.stderr


def test_default_config_builds_the_published_3b_on_meta():
    from transformers import Qwen2_5_VLForConditionalGeneration

    cfg = gpu_check.default_model_config()
    with torch.device("meta"):
        model = Qwen2_5_VLForConditionalGeneration(cfg)
    assert all(p.device.type == "meta" for p in model.parameters())  # no memory used
    n = sum(p.numel() for p in model.parameters())
    # Exact figure from the config, worked out by hand:
    text = (
        151936 * 2048  # embedding (lm_head tied to it)
        + 36
        * (
            2048 * 2048
            + 2048  # q_proj (bias)
            + 2 * (2048 * 256 + 256)  # k_proj, v_proj: 2 KV heads x 128
            + 2048 * 2048  # o_proj
            + 3 * 2048 * 11008  # gate, up, down
            + 2 * 2048
        )  # two RMSNorms
        + 2048
    )  # final norm
    vision = (
        3 * 2 * 14 * 14 * 1280  # Conv3d patch embedding, no bias
        + 32
        * (
            1280 * 3840
            + 3840
            + 1280 * 1280
            + 1280  # qkv, proj
            + 2 * (1280 * 3420 + 3420)
            + 3420 * 1280
            + 1280  # gate, up, down
            + 2 * 1280
        )  # norm1, norm2
        + 1280
        + 5120 * 5120
        + 5120
        + 5120 * 2048
        + 2048
    )  # merger: ln_q, 2 linears
    assert n == text + vision == gpu_check.PUBLISHED_PARAMS == 3_754_622_976
    assert abs(n - 3.75e9) / 3.75e9 < 0.01  # the model page's "3.75B params"
    assert model.lm_head.weight is model.model.language_model.embed_tokens.weight


def test_default_config_dims_are_the_published_ones():
    cfg = gpu_check.default_model_config()
    t, v = cfg.text_config, cfg.vision_config
    assert (t.vocab_size, t.hidden_size, t.intermediate_size, t.num_hidden_layers) == (151936, 2048, 11008, 36)
    assert (t.num_attention_heads, t.num_key_value_heads, t.max_position_embeddings) == (16, 2, 128000)
    assert t.rope_parameters["rope_theta"] == 1e6 and list(t.rope_parameters["mrope_section"]) == [16, 24, 24]
    assert t.rms_norm_eps == 1e-6 and t.hidden_act == "silu" and t.tie_word_embeddings and cfg.tie_word_embeddings
    assert (t.bos_token_id, t.eos_token_id) == (151643, 151645)
    assert (v.depth, v.hidden_size, v.intermediate_size, v.num_heads, v.out_hidden_size) == (32, 1280, 3420, 16, 2048)
    assert (v.patch_size, v.spatial_merge_size, v.temporal_patch_size, v.window_size) == (14, 2, 2, 112)
    assert list(v.fullatt_block_indexes) == [7, 15, 23, 31] and v.tokens_per_second == 2
    assert (cfg.image_token_id, cfg.video_token_id, cfg.vision_start_token_id, cfg.vision_end_token_id) == (
        151655,
        151656,
        151652,
        151653,
    )
    assert cfg.model_type == "qwen2_5_vl"
    # the builder hands out fresh copies: overriding one config leaves the defaults alone
    small = gpu_check.default_model_config(text={"vocab_size": 1000})
    assert small.text_config.vocab_size == 1000 and gpu_check.default_model_config().text_config.vocab_size == 151936


def test_the_check_path_runs_on_cpu_with_a_shrunk_config(tmp_path):
    """The GPU path minus the GPU: build + save + TransformersEngine + forced-length detect
    generations, on a config of the same family shrunk to seconds (vocabulary kept full size)."""
    cfg = gpu_check.default_model_config(
        text=dict(
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            rope_parameters={"rope_type": "default", "rope_theta": 1e6, "mrope_section": [2, 3, 3]},
        ),
        vision=dict(
            depth=2, hidden_size=64, intermediate_size=128, num_heads=2, out_hidden_size=64, fullatt_block_indexes=[1]
        ),
    )
    res = gpu_check.run_check(
        "cpu", "none", tiles=2, max_new_tokens=6, tile_px=112, config=cfg, work_dir=str(tmp_path / "model")
    )
    assert res["new_tokens"] == 6  # min_new_tokens: never stops early on EOS
    assert res["fed_size"] == (112, 112) and res["image_tokens"] == 16  # (112/14)^2 / 2x2 merge
    assert res["params"] > 151936 * 64 and res["elapsed_s"] > 0
    from transformers import GenerationConfig

    gen = GenerationConfig.from_pretrained(str(tmp_path / "model"))
    assert gen.min_new_tokens == gen.max_new_tokens == 6 and gen.do_sample is False
    text = gpu_check.table(res, "test", "none")
    assert "| tiles/s |" in text and "| s/tile |" in text and "VRAM" not in text
    # a kept --work-dir is reused; only the forced token count changes
    again = gpu_check.run_check(
        "cpu", "none", tiles=1, max_new_tokens=3, tile_px=112, config=cfg, work_dir=str(tmp_path / "model")
    )
    assert again["build_s"] is None and again["new_tokens"] == 3
    assert "reused" in gpu_check.table(again, "test", "none")


def test_the_table_shows_gpu_memory_when_there_is_some():
    mem = {"allocated": 2.5, "peak_allocated": 3.25, "peak_reserved": 3.5, "device_used": 4.0, "device_total": 79.2}
    res = {
        "device": "cuda",
        "quantization": "nf4",
        "dtype": "bfloat16",
        "tile_px": 784,
        "tiles": 5,
        "max_new_tokens": 64,
        "build_s": 60.0,
        "load_s": 12.0,
        "params": gpu_check.PUBLISHED_PARAMS,
        "image_source": "NAIP sample, resampled",
        "prompt_tokens": 900,
        "image_tokens": 784,
        "fed_size": (784, 784),
        "elapsed_s": 10.0,
        "new_tokens": 64,
        "mem_load": mem,
        "mem_run": mem,
    }
    text = gpu_check.table(res, "make gpu-check", "NVIDIA H100 80GB HBM3, 79.2 GiB")
    assert "| VRAM generating: peak allocated / peak reserved | 3.25 / 3.50 GiB |" in text
    assert "| tiles/s | 0.500 |" in text and "| s/tile | 2.00 |" in text
    assert "3.75 B params" in text and "NF4 (bitsandbytes), double quant, bfloat16 compute" in text


def test_the_parts_table_compares_the_estimate_with_the_loaded_model_on_cpu(tmp_path):
    """nf4 then nf4-all on one shrunk model (as ``main`` does on a GPU): the config.json
    estimate is within 5 % of the bytes counted on the loaded model, per quantization."""
    cfg = gpu_check.default_model_config(
        text=dict(
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            rope_parameters={"rope_type": "default", "rope_theta": 1e6, "mrope_section": [2, 3, 3]},
        ),
        vision=dict(
            depth=2, hidden_size=64, intermediate_size=128, num_heads=2, out_hidden_size=64, fullatt_block_indexes=[1]
        ),
    )
    results = [
        gpu_check.run_check(
            "cpu", q, tiles=1, max_new_tokens=2, tile_px=112, config=cfg, work_dir=str(tmp_path / "model")
        )
        for q in ("nf4", "nf4-all")
    ]
    assert results[1]["build_s"] is None  # the second load reuses the model
    for res in results:
        est, got = res["estimate"]["total_bytes"], res["cost"]["total_bytes"]
        assert abs(est - got) / got < 0.05
    nf4, nf4_all = (r["cost"]["parts"] for r in results)
    assert (nf4["vision"]["storage"], nf4_all["vision"]["storage"]) == ("fp32", "nf4")
    assert nf4["lm_head"]["params"] == 0  # tied to the embedding, as in the published 3B
    text = gpu_check.parts_table(results)
    assert "| nf4 | vision |" in text and "| nf4-all | projector |" in text and text.count("**total**") == 2
    assert "VRAM" not in text  # no GPU, no VRAM figure
    # on a GPU the total row sets the estimate against what torch allocated for the load
    vram = results[0]["estimate"]["total_bytes"] / gpu_check.GIB * 1.25
    with_gpu = gpu_check.parts_table([dict(results[0], mem_load={"for_model": vram})])
    assert f"VRAM allocated by the load {vram:.3f} GiB (estimate -20.0 %)" in with_gpu
