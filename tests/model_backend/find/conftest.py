"""Find fixtures: a tiny CLIP exported to ONNX once per run, synthetic patch rasters, and a
private user cache per test (Find never writes into the real ~/.cache from a test)."""

from __future__ import annotations

import os
from typing import List, Tuple

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

PATCH = 64  # = the tiny CLIP's input size, so each default tile is exactly one patch
ORIGIN = (300000.0, 4500000.0)
PX = 2.0


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch) -> str:
    path = str(tmp_path / "user-cache")
    monkeypatch.setenv("GEORSMLLM_CACHE", path)
    return path


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory) -> Tuple[str, str]:
    """(torch folder, ONNX export folder) of the tiny random CLIP, built and exported once."""
    from model_backend.find.export import export_onnx
    from model_backend.tiny.clip import build

    base = tmp_path_factory.mktemp("tiny-clip")
    torch_dir = build(str(base / "torch"))
    return torch_dir, export_onnx(torch_dir, str(base / "onnx"))


def patch_kinds(rows: int, cols: int) -> np.ndarray:
    """A checkerboard of patch kinds: 0 = bright stripes (grey), 1 = green noise."""
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    return ((r + c) % 2).astype(int)


def write_patches(
    path: str, kinds: np.ndarray, seed: int = 0, crs: str = "EPSG:32618", origin: Tuple[float, float] = ORIGIN
) -> str:
    """A 3-band GeoTIFF of PATCH-px patches of two kinds, each with its own small noise, so no
    two patches are the same image."""
    rng = np.random.default_rng(seed)
    rows, cols = kinds.shape
    data = np.zeros((3, rows * PATCH, cols * PATCH), np.uint8)
    for i in range(rows):
        for j in range(cols):
            win = (slice(None), slice(i * PATCH, (i + 1) * PATCH), slice(j * PATCH, (j + 1) * PATCH))
            jitter = rng.integers(0, 24, (3, PATCH, PATCH))
            if kinds[i, j] == 0:
                stripes = np.zeros((PATCH, PATCH), np.int64)
                stripes[(np.arange(PATCH) // 4) % 2 == 0] = 220
                data[win] = np.clip(stripes[None] + jitter, 0, 255)
            else:
                block = np.zeros((3, PATCH, PATCH), np.int64)
                block[1] = rng.integers(90, 200, (PATCH, PATCH))
                data[win] = np.clip(block + jitter // 4, 0, 255)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=cols * PATCH,
        height=rows * PATCH,
        count=3,
        dtype="uint8",
        crs=crs,
        transform=from_origin(origin[0], origin[1], PX, PX),
    ) as dst:
        dst.write(data)
    return path


def stripe_boxes(kinds: np.ndarray, origin: Tuple[float, float] = ORIGIN) -> List[Tuple[float, float, float, float]]:
    """Map bounds of the stripe patches."""
    out = []
    for i, j in zip(*np.nonzero(kinds == 0)):
        x0, y1 = origin[0] + j * PATCH * PX, origin[1] - i * PATCH * PX
        out.append((x0, y1 - PATCH * PX, x0 + PATCH * PX, y1))
    return out


@pytest.fixture
def scene(tmp_path) -> Tuple[str, np.ndarray]:
    kinds = patch_kinds(4, 6)
    return write_patches(str(tmp_path / "scene.tif"), kinds), kinds


def is_stripes(rgb: np.ndarray) -> bool:
    """Stripe patches are grey (red as bright as green), noise patches green only."""
    return float(rgb[..., 0].mean()) > 30.0


__all__ = ["PATCH", "PX", "ORIGIN", "write_patches", "patch_kinds", "stripe_boxes", "is_stripes", "os"]
