"""The engine contract shared by the local transformers engine and remote engines."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import ModuleType
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
    """What jobs use of an engine. ``family_module`` is the model family's module (prompts,
    parser, input size; see ``families.base``). ``batch_size`` is how many pairs go into one
    generate call where the engine batches (transformers); a server engine sends one request
    per pair, ``concurrency`` at a time, and ignores it."""

    model: str
    family: str
    family_module: ModuleType
    device: str
    quantization: str

    def generate(
        self,
        images: list,
        messages: List[Messages],
        max_new_tokens: int = 256,
        cancel: Optional[threading.Event] = None,
        on_token: Optional[TokenProgress] = None,
        batch_size: Optional[int] = None,
    ) -> List[Generation]: ...
