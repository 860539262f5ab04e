"""``make gpu-check``: VRAM and speed of the default model, full size, 4-bit NF4, on a CUDA GPU.

No download: a randomly initialised Qwen2.5-VL-3B-Instruct is built from the published config
(``default_model_config``), saved as bf16 safetensors into a temporary folder with a processor
built offline, then loaded through the real ``TransformersEngine`` (``quantization="nf4"``:
bitsandbytes NF4, double quantisation, bf16 compute) and asked the detect prompt of the family
on tiles of the family's default size (784 px). Random weights answer noise, so every tile
generates exactly ``--max-new-tokens`` tokens (``min_new_tokens`` in the saved generation config
suppresses EOS): the figure is the cost of a tile whose answer is that long.

Why save-then-load rather than quantising an in-memory model: ``from_pretrained`` with a
``BitsAndBytesConfig`` is the path users take (transformers 5 quantises each bf16 tensor as it
is moved to the GPU, so no fp32 or full bf16 copy of the model ever sits on the GPU), and it is
the path of our engine; quantising a live module (``replace_with_bnb_linear`` + moving weights)
is private API that changes between transformers releases. The bf16 random model is built on the
CPU (7.5 GB of host RAM) and written once (7.5 GB of disk) per run.

Known differences from the real model: the tokenizer is a small byte-level BPE trained locally
(the prompt takes more text tokens than with Qwen's tokenizer; the 784 image tokens of a 784 px
tile dominate anyway), and the special-token ids of the config follow that tokenizer. Every
dimension, the vocabulary size (embedding 151936 x 2048, tied) and the parameter count are the
published ones.

Then the same model is loaded again with ``nf4-all`` (every Linear 4-bit, the vision tower too)
and, for both, a parts table (vision, projector, language, lm_head) sets the estimate from
config.json alone (``engines/model_cost.estimate_cost``, what the dock shows before a download)
beside the bytes counted on the loaded model and the VRAM torch allocated for it.

Without CUDA it prints one line and exits 0.
"""

from __future__ import annotations

import argparse
import copy
import gc
import os
import shutil
import sys
import tempfile
import time
from typing import Any, Dict, List, Optional

from .gpu_check_report import GIB, parts_table, table

DEFAULT_MODEL = "Qwen/Qwen2.5-VL-3B-Instruct"
# sum(p.numel()) of Qwen2_5_VLForConditionalGeneration(default_model_config()), lm_head tied to the
# embedding; the same figure other projects record for the released 3B checkpoint (e.g. MTEB's
# ModelMeta of Alibaba-NLP/GVE-3B, a Qwen2.5-VL-3B fine-tune: n_parameters=3754622976); the
# model page rounds it to "3.75B params".
PUBLISHED_PARAMS = 3_754_622_976
SAMPLE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "resources",
    "sample",
    "naip_milwaukee_airport_0p6m.tif",
)
LABELS = ("airplane", "building", "vehicle")
MARKER = "georsmllm-gpu-check.json"  # the config a --work-dir model was built from (reused if equal)


# Published config.json of huggingface.co/Qwen/Qwen2.5-VL-3B-Instruct: see default_model_config.
TEXT_CONFIG: Dict[str, Any] = dict(
    vocab_size=151936,
    hidden_size=2048,
    intermediate_size=11008,
    num_hidden_layers=36,
    num_attention_heads=16,
    num_key_value_heads=2,
    hidden_act="silu",
    max_position_embeddings=128000,
    max_window_layers=70,
    initializer_range=0.02,
    rms_norm_eps=1e-6,
    use_cache=True,
    use_sliding_window=False,
    sliding_window=32768,
    attention_dropout=0.0,
    tie_word_embeddings=True,
    rope_parameters={"rope_type": "default", "rope_theta": 1000000.0, "mrope_section": [16, 24, 24]},
    bos_token_id=151643,
    eos_token_id=151645,
)
VISION_CONFIG: Dict[str, Any] = dict(
    depth=32,
    hidden_size=1280,
    intermediate_size=3420,
    num_heads=16,
    hidden_act="silu",
    in_channels=3,
    out_hidden_size=2048,
    patch_size=14,
    spatial_merge_size=2,
    temporal_patch_size=2,
    window_size=112,
    fullatt_block_indexes=[7, 15, 23, 31],
    tokens_per_second=2,
)
TOKEN_IDS: Dict[str, int] = dict(
    image_token_id=151655, video_token_id=151656, vision_start_token_id=151652, vision_end_token_id=151653
)


