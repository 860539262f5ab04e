"""Local engine: a Hugging Face transformers model, 4-bit NF4 through bitsandbytes by default.

bitsandbytes 4-bit also runs on CPU (every quantised Linear needs in_features % 64 == 0), so
the same path serves a laptop without a GPU; on CUDA the compute dtype is bf16 (fp16 on cards
without bf16).

Families plug in through their module (``families.base``): the optional hooks ``prompt_text``,
``SKIP_SPECIAL_TOKENS`` and ``post_process`` let a task-token model such as Florence-2 (no chat
template, coordinates as special tokens, encoder-decoder) share this path with chat models.
Tiles are generated in chunks of ``batch_size``; a CUDA out-of-memory error halves the chunk.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, List, Optional, Sequence

from .. import families
from ..errors import BadInput, Cancelled, OutOfMemory
from .base import Generation, Messages, TokenProgress
from .model_cost import missing_parts, skip_modules
from .model_source import resolve_model

log = logging.getLogger(__name__)


def pick_device(device: str) -> str:
    import torch

    if device not in ("auto", "cuda", "cpu"):
        raise BadInput(f"device must be auto, cuda or cpu, not {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise BadInput(
            "device 'cuda' was asked for but no CUDA GPU is available to torch "
            f"(torch {torch.__version__}); use device 'auto' or 'cpu'"
        )
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def load_kwargs(device: str, quantization: str, skip: Optional[Sequence[str]] = None) -> dict:
    """from_pretrained keyword arguments for a device ('cuda'|'cpu') and quantization.

    ``skip``: module-name prefixes bitsandbytes leaves in the compute dtype (nf4/int8: the
    family's vision tower, projector and lm_head, ``model_cost.skip_modules``); None keeps
    transformers' default skips (the output head), which is what nf4-all uses."""
    import torch
    from transformers import BitsAndBytesConfig

    if device == "cuda":
        compute = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        kwargs: dict = {"device_map": {"": 0}, "dtype": compute, "attn_implementation": "sdpa"}
    else:
        compute = torch.float32
        kwargs = {"device_map": {"": "cpu"}, "dtype": compute}
    skip_list = list(skip) if skip is not None else None
    if quantization in ("nf4", "nf4-all"):
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=compute,
            llm_int8_skip_modules=skip_list,
        )
    elif quantization == "int8":
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True, llm_int8_skip_modules=skip_list)
    elif quantization != "none":
        raise BadInput(f"quantization must be nf4, int8, nf4-all or none, not {quantization!r}")
    return kwargs


def model_class(path: str) -> Any:
    """The class that loads the checkpoint in ``path``: ``AutoModelForImageTextToText`` when it
    maps the config (Qwen2.5-VL, Florence-2 in transformers >= 4.56...), else the native
    transformers class the config names in ``architectures`` (never remote code)."""
    import transformers
    from transformers import AutoConfig, AutoModelForImageTextToText

    config = AutoConfig.from_pretrained(path, trust_remote_code=False)  # nosec B615 local folder
    if type(config) in AutoModelForImageTextToText._model_mapping:
        return AutoModelForImageTextToText
    for name in config.architectures or []:
        cls = getattr(transformers, name, None)
        if cls is not None and hasattr(cls, "from_pretrained"):
            return cls
    raise BadInput(
        f"transformers {transformers.__version__} has no image-text-to-text class for "
        f"model type {config.model_type!r} (architectures {config.architectures})"
    )


class _Stop:
    """Stopping criterion: ends generation on cancel and reports tokens as progress."""

    def __init__(self, cancel: Optional[threading.Event], on_token: Optional[TokenProgress], max_new_tokens: int):
        self.cancel, self.on_token, self.max_new, self.n = cancel, on_token, max_new_tokens, 0

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        self.n += 1
        if self.on_token:
            self.on_token(self.n, self.max_new)
        stop = bool(self.cancel is not None and self.cancel.is_set())
        return torch.full((input_ids.shape[0],), stop, dtype=torch.bool, device=input_ids.device)


