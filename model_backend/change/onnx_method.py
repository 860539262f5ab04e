"""The ``onnx`` method: any change network exported to ONNX, run with onnxruntime.

The contract a model must meet (docs/ARCHITECTURE.md repeats it):

- **inputs**: two float32 tensors in NCHW layout, ``[N, 3, H, W]``: the before and the after
  image, named ``before`` and ``after`` (else the first input is the before image and the
  second the after image). Channels are R, G, B (the raster's colour-tagged bands, or
  ``--bands``), scaled to 0..1: uint8 values / 255, other types through the before raster's
  2-98 % stretch. The after image is first put into the before date's radiometry
  (``normalise``), so the network sees no scene-wide gain or offset. N, H and W may be fixed
  or dynamic; a fixed H x W is the tile size, else ``--tile-size`` (default 256).
- **output**: the first output, ``[N, 1, H, W]`` or ``[N, H, W]``, the change probability of
  each pixel in 0..1 (put a sigmoid or softmax in the exported graph); changed where >= 0.5.

Tiles of that size overlap by ``--overlap`` and are blended with a weight that falls off
towards each tile's border, so tile edges leave no seams; the blocks of ``blocks`` are
processed with a halo of one overlap, so block edges leave none either. onnxruntime runs on
CUDA when its CUDA provider is there (and the device is not ``cpu``), else on the CPU.
"""

from __future__ import annotations

import math
import os
from typing import List, Optional, Tuple

import numpy as np

from ..errors import BadInput
from .normalise import PairModel

DEFAULT_TILE = 256
THRESHOLD = 0.5


def providers(device: str) -> List[str]:
    """onnxruntime execution providers for ``device`` (auto: CUDA when available)."""
    import onnxruntime as ort

    available = ort.get_available_providers()
    if device != "cpu" and "CUDAExecutionProvider" in available:
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    if device == "cuda":
        raise BadInput(
            "device 'cuda' was asked for but onnxruntime has no CUDA provider here "
            f"(it has: {', '.join(available)}); install onnxruntime-gpu or use device auto/cpu"
        )
    return ["CPUExecutionProvider"]


def _ramp(side: int, overlap: int) -> np.ndarray:
    """1-D blending weight: rises over ``overlap`` px from each end, 1 in the middle, never 0."""
    if overlap <= 0:
        return np.ones(side, dtype=np.float32)
    i = np.arange(side, dtype=np.float32)
    w = np.minimum(1.0, np.minimum(i + 0.5, side - i - 0.5) / overlap)
    return np.maximum(w, 1e-3).astype(np.float32)


def _starts(length: int, side: int, stride: int) -> List[int]:
    if length <= side:
        return [0]
    starts = list(range(0, length - side, stride)) + [length - side]
    return sorted(set(starts))


