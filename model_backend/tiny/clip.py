"""Tiny CLIP image-text encoder: real ``CLIPModel`` classes, 64 wide, random weights, with a
locally trained tokenizer. For the Find tests and bench: exported to ONNX like a real CLIP, so
the export, onnxruntime and index paths run for real; its rankings of text queries are noise."""

from __future__ import annotations

import json
import os

from ..protocol import TINY_MARKER

IMAGE_SIZE = 64  # pixels per side fed to the tiny vision tower (16 px patches: 4 x 4)
SPECIALS = ["<|endoftext|>", "<|startoftext|>"]
MAX_TEXT = 32


def build(out_dir: str, seed: int = 0) -> str:
    """Build, save (safetensors, tokenizer, preprocessor_config.json) and mark the tiny CLIP."""
    import torch
    from tokenizers.processors import TemplateProcessing
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel

    from .tokenizer import build_tokenizer

    torch.manual_seed(seed)
    tok = build_tokenizer(
        SPECIALS,
        {
            "eos_token": "<|endoftext|>",
            "pad_token": "<|endoftext|>",  # nosec B105 special tokens, not secrets
            "bos_token": "<|startoftext|>",
        },
    )
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIALS}
    tok.backend_tokenizer.post_processor = TemplateProcessing(
        single="<|startoftext|> $A <|endoftext|>",
        special_tokens=[(t, ids[t]) for t in ("<|startoftext|>", "<|endoftext|>")],
    )
    tok.model_max_length = MAX_TEXT
    cfg = CLIPConfig(
        text_config=dict(
            vocab_size=len(tok),
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            max_position_embeddings=MAX_TEXT,
            bos_token_id=ids["<|startoftext|>"],
            eos_token_id=ids["<|endoftext|>"],
            pad_token_id=ids["<|endoftext|>"],
        ),
        vision_config=dict(
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            image_size=IMAGE_SIZE,
            patch_size=16,
        ),
        projection_dim=32,
    )
    model = CLIPModel(cfg).eval()
    os.makedirs(out_dir, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    tok.save_pretrained(out_dir)
    CLIPImageProcessor(
        size={"shortest_edge": IMAGE_SIZE}, crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}
    ).save_pretrained(out_dir)
    with open(os.path.join(out_dir, TINY_MARKER), "w") as f:
        json.dump(
            {
                "family": "clip",
                "seed": seed,
                "note": "tiny random CLIP built by GeoRSMLLM for tests: its rankings are meaningless",
            },
            f,
        )
    return out_dir
