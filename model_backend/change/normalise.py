"""Radiometric normalisation and change thresholds of one pair of dates, fitted on the pixels
that did not change.

A sensor, season or exposure difference over the whole scene changes each band's values the
same way everywhere; a real change is local. So, on a sample of full-resolution windows spread
over the grid (exact pixel noise, flat memory), and on the pixels that did not change: per
band, histogram matching (a monotone map of the after values onto the before values, which
covers gain, offset and gamma alike); the residuals of all bands, whitened by their
covariance, give each pixel a change magnitude ``s`` (chi-squared with one degree of freedom
per band where nothing changed). The first no-change set is the half of the pixels whose
bands rank most alike in both dates (ranks ignore any scene-wide monotone change); then the
half with the smallest ``s``, and the fit is repeated on it until it stops moving (minimum
covariance determinant C-steps; the covariance of that core is corrected by the chi-squared
consistency factor). Half, not "all below the 95 % point" as iteratively reweighted MAD does:
on the real NAIP pair (2010 / 2015, much of the scene changed) that set grew to 80 % of the
pixels with a 40 DN "noise", and little was reported. A straight regression per band was
tried first too: on that pair (half the contrast in green and blue) it drifted to gains of 4-5.

Thresholds (why not Otsu: a global Otsu splits the magnitude histogram between "no change" and
the strongest changes, so with one bright new roof in the scene a dark roof on dark fields,
a few noise sigmas strong, falls below it):

- ``t_smooth`` on the 3 x 3 mean of ``s``: the median plus ``SMOOTH_K`` robust sigmas of that
  mean over the sample's no-change pixels (so spatially correlated noise, such as a warped
  date's interpolation, raises it as it should), and never below its chi-squared 1e-4 point;
- ``t_pixel`` on ``s`` itself, the chi-squared 90 % point: a pixel beside a change, which the
  3 x 3 mean lifts over ``t_smooth``, is kept only if it differs itself, so outlines do not
  grow by a pixel.

The Otsu threshold of the sample is computed too and reported (``otsu``), for comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import numpy as np
from rasterio.windows import Window
from scipy.stats import chi2

from ..errors import BadInput

SAMPLE_SIDE = 256  # side of one sample window, grid pixels
SAMPLE_GRID = 4  # SAMPLE_GRID x SAMPLE_GRID windows on a large grid (1 Mpx)
KEEP_P = 0.95  # pixels below this chi-squared point are taken as unchanged
CORE = 0.5  # the share of the sample the no-change fit uses (the most alike)
PIXEL_P = 0.90  # a changed pixel's own magnitude is above this point
SMOOTH_P = 1e-4  # false-alarm rate of the smoothed magnitude, under independent noise
SMOOTH_K = 6.0  # robust sigmas of the smoothed magnitude above its median
MIN_VAR = 0.25  # floor of a band's residual variance, in squared data units (noise-free data)
MIN_SAMPLE = 64  # valid pixels the fit needs
FIT_PIXELS = 100_000  # pixels the histogram matching and the covariance use, at most
QUANTILES = 100  # knots of the histogram matching
ITERATIONS = 8

Sample = Tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]  # before (n,h,w), after (n,h,w), valid


def sample_windows(width: int, height: int) -> List[Window]:
    """The windows of the grid the fit reads: the whole grid when it is small, else a
    ``SAMPLE_GRID`` x ``SAMPLE_GRID`` lattice of ``SAMPLE_SIDE`` px windows spread over it."""
    if width * height <= (SAMPLE_GRID * SAMPLE_SIDE) ** 2:
        return [Window(0, 0, width, height)]
    w, h = min(SAMPLE_SIDE, width), min(SAMPLE_SIDE, height)
    cols = np.linspace(0, width - w, SAMPLE_GRID).round().astype(int)
    rows = np.linspace(0, height - h, SAMPLE_GRID).round().astype(int)
    return [Window(int(c), int(r), w, h) for r in rows for c in cols]


@dataclass(frozen=True, eq=False)
class PairModel:
    """How to compare one after date with the before date (see the module docstring)."""

    knots: Tuple[Tuple[np.ndarray, np.ndarray], ...]  # per band: after values -> before values
    whiten: np.ndarray  # (n, n) lower triangular: whitened residual = whiten @ residual
    t_smooth: float
    t_pixel: float
    otsu: float
    unchanged: float  # share of the sample taken as unchanged

    def normalised(self, after: np.ndarray) -> np.ndarray:
        """The after bands (any data type) in the before date's radiometry, float32. 8- and
        16-bit integers go through a lookup table; 8-bit ones two pixels at a time (a 65 536
        entry table of value pairs: half the gathers, and numpy's index conversion is most of
        a gather's cost)."""
        if after.dtype in (np.uint8, np.uint16) and after.shape[0] == len(self.knots):
            out = np.empty(after.shape, dtype=np.float32)
            pairs = after.dtype == np.uint8 and after.flags.c_contiguous and after[0].size % 2 == 0
            if pairs and np.little_endian:
                for b, table in enumerate(self._pair_luts()):
                    np.take(table, after[b].reshape(-1).view(np.uint16), axis=0, out=out[b].reshape(-1, 2))
            else:
                for b, lut in enumerate(self._luts(after.dtype)):
                    out[b] = lut[after[b]]
            return out
        return np.stack([apply_map(after[b], *self.knots[b]) for b in range(after.shape[0])]).astype(np.float32)

    def _luts(self, dtype: np.dtype) -> List[np.ndarray]:
        key = f"_lut_{np.dtype(dtype).name}"
        luts = self.__dict__.get(key)
        if luts is None:
            values = np.arange(np.iinfo(dtype).max + 1, dtype=np.float64)
            luts = [apply_map(values, kx, ky).astype(np.float32) for kx, ky in self.knots]
            self.__dict__[key] = luts  # a cache on a frozen dataclass
        return luts

    def _pair_luts(self) -> List[np.ndarray]:
        """Per band, (65 536, 2): the mapped values of the two bytes of a little-endian uint16."""
        tables = self.__dict__.get("_lut_pairs")
        if tables is None:
            idx = np.arange(65536)
            tables = [np.stack([lut[idx & 255], lut[idx >> 8]], axis=1) for lut in self._luts(np.dtype(np.uint8))]
            self.__dict__["_lut_pairs"] = tables
        return tables

    def magnitude(self, before: np.ndarray, after: np.ndarray) -> np.ndarray:
        """Whitened squared residual per pixel, (h, w) float32, of the before bands (float32)
        and the after bands in their own radiometry (any data type)."""
        resid = self.normalised(after)
        np.subtract(before, resid, out=resid)
        n = before.shape[0]
        s = np.zeros(before.shape[1:], dtype=np.float32)
        for i in range(n):
            z = resid[0] * self.whiten[i, 0]
            for j in range(1, i + 1):
                z += resid[j] * self.whiten[i, j]
            z *= z
            s += z
        return s


def smooth(s: np.ndarray) -> np.ndarray:
    """The 3 x 3 mean of the magnitude (edges: nearest), as two separable running sums
    (about 3x faster than ``scipy.ndimage.uniform_filter``, which handles any size and mode)."""
    p = np.pad(s, 1, mode="edge")
    rows = p[:-2] + p[1:-1]
    rows += p[2:]
    out = rows[:, :-2] + rows[:, 1:-1]
    out += rows[:, 2:]
    out *= np.float32(1 / 9)
    return out


def otsu(values: np.ndarray, bins: int = 256) -> float:
    """Otsu's threshold of ``values`` (between-class variance maximum over a histogram)."""
    hist, edges = np.histogram(values, bins=bins)
    p = hist.astype(np.float64) / max(1, hist.sum())
    mids = (edges[:-1] + edges[1:]) / 2
    w0 = np.cumsum(p)
    m0 = np.cumsum(p * mids)
    total = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total * w0 - m0) ** 2 / (w0 * (1 - w0))
    between[~np.isfinite(between)] = 0
    return float(edges[int(np.argmax(between)) + 1])