class OnnxMethod:
    """Change probability from an ONNX network, tiled and blended (see the module docstring)."""

    name = "onnx"

    def __init__(
        self,
        path: str,
        models: List[PairModel],
        scale: np.ndarray,
        offset: np.ndarray,
        device: str = "auto",
        rgb: Tuple[int, int, int] = (0, 1, 2),
        tile_size: Optional[int] = None,
        overlap: float = 0.15,
        batch_size: int = 1,
    ) -> None:
        import onnxruntime as ort

        if not os.path.isfile(path):
            raise BadInput(f"ONNX model not found: {path}")
        try:
            self.session = ort.InferenceSession(path, providers=providers(device))
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own types for bad files
            raise BadInput(f"Cannot load the ONNX model {path}: {str(exc).splitlines()[0][:200]}") from None
        inputs = self.session.get_inputs()
        if len(inputs) < 2:
            raise BadInput(
                f"The ONNX model {path} has {len(inputs)} input(s); a change model takes two "
                "(before, after), each [N, 3, H, W]"
            )
        names = [i.name for i in inputs]
        self.inputs = ("before", "after") if {"before", "after"} <= set(names) else (names[0], names[1])
        shape = next(i.shape for i in inputs if i.name == self.inputs[0])
        if len(shape) != 4 or (isinstance(shape[1], int) and shape[1] != 3):
            raise BadInput(
                f"The ONNX model's input {self.inputs[0]!r} has shape {shape}; the contract "
                "is [N, 3, H, W] float32 (R, G, B in 0..1)"
            )
        fixed = [d if isinstance(d, int) and d > 0 else None for d in shape]
        self.tile = (fixed[2] or tile_size or DEFAULT_TILE, fixed[3] or tile_size or DEFAULT_TILE)
        self.batch = 1 if fixed[0] else max(1, batch_size)
        self.output = self.session.get_outputs()[0].name
        self.providers = self.session.get_providers()
        self.overlap = max(0, int(round(min(self.tile) * overlap)))
        self.halo = self.overlap + 2
        self.models, self.scale, self.offset, self.rgb = models, scale, offset, rgb
        self.model_name = os.path.basename(path)

    def _to_unit(self, data: np.ndarray) -> np.ndarray:
        """R, G, B of bands in the before radiometry -> 0..1 (the contract's scaling)."""
        out = (data[list(self.rgb)] - self.offset[:, None, None]) * self.scale[:, None, None]
        return np.clip(out, 0.0, 1.0, out=out)

    def probability(self, before: np.ndarray, after: np.ndarray) -> np.ndarray:
        """Blended change probability (h, w) of two (3, h, w) images in 0..1."""
        _, h, w = before.shape
        th, tw = self.tile
        ph, pw = max(h, th), max(w, tw)
        if (ph, pw) != (h, w):  # smaller than a tile: pad by reflection (edge when too small)
            pad = ((0, 0), (0, ph - h), (0, pw - w))
            if h > 1 and w > 1 and ph - h < h and pw - w < w:
                before, after = np.pad(before, pad, mode="reflect"), np.pad(after, pad, mode="reflect")
            else:
                before, after = np.pad(before, pad, mode="edge"), np.pad(after, pad, mode="edge")
        acc = np.zeros((ph, pw), dtype=np.float32)
        wsum = np.zeros((ph, pw), dtype=np.float32)
        weight = np.outer(_ramp(th, self.overlap), _ramp(tw, self.overlap))
        stride_y, stride_x = max(1, th - self.overlap), max(1, tw - self.overlap)
        spots = [(y, x) for y in _starts(ph, th, stride_y) for x in _starts(pw, tw, stride_x)]
        for i in range(0, len(spots), self.batch):
            chunk = spots[i : i + self.batch]
            a = np.stack([before[:, y : y + th, x : x + tw] for y, x in chunk]).astype(np.float32)
            b = np.stack([after[:, y : y + th, x : x + tw] for y, x in chunk]).astype(np.float32)
            out = self.session.run([self.output], {self.inputs[0]: a, self.inputs[1]: b})[0]
            prob = np.asarray(out, dtype=np.float32).reshape(len(chunk), th, tw)
            for (y, x), p in zip(chunk, prob):
                acc[y : y + th, x : x + tw] += p * weight
                wsum[y : y + th, x : x + tw] += weight
        return np.clip(acc / wsum, 0.0, 1.0)[:h, :w]

    def score(
        self, before: np.ndarray, after: np.ndarray, valid: Optional[np.ndarray], k: int
    ) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        prob = self.probability(self._to_unit(before), self._to_unit(self.models[k].normalised(after)))
        if valid is not None:
            prob[~valid] = 0
        mask = prob >= THRESHOLD
        return mask, (prob if mask.any() else None)


def unit_scaling(stretch_lo: np.ndarray, stretch_hi: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(scale, offset) taking the before date's R, G, B to 0..1 through its stretch."""
    lo = np.asarray(stretch_lo, dtype=np.float32)
    hi = np.asarray(stretch_hi, dtype=np.float32)
    span = np.maximum(hi - lo, 1e-6)
    return (1.0 / span).astype(np.float32), lo.astype(np.float32)


def expected_tiles(h: int, w: int, tile: Tuple[int, int], overlap: int) -> int:
    th, tw = tile
    return math.prod(len(_starts(max(n, t), t, max(1, t - overlap))) for n, t in ((h, th), (w, tw)))
