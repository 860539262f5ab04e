"""What a local model costs in memory, part by part: measured on a loaded model, or estimated
from its config.json before any weight is downloaded.

Parts (``PARTS``): the vision tower, the vision-language projector (patch merger), the language
model and the output head; each family names where they live in the transformers class
(``MODULE_PARTS``, longest prefix wins). Default ``nf4`` / ``int8`` quantize the language model
only (``skip_modules``): a 4-bit vision encoder is known to wreck image understanding in the
Qwen2-VL lineage, and the tower is a small share of the bytes. ``nf4-all`` is the old behaviour
(every Linear but the output head, which transformers keeps unquantized by default).

``loaded_cost`` counts what a loaded model holds: parameters, buffers and the bitsandbytes
quantisation statistics (absmax, code tables, int8 row scales). ``estimate_cost`` builds the
model on the meta device (exact parameter counts, no memory, no weights), applies the rules
transformers' bitsandbytes quantizer applies (its ``should_convert_module`` and default skips),
and costs each quantized Linear as bitsandbytes stores it.
"""

from __future__ import annotations

import math
import os
from types import ModuleType
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, get_args

from .. import families
from ..errors import BadInput, ModelUnavailable

Part = Literal["vision", "projector", "language", "lm_head"]
PARTS: Tuple[str, ...] = get_args(Part)
Storage = Literal["nf4", "int8", "bf16", "fp16", "fp32"]
# The parts default nf4/int8 keep in the compute dtype.
KEPT_PARTS: Tuple[str, ...] = ("vision", "projector", "lm_head")
# bitsandbytes 4-bit (Params4bit): 64 weights per absmax block; with double quantization the
# absmax values are themselves 8-bit in blocks of 256 (one fp32 absmax each), plus per layer a
# 256-entry fp32 code table for that, the 16-entry NF4 table and one fp32 offset.
NF4_BLOCK, NESTED_BLOCK, NF4_TABLES_BYTES = 64, 256, (256 + 16 + 1) * 4
_SIZES: Dict[str, int] = {"bf16": 2, "fp16": 2, "fp32": 4}


class PartCost(TypedDict):
    params: int
    storage: str  # "nf4" / "int8" when the part holds quantized layers, else its float dtype
    bytes: int


class ModelCost(TypedDict):
    """``{"parts": {part: PartCost}, "total_bytes": N}`` and what it was computed for."""

    parts: Dict[str, PartCost]
    total_bytes: int
    model: str
    family: str
    quantization: str
    device: str
    estimated: bool


def part_of(name: str, module_parts: Mapping[str, Sequence[str]]) -> str:
    """The part a parameter or module name belongs to: the longest matching prefix (on a
    ``.`` boundary) of the family's ``MODULE_PARTS``; names matching none count as language."""
    best, best_len = "language", -1
    for part, prefixes in module_parts.items():
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = part, len(prefix)
    return best


def skip_modules(fam: ModuleType, quantization: str) -> Optional[List[str]]:
    """Module prefixes bitsandbytes must leave in the compute dtype (``llm_int8_skip_modules``,
    which transformers honours for 4-bit too): the vision tower, projector and lm_head for
    nf4/int8; None (transformers' default skips: the output head) for nf4-all."""
    if quantization not in ("nf4", "int8"):
        return None
    return [p for part in KEPT_PARTS for p in fam.MODULE_PARTS[part]]


def human_bytes(n: int) -> str:
    """1234567890 -> '1.1 GiB' (binary units, as nvidia-smi and torch count memory)."""
    size, unit = float(n), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            break
        size /= 1024
    return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"


def compute_storage(device: str) -> Tuple[str, str]:
    """(device, compute dtype) a job would use: 'cuda' -> bf16 (fp16 on cards without bf16),
    'cpu' -> fp32; 'auto' -> cuda when torch sees one. An estimate for 'cuda' on a machine
    without one assumes a bf16 card."""
    import torch

    if device not in ("auto", "cuda", "cpu"):
        raise BadInput(f"device must be auto, cuda or cpu, not {device!r}")
    cuda = torch.cuda.is_available()
    if device == "cpu" or (device == "auto" and not cuda):
        return "cpu", "fp32"
    return "cuda", "fp16" if cuda and not torch.cuda.is_bf16_supported() else "bf16"


