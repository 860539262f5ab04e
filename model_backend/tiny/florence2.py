"""Tiny Florence-2: the native transformers classes (DaViT vision tower + BART encoder-decoder),
64 wide everywhere so that every quantised Linear works in bitsandbytes 4-bit on CPU
(in_features must be a multiple of 64).

The tokenizer carries what the released one has and the parser depends on: ``<s> <pad> </s>
<unk>`` at Florence's ids 0-3 (BART's), the ``<image>`` placeholder, the 1000 location tokens
``<loc_0>``..``<loc_999>`` and the region/polygon markers, all *special* tokens, as in the
released tokenizer (so decoding must keep special tokens: ``families.florence2.SKIP_SPECIAL_TOKENS``).
Task tokens such as ``<OD>`` are not tokens: ``Florence2Processor`` rewrites them into plain
English prompts before tokenising.
"""

from __future__ import annotations

from typing import Any, Dict

# BART's four specials first, at ids 0-3 as in the released tokenizer.
BASE_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
ROLES = {"bos_token": "<s>", "pad_token": "<pad>", "eos_token": "</s>", "unk_token": "<unk>"}  # nosec B105 special tokens, not secrets
IMAGE_PLACEHOLDER = "<image>"
LOC_TOKENS = [f"<loc_{i}>" for i in range(1000)]
# The markers the released processor adds besides the location tokens (same spellings).
MARKERS = [
    "<od>",
    "</od>",
    "<ocr>",
    "</ocr>",
    "<cap>",
    "</cap>",
    "<ncap>",
    "</ncap>",
    "<dcap>",
    "</dcap>",
    "<grounding>",
    "</grounding>",
    "<seg>",
    "</seg>",
    "<sep>",
    "<region_cap>",
    "</region_cap>",
    "<region_to_desciption>",
    "</region_to_desciption>",
    "<proposal>",
    "</proposal>",
    "<poly>",
    "</poly>",
    "<and>",
]
# Every post-processing type Florence2Processor.post_process_generation dispatches to, so that
# tests can compare our parser with the processor's own on the same text.
POST_PROCESSOR_CONFIG: Dict[str, Dict[str, Any]] = {
    k: {}
    for k in (
        "ocr",
        "phrase_grounding",
        "pure_text",
        "description_with_bboxes",
        "description_with_polygons",
        "polygons",
        "bboxes",
        "description_with_bboxes_or_polygons",
    )
}
# Any tile is resized to 64 x 64 (the released processor: 768 x 768); the DaViT tower's total
# stride is 32, so 2 x 2 spatial tokens + 1 temporal token = 5 image tokens (released: 577).
IMAGE_SIDE, IMAGE_SEQ_LENGTH = 64, 5


def build_tokenizer():
    """BPE trained locally (``tiny.tokenizer``) wrapped again with Florence's extra specials."""
    from transformers import PreTrainedTokenizerFast

    from .tokenizer import build_tokenizer as train_bpe

    base = train_bpe(BASE_SPECIALS, ROLES)
    tok = PreTrainedTokenizerFast(
        tokenizer_object=base.backend_tokenizer,
        model_max_length=1024,
        extra_special_tokens={"image_token": IMAGE_PLACEHOLDER},
        **ROLES,
    )
    tok.add_special_tokens({"additional_special_tokens": [IMAGE_PLACEHOLDER] + LOC_TOKENS + MARKERS})
    return tok


def build(out_dir: str, seed: int = 0) -> None:
    import torch
    from transformers import CLIPImageProcessor, Florence2Config, Florence2ForConditionalGeneration, Florence2Processor

    from .. import tiny

    torch.manual_seed(seed)
    tok = build_tokenizer()
    image_proc = CLIPImageProcessor(
        size={"height": IMAGE_SIDE, "width": IMAGE_SIDE}, do_center_crop=False, image_seq_length=IMAGE_SEQ_LENGTH
    )
    proc = Florence2Processor(image_processor=image_proc, tokenizer=tok, post_processor_config=POST_PROCESSOR_CONFIG)
    ids = {t: tok.convert_tokens_to_ids(t) for t in BASE_SPECIALS + [IMAGE_PLACEHOLDER]}
    cfg = Florence2Config(
        vision_config=dict(
            depths=[1, 1, 1, 1],
            embed_dim=[64, 64, 64, 64],
            num_heads=[2, 2, 2, 2],
            num_groups=[2, 2, 2, 2],
            window_size=2,
            projection_dim=64,
            drop_path_rate=0.0,
            max_position_embeddings=16,
            max_temporal_embeddings=4,
        ),
        text_config=dict(
            model_type="bart",
            vocab_size=len(tok),
            d_model=64,
            encoder_layers=1,
            decoder_layers=1,
            encoder_attention_heads=2,
            decoder_attention_heads=2,
            encoder_ffn_dim=128,
            decoder_ffn_dim=128,
            max_position_embeddings=256,
            bos_token_id=ids["<s>"],
            eos_token_id=ids["</s>"],
            pad_token_id=ids["<pad>"],
            decoder_start_token_id=ids["</s>"],
            forced_eos_token_id=ids["</s>"],
        ),
        image_token_id=ids[IMAGE_PLACEHOLDER],
    )
    model = Florence2ForConditionalGeneration(cfg).eval()
    gen = model.generation_config
    # As the released generation_config: decoding starts with </s>, then <s> is forced, so a
    # real answer reads "</s><s>car<loc_53>...</s>".
    gen.decoder_start_token_id, gen.forced_bos_token_id = ids["</s>"], ids["<s>"]
    gen.eos_token_id, gen.pad_token_id, gen.do_sample = ids["</s>"], ids["<pad>"], False
    tiny.save(model, proc, out_dir, "florence2", seed)
