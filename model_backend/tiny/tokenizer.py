"""A byte-level BPE tokenizer trained locally on a few sentences (no download)."""

from __future__ import annotations

from typing import Dict, Optional, Sequence

CORPUS = [
    "Describe this area. What land cover is visible in this satellite image?",
    "There are buildings, roads, fields, water, ships, storage tanks and forest.",
    "A river crosses the field near the road; the forest is green.",
    "user assistant system You are a helpful assistant.",
    '{"bbox_2d": [12, 34, 56, 78], "label": "building"} [ ] { } , : "',
    "0 1 2 3 4 5 6 7 8 9 10 100 north south east west json",
]


def build_tokenizer(
    special_tokens: Sequence[str], roles: Dict[str, str], chat_template: Optional[str] = None, vocab_size: int = 400
):
    """Train a tiny BPE and wrap it as ``PreTrainedTokenizerFast``.

    ``roles`` maps tokenizer attributes (``eos_token``, ``pad_token``...) to entries of
    ``special_tokens``; the rest become additional special tokens (never split).
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(special_tokens),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(CORPUS * 4, trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, model_max_length=8192, **roles)
    extra = [t for t in special_tokens if t not in roles.values()]
    if extra:
        fast.add_special_tokens({"additional_special_tokens": extra})
    if chat_template:
        fast.chat_template = chat_template
    return fast
