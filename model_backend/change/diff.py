"""The ``diff`` method (the default; no model): change vector analysis of the normalised dates
with the thresholds of ``normalise``, then morphological clean-up.

Per pixel: ``s``, the whitened squared residual of all bands (the length of the change vector
in units of the no-change noise); changed where its 3 x 3 mean passes ``t_smooth`` and ``s``
itself passes ``t_pixel``. The score of a pixel is ``m / (m + t_smooth)`` for the 3 x 3 mean
``m``: 0.5 at the threshold, towards 1 for strong changes, like a change probability.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import numpy as np

from .normalise import PairModel, smooth


def _morph(mask: np.ndarray, grow: bool) -> np.ndarray:
    """Dilation (``grow``) or erosion with a 3 x 3 square, edges replicated, as separable
    shifted ORs / ANDs of boolean slices (several times faster than scipy's filters)."""
    op = np.logical_or if grow else np.logical_and
    p = np.pad(mask, 1, mode="edge")
    rows = op(p[:-2], p[1:-1])
    op(rows, p[2:], out=rows)
    out = op(rows[:, :-2], rows[:, 1:-1])
    op(out, rows[:, 2:], out=out)
    return out


def clean(mask: np.ndarray) -> np.ndarray:
    """Closing then opening with a 3 x 3 square: fills pinholes and one-pixel gaps inside a
    change, then drops specks and one-pixel slivers. Only the rows and columns around changed
    pixels are filtered (the work follows the changed area, not the raster size)."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return mask
    r0, r1 = max(0, rows[0] - 3), min(mask.shape[0], rows[-1] + 4)
    c0, c1 = max(0, cols[0] - 3), min(mask.shape[1], cols[-1] + 4)
    part = mask[r0:r1, c0:c1]
    closed = _morph(_morph(part, True), False)
    opened = _morph(_morph(closed, False), True)
    out = np.zeros_like(mask)
    out[r0:r1, c0:c1] = opened
    return out


class DiffMethod:
    """Change vector analysis against the first date, one ``PairModel`` per later date."""

    name = "diff"
    halo = 2  # pixels of context the 3 x 3 mean needs (the clean-up adds its own)

    def __init__(self, models: List[PairModel]) -> None:
        self.models = models

    def score(
        self, before: np.ndarray, after: np.ndarray, valid: Optional[np.ndarray], k: int
    ) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        """(changed mask, score in [0, 1] or None when nothing changed) for date ``k + 1``."""
        model = self.models[k]
        s = model.magnitude(before, after)
        if valid is not None:
            s[~valid] = 0
        mean = smooth(s)
        mask = mean > model.t_smooth
        if not mask.any():
            return mask, None
        mask &= s > model.t_pixel
        return mask, mean / (mean + np.float32(model.t_smooth))
