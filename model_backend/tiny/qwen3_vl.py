"""Tiny Qwen3-VL: the real ``Qwen3VLForConditionalGeneration`` / ``Qwen3VLProcessor`` classes,
64-wide so every quantised Linear works in bitsandbytes 4-bit on CPU (in_features must be a
multiple of 64), with DeepStack and interleaved M-RoPE switched on as in the released models."""

from __future__ import annotations

# Same structure as Qwen3-VL-Instruct's chat_template.json without tools: a system turn only
# when the caller gives one (no default system prompt, unlike Qwen2.5-VL), and each image as
# <|vision_start|><|image_pad|><|vision_end|> inside the user turn.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}"
    "{% for c in message['content'] %}{% if c['type'] == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif c['type'] == 'text' %}{{ c['text'] }}{% endif %}{% endfor %}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIALS = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|image_pad|>",
    "<|video_pad|>",
]
# Qwen3-VL patches are 16 px merged 2x2, so the resize factor is 32. Any image is resized into
# [64*64, 128*128] pixels: at most 8x8 patches -> at most 4x4 = 16 image tokens (fast on CPU).
PATCH, MERGE = 16, 2
MIN_PIXELS, MAX_PIXELS = 64 * 64, 128 * 128


def build(out_dir: str, seed: int = 0) -> None:
    """Build, save (safetensors) and mark a tiny random Qwen3-VL in ``out_dir``."""
    import torch
    from transformers import (
        Qwen2VLImageProcessor,
        Qwen3VLConfig,
        Qwen3VLForConditionalGeneration,
        Qwen3VLProcessor,
        Qwen3VLVideoProcessor,
    )

    from .. import tiny
    from .tokenizer import build_tokenizer

    torch.manual_seed(seed)
    tok = build_tokenizer(
        SPECIALS,
        {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"},  # nosec B105 special tokens, not secrets
        chat_template=CHAT_TEMPLATE,
    )
    # Released Qwen3-VL preprocessor_config.json: Qwen2VLImageProcessorFast, patch 16, merge 2,
    # mean/std 0.5; only the pixel budget is shrunk here.
    image_proc = Qwen2VLImageProcessor(
        min_pixels=MIN_PIXELS,
        max_pixels=MAX_PIXELS,
        patch_size=PATCH,
        merge_size=MERGE,
        temporal_patch_size=2,
        image_mean=[0.5, 0.5, 0.5],
        image_std=[0.5, 0.5, 0.5],
    )
    video_proc = Qwen3VLVideoProcessor(
        size={"shortest_edge": MIN_PIXELS, "longest_edge": MAX_PIXELS * 4},
        patch_size=PATCH,
        merge_size=MERGE,
        temporal_patch_size=2,
    )
    proc = Qwen3VLProcessor(
        image_processor=image_proc, tokenizer=tok, video_processor=video_proc, chat_template=CHAT_TEMPLATE
    )
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIALS}
    cfg = Qwen3VLConfig(
        # head_dim 16 -> 8 rotary frequencies, interleaved over (t, h, w) as mrope_section 4/2/2.
        text_config=dict(
            vocab_size=len(tok),
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            head_dim=16,
            max_position_embeddings=2048,
            rope_parameters={
                "rope_type": "default",
                "rope_theta": 10000.0,
                "mrope_section": [4, 2, 2],
                "mrope_interleaved": True,
            },
            bos_token_id=ids["<|endoftext|>"],
            eos_token_id=ids["<|im_end|>"],
            pad_token_id=ids["<|endoftext|>"],
        ),
        # 2 blocks, DeepStack taps the first one (the released models tap 3 of 24-27 blocks);
        # 8x8 learned position grid, bilinearly resampled to each image's patch grid.
        vision_config=dict(
            depth=2,
            hidden_size=64,
            intermediate_size=128,
            num_heads=2,
            out_hidden_size=64,
            patch_size=PATCH,
            spatial_merge_size=MERGE,
            temporal_patch_size=2,
            num_position_embeddings=64,
            deepstack_visual_indexes=[0],
            rope_parameters={"rope_type": "axial", "rope_theta": 10000.0},
        ),
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
    )
    model = Qwen3VLForConditionalGeneration(cfg).eval()
    model.generation_config.eos_token_id = ids["<|im_end|>"]
    model.generation_config.pad_token_id = ids["<|endoftext|>"]
    model.generation_config.do_sample = False
    tiny.save(model, proc, out_dir, "qwen3_vl", seed)
