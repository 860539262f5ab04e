"""Tiny LLaVA-1.5 (GeoChat layout): real ``LlavaForConditionalGeneration`` with a tiny CLIP
vision tower and a tiny Llama, random weights, built locally in about a second.

Why this shape:
- every quantised Linear is 64 wide on its input side (vision hidden 64, MLP 128, text hidden
  64), because bitsandbytes 4-bit on CPU needs ``in_features % 64 == 0``;
- the processor does what GeoChat does to an image (``geochat/mm_utils.py: process_images``,
  ``image_aspect_ratio=pad``): pad to a square with the CLIP mean colour, resize the short side,
  centre-crop a square; only at ``IMAGE_SIZE`` = 56 px instead of 504, so 4 x 4 patches of 14 px
  give 16 image tokens (GeoChat: 36 x 36 = 1296) and generation stays fast on CPU;
- features come from the second-to-last vision layer without the CLS token, as GeoChat's
  ``mm_vision_select_layer -2`` / ``select_feature 'patch'`` (scripts/finetune_lora.sh,
  geochat/model/multimodal_encoder/clip_encoder.py);
- the chat template writes GeoChat's ``llava_v1`` conversation exactly (see
  ``families.geochat.prompt_text``), so the engine's default chat path gives the trained format.
"""

from __future__ import annotations

IMAGE_SIZE, PATCH = 56, 14
SPECIALS = ["<unk>", "<s>", "</s>", "<pad>", "<image>"]
# GeoChat's conv_llava_v1 (geochat/conversation.py): "<system> USER: <image>\n<q> ASSISTANT: <a></s>".
_TEMPLATE_BODY = (
    "{% for m in messages %}"
    "{% if m['role'] == 'user' %}USER: "
    "{% if m['content'] is string %}{{ m['content'] }}{% else %}"
    "{% for c in m['content'] %}{% if c['type'] == 'image' %}<image>\n"
    "{% elif c['type'] == 'text' %}{{ c['text'] }}{% endif %}{% endfor %}{% endif %} "
    "{% elif m['role'] == 'assistant' %}ASSISTANT: "
    "{% if m['content'] is string %}{{ m['content'] }}{% else %}"
    "{% for c in m['content'] %}{% if c['type'] == 'text' %}{{ c['text'] }}{% endif %}{% endfor %}"
    "{% endif %}</s>{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}ASSISTANT:{% endif %}"
)


def chat_template() -> str:
    """The Jinja template: GeoChat's system line, then the turns in ``llava_v1`` form."""
    from ..families.geochat import SYSTEM

    return SYSTEM + " " + _TEMPLATE_BODY


def build(out_dir: str, seed: int = 0) -> None:
    """Build, save (safetensors) and mark a tiny random GeoChat-layout LLaVA in ``out_dir``."""
    import torch
    from transformers import (
        CLIPVisionConfig,
        LlamaConfig,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaImageProcessor,
        LlavaProcessor,
    )

    from .. import tiny
    from .tokenizer import build_tokenizer

    torch.manual_seed(seed)
    template = chat_template()
    roles = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"}  # nosec B105 special tokens, not secrets
    tok = build_tokenizer(SPECIALS, roles, chat_template=template)
    image_proc = LlavaImageProcessor(
        do_pad=True, size={"shortest_edge": IMAGE_SIZE}, crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}
    )
    proc = LlavaProcessor(
        image_processor=image_proc,
        tokenizer=tok,
        patch_size=PATCH,
        vision_feature_select_strategy="default",
        image_token="<image>",  # noqa: S106  # nosec B106 a placeholder token
        num_additional_image_tokens=1,
        chat_template=template,
    )
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIALS}
    cfg = LlavaConfig(  # type: ignore[call-arg]  # image_token_id: a kwarg the config stores
        vision_config=CLIPVisionConfig(
            image_size=IMAGE_SIZE,
            patch_size=PATCH,
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=2,
            projection_dim=64,
        ),
        text_config=LlamaConfig(
            vocab_size=len(tok),
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=2048,
            bos_token_id=ids["<s>"],
            eos_token_id=ids["</s>"],
            pad_token_id=ids["<pad>"],
        ),
        image_token_id=ids["<image>"],
        vision_feature_layer=-2,
        vision_feature_select_strategy="default",
        projector_hidden_act="gelu",
        image_seq_length=(IMAGE_SIZE // PATCH) ** 2,
    )
    model = LlavaForConditionalGeneration(cfg).eval()
    model.generation_config.bos_token_id = ids["<s>"]
    model.generation_config.eos_token_id = ids["</s>"]
    model.generation_config.pad_token_id = ids["<pad>"]
    model.generation_config.do_sample = False
    tiny.save(model, proc, out_dir, "geochat", seed)
