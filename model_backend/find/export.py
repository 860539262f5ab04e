"""Export a CLIP-family image-text model to ONNX: the image and text towers as two files.

``python -m model_backend export-onnx --model M`` (a hub id, resolved into the Hugging Face
cache, or a local folder in transformers format: CLIP, SigLIP, and fine-tunes such as
RemoteCLIP/GeoRSCLIP once converted to that format). Each tower maps its input to the model's
*projected* embedding (the space where image and text are compared), not normalised: the
encoder normalises. Written beside them: the tokenizer files and ``georsmllm_encoder.json``
(image size, mean/std, text padding, the files per precision). Precisions:

- ``fp32``: the reference, exported with torch's TorchScript exporter (opset 17, dynamic batch
  and text length);
- ``int8``: dynamic int8 quantisation of the fp32 graphs' MatMul weights
  (``onnxruntime.quantization.quantize_dynamic``), the CPU option;
- ``fp16``: the fp32 graphs converted to float16 with fp32 inputs/outputs
  (``onnxruntime.transformers.float16``), for the CUDA execution provider.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import warnings
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Optional, Sequence

from ..errors import BadInput
from .cache import cache_dir

log = logging.getLogger(__name__)

MANIFEST = "georsmllm_encoder.json"
FORMAT = 1
PRECISIONS = ("fp32", "int8", "fp16")
# config.json model_type -> how its text tower was trained to see text (SigLIP: padded to 64)
SUPPORTED = {"clip": "longest", "siglip": "max_length", "siglip2": "max_length"}
CLIP_MEAN, CLIP_STD = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]
OPSET = 17


def default_out_dir(model: str, folder: str) -> str:
    """Where an export of ``model`` (resolved to ``folder``) lives in the user cache: one per
    model snapshot, so a new revision of a hub model is exported again."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model.strip("/").replace("/", "--"))[-60:]
    digest = hashlib.sha256(os.path.realpath(folder).encode()).hexdigest()[:10]
    return cache_dir("encoders", f"{slug}-{digest}")


def read_manifest(folder: str) -> Optional[Dict[str, Any]]:
    """The manifest of an exported encoder folder, or None when ``folder`` holds none."""
    path = os.path.join(folder, MANIFEST)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{path} is not a GeoRSMLLM encoder manifest of format {FORMAT}: export again")
    return data


