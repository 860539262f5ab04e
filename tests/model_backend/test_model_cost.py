"""What a model costs, per part: counted on a loaded tiny model of each family, estimated from
its config.json alone (no weights), through the CLI and through the real worker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from model_backend import protocol as P
from model_backend.engines.model_cost import PARTS, estimate_cost, human_bytes, loaded_cost, part_of
from model_backend.engines.transformers_engine import TransformersEngine
from model_backend.errors import ModelUnavailable
from model_backend.families import qwen2_5_vl, qwen3_vl

from . import test_quantization
from .test_quantization import FAMILIES
from .test_worker import WorkerProcess

tiny_dirs = test_quantization.tiny_dirs  # the same fixture: a tiny model of every family

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def off_by(estimate: int, loaded: int) -> float:
    return abs(estimate - loaded) / loaded


@pytest.mark.parametrize("quantization", ["nf4", "nf4-all", "int8", "none"])
@pytest.mark.parametrize("family", FAMILIES)
def test_the_estimate_from_config_json_is_within_5_percent_of_the_loaded_model(tiny_dirs, family, quantization):
    eng = TransformersEngine(tiny_dirs[family], device="cpu", quantization=quantization, family=family)
    got = loaded_cost(eng.net, eng.family_module, model=tiny_dirs[family], quantization=quantization, device="cpu")
    est = estimate_cost(tiny_dirs[family], family, quantization, "cpu")
    assert off_by(est["total_bytes"], got["total_bytes"]) < 0.05, (est, got)
    for part in PARTS:
        e, g = est["parts"][part], got["parts"][part]
        assert (e["params"], e["storage"]) == (g["params"], g["storage"]), (part, e, g)
        assert g["bytes"] == 0 or off_by(e["bytes"], g["bytes"]) < 0.05, (part, e, g)
    assert got["total_bytes"] == sum(p["bytes"] for p in got["parts"].values())
    assert sum(p["params"] for p in got["parts"].values()) == eng.net.num_parameters()
    quantized = {"nf4": "nf4", "nf4-all": "nf4", "int8": "int8", "none": "fp32"}[quantization]
    assert got["parts"]["language"]["storage"] == quantized
    assert got["parts"]["vision"]["storage"] == ("nf4" if quantization == "nf4-all" else "fp32")


def test_default_nf4_costs_more_than_nf4_all_and_less_than_none(tiny_dirs):
    totals = {
        q: estimate_cost(tiny_dirs["qwen2_5_vl"], None, q, "cpu")["total_bytes"] for q in ("nf4-all", "nf4", "none")
    }
    assert totals["nf4-all"] < totals["nf4"] < totals["none"]


def test_config_json_alone_is_enough(tiny_dirs, tmp_path):
    """Before a download: a folder with nothing but config.json gives the same estimate."""
    only = tmp_path / "config-only"
    only.mkdir()
    shutil.copy(os.path.join(tiny_dirs["qwen3_vl"], "config.json"), only / "config.json")
    assert estimate_cost(str(only), None, "nf4", "cpu") == {
        **estimate_cost(tiny_dirs["qwen3_vl"], None, "nf4", "cpu"),
        "model": str(only),
    }


def test_a_gpu_estimate_keeps_the_kept_parts_in_16_bit(tiny_dirs):
    """device cuda (assumed bf16 when this machine has no GPU): 2 bytes per kept parameter."""
    est = estimate_cost(tiny_dirs["geochat"], None, "nf4", "cuda")
    assert est["device"] == "cuda" and est["parts"]["language"]["storage"] == "nf4"
    for part in ("vision", "projector", "lm_head"):
        p = est["parts"][part]
        assert p["storage"] in ("bf16", "fp16") and p["bytes"] >= 2 * p["params"], (part, p)


def test_a_hub_id_neither_cached_nor_reachable_is_unavailable():
    # tests run with HF_HUB_OFFLINE=1 (tests/conftest.py)
    with pytest.raises(ModelUnavailable, match="not in the Hugging Face cache"):
        estimate_cost("nobody/no-such-model-for-georsmllm", None, "nf4", "cpu")


def test_part_of_takes_the_longest_prefix_on_a_module_boundary():
    parts = qwen3_vl.MODULE_PARTS
    assert part_of("model.visual.blocks.0.attn.qkv.weight", parts) == "vision"
    assert part_of("model.visual.merger.linear_fc1.weight", parts) == "projector"
    assert part_of("model.visual.deepstack_merger_list.0.norm.bias", parts) == "projector"
    assert part_of("model.language_model.layers.0.mlp.up_proj.weight", parts) == "language"
    assert part_of("lm_head.weight", parts) == "lm_head"
    assert part_of("model.visualizer.weight", qwen2_5_vl.MODULE_PARTS) == "language"  # not model.visual
    assert human_bytes(3_330_000_000) == "3.1 GiB" and human_bytes(512) == "512 B"


def _cli(*args: str) -> dict:
    r = subprocess.run(
        [sys.executable, "-m", "model_backend", "model-info", *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_cli_model_info_loaded_and_estimated(tiny_dirs):
    loaded = _cli("--model", tiny_dirs["florence2"], "--device", "cpu")
    estimated = _cli("--model", tiny_dirs["florence2"], "--device", "cpu", "--estimate")
    for cost in (loaded, estimated):
        assert list(cost["parts"]) == list(PARTS)
        assert all(set(p) == {"params", "storage", "bytes"} for p in cost["parts"].values())
        assert cost["total_bytes"] == sum(p["bytes"] for p in cost["parts"].values())
        assert cost["parts"]["vision"]["storage"] == "fp32" and cost["parts"]["language"]["storage"] == "nf4"
    assert (loaded["estimated"], estimated["estimated"]) == (False, True)
    assert off_by(estimated["total_bytes"], loaded["total_bytes"]) < 0.05
    # Florence-2's lm_head is tied to the shared embedding: counted once, in the language model
    assert loaded["parts"]["lm_head"] == {"params": 0, "storage": "fp32", "bytes": 0}


def test_the_worker_answers_model_cost_without_loading(tiny_dirs):
    worker, replies = WorkerProcess(), {}

    def all_replied(msg: dict) -> bool:
        if "id" in msg and ("result" in msg or "error" in msg):
            replies[msg["id"]] = msg
        return {1, 2, 3} <= set(replies)

    try:
        worker.send(
            P.request(1, "model_cost", {"model": tiny_dirs["geochat"], "quantization": "nf4-all", "device": "cpu"})
        )
        worker.send(P.request(2, "hello"))
        worker.send(P.request(3, "model_cost", {"model": "/no/such/folder"}))
        worker.until(all_replied, timeout=120)
    finally:
        worker.close()
    cost = replies[1]["result"]
    assert cost["quantization"] == "nf4-all" and cost["parts"]["vision"]["storage"] == "nf4"
    assert cost["estimated"] is True and cost["total_bytes"] > 0 and cost["device"] == "cpu"
    assert replies[2]["result"]["protocol"] == P.PROTOCOL_VERSION
    assert replies[3]["error"]["code"] == P.MODEL_UNAVAILABLE
