"""Local engine: a Hugging Face transformers model, 4-bit NF4 through bitsandbytes by default.

bitsandbytes 4-bit also runs on CPU (every quantised Linear needs in_features % 64 == 0), so
the same path serves a laptop without a GPU; on CUDA the compute dtype is bf16 (fp16 on cards
without bf16).
"""
from __future__ import annotations

import logging
import threading
import time
from typing import List, Optional

from ..errors import BadInput, Cancelled
from .. import families
from .base import Generation, Messages, TokenProgress
from .model_source import resolve_model

log = logging.getLogger(__name__)


def pick_device(device: str) -> str:
    import torch

    if device not in ("auto", "cuda", "cpu"):
        raise BadInput(f"device must be auto, cuda or cpu, not {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise BadInput("device 'cuda' was asked for but no CUDA GPU is available to torch "
                       f"(torch {torch.__version__}); use device 'auto' or 'cpu'")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def load_kwargs(device: str, quantization: str) -> dict:
    """from_pretrained keyword arguments for a device ('cuda'|'cpu') and quantization."""
    import torch
    from transformers import BitsAndBytesConfig

    if device == "cuda":
        compute = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        kwargs: dict = {"device_map": {"": 0}, "dtype": compute, "attn_implementation": "sdpa"}
    else:
        compute = torch.float32
        kwargs = {"device_map": {"": "cpu"}, "dtype": compute}
    if quantization == "nf4":
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=compute)
    elif quantization == "int8":
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True)
    elif quantization != "none":
        raise BadInput(f"quantization must be nf4, int8 or none, not {quantization!r}")
    return kwargs


class _Stop:
    """Stopping criterion: ends generation on cancel and reports tokens as progress."""

    def __init__(self, cancel: Optional[threading.Event], on_token: Optional[TokenProgress],
                 max_new_tokens: int):
        self.cancel, self.on_token, self.max_new, self.n = cancel, on_token, max_new_tokens, 0

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        self.n += 1
        if self.on_token:
            self.on_token(self.n, self.max_new)
        stop = bool(self.cancel is not None and self.cancel.is_set())
        return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)


class TransformersEngine:
    """Holds one loaded model; kept alive by the worker between questions."""

    def __init__(self, model: str, device: str = "auto", quantization: str = "nf4",
                 family: Optional[str] = None, revision: Optional[str] = None):
        import torch
        from transformers import AutoModelForImageTextToText, AutoProcessor

        self.model, self.quantization = model, quantization
        self.device = pick_device(device)
        path = resolve_model(model, revision=revision)
        fam = families.get(family) if family else families.infer(model, path)
        self.family, self.family_module = fam.NAME, fam
        t0 = time.perf_counter()
        # ``path`` is a local folder (resolve_model pins what was downloaded): nothing is fetched here.
        self.processor = AutoProcessor.from_pretrained(path)  # nosec B615 local folder
        self.net = AutoModelForImageTextToText.from_pretrained(  # nosec B615 local folder
            path, use_safetensors=True, trust_remote_code=False,
            **load_kwargs(self.device, quantization)).eval()
        self.load_s = time.perf_counter() - t0
        self.torch = torch
        log.info("loaded %s (%s) on %s, %s, in %.1fs", model, self.family, self.device,
                 quantization, self.load_s)

    def describe(self) -> dict:
        return {"model": self.model, "family": self.family, "device": self.device,
                "quantization": self.quantization, "load_s": round(self.load_s, 3)}

    def generate(self, images: list, messages: List[Messages], max_new_tokens: int = 256,
                 cancel: Optional[threading.Event] = None,
                 on_token: Optional[TokenProgress] = None) -> List[Generation]:
        """One answer per (image, messages) pair, batched in one generate call."""
        from transformers import StoppingCriteriaList

        if cancel is not None and cancel.is_set():
            raise Cancelled()
        tok = getattr(self.processor, "tokenizer", None)
        if tok is not None and len(images) > 1:
            tok.padding_side = "left"  # decoder-only batches must be left-padded
        prompts = [self.processor.apply_chat_template(m, add_generation_prompt=True) for m in messages]
        inputs = self.processor(images=images, text=prompts, return_tensors="pt", padding=True)
        fed = [self.family_module.fed_size(inputs, i) for i in range(len(images))]
        inputs = inputs.to(self.net.device)
        if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
            inputs["pixel_values"] = inputs["pixel_values"].to(self.net.dtype)
        stop = _Stop(cancel, on_token, max_new_tokens)
        with self.torch.inference_mode():
            out = self.net.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False,
                                    stopping_criteria=StoppingCriteriaList([stop]))
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        new_tokens = out[:, inputs["input_ids"].shape[1]:]
        texts = self.processor.batch_decode(new_tokens, skip_special_tokens=True)
        return [Generation(text=t, fed_size=s) for t, s in zip(texts, fed)]
