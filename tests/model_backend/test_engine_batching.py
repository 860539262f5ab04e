"""Batched generate with the tiny Qwen2.5-VL, and the CUDA out-of-memory halving path."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from PIL import Image

from model_backend import protocol as P
from model_backend.engines.transformers_engine import TransformersEngine
from model_backend.errors import OutOfMemory
from model_backend.families import qwen2_5_vl
from model_backend.service import error_code

LOGGER = "model_backend.engines.transformers_engine"
# Eight shapes the tiny processor (smart_resize) feeds at eight different sizes, so each
# result's fed_size shows which tile it belongs to.
SIZES = [(300, 200), (120, 260), (200, 200), (260, 90), (90, 90), (280, 140), (70, 250), (100, 150)]


def _tile(i: int) -> Image.Image:
    w, h = SIZES[i]
    return Image.fromarray(np.random.default_rng(i).integers(0, 255, (h, w, 3), dtype=np.uint8))


def _messages(n: int) -> list:
    return [qwen2_5_vl.build_messages("ask", "Describe this area.")] * n


class _Spy:
    """Wraps the real network and records how many images each generate call received."""

    def __init__(self, net):
        self._net, self.calls = net, []

    def generate(self, **inputs):
        self.calls.append(int(inputs["input_ids"].shape[0]))
        return self._net.generate(**inputs)

    def __getattr__(self, name):
        return getattr(self._net, name)


class _OOMAbove(_Spy):
    """Stands in for a CUDA GPU, which these machines lack: raises the exception torch raises
    when CUDA memory runs out whenever a generate call holds more than ``limit`` images, and
    runs the real tiny model otherwise."""

    def __init__(self, net, limit: int):
        super().__init__(net)
        self.limit = limit

    def generate(self, **inputs):
        import torch

        n = int(inputs["input_ids"].shape[0])
        if n > self.limit:
            self.calls.append(-n)  # negative: this call ran out of memory
            raise torch.cuda.OutOfMemoryError(f"CUDA out of memory. Tried to allocate {n} GiB")
        return super().generate(**inputs)


@pytest.fixture
def engine(tiny_model_dir):
    return TransformersEngine(tiny_model_dir, device="cpu", quantization="none")


@pytest.fixture(scope="module")
def unbatched(tiny_model_dir):
    eng = TransformersEngine(tiny_model_dir, device="cpu", quantization="none")
    return [eng.generate([_tile(i)], _messages(1), max_new_tokens=4)[0] for i in range(len(SIZES))]


def test_a_batch_of_three_tiles_is_one_call_with_each_tiles_own_size(engine, unbatched):
    spy = engine.net = _Spy(engine.net)
    gens = engine.generate([_tile(i) for i in range(3)], _messages(3), max_new_tokens=4, batch_size=3)
    assert spy.calls == [3]
    assert len(gens) == 3 and all(isinstance(g.text, str) for g in gens)
    assert [g.fed_size for g in gens] == [g.fed_size for g in unbatched[:3]]
    assert len({g.fed_size for g in gens}) == 3  # three different tiles, not one repeated


def test_chunks_of_batch_size_in_order(tiny_model_dir, unbatched):
    eng = TransformersEngine(tiny_model_dir, device="cpu", quantization="none", batch_size=2)
    spy = eng.net = _Spy(eng.net)
    gens = eng.generate([_tile(i) for i in range(5)], _messages(5), max_new_tokens=4)
    assert spy.calls == [2, 2, 1]
    assert [g.fed_size for g in gens] == [g.fed_size for g in unbatched[:5]]


def test_out_of_memory_halves_the_batch_and_keeps_the_order(engine, unbatched, caplog, monkeypatch):
    import torch

    emptied = []
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: emptied.append(1))
    double = engine.net = _OOMAbove(engine.net, limit=3)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        gens = engine.generate([_tile(i) for i in range(8)], _messages(8), max_new_tokens=4, batch_size=8)
    assert double.calls == [-8, -4, 2, 2, 2, 2]
    warnings = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert warnings == [
        "CUDA out of memory with batch 8; retrying with 4",
        "CUDA out of memory with batch 4; retrying with 2",
    ]
    assert len(emptied) == 2
    assert [g.fed_size for g in gens] == [g.fed_size for g in unbatched]
    assert len({g.fed_size for g in unbatched}) == 8
    # The size that fitted is remembered: the next call does not run out of memory again.
    double.calls.clear()
    engine.generate([_tile(i) for i in range(4)], _messages(4), max_new_tokens=4, batch_size=8)
    assert double.calls == [2, 2]


def test_out_of_memory_with_one_tile_is_a_clear_memory_error(engine, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: None)
    engine.net = _OOMAbove(engine.net, limit=0)
    with pytest.raises(OutOfMemory, match="single qwen2_5_vl tile") as info:
        engine.generate([_tile(0), _tile(1)], _messages(2), max_new_tokens=4, batch_size=2)
    assert engine.net.calls == [-2, -1]
    assert isinstance(info.value, MemoryError) and error_code(info.value) == P.OUT_OF_MEMORY


def test_mismatched_lists_and_bad_batch_size_are_refused(engine):
    from model_backend.errors import BadInput

    with pytest.raises(ValueError, match="2 images but 1"):
        engine.generate([_tile(0), _tile(1)], _messages(1))
    with pytest.raises(BadInput, match="at least 1"):
        engine.generate([_tile(0)], _messages(1), batch_size=0)
