"""Selective 4-bit: default nf4/int8 quantize the language model only; the vision tower, the
projector and lm_head stay in the compute dtype (fp32 on CPU). nf4-all quantizes them too.
Real tiny models of every family, loaded through the real engine with bitsandbytes on CPU."""

from __future__ import annotations

import logging
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from model_backend import families
from model_backend.engines.model_cost import part_of
from model_backend.engines.transformers_engine import TransformersEngine
from model_backend.families.base import Answer

FAMILIES = ("qwen2_5_vl", "qwen3_vl", "florence2", "geochat")


@pytest.fixture(scope="module")
def tiny_dirs(tmp_path_factory) -> dict:
    """A tiny random model of each family (real classes, 64-wide: 4-bit capable on CPU)."""
    from model_backend.tiny import build_tiny_model

    root = tmp_path_factory.mktemp("tiny_all")
    return {fam: build_tiny_model(fam, str(root / fam)) for fam in FAMILIES}


def linear_kinds(engine: TransformersEngine) -> dict:
    """{part: Counter(class name of each Linear)} of the loaded model."""
    import torch

    kinds: dict = {}
    for name, module in engine.net.named_modules():
        if isinstance(module, torch.nn.Linear):
            part = part_of(name, engine.family_module.MODULE_PARTS)
            kinds.setdefault(part, Counter())[type(module).__name__] += 1
    return kinds


def _tile(seed: int = 1) -> Image.Image:
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, (200, 300, 3), dtype=np.uint8))


def generate_and_parse(engine: TransformersEngine) -> Answer:
    """One detect answer through the engine, read by the family's parser (never raises)."""
    fam = engine.family_module
    (gen,) = engine.generate([_tile()], [fam.build_messages("detect", "", labels=["ship"])], max_new_tokens=8)
    answer = fam.parse("detect", gen.text, gen.fed_size)
    assert isinstance(answer, Answer) and isinstance(answer.text, str)
    return answer


@pytest.mark.parametrize("family", FAMILIES)
def test_default_nf4_keeps_vision_projector_and_head_out_of_4bit(tiny_dirs, family):
    import torch

    eng = TransformersEngine(tiny_dirs[family], device="cpu", quantization="nf4", family=family)
    kinds = linear_kinds(eng)
    # every part has Linear layers, so "none of them is 4-bit" means something
    assert set(kinds) == {"vision", "projector", "language", "lm_head"}, kinds
    for part in ("vision", "projector", "lm_head"):
        assert set(kinds[part]) == {"Linear"}, (part, kinds[part])
    assert set(kinds["language"]) == {"Linear4bit"} and kinds["language"]["Linear4bit"] >= 14
    kept = [
        p
        for n, p in eng.net.named_parameters()
        if part_of(n, eng.family_module.MODULE_PARTS) in ("vision", "projector")
    ]
    assert kept and all(p.dtype == torch.float32 for p in kept)  # the CPU compute dtype
    generate_and_parse(eng)


@pytest.mark.parametrize("family", FAMILIES)
def test_nf4_all_quantizes_every_linear_but_the_head(tiny_dirs, family):
    eng = TransformersEngine(tiny_dirs[family], device="cpu", quantization="nf4-all", family=family)
    kinds = linear_kinds(eng)
    for part in ("vision", "projector", "language"):
        assert set(kinds[part]) == {"Linear4bit"}, (part, kinds[part])
    # transformers' own default keeps the output head unquantized (nf4-all = the old nf4)
    assert set(kinds["lm_head"]) == {"Linear"}
    generate_and_parse(eng)


def test_int8_keeps_the_vision_tower_too(tiny_dirs):
    eng = TransformersEngine(tiny_dirs["geochat"], device="cpu", quantization="int8", family="geochat")
    kinds = linear_kinds(eng)
    assert set(kinds["language"]) == {"Linear8bitLt"}
    assert all(set(kinds[p]) == {"Linear"} for p in ("vision", "projector", "lm_head"))
    generate_and_parse(eng)


def test_every_parameter_of_every_family_lies_under_a_named_part(tiny_dirs):
    """MODULE_PARTS follow the installed transformers' module names: a rename there would
    silently quantize the vision tower, so every parameter must match a prefix."""
    from transformers import AutoConfig

    from model_backend.engines.transformers_engine import model_class

    for family in FAMILIES:
        fam = families.get(family)
        cls = model_class(tiny_dirs[family])
        config = AutoConfig.from_pretrained(tiny_dirs[family])
        build = cls.from_config if hasattr(cls, "_model_mapping") else cls._from_config
        net = build(config)
        prefixes = [p for ps in fam.MODULE_PARTS.values() for p in ps]
        stray = [n for n, _ in net.named_parameters() if not any(n.startswith(p + ".") for p in prefixes)]
        assert stray == [], (family, stray[:5])
        assert set(fam.MODULE_PARTS) == {"vision", "projector", "language", "lm_head"}


def test_a_wrong_family_is_warned_about(tiny_dirs, caplog):
    """Qwen2.5-VL loaded as GeoChat: GeoChat's vision prefixes name nothing in this model, so
    its tower would be 4-bit; the engine says so."""
    with caplog.at_level(logging.WARNING, logger="model_backend.engines.transformers_engine"):
        eng = TransformersEngine(tiny_dirs["qwen2_5_vl"], device="cpu", quantization="nf4", family="geochat")
    assert "keeps its vision, projector" in caplog.text
    assert any(type(m).__name__ == "Linear4bit" for n, m in eng.net.named_modules() if n.startswith("model.visual."))
