"""Bands -> RGB uint8 images for the model: band choice, one stretch per raster, masks, resize on read.

Only the requested window is ever read. Resizing happens inside GDAL (``out_shape``), which also
serves decimated reads from overviews when the file has them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Union

import numpy as np
import rasterio
from affine import Affine
from rasterio.enums import ColorInterp, MaskFlags, Resampling
from rasterio.errors import RasterioError
from rasterio.io import DatasetReader
from rasterio.windows import Window
from rasterio.windows import transform as window_transform

from model_backend.errors import BadInput
from model_backend.raster.source import RasterInfo

STATS_MAX_SIDE = 1024  # long side of the decimated read used for the stretch statistics
PERCENTILES = (2.0, 98.0)
_ALPHA_BINARY_SHARE = 0.9  # an alpha band is a mask if >= 90 % of its samples are 0 or its maximum

PathOrDataset = Union[str, DatasetReader]


@contextlib.contextmanager
def _dataset(path_or_dataset: PathOrDataset) -> Iterator[DatasetReader]:
    """Yield an open dataset; open (and close) it only when given a path."""
    if isinstance(path_or_dataset, DatasetReader):
        yield path_or_dataset
    else:
        with rasterio.open(path_or_dataset) as ds:
            yield ds


@contextlib.contextmanager
def _damaged_file_is_bad_input(name: str) -> Iterator[None]:
    """A read that fails inside the file (a truncated download or COG, a corrupt block) is the
    input's fault: one clear BadInput line naming GDAL's root cause, not a traceback."""
    try:
        yield
    except RasterioError as exc:
        cause: BaseException = exc
        while cause.__cause__ is not None:  # GDAL's first error is the deepest cause
            cause = cause.__cause__
        reason = (str(cause).splitlines() or [type(cause).__name__])[0][:200]
        raise BadInput(f"Cannot read raster {name}: {reason} (the file is damaged or incomplete)") from None


def output_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """(w, h) in image pixels whose long side is exactly ``max_side``, keeping the aspect ratio.

    The short side is rounded half up, at least 1. Small inputs are upsampled.
    """
    if width <= 0 or height <= 0 or max_side <= 0:
        raise BadInput(f"Cannot size an image from {width} x {height} px to {max_side} px")
    if width >= height:
        return max_side, max(1, math.floor(height * max_side / width + 0.5))
    return max(1, math.floor(width * max_side / height + 0.5)), max_side


def select_bands(info: RasterInfo, bands: Sequence[int] | None = None) -> tuple[int, int, int]:
    """1-based band indices used as (R, G, B).

    ``bands`` (1 or 3 values) overrides; one value is repeated as grey. Otherwise: 1-2 bands ->
    band 1 as grey; 3+ bands -> the bands tagged red/green/blue when all three are (BGRA files
    come out right), else the first three bands not tagged alpha.
    """
    if bands is not None:
        chosen = list(bands)
        if len(chosen) not in (1, 3):
            raise BadInput(f"Give 1 or 3 band numbers, got {len(chosen)}: {chosen}")
        for b in chosen:
            if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or not 1 <= b <= info.count:
                raise BadInput(f"Band {b!r} does not exist; {info.path} has bands 1..{info.count}")
        return (int(chosen[0]),) * 3 if len(chosen) == 1 else tuple(int(b) for b in chosen)  # type: ignore[return-value]
    if info.count < 3:
        return (1, 1, 1)
    ci = list(info.colorinterp)
    if all(name in ci for name in ("red", "green", "blue")):
        return (ci.index("red") + 1, ci.index("green") + 1, ci.index("blue") + 1)
    data = [i + 1 for i, name in enumerate(ci) if name != "alpha"]
    if len(data) >= 3:
        return (data[0], data[1], data[2])
    return (data[0],) * 3 if data else (1, 1, 1)


@dataclass(frozen=True)
class MaskPlan:
    """How pixel validity is decided; chosen once per raster.

    ``alpha_band``: a real alpha band (1-based), valid where it is non-zero. Otherwise GDAL's
    masks of the selected bands (nodata, internal mask) when ``use_gdal_masks``, else all valid
    (the raster's only mask would be a band mislabelled as alpha, like NAIP NIR).
    """

    alpha_band: int | None = None
    use_gdal_masks: bool = True


@dataclass(frozen=True, eq=False)
class Stretch:
    """Linear stretch of the selected bands to 0..255: ``lo`` -> 0, ``hi`` -> 255 (clipped)."""

    lo: np.ndarray  # (3,) float, in the raster's data values, one per selected band
    hi: np.ndarray  # (3,) float
    mask: MaskPlan = field(default_factory=MaskPlan)

    def __post_init__(self) -> None:
        lo = np.asarray(self.lo, dtype=np.float64).reshape(-1)
        hi = np.asarray(self.hi, dtype=np.float64).reshape(-1)
        if lo.shape != hi.shape:
            raise ValueError("Stretch lo and hi must have the same length")
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    @property
    def is_identity(self) -> bool:
        return bool(np.all(self.lo == 0.0) and np.all(self.hi == 255.0))

    def apply(self, data: np.ndarray) -> np.ndarray:
        """(3, H, W) raster values -> (3, H, W) uint8. NaN becomes 0; lo == hi never divides by 0."""
        if data.dtype == np.uint8 and self.is_identity:
            return data
        lo = self.lo[:, None, None].astype(np.float32)
        span = np.maximum(self.hi - self.lo, 1e-12)[:, None, None].astype(np.float32)
        out = (data.astype(np.float32) - lo) * (np.float32(255.0) / span)
        np.clip(out, 0.0, 255.0, out=out)
        np.nan_to_num(out, copy=False, nan=0.0)
        return (out + 0.5).astype(np.uint8)


@dataclass(frozen=True, eq=False)
class Image:
    """A model-ready image and where it lies on the raster."""

    rgb: np.ndarray  # (H, W, 3) uint8
    valid: np.ndarray  # (H, W) bool; invalid pixels are black in ``rgb`` (read-only when all valid)
    transform: Affine  # image pixel (col, row), corner convention -> raster CRS (x, y)
    window: Window  # the raster window (integer pixels) this image was read from
    valid_fraction: float = -1.0  # share of valid pixels; computed from ``valid`` when not given

    def __post_init__(self) -> None:
        if self.valid_fraction < 0:  # asked per tile several times by the jobs: compute it once
            share = float(self.valid.mean()) if self.valid.size else 0.0
            object.__setattr__(self, "valid_fraction", share)


def _mask_plan(ds: DatasetReader, bands: Sequence[int]) -> MaskPlan:
    """Decide once whether a band tagged alpha is really an alpha mask (mostly 0 / max values)."""
    alpha = [i + 1 for i, ci in enumerate(ds.colorinterp) if ci == ColorInterp.alpha]
    if not alpha:
        return MaskPlan()
    h, w = _decimated_shape(ds.width, ds.height, 256)
    sample = ds.read(alpha[0], out_shape=(h, w), resampling=Resampling.nearest)
    top = sample.max()
    binary = np.mean((sample == 0) | (sample == top))
    if binary >= _ALPHA_BINARY_SHARE:
        return MaskPlan(alpha_band=alpha[0])
    alpha_driven = any(MaskFlags.alpha in ds.mask_flag_enums[b - 1] for b in set(bands))
    return MaskPlan(use_gdal_masks=not alpha_driven)


def _decimated_shape(width: int, height: int, max_side: int) -> tuple[int, int]:
    """(rows, cols) of a read whose long side is at most ``max_side`` (never upsampled)."""
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(height * scale)), max(1, round(width * scale))


def _read_valid(
    ds: DatasetReader,
    plan: MaskPlan,
    bands: Sequence[int],
    window: Window | None,
    out_shape: tuple[int, int],
) -> np.ndarray | None:
    """(H, W) bool validity with nearest resampling, or None when every pixel is valid."""
    if plan.alpha_band is not None:
        a = ds.read(plan.alpha_band, window=window, out_shape=out_shape, resampling=Resampling.nearest)
        return a != 0
    if not plan.use_gdal_masks:
        return None
    uniq = sorted(set(bands))
    if all(ds.mask_flag_enums[b - 1] == [MaskFlags.all_valid] for b in uniq):
        return None
    m = ds.read_masks(uniq, window=window, out_shape=(len(uniq), *out_shape), resampling=Resampling.nearest)
    return np.all(m != 0, axis=0)


def compute_stretch(path_or_dataset: PathOrDataset, bands: Sequence[int]) -> Stretch:
    """One stretch for the whole raster, from a decimated read (long side <= 1024 px).

    uint8 bands -> identity (0..255). Other dtypes -> per band 2nd and 98th percentiles of the
    valid pixels (nodata, masks and NaN excluded). A constant band gets lo/hi = value -/+ 0.5, so it
    comes out mid-grey. Raises BadInput when the sample holds no valid pixel.
    """
    bands = tuple(int(b) for b in bands)
    name = getattr(path_or_dataset, "name", path_or_dataset)
    with _damaged_file_is_bad_input(str(name)), _dataset(path_or_dataset) as ds:
        plan = _mask_plan(ds, bands)
        shape = _decimated_shape(ds.width, ds.height, STATS_MAX_SIDE)
        valid = _read_valid(ds, plan, bands, None, shape)
        if valid is not None and not valid.any():
            raise BadInput(f"Raster {ds.name} has no valid pixels (all nodata)")
        if all(ds.dtypes[b - 1] == "uint8" for b in bands):
            return Stretch(np.zeros(3), np.full(3, 255.0), plan)
        uniq = sorted(set(bands))
        data = ds.read(uniq, out_shape=(len(uniq), *shape), resampling=Resampling.nearest)
        per_band: dict[int, tuple[float, float]] = {}
        for i, b in enumerate(uniq):
            vals = data[i] if valid is None else data[i][valid]
            vals = vals[np.isfinite(vals)] if vals.dtype.kind == "f" else vals
            if vals.size == 0:
                raise BadInput(f"Raster {ds.name} has no valid pixels (all nodata)")
            lo, hi = (float(v) for v in np.percentile(vals, PERCENTILES))
            if hi <= lo:
                lo, hi = lo - 0.5, lo + 0.5
            per_band[b] = (lo, hi)
    return Stretch(np.array([per_band[b][0] for b in bands]), np.array([per_band[b][1] for b in bands]), plan)


def _to_hwc(chw: np.ndarray) -> np.ndarray:
    """(3, H, W) -> contiguous (H, W, 3); per-channel copies are ~6x faster than a numpy transpose."""
    out = np.empty((chw.shape[1], chw.shape[2], chw.shape[0]), dtype=chw.dtype)
    for k in range(chw.shape[0]):
        out[..., k] = chw[k]
    return out


def read_image(
    path_or_dataset: PathOrDataset,
    window: Window,
    max_side: int,
    bands: tuple[int, int, int],
    stretch: Stretch,
    out_size: tuple[int, int] | None = None,
) -> Image:
    """Read ``window`` (integer raster pixels) resized so its long side is ``max_side`` px.

    ``out_size`` (w, h image pixels, e.g. ``Tile.out_size``) overrides ``max_side`` when given.

    Data is resampled bilinearly on read, the mask with nearest; the stretch is applied and invalid
    pixels set to 0. ``Image.transform`` maps image pixel corners to the raster CRS, so image pixel
    (0, 0) is exactly the window's top-left corner.
    """
    with _dataset(path_or_dataset) as ds:
        c0, r0, w, h = (int(v) for v in (window.col_off, window.row_off, window.width, window.height))
        if (c0, r0, w, h) != (window.col_off, window.row_off, window.width, window.height):
            raise ValueError(f"read_image needs an integer window, got {window}")
        if w <= 0 or h <= 0 or c0 < 0 or r0 < 0 or c0 + w > ds.width or r0 + h > ds.height:
            raise ValueError(f"Window {window} is empty or outside the raster ({ds.width} x {ds.height})")
        out_w, out_h = out_size if out_size is not None else output_size(w, h, max_side)
        same = (out_w, out_h) == (w, h)
        uniq = sorted(set(bands))
        with _damaged_file_is_bad_input(ds.name):
            data = ds.read(
                uniq,
                window=window,
                out_shape=(len(uniq), out_h, out_w),
                resampling=Resampling.nearest if same else Resampling.bilinear,
            )
            valid = _read_valid(ds, stretch.mask, bands, window, (out_h, out_w))
        base = window_transform(window, ds.transform)
    pos = [uniq.index(b) for b in bands]
    selected = data if pos == list(range(3)) else data[pos]  # (3, H, W)
    if selected.dtype.kind == "f":
        finite = np.all(np.isfinite(selected), axis=0)
        valid = finite if valid is None else valid & finite
    rgb = _to_hwc(stretch.apply(selected))
    transform = base * Affine.scale(w / out_w, h / out_h)
    if valid is None:  # every pixel valid, the common case: no mask to allocate or average
        return Image(rgb, np.broadcast_to(np.True_, (out_h, out_w)), transform, Window(c0, r0, w, h), 1.0)
    rgb[~valid] = 0
    return Image(rgb, valid, transform, Window(c0, r0, w, h))
