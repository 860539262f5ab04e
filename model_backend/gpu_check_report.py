"""What ``make gpu-check`` prints: the versions, the table of one run (VRAM, tiles/s), and
the per-part table of the quantization variants (estimate vs counted vs measured). Apart from
the run itself (``gpu_check``) so each file reads as one thing."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .tasks import DEFAULT_MODEL

GIB = 1024**3


def versions() -> Dict[str, str]:
    from importlib import metadata

    out = {}
    for name in ("torch", "transformers", "bitsandbytes", "accelerate"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def table(res: Dict[str, Any], command: str, gpu: str) -> str:
    v = versions()
    import torch

    rows: List[Tuple[str, str]] = [
        ("command", f"`{command}`"),
        ("GPU", gpu),
        ("torch / CUDA", f"{v['torch']} / {torch.version.cuda}"),
        ("transformers / bitsandbytes / accelerate", f"{v['transformers']} / {v['bitsandbytes']} / {v['accelerate']}"),
        ("model", f"{DEFAULT_MODEL} shapes, random weights, {res['params'] / 1e9:.2f} B params as loaded"),
        (
            "quantization",
            f"NF4 (bitsandbytes), double quant, {res['dtype']} compute: the language model; "
            f"vision tower, merger and lm_head in {res['dtype']}"
            if res["quantization"] == "nf4"
            else f"nf4-all: every Linear but lm_head in NF4, {res['dtype']} compute"
            if res["quantization"] == "nf4-all"
            else f"{res['quantization']}, {res['dtype']}",
        ),
        (
            "build random bf16 model + save",
            "reused (same model)" if res["build_s"] is None else f"{res['build_s']:.1f} s",
        ),
        ("load (TransformersEngine, quantise on load)", f"{res['load_s']:.1f} s"),
    ]
    if "mem_load" in res:
        m, r = res["mem_load"], res["mem_run"]
        rows += [
            (
                "VRAM after load: allocated / peak allocated during load",
                f"{m['allocated']:.2f} / {m['peak_allocated']:.2f} GiB",
            ),
            (
                "VRAM generating: peak allocated / peak reserved",
                f"{r['peak_allocated']:.2f} / {r['peak_reserved']:.2f} GiB",
            ),
            (
                "VRAM device in use (nvidia-smi-like, incl. CUDA context)",
                f"{r['device_used']:.2f} of {r['device_total']:.1f} GiB",
            ),
        ]
    fw, fh = res["fed_size"]
    per_tile = res["elapsed_s"] / res["tiles"]
    rows += [
        (
            "tile",
            f"{res['tile_px']} px ({res['image_source']}), fed {fw} x {fh}, {res['image_tokens']} image tokens, "
            f"{res['prompt_tokens']} prompt tokens",
        ),
        ("detect prompt, new tokens per tile", f"{res['new_tokens']} (forced; max_new_tokens {res['max_new_tokens']})"),
        ("tiles timed (after 1 warm-up), batch 1", str(res["tiles"])),
        ("tiles/s", f"{res['tiles'] / res['elapsed_s']:.3f}"),
        ("s/tile", f"{per_tile:.2f}"),
        ("new tokens/s", f"{res['tiles'] * res['new_tokens'] / res['elapsed_s']:.3g}"),
    ]
    return "\n".join(["| figure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows])


def parts_table(results: List[Dict[str, Any]]) -> str:
    """Per quantization and part: parameters, storage, the config.json estimate and the bytes
    counted on the loaded model; per quantization the VRAM torch allocated for the load."""
    from .engines.model_cost import PARTS

    rows = [
        "| quantization | part | parameters | storage | estimate (config.json) | loaded (counted) |",
        "|---|---|---|---|---|---|",
    ]
    for res in results:
        est, got = res["estimate"], res["cost"]
        for part in PARTS:
            e, g = est["parts"][part], got["parts"][part]
            rows.append(
                f"| {res['quantization']} | {part} | {g['params']:,} | {g['storage']} | "
                f"{e['bytes'] / GIB:.3f} GiB | {g['bytes'] / GIB:.3f} GiB |"
            )
        total = f"{got['total_bytes'] / GIB:.3f} GiB"
        if "mem_load" in res:
            vram = res["mem_load"]["for_model"]
            total += (
                f"; VRAM allocated by the load {vram:.3f} GiB (estimate "
                f"{(est['total_bytes'] / GIB - vram) / vram * 100:+.1f} %)"
            )
        rows.append(f"| {res['quantization']} | **total** | | | {est['total_bytes'] / GIB:.3f} GiB | {total} |")
    return "\n".join(rows)
