"""The batch's progress on a terminal: two tqdm bars (rasters; tiles with rate and ETA).

Quiet when stderr is not a terminal (a log file, a CI job, a pipe): then only the lines that
matter are written (a raster that failed, warnings). tqdm is already a dependency of the
backend (transformers and huggingface_hub use it).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Optional, TextIO


class BatchProgress:
    """``enabled`` None: bars when ``stream`` is a terminal."""

    def __init__(
        self, rasters: int, skipped: int = 0, enabled: Optional[bool] = None, stream: Optional[TextIO] = None
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.rasters: Any = None
        self.tiles: Any = None
        if self.enabled:
            from tqdm import tqdm

            # a terminal that says it is 0 x 0 (a bare pty: script, some CI runners) would hide the bars
            width = {"dynamic_ncols": True} if _columns(self.stream) > 0 else {"ncols": 100, "nrows": 24}
            self.rasters = tqdm(
                total=rasters, initial=skipped, desc="rasters", unit="raster", position=0, file=self.stream, **width
            )
            self.tiles = tqdm(total=0, desc="tiles  ", unit="tile", position=1, file=self.stream, **width)

    def planned(self, tiles_total: int, tiles_done: int) -> None:
        """A raster started: its tiles join the tiles bar (those done before count as done)."""
        if self.tiles is not None:
            self.tiles.total += tiles_total
            if tiles_done:
                self.tiles.update(tiles_done)
            self.tiles.refresh()

    def tile(self, n: int = 1) -> None:
        if self.tiles is not None and n:
            self.tiles.update(n)

    def raster(self, name: str) -> None:
        if self.rasters is not None:
            self.rasters.set_postfix_str(os.path.basename(name), refresh=False)
            self.rasters.update(1)

    def line(self, text: str) -> None:
        """A line for the user (a failure, a warning), above the bars when they are shown."""
        if self.rasters is not None:
            self.rasters.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        for bar in (self.tiles, self.rasters):
            if bar is not None:
                bar.close()


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0
