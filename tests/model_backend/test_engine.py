"""The real transformers path with the tiny model: 4-bit layers, generate on CPU, cancel."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image

from model_backend.engines.transformers_engine import TransformersEngine
from model_backend.errors import BadInput, Cancelled
from model_backend.families import qwen2_5_vl


@pytest.fixture(scope="module")
def engine(tiny_model_dir):
    return TransformersEngine(tiny_model_dir, device="cpu", quantization="nf4")


def _image(w=300, h=200):
    return Image.fromarray(np.random.default_rng(1).integers(0, 255, (h, w, 3), dtype=np.uint8))


def test_nf4_really_quantises_linear_layers(engine):
    import bitsandbytes as bnb

    linears = [m for m in engine.net.modules() if isinstance(m, bnb.nn.Linear4bit)]
    assert len(linears) == 14  # the language model's Linears (vision, merger, lm_head: 16-bit)
    assert all(m.weight.quant_state.quant_type == "nf4" for m in linears)
    assert engine.device == "cpu" and engine.family == "qwen2_5_vl"


def test_generate_returns_text_and_the_processor_resized_size(engine):
    gens = engine.generate(
        [_image(300, 200), _image(120, 260)],
        [qwen2_5_vl.build_messages("ask", "Describe this area.")] * 2,
        max_new_tokens=6,
    )
    assert len(gens) == 2 and all(isinstance(g.text, str) for g in gens)
    # smart_resize: multiples of 28 within [56*56, 112*112] pixels, aspect roughly kept
    for g, (w, h) in zip(gens, [(300, 200), (120, 260)]):
        fw, fh = g.fed_size
        assert fw % 28 == 0 and fh % 28 == 0 and fw * fh <= 112 * 112
        assert (fw > fh) == (w > h)


def test_token_progress_and_cancel(engine):
    cancel, seen = threading.Event(), []

    def on_token(n, total):
        seen.append(n)
        if n == 3:
            cancel.set()

    with pytest.raises(Cancelled):
        engine.generate(
            [_image()], [qwen2_5_vl.build_messages("ask", "Q?")], max_new_tokens=200, cancel=cancel, on_token=on_token
        )
    assert seen[:3] == [1, 2, 3] and len(seen) < 200


def test_unquantised_load_has_no_4bit_layers(tiny_model_dir):
    import bitsandbytes as bnb

    eng = TransformersEngine(tiny_model_dir, device="cpu", quantization="none")
    assert not any(isinstance(m, bnb.nn.Linear4bit) for m in eng.net.modules())


def test_cuda_asked_without_gpu_is_a_clear_error(tiny_model_dir):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(BadInput, match="no CUDA GPU"):
        TransformersEngine(tiny_model_dir, device="cuda")