def default_model_config(text: Optional[Dict[str, Any]] = None, vision: Optional[Dict[str, Any]] = None):
    """``Qwen2_5_VLConfig`` of Qwen/Qwen2.5-VL-3B-Instruct, written out (no download);
    ``text`` / ``vision`` override entries (tests shrink it).

    Values: the published ``config.json`` of huggingface.co/Qwen/Qwen2.5-VL-3B-Instruct, as
    reproduced verbatim in public repositories (checked with the code search of this project:
    a "Qwen/Qwen2.5-VL-3B-Instruct / model config" dump, a C++ JSON test "Selected Json config
    from Qwen2.5VL-3B", and a copy with ``_name_or_path: Qwen/Qwen2.5-VL-3B-Instruct``); the
    module dumps there (Embedding(151936, 2048), qkv 1280->3840, merger 5120->5120->2048,
    gate_proj 2048->11008, k_proj 2048->256) agree. The old ``rope_scaling`` block
    (``{"type": "mrope", "mrope_section": [16, 24, 24]}``) is written the transformers-5 way,
    as ``rope_parameters``.
    """
    from transformers import Qwen2_5_VLConfig

    text_cfg = {**copy.deepcopy(TEXT_CONFIG), **(text or {})}
    vision_cfg = {**copy.deepcopy(VISION_CONFIG), **(vision or {})}
    # the token ids are ints; the stubs type **kwargs as every keyword the config has
    return Qwen2_5_VLConfig(text_config=text_cfg, vision_config=vision_cfg, tie_word_embeddings=True, **TOKEN_IDS)  # type: ignore[arg-type]


def count_parameters(config) -> int:
    """Parameters of the model ``config`` describes, counted on the meta device (no memory)."""
    import torch
    from transformers import Qwen2_5_VLForConditionalGeneration

    with torch.device("meta"):
        model = Qwen2_5_VLForConditionalGeneration(config)
    return sum(p.numel() for p in model.parameters())


def tile_image(px: int):
    """A ``px`` x ``px`` RGB tile: the bundled NAIP sample resampled to that size (what a detect
    job hands the model), or a synthetic one when the sample is missing."""
    import numpy as np
    from PIL import Image

    try:
        import rasterio
        from rasterio.enums import Resampling

        with rasterio.open(SAMPLE) as ds:
            rgb = ds.read([1, 2, 3], out_shape=(3, px, px), resampling=Resampling.bilinear)
        return Image.fromarray(np.moveaxis(rgb, 0, -1).astype(np.uint8)), "NAIP sample, resampled"
    except Exception:  # noqa: BLE001 any failure: a synthetic tile times the same
        rng = np.random.default_rng(0)
        return Image.fromarray(rng.integers(0, 255, (px, px, 3), dtype=np.uint8)), "synthetic"


