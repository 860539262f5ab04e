"""The engine contract shared by the local transformers engine and remote engines."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Protocol, Tuple

# One chat turn list per image, in the transformers chat format:
# [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "..."}]}, ...]
Messages = List[Dict[str, Any]]
TokenProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class Generation:
    """What the model said about one image, and the size (w, h) in pixels of the image as the
    model really saw it (after the processor's own resize): the space of any coordinates in
    ``text`` for families that answer in absolute pixels."""

    text: str
    fed_size: Tuple[int, int]


class Engine(Protocol):
    model: str
    family: str
    device: str
    quantization: str

    def generate(self, images: list, messages: List[Messages], max_new_tokens: int,
                 cancel: Optional[threading.Event] = None,
                 on_token: Optional[TokenProgress] = None) -> List[Generation]:
        ...
