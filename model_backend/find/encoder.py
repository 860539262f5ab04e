"""Run an exported image-text encoder with onnxruntime: tiles and queries -> unit vectors.

The CUDA execution provider is used when onnxruntime offers it (the ``onnxruntime-gpu`` build)
and the device allows, else the CPU one; ``provider`` says which one runs, and the job reports
it. Precision ``auto`` is fp16 on CUDA, fp32 on CPU; ``int8`` (dynamic quantisation) is the CPU
option. The worker keeps the last encoder open between queries (``open_encoder``), like the
VLM engine cache.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..errors import BadInput
from .export import read_manifest

CUDA, CPU = "CUDAExecutionProvider", "CPUExecutionProvider"


def available_providers() -> List[str]:
    import onnxruntime as ort

    return list(ort.get_available_providers())


def choose(device: str, precision: str, files: Dict[str, Any]) -> Tuple[str, str]:
    """(provider, precision) for a device choice and the precisions an export holds."""
    cuda = device != "cpu" and CUDA in available_providers()
    if device == "cuda" and not cuda:
        raise BadInput(
            "device cuda was asked, but this onnxruntime has no CUDA execution provider "
            "(install onnxruntime-gpu with a matching CUDA), or use device auto/cpu"
        )
    if precision == "auto":
        precision = "fp16" if cuda and "fp16" in files else "fp32"
    if precision not in files:
        raise BadInput(
            f"the exported encoder has no {precision} towers ({', '.join(files)}): export again with that precision"
        )
    return (CUDA if cuda else CPU), precision


def unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (cosine similarity becomes a dot product)."""
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


class OnnxEncoder:
    """Both towers of one exported encoder folder. ``image_calls``/``images`` count the image
    tower's runs and inputs (what the index cache is meant to save)."""

    def __init__(self, folder: str, precision: str = "auto", device: str = "auto") -> None:
        manifest = read_manifest(folder)
        if manifest is None:
            raise BadInput(
                f"{folder} is not an exported encoder (no georsmllm_encoder.json): "
                "run `python -m model_backend export-onnx --model ...` first"
            )
        self.folder, self.manifest = folder, manifest
        self.provider, self.precision = choose(device, precision, manifest["files"])
        self.image_size = int(manifest["image_size"])
        self.dim = int(manifest["embed_dim"])
        self.mean = np.asarray(manifest["mean"], np.float32)[:, None, None]
        self.std = np.asarray(manifest["std"], np.float32)[:, None, None]
        files = manifest["files"][self.precision]
        self._paths = {tower: os.path.join(folder, files[tower]) for tower in ("image", "text")}
        self._sessions: Dict[str, Any] = {}
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        self.image_calls = self.images = self.text_calls = 0
        stat = os.stat(self._paths["image"])
        # what the index cache is keyed by: these weights at this precision
        self.id = hashlib.sha256(
            f"{manifest['folder']}|{manifest['exported']}|{self.precision}|{stat.st_size}|{stat.st_mtime_ns}".encode()
        ).hexdigest()[:16]
        self.name = f"{manifest['source']} ({self.precision}, {self.provider.replace('ExecutionProvider', '')})"

    def _session(self, tower: str) -> Any:
        with self._lock:
            if tower not in self._sessions:
                import onnxruntime as ort

                options = ort.SessionOptions()
                options.log_severity_level = 3  # no "some nodes were not assigned" chatter
                providers = [self.provider] + ([CPU] if self.provider != CPU else [])
                self._sessions[tower] = ort.InferenceSession(self._paths[tower], options, providers=providers)
            return self._sessions[tower]

    def pixels(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """(H, W, 3) uint8 images -> (N, 3, S, S) normalised float32, resized to the tower's size."""
        from PIL import Image as PILImage

        size, out = self.image_size, []
        resample = (
            PILImage.Resampling.BICUBIC if self.manifest.get("resample") == "bicubic" else PILImage.Resampling.BILINEAR
        )
        for rgb in images:
            if rgb.shape[:2] != (size, size):
                rgb = np.asarray(PILImage.fromarray(rgb).resize((size, size), resample))
            out.append(rgb.transpose(2, 0, 1))
        chw = np.stack(out).astype(np.float32) / np.float32(255.0)
        return (chw - self.mean) / self.std

    def encode_images(self, images: Sequence[np.ndarray]) -> np.ndarray:
        """Unit image embeddings (N, D) of RGB uint8 tiles."""
        if not len(images):
            return np.zeros((0, self.dim), np.float32)
        session = self._session("image")
        out = session.run(None, {"pixel_values": self.pixels(images)})[0]
        self.image_calls += 1
        self.images += len(images)
        return unit(out)

    def tokenize(self, texts: Sequence[str]) -> Dict[str, np.ndarray]:
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(self.folder, trust_remote_code=False)  # nosec B615 - a local folder
        padding = self.manifest.get("text_padding", "longest")
        enc = self._tokenizer(
            list(texts),
            padding=padding,
            truncation=True,
            max_length=int(self.manifest.get("max_length", 77)),
            return_tensors="np",
        )
        return {
            "input_ids": enc["input_ids"].astype(np.int64),
            "attention_mask": enc["attention_mask"].astype(np.int64),
        }

    def encode_text(self, texts: Sequence[str]) -> np.ndarray:
        """Unit text embeddings (N, D)."""
        out = self._session("text").run(None, self.tokenize(texts))[0]
        self.text_calls += 1
        return unit(out)


_OPEN: Dict[str, Any] = {"key": None, "encoder": None}
_OPEN_LOCK = threading.Lock()


def resolve_encoder(ref: str, on_step: Optional[Any] = None) -> str:
    """An exported encoder folder for ``ref``: the folder itself when it holds an export, else
    ``ref`` (a CLIP-family hub id or transformers folder) exported once into the user cache."""
    path = os.path.expanduser(ref)
    if os.path.isdir(path) and read_manifest(path) is not None:
        return path
    from .export import export_onnx

    return export_onnx(ref, on_step=on_step)


def open_encoder(ref: str, precision: str = "auto", device: str = "auto", on_step: Optional[Any] = None) -> OnnxEncoder:
    """The encoder for ``ref``, kept open between jobs (one at a time, like the VLM)."""
    with _OPEN_LOCK:
        folder = resolve_encoder(ref, on_step)
        key = (os.path.realpath(folder), precision, device)
        if _OPEN["key"] != key:
            _OPEN["encoder"], _OPEN["key"] = OnnxEncoder(folder, precision, device), key
        encoder: OnnxEncoder = _OPEN["encoder"]
        return encoder