def build_processor():
    """Qwen2.5-VL processor built offline: the released image-processor settings, a local BPE."""
    from transformers import Qwen2_5_VLProcessor, Qwen2VLImageProcessor, Qwen2VLVideoProcessor

    from .families import qwen2_5_vl as fam
    from .tiny.qwen2_5_vl import CHAT_TEMPLATE, SPECIALS
    from .tiny.tokenizer import build_tokenizer

    tok = build_tokenizer(
        SPECIALS,
        {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"},  # nosec B105 special tokens, not secrets
        chat_template=CHAT_TEMPLATE,
    )
    image_proc = Qwen2VLImageProcessor(
        min_pixels=fam.SERVER_MIN_PIXELS,
        max_pixels=fam.SERVER_MAX_PIXELS,
        patch_size=14,
        merge_size=2,
        temporal_patch_size=2,
    )
    video_proc = Qwen2VLVideoProcessor()
    return Qwen2_5_VLProcessor(
        image_processor=image_proc, tokenizer=tok, video_processor=video_proc, chat_template=CHAT_TEMPLATE
    )


def build_random_model(out_dir: str, config=None, max_new_tokens: int = 64, seed: int = 0) -> str:
    """Save a randomly initialised bf16 model of ``config`` (default: the 3B) with an offline
    processor into ``out_dir``; its generation config makes exactly ``max_new_tokens`` tokens."""
    import torch
    from transformers import Qwen2_5_VLForConditionalGeneration

    config = copy.deepcopy(config) if config is not None else default_model_config()
    proc = build_processor()
    tok = proc.tokenizer
    ids = {
        t: tok.convert_tokens_to_ids(t)
        for t in ("<|endoftext|>", "<|im_end|>", "<|image_pad|>", "<|video_pad|>", "<|vision_start|>", "<|vision_end|>")
    }
    # Same shapes; only the special-token ids follow the local tokenizer (all < its vocab size,
    # which is far below the real 151936 rows of the embedding).
    config.image_token_id, config.video_token_id = ids["<|image_pad|>"], ids["<|video_pad|>"]
    config.vision_start_token_id, config.vision_end_token_id = ids["<|vision_start|>"], ids["<|vision_end|>"]
    config.text_config.bos_token_id = config.text_config.pad_token_id = ids["<|endoftext|>"]
    config.text_config.eos_token_id = ids["<|im_end|>"]
    torch.manual_seed(seed)
    # Built on the CPU straight in bf16 (no fp32 copy anywhere), initialised by transformers.
    model = Qwen2_5_VLForConditionalGeneration._from_config(config, dtype=torch.bfloat16).eval()
    gen = model.generation_config
    gen.eos_token_id, gen.pad_token_id, gen.do_sample = ids["<|im_end|>"], ids["<|endoftext|>"], False
    gen.max_new_tokens = gen.min_new_tokens = max_new_tokens  # noise never stops early
    os.makedirs(out_dir, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    proc.save_pretrained(out_dir)
    del model
    return out_dir


def set_new_tokens(folder: str, max_new_tokens: int) -> None:
    from transformers import GenerationConfig

    gen = GenerationConfig.from_pretrained(folder, trust_remote_code=False)  # nosec B615 local folder
    gen.max_new_tokens = gen.min_new_tokens = max_new_tokens
    gen.save_pretrained(folder)


def _read(path: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def gpu_memory() -> Dict[str, float]:
    """GiB: allocated now, peak allocated and peak reserved since the last reset (torch's
    caching allocator), and in use on the whole device (what nvidia-smi shows: reserved memory,
    the CUDA context, other processes)."""
    import torch

    free, total = torch.cuda.mem_get_info()
    return {
        "allocated": torch.cuda.memory_allocated() / GIB,
        "peak_allocated": torch.cuda.max_memory_allocated() / GIB,
        "peak_reserved": torch.cuda.max_memory_reserved() / GIB,
        "device_used": (total - free) / GIB,
        "device_total": total / GIB,
    }


def run_check(
    device: str = "cuda",
    quantization: str = "nf4",
    tiles: int = 5,
    max_new_tokens: int = 64,
    tile_px: Optional[int] = None,
    config=None,
    work_dir: Optional[str] = None,
    log=lambda msg: None,
) -> Dict[str, Any]:
    """Build, load through ``TransformersEngine``, time ``tiles`` detect generations (one warm-up
    first). Returns the figures; GPU memory only when ``device`` is cuda."""
    import torch

    from .engines.transformers_engine import TransformersEngine
    from .families import qwen2_5_vl as fam

    tile_px = tile_px or fam.INPUT_SIZE
    cuda = device == "cuda"
    own_dir = work_dir is None
    folder = work_dir if work_dir is not None else tempfile.mkdtemp(prefix="georsmllm-gpu-check-")
    res: Dict[str, Any] = {
        "device": device,
        "quantization": quantization,
        "tile_px": tile_px,
        "tiles": tiles,
        "max_new_tokens": max_new_tokens,
    }
    try:
        config = config if config is not None else default_model_config()
        marker = os.path.join(folder, MARKER)
        key = config.to_json_string(use_diff=False)
        t0 = time.perf_counter()
        if not own_dir and _read(marker) == key:  # same model already there: only the token count
            log(f"reusing the random model in {folder}")
            set_new_tokens(folder, max_new_tokens)
            res["build_s"] = None
        else:
            log(f"building a random bf16 model into {folder} ...")
            if os.path.exists(marker):
                os.remove(marker)  # a half-overwritten folder must not pass for the old model
            build_random_model(folder, config, max_new_tokens)
            with open(marker, "w", encoding="utf-8") as f:
                f.write(key)
            res["build_s"] = time.perf_counter() - t0
        if cuda:
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
            res["allocated_before"] = torch.cuda.memory_allocated() / GIB
        log(f"loading it through TransformersEngine ({device}, {quantization}) ...")
        engine = TransformersEngine(model=folder, device=device, quantization=quantization, family=fam.NAME)
        res["load_s"] = engine.load_s
        res["params"] = engine.net.num_parameters()  # counts 4-bit weights unpacked
        res["dtype"] = str(engine.net.dtype).replace("torch.", "")  # bf16 on CUDA (fp16 without bf16)
        from .engines.model_cost import estimate_cost, loaded_cost

        res["cost"] = loaded_cost(engine.net, fam, model=DEFAULT_MODEL, quantization=quantization, device=device)
        res["estimate"] = estimate_cost(folder, fam.NAME, quantization, device)
        if cuda:
            torch.cuda.synchronize()
            res["mem_load"] = gpu_memory()
            res["mem_load"]["for_model"] = res["mem_load"]["allocated"] - res["allocated_before"]
        image, res["image_source"] = tile_image(tile_px)
        messages = fam.build_messages("detect", "", labels=list(LABELS))
        prompt = engine.processor.apply_chat_template(messages, add_generation_prompt=True)
        inputs = engine.processor(images=[image], text=[prompt], return_tensors="pt")
        ids = inputs["input_ids"][0]
        res["prompt_tokens"] = int(ids.numel())
        res["image_tokens"] = int((ids == engine.net.config.image_token_id).sum())
        res["fed_size"] = fam.fed_size(inputs, 0)
        steps: List[int] = []

        def one_tile() -> None:
            engine.generate([image], [messages], max_new_tokens, on_token=lambda n, _total: steps.append(n))
            if cuda:
                torch.cuda.synchronize()

        log("warm-up tile ...")
        one_tile()
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        steps.clear()
        log(f"timing {tiles} tiles ...")
        t0 = time.perf_counter()
        for _ in range(tiles):
            one_tile()
        res["elapsed_s"] = time.perf_counter() - t0
        res["new_tokens"] = max(steps) if steps else 0  # the stop criterion sees every new token
        if cuda:
            res["mem_run"] = gpu_memory()
    finally:  # the engine (and its GPU memory) goes with this frame, before the next load
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return res


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model_backend.gpu_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiles", type=int, default=5, help="tiles timed after one warm-up (default 5)")
    parser.add_argument(
        "--max-new-tokens", type=int, default=64, help="new tokens generated per tile, forced (default 64)"
    )
    parser.add_argument(
        "--work-dir",
        help="folder for the random model, kept and reused by the next run (default: a temporary folder, removed)",
    )
    args = parser.parse_args(argv)
    if args.tiles < 1 or args.max_new_tokens < 1:
        parser.error("--tiles and --max-new-tokens must be at least 1")
    import torch

    if not torch.cuda.is_available():
        print(f"no CUDA GPU: gpu-check skipped (torch {torch.__version__}, cuda available False)")
        return 0
    gpu = f"{torch.cuda.get_device_name(0)}, {torch.cuda.get_device_properties(0).total_memory / GIB:.1f} GiB"
    given = " ".join(argv if argv is not None else sys.argv[1:])
    command = (
        (f'make gpu-check GPU_CHECK_ARGS="{given}"' if given else "make gpu-check")
        if os.environ.get("MAKELEVEL")
        else f"python -m model_backend.gpu_check {given}"
    )
    # One random model for both loads: a temporary folder unless --work-dir keeps it.
    work = args.work_dir or tempfile.mkdtemp(prefix="georsmllm-gpu-check-")
    results = []
    try:
        for quantization in ("nf4", "nf4-all"):  # the default, then everything 4-bit
            results.append(
                run_check(
                    "cuda",
                    quantization,
                    args.tiles,
                    args.max_new_tokens,
                    work_dir=work,
                    log=lambda msg: print(msg, file=sys.stderr, flush=True),
                )
            )
            gc.collect()
            torch.cuda.empty_cache()
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    for res in results:
        print(table(res, command.strip(), gpu) + "\n")
    print(parts_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