def _finish(acc: Dict[str, Dict[str, Any]], default: str, **about: Any) -> ModelCost:
    """Per-part totals; a part's storage is its quantization, else its commonest float dtype
    (``default`` for an empty part, e.g. an lm_head tied to the input embeddings)."""
    parts: Dict[str, PartCost] = {}
    for part in PARTS:
        a = acc[part]
        storage = a["quant"] or max(a["floats"], key=a["floats"].get, default=default)
        parts[part] = {"params": int(a["params"]), "storage": storage, "bytes": int(a["bytes"])}
    return {"parts": parts, "total_bytes": sum(p["bytes"] for p in parts.values()), **about}  # type: ignore[typeddict-item]


def _empty() -> Dict[str, Dict[str, Any]]:
    return {p: {"params": 0, "bytes": 0, "quant": None, "floats": {}} for p in PARTS}


_DTYPES = {"torch.bfloat16": "bf16", "torch.float16": "fp16", "torch.float32": "fp32"}


def loaded_cost(net: Any, fam: ModuleType, *, model: str = "", quantization: str = "", device: str = "") -> ModelCost:
    """What the loaded ``net`` holds, per part: parameters (4-bit ones counted unpacked),
    buffers, and bitsandbytes' statistics; a tensor shared by two names is counted once."""
    acc, seen = _empty(), set()

    def add(part: str, tensor: Any) -> int:
        key = (str(tensor.device), tensor.data_ptr(), tensor.numel())
        if tensor.device.type == "meta" or key in seen:
            return 0
        seen.add(key)
        n = tensor.numel() * tensor.element_size()
        acc[part]["bytes"] += n
        return n

    for name, param in net.named_parameters():
        part = part_of(name, fam.MODULE_PARTS)
        a = acc[part]
        state = getattr(param, "quant_state", None)
        if state is not None:  # bitsandbytes Params4bit: packed uint8 + statistics
            a["params"] += math.prod(state.shape)
            a["quant"] = state.quant_type
            for t in (
                state.absmax,
                state.code,
                state.offset,
                *((state.state2.absmax, state.state2.code) if state.nested else ()),
            ):
                if t is not None:
                    add(part, t)
        elif getattr(param, "SCB", None) is not None:  # bitsandbytes Int8Params: int8 + row scales
            a["params"] += param.numel()
            a["quant"] = "int8"
            add(part, param.SCB)
        else:
            a["params"] += param.numel()
            dtype = _DTYPES.get(str(param.dtype))
            if dtype:
                a["floats"][dtype] = a["floats"].get(dtype, 0) + param.numel()
        add(part, param)
    for name, buf in net.named_buffers():
        add(part_of(name, fam.MODULE_PARTS), buf)
    return _finish(
        acc,
        _DTYPES.get(str(net.dtype), "fp32"),
        model=model,
        family=fam.NAME,
        quantization=quantization,
        device=device,
        estimated=False,
    )


def config_folder(model: str) -> str:
    """A folder holding ``model``'s config.json: the model's own folder, or its Hugging Face
    cache snapshot, fetching config.json alone when it is not cached (never any weights;
    ``HF_HUB_OFFLINE`` respected)."""
    from .model_source import looks_like_path, unavailable_message

    path = os.path.expanduser(model)
    if os.path.isdir(path) or looks_like_path(model):
        if not os.path.isfile(os.path.join(path, "config.json")):
            raise ModelUnavailable(f"Model folder {path} has no config.json: not a transformers model")
        return path
    from huggingface_hub import hf_hub_download

    try:
        return os.path.dirname(hf_hub_download(model, "config.json"))  # nosec B615 config only
    except Exception as exc:  # noqa: BLE001 - offline, unknown repo, no network: one message
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ModelUnavailable(unavailable_message(model, reason)) from exc