def _towers(model: Any) -> tuple:
    """Two torch modules: pixel_values -> image embedding; (input_ids, attention_mask) -> text."""
    import torch

    def pooled(out: Any) -> Any:  # transformers 5 returns an output object, 4 a tensor
        return out if torch.is_tensor(out) else out.pooler_output

    class Image(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = model

        def forward(self, pixel_values: Any) -> Any:
            return pooled(self.m.get_image_features(pixel_values=pixel_values))

    class Text(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return pooled(self.m.get_text_features(input_ids=input_ids, attention_mask=attention_mask))

    return Image().eval(), Text().eval()


def load_torch(folder: str) -> tuple:
    """(model, config dict, model_type) of a transformers CLIP-family folder; BadInput otherwise."""
    from ..engines.model_source import read_config

    config = read_config(folder) or {}
    model_type = str(config.get("model_type", ""))
    if model_type not in SUPPORTED:
        raise BadInput(
            f"{folder}: model_type {model_type!r} is not an image-text encoder GeoRSMLLM "
            f"exports ({', '.join(SUPPORTED)}); open_clip checkpoints (RemoteCLIP, "
            "GeoRSCLIP .pt) must be converted to transformers format first"
        )
    from transformers import AutoModel

    model = AutoModel.from_pretrained(folder, trust_remote_code=False).eval()  # nosec B615 - a local folder, resolved above
    return model, config, model_type


def _preprocessing(folder: str, config: Dict[str, Any]) -> Dict[str, Any]:
    from ..engines.model_source import read_config

    pre = read_config(folder, "preprocessor_config.json") or {}
    vision = config.get("vision_config") or {}
    size = int(vision.get("image_size") or 224)
    return {
        "image_size": size,
        "mean": [float(v) for v in pre.get("image_mean", CLIP_MEAN)],
        "std": [float(v) for v in pre.get("image_std", CLIP_STD)],
        "resample": "bicubic" if int(pre.get("resample", 3)) == 3 else "bilinear",
    }


def export_onnx(
    model: str,
    out_dir: Optional[str] = None,
    precisions: Sequence[str] = PRECISIONS,
    on_step: Optional[Callable[[str], None]] = None,
) -> str:
    """Export ``model`` (hub id or folder) into ``out_dir`` (default: the user cache); returns the
    folder. An existing export with every asked precision is kept as it is."""
    import torch

    from ..engines.model_source import resolve_model

    bad = [p for p in precisions if p not in PRECISIONS]
    if bad or "fp32" not in precisions:
        raise BadInput(f"precisions must include fp32 and be among {', '.join(PRECISIONS)}, got {list(precisions)}")
    folder = resolve_model(model)
    out = out_dir or default_out_dir(model, folder)
    done = read_manifest(out) if os.path.isdir(out) else None
    if done and all(p in done["files"] for p in precisions):
        return out
    step = on_step or (lambda text: log.info("%s", text))
    net, config, model_type = load_torch(folder)
    pre = _preprocessing(folder, config)
    os.makedirs(out, exist_ok=True)
    image_tower, text_tower = _towers(net)
    size = pre["image_size"]
    step(f"exporting the image tower ({size} px) to ONNX")
    pixels = torch.zeros(2, 3, size, size)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # TorchScript tracer warnings about Python branches
        torch.onnx.export(
            image_tower,
            (pixels,),
            os.path.join(out, "image.onnx"),
            dynamo=False,
            input_names=["pixel_values"],
            output_names=["image_embeds"],
            opset_version=OPSET,
            dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
        )
        step("exporting the text tower to ONNX")
        text_cfg = config.get("text_config") or {}
        seq = min(16, int(text_cfg.get("max_position_embeddings") or 16))
        ids = torch.ones(2, seq, dtype=torch.long)
        torch.onnx.export(
            text_tower,
            (ids, torch.ones_like(ids)),
            os.path.join(out, "text.onnx"),
            dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=["text_embeds"],
            opset_version=OPSET,
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "text_embeds": {0: "batch"},
            },
        )
        dim = int(image_tower(pixels[:1]).shape[-1])
    files = {"fp32": {"image": "image.onnx", "text": "text.onnx"}}
    for precision in precisions:
        if precision == "fp32":
            continue
        step(f"writing the {precision} towers")
        files[precision] = {}
        for tower in ("image", "text"):
            dst = f"{tower}.{precision}.onnx"
            (_quantize_int8 if precision == "int8" else _to_fp16)(
                os.path.join(out, f"{tower}.onnx"), os.path.join(out, dst)
            )
            files[precision][tower] = dst
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(folder, trust_remote_code=False)  # nosec B615 - a local folder, resolved above
    tok.save_pretrained(out)
    max_length = int((config.get("text_config") or {}).get("max_position_embeddings") or 77)
    manifest = {
        "format": FORMAT,
        "source": model,
        "folder": os.path.realpath(folder),
        "model_type": model_type,
        "embed_dim": dim,
        **pre,
        "text_padding": SUPPORTED[model_type],
        "max_length": max_length,
        "files": files,
        "exported": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
    }
    with open(os.path.join(out, MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    return out


def _quantize_int8(src: str, dst: str) -> None:
    """Dynamic int8 (weights int8, activations quantised per batch at run time): CPU only."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = dst + ".pre.onnx"
    try:  # shape inference and graph folding first: what onnxruntime's quantiser asks for.
        # Symbolic shape inference is skipped: on failure it saves "sym_shape_infer_temp.onnx"
        # and its external data into the current folder, whatever folder that is.
        quant_pre_process(src, pre, skip_symbolic_shape=True)
    except Exception as exc:  # noqa: BLE001 - an optimisation only: quantise the graph as it is
        log.info("quantisation pre-processing skipped: %s", exc)
        pre = src
    try:
        quantize_dynamic(pre, dst, weight_type=QuantType.QInt8)
    finally:
        if pre != src and os.path.exists(pre):
            os.remove(pre)


def _to_fp16(src: str, dst: str) -> None:
    """Float16 weights and compute, float32 inputs and outputs (the callers feed fp32)."""
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    onnx.save(convert_float_to_float16(onnx.load(src), keep_io_types=True), dst)