class TransformersEngine:
    """Holds one loaded model; kept alive by the worker between questions.

    ``batch_size`` is how many tiles go through one ``generate`` call by default (1: memory is
    predictable; more keeps a GPU busy). After a CUDA out-of-memory error every later chunk is
    capped at the size that fitted."""

    def __init__(
        self,
        model: str,
        device: str = "auto",
        quantization: str = "nf4",
        family: Optional[str] = None,
        revision: Optional[str] = None,
        batch_size: int = 1,
    ):
        import torch
        from transformers import AutoProcessor

        if batch_size < 1:
            raise BadInput(f"batch_size must be at least 1, not {batch_size}")
        self.model, self.quantization, self.batch_size = model, quantization, batch_size
        self.device = pick_device(device)
        path = resolve_model(model, revision=revision)
        fam = families.get(family) if family else families.infer(model, path)
        self.family, self.family_module = fam.NAME, fam
        t0 = time.perf_counter()
        # Downloads are done (resolve_model): a "Loading weights" bar for a local folder is only
        # noise on a terminal and in the QGIS log, so bars are off for the load alone.
        from huggingface_hub.utils import are_progress_bars_disabled
        from transformers.utils import logging as hf_logging

        bars_were_off = are_progress_bars_disabled()  # e.g. HF_HUB_DISABLE_PROGRESS_BARS=1
        hf_logging.disable_progress_bar()
        # On CPU bitsandbytes tries an optional hub-fetched kernel first and warns on every load
        # when it is absent (it always is offline); its own fallback is what runs, so say nothing.
        logging.getLogger("bitsandbytes.backends.cpu.ops").setLevel(logging.ERROR)
        try:
            # ``path`` is a local folder (resolve_model pinned what was downloaded): nothing is fetched.
            self.processor = AutoProcessor.from_pretrained(path, trust_remote_code=False)  # nosec B615 local folder
            self.net = (
                model_class(path)
                .from_pretrained(  # nosec B615 local folder
                    path,
                    use_safetensors=True,
                    trust_remote_code=False,
                    **load_kwargs(self.device, quantization, skip_modules(fam, quantization)),
                )
                .eval()
            )
        finally:
            if not bars_were_off:
                hf_logging.enable_progress_bar()
        self.load_s = time.perf_counter() - t0
        self.torch = torch
        missing = missing_parts(self.net, fam)
        if missing and quantization in ("nf4", "int8"):
            log.warning(
                "%s has no module where the %s family keeps its %s: those layers may be "
                "quantized too (is the family right?)",
                model,
                fam.NAME,
                ", ".join(missing),
            )
        # The largest chunk that did not run out of CUDA memory: later calls start there.
        self._max_batch: Optional[int] = None
        log.info(
            "loaded %s (%s, %s) on %s, %s, in %.1fs",
            model,
            self.family,
            type(self.net).__name__,
            self.device,
            quantization,
            self.load_s,
        )

    def describe(self) -> dict:
        return {
            "model": self.model,
            "family": self.family,
            "device": self.device,
            "quantization": self.quantization,
            "load_s": round(self.load_s, 3),
        }

    def generate(
        self,
        images: list,
        messages: List[Messages],
        max_new_tokens: int = 256,
        cancel: Optional[threading.Event] = None,
        on_token: Optional[TokenProgress] = None,
        batch_size: Optional[int] = None,
    ) -> List[Generation]:
        """One answer per (image, messages) pair, in order, ``batch_size`` pairs per generate call.

        On ``torch.cuda.OutOfMemoryError`` the chunk is halved (a warning each time), the CUDA
        cache emptied and the chunk retried; the smaller size is kept for the rest of this call
        and for later calls. Out of memory with one tile raises ``OutOfMemory``. ``on_token``
        counts the tokens of the chunk being generated."""
        if len(images) != len(messages):
            raise ValueError(f"{len(images)} images but {len(messages)} message lists")
        size = batch_size if batch_size is not None else self.batch_size
        if size < 1:
            raise BadInput(f"batch_size must be at least 1, not {size}")
        if self._max_batch is not None:
            size = min(size, self._max_batch)
        results: List[Generation] = []
        start = 0
        while start < len(images):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            stop = start + size
            try:
                results.extend(
                    self._generate_chunk(images[start:stop], messages[start:stop], max_new_tokens, cancel, on_token)
                )
            except self.torch.cuda.OutOfMemoryError as exc:
                self.torch.cuda.empty_cache()
                if size == 1:
                    raise OutOfMemory(
                        f"CUDA out of memory with a single {self.family} tile "
                        f"({self.quantization}): {str(exc).splitlines()[0][:200]}"
                    ) from exc
                log.warning("CUDA out of memory with batch %d; retrying with %d", size, size // 2)
                size = size // 2
                self._max_batch = size
                continue
            start = stop
        return results

    def _generate_chunk(
        self,
        images: Sequence,
        messages: Sequence[Messages],
        max_new_tokens: int,
        cancel: Optional[threading.Event],
        on_token: Optional[TokenProgress],
    ) -> List[Generation]:
        """One generate call over a few (image, messages) pairs."""
        from transformers import StoppingCriteriaList

        fam = self.family_module
        encoder_decoder = bool(getattr(self.net.config, "is_encoder_decoder", False))
        tok = getattr(self.processor, "tokenizer", None)
        if tok is not None and not encoder_decoder:
            tok.padding_side = "left"  # decoder-only batches must be left-padded
        prompt_text = getattr(fam, "prompt_text", None)
        prompts = [
            prompt_text(self.processor, m)
            if prompt_text is not None
            else self.processor.apply_chat_template(m, add_generation_prompt=True)
            for m in messages
        ]
        inputs = self.processor(images=list(images), text=prompts, return_tensors="pt", padding=True)
        fed = [fam.fed_size(inputs, i) for i in range(len(images))]
        inputs = inputs.to(self.net.device)
        if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
            inputs["pixel_values"] = inputs["pixel_values"].to(self.net.dtype)
        stop = _Stop(cancel, on_token, max_new_tokens)
        with self.torch.inference_mode():
            out = self.net.generate(
                **inputs, max_new_tokens=max_new_tokens, do_sample=False, stopping_criteria=StoppingCriteriaList([stop])
            )
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        # A decoder-only model returns prompt + answer; an encoder-decoder only the answer.
        new_tokens = out if encoder_decoder else out[:, inputs["input_ids"].shape[1] :]
        texts = self.processor.batch_decode(new_tokens, skip_special_tokens=getattr(fam, "SKIP_SPECIAL_TOKENS", True))
        post_process = getattr(fam, "post_process", None)
        if post_process is not None:
            texts = [post_process(self.processor, t, s) for t, s in zip(texts, fed)]
        return [Generation(text=t, fed_size=s) for t, s in zip(texts, fed)]