def _quantized_bytes(quantization: str, weight: Any) -> int:
    n = weight.numel()
    if quantization == "int8":
        return n + weight.shape[0] * 4  # int8 weights + one fp32 scale per output row
    blocks = math.ceil(n / NF4_BLOCK)
    return math.ceil(n / 2) + blocks + math.ceil(blocks / NESTED_BLOCK) * 4 + NF4_TABLES_BYTES


def estimate_cost(
    model: str, family: Optional[str] = None, quantization: str = "nf4", device: str = "auto"
) -> ModelCost:
    """What ``model`` would cost loaded with ``quantization`` on ``device``, from config.json
    alone (see the module docstring). Raises ModelUnavailable when config.json cannot be had."""
    import torch
    from transformers import AutoConfig
    from transformers.quantizers.base import get_keys_to_not_convert
    from transformers.quantizers.quantizers_utils import should_convert_module

    from .transformers_engine import model_class

    if quantization not in ("nf4", "int8", "nf4-all", "none"):  # what load_kwargs knows
        raise BadInput(f"quantization must be nf4, int8, nf4-all or none, not {quantization!r}")
    device, compute = compute_storage(device)
    path = config_folder(model)
    fam = families.get(family) if family else families.infer(model, path)
    cls = model_class(path)
    config = AutoConfig.from_pretrained(path, trust_remote_code=False)  # nosec B615 local folder
    build = cls.from_config if hasattr(cls, "_model_mapping") else cls._from_config
    # dtype=None: no torch.set_default_dtype (process-wide) while a job may be loading beside us.
    with torch.device("meta"):
        net = build(config, dtype=None)
    quantized: Dict[str, Any] = {}  # parameter name -> weight of a Linear bitsandbytes replaces
    if quantization != "none":
        skip = skip_modules(fam, quantization)
        keep = (get_keys_to_not_convert(net) if skip is None else list(skip)) + list(
            getattr(net, "_keep_in_fp32_modules", None) or []
        )
        for name, module in net.named_modules():
            if type(module) is torch.nn.Linear and should_convert_module(name, keep):
                quantized[f"{name}.weight"] = module.weight
    storage = "int8" if quantization == "int8" else "nf4"
    acc = _empty()
    for name, param in net.named_parameters():
        a = acc[part_of(name, fam.MODULE_PARTS)]
        a["params"] += param.numel()
        if name in quantized:
            a["bytes"] += _quantized_bytes(quantization, param)
            a["quant"] = storage
        else:
            a["bytes"] += param.numel() * _SIZES[compute]
            a["floats"][compute] = a["floats"].get(compute, 0) + param.numel()
    for name, buf in net.named_buffers():
        acc[part_of(name, fam.MODULE_PARTS)]["bytes"] += buf.numel() * buf.element_size()
    return _finish(acc, compute, model=model, family=fam.NAME, quantization=quantization, device=device, estimated=True)


def missing_parts(net: Any, fam: ModuleType) -> List[str]:
    """The kept parts (vision, projector) none of whose ``MODULE_PARTS`` prefixes names a module
    of ``net``: a wrong family, or a transformers release that renamed them."""
    names = {name for name, _ in net.named_modules()}
    return [part for part in ("vision", "projector") if not any(prefix in names for prefix in fam.MODULE_PARTS[part])]


def format_table(cost: ModelCost) -> str:
    """The parts as a small text table (CLI ``model-info``, ``make gpu-check``)."""
    how = "estimated from config.json" if cost["estimated"] else "loaded"
    lines = [
        f"{cost['model']} ({cost['family']}, {cost['quantization']} on {cost['device']}, {how}):",
        f"  {'part':<10} {'parameters':>13}  {'storage':<7} {'memory':>10}",
    ]
    for part, c in cost["parts"].items():
        note = "  (tied to the input embeddings)" if part == "lm_head" and not c["params"] else ""
        lines.append(f"  {part:<10} {c['params']:>13,}  {c['storage']:<7} {human_bytes(c['bytes']):>10}{note}")
    params = sum(c["params"] for c in cost["parts"].values())
    lines.append(
        f"  {'total':<10} {params:>13,}  {'':<7} {human_bytes(cost['total_bytes']):>10}"
        f"  ({cost['total_bytes']:,} bytes)"
    )
    return "\n".join(lines)
