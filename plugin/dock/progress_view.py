"""The dock's progress bar and time line: tiles for the tiled tasks, with the tokens of the tile
being generated inside them (a slow model no longer sits at "0 of 1 tiles" for 30 s), and the
time elapsed and left, estimated from the tiles done so far."""

from __future__ import annotations

import time
from typing import Optional, Tuple

from qgis.PyQt.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from ...model_backend import protocol
from ..translate import tr

# Progress stages that count tiles: the tiled tasks report under their own name.
TILE_STAGES = tuple(name for name, spec in protocol.TASK_SPECS.items() if spec.tiled)


def clock(seconds: float) -> str:
    """75 -> '1:15', 3725 -> '1:02:05'."""
    s = int(round(max(0.0, seconds)))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class ProgressView(QWidget):
    """``start()`` at Run, ``show_progress(done, total, stage)`` per progress event, ``stop()`` at the end."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.time_label = QLabel()
        layout.addWidget(self.bar)
        layout.addWidget(self.time_label)
        self._started: Optional[float] = None
        self._tiles: Optional[Tuple[str, int, int]] = None  # the last tile count: (stage, done, total)
        self.stop()

    def in_tiles(self) -> bool:
        """A tiled task has reported tiles in this run."""
        return self._tiles is not None

    def start(self) -> None:
        self._started, self._tiles = time.monotonic(), None
        self.bar.setRange(0, 0)  # busy until the first progress event
        self.bar.setFormat(tr("starting…"))
        self.time_label.clear()

    def stop(self) -> None:
        self._started, self._tiles = None, None
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.time_label.clear()

    def show_progress(self, done: int, total: int, stage: str = "") -> None:
        if stage == "generate" and self._tiles is not None and total > 0:
            tile_stage, tiles_done, tiles_total = self._tiles  # tokens of the tile being answered
            self._show_tiles(
                tile_stage, tiles_done, tiles_total, tr(" · {0} of %n token(s)", "", int(total)).format(int(done))
            )
            self._show_time(tiles_done + min(1.0, done / total) * 0.999, tiles_total)
            return
        if total and total > 0:
            self.bar.setRange(0, int(total))
            self.bar.setValue(min(int(done), int(total)))
        else:
            self.bar.setRange(0, 0)
        if stage in TILE_STAGES and total:
            self._tiles = (stage, int(done), int(total))
            self._show_tiles(stage, int(done), int(total), "")
            self._show_time(float(done), int(total))
        else:
            self.bar.setFormat(f"{stage}: %p%" if stage else "%p%")
            self._show_time(None, 0)

    def _show_tiles(self, stage: str, done: int, total: int, tokens: str) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(min(done, total))
        self.bar.setFormat(tr("{0}: %v of %n tile(s)", "", total).format(stage) + tokens)

    def _show_time(self, done: Optional[float], total: int) -> None:
        if self._started is None:
            return
        elapsed = time.monotonic() - self._started
        text = tr("{0} elapsed").format(clock(elapsed))
        if done and total and done < total:
            text += tr(" · about {0} left").format(clock(elapsed / done * (total - done)))
        self.time_label.setText(text)