def quantile_map(x: np.ndarray, y: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Histogram matching of ``x`` onto ``y``: knots (x value, y value) at the same quantiles
    (0.5 % to 99.5 %), tied x knots merged; ``apply_map`` interpolates between them."""
    qs = np.linspace(0.5, 99.5, QUANTILES)
    kx, ky = np.percentile(x, qs), np.percentile(y, qs)
    ux, inverse = np.unique(kx, return_inverse=True)
    uy = np.bincount(inverse, weights=ky) / np.bincount(inverse)
    return ux, uy


def apply_map(v: np.ndarray, kx: np.ndarray, ky: np.ndarray) -> np.ndarray:
    """``v`` through the knots: linear between them, and beyond the outer ones along the slope
    of the outer tenth of the knots (so a new bright roof stays brighter than any field)."""
    v = np.asarray(v, dtype=np.float64)
    if len(kx) == 1:
        return v - kx[0] + ky[0]
    out = np.interp(v, kx, ky)
    k = max(1, len(kx) // 10)
    for end, idx, sel in ((0, (0, k), v < kx[0]), (-1, (-1 - k, -1), v > kx[-1])):
        slope = (ky[idx[1]] - ky[idx[0]]) / max(kx[idx[1]] - kx[idx[0]], 1e-12)
        out[sel] = ky[end] + (v[sel] - kx[end]) * float(np.clip(slope, 0.1, 10.0))
    return out


def _whitening(resid: np.ndarray) -> np.ndarray:
    cov = np.atleast_2d(np.cov(resid))
    cov = cov + np.diag(np.maximum(0.0, MIN_VAR - np.diag(cov)))
    try:
        lower = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        lower = np.linalg.cholesky(cov + np.eye(len(cov)) * (MIN_VAR + 1e-6 * np.trace(cov)))
    return np.linalg.inv(lower)


def fit_pair(samples: Sequence[Sample]) -> PairModel:
    """Fit gain, offset, whitening and thresholds on sample windows of one pair of dates."""
    xs, ys = [], []
    for before, after, valid in samples:
        n = before.shape[0]
        ys.append(before.reshape(n, -1) if valid is None else before[:, valid])
        xs.append(after.reshape(n, -1) if valid is None else after[:, valid])
    y, x = np.concatenate(ys, axis=1), np.concatenate(xs, axis=1)
    step = max(1, y.shape[1] // FIT_PIXELS)  # a regular subsample: the statistics need no more
    y, x = y[:, ::step].astype(np.float64), x[:, ::step].astype(np.float64)  # after: as read (integers) or float
    n = y.shape[0]
    if y.shape[1] < MIN_SAMPLE:
        raise BadInput(
            "The dates overlap on almost no valid pixel (nodata in one date or the other): nothing to compare"
        )
    q_keep = float(chi2.ppf(KEEP_P, n))
    # the no-change core: the half of the pixels with the smallest magnitude (a minimum
    # covariance determinant C-step, robust while half the scene did not change); its
    # covariance underestimates the no-change spread by the chi-squared consistency factor
    consistency = float(chi2.cdf(chi2.ppf(CORE, n), n + 2) / CORE)
    keep = _similar_ranks(y, x)
    knots: List[Tuple[np.ndarray, np.ndarray]] = []
    whiten = np.eye(n)
    s = np.zeros(y.shape[1])
    for _ in range(ITERATIONS):
        knots = [quantile_map(x[b, keep], y[b, keep]) for b in range(n)]
        resid = y - np.stack([apply_map(x[b], *knots[b]) for b in range(n)])
        whiten = _whitening(resid[:, keep]) * math.sqrt(consistency)
        s = ((whiten @ resid) ** 2).sum(axis=0)
        new_keep = s <= np.quantile(s, CORE)
        moved = np.count_nonzero(new_keep != keep)
        keep = new_keep
        if moved <= 0.01 * keep.size:  # the core's edge flickers; its statistics have settled
            break
    model = PairModel(tuple(knots), whiten.astype(np.float32), 0.0, 0.0, 0.0, float(np.mean(s < q_keep)))
    return _with_thresholds(model, samples, n, q_keep)


def _ranks(v: np.ndarray) -> np.ndarray:
    """Mid-ranks of ``v`` in 0..1 (ties share one): what histogram matching compares."""
    if v.size and v.min() >= 0 and v.max() < 65536 and np.array_equal(v, np.floor(v)):  # 8/16-bit values
        counts = np.bincount(v.astype(np.int64))
        below = np.cumsum(counts) - counts
        return (below[v.astype(np.int64)] + (counts[v.astype(np.int64)] - 1) / 2.0 + 0.5) / len(v)
    order = np.sort(v)
    return (np.searchsorted(order, v, "left") + np.searchsorted(order, v, "right")) / (2.0 * len(v))


def _similar_ranks(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The first no-change set: the half of the pixels whose bands hold the most similar ranks
    in both dates. Ranks do not move under any scene-wide monotone change (gain, offset,
    gamma), so this holds even when such a change is large, and a change of up to half the
    scene cannot pull the fit its way (a least-trimmed-squares start)."""
    dist = sum((_ranks(y[b]) - _ranks(x[b])) ** 2 for b in range(y.shape[0]))
    return dist <= np.median(dist)


def _with_thresholds(model: PairModel, samples: Sequence[Sample], n: int, q_keep: float) -> PairModel:
    """The thresholds, from the magnitudes of the sample's no-change pixels (``s < q_keep``):
    all the pixels would do only while most of the scene did not change."""
    raw, smoothed, every = [], [], []
    for before, after, valid in samples:
        s = model.magnitude(before, after)
        if valid is not None:
            s[~valid] = 0
        sm = smooth(s)
        calm = s < q_keep if valid is None else valid & (s < q_keep)
        raw.append(s[calm])
        smoothed.append(sm[calm])
        every.append(sm.ravel() if valid is None else sm[valid])
    s_calm, sm_calm = np.concatenate(raw), np.concatenate(smoothed)
    # the truncated no-change magnitudes have their median at the KEEP_P / 2 point of chi2(n)
    scale = max(1.0, float(np.median(s_calm)) / float(chi2.ppf(KEEP_P / 2, n))) if s_calm.size else 1.0
    med = float(np.median(sm_calm)) if sm_calm.size else 0.0
    mad = float(np.median(np.abs(sm_calm - med))) * 1.4826 if sm_calm.size else 0.0
    floor = scale * float(chi2.ppf(1 - SMOOTH_P, 9 * n)) / 9
    t_smooth = max(med + SMOOTH_K * mad, floor)
    t_pixel = scale * float(chi2.ppf(PIXEL_P, n))
    return PairModel(model.knots, model.whiten, t_smooth, t_pixel, otsu(np.concatenate(every)), model.unchanged)
