"""The ``vlm`` method: ``diff`` finds where the pixels changed, the VLM says whether that is a
change on the ground. The grid is cut into tiles of the family's input size; every tile that
holds a diff polygon is shown to the model, before and after side by side (``describe``), and
asked whether anything really changed. A polygon is dropped when every tile it lies in got a
"no"; a "yes" or an answer that starts with neither keeps it (an unreadable answer is no
reason to throw a change away; they are counted). In a series, a tile is asked about the first
date and the date each polygon was last seen.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import shapely
from rasterio.windows import bounds as window_bounds

from ..raster.read import Stretch
from .coregister import DateReader, DateSource, Grid
from .describe import Pair, ask_in_chunks, filter_prompt, side_by_side, tile_windows, yes_no
from .vectorise import Region


def vlm_filter(
    regions: List[Region],
    grid: Grid,
    readers: Sequence[DateReader],
    sources: Sequence[DateSource],
    stretches: Sequence[Stretch],
    engine: Any,
    question: Optional[str],
    max_new_tokens: int,
    tile_size: Optional[int],
    chunk: int,
    ctx: Any,
) -> Tuple[List[Region], Dict[str, int]]:
    """The regions the model confirms, and {"tiles_asked", "tiles_no", "tiles_unparsed"}."""
    fam = engine.family_module
    side = int(tile_size or fam.INPUT_SIZE)
    tiles = tile_windows(grid, side)
    if not regions:
        return regions, {"tiles_asked": 0, "tiles_no": 0, "tiles_unparsed": 0}
    boxes = [shapely.box(*window_bounds(w, grid.transform)) for w in tiles]
    tree = shapely.STRtree(np.array([r.geom for r in regions], dtype=object))
    tile_idx, region_idx = tree.query(np.array(boxes, dtype=object), predicate="intersects")
    asks: Dict[Tuple[int, int], List[int]] = {}
    for t, r in zip(tile_idx.tolist(), region_idx.tolist()):
        k = regions[r].seen()[1]
        asks.setdefault((t, k), []).append(r)
    keys = sorted(asks)
    verdict: Dict[Tuple[int, int], Optional[bool]] = {}

    def image(i: int) -> Any:
        t, k = keys[i]
        return side_by_side(readers[0], readers[k + 1], tiles[t], fam.INPUT_SIZE, (stretches[0], stretches[k + 1]))

    def prompt(i: int) -> str:
        k = keys[i][1]
        return filter_prompt(Pair(sources[0].label, sources[k + 1].label), question)

    ctx.progress("vlm", 0, len(keys), f"asking about {len(keys)} tiles")
    for done, (i, text) in enumerate(
        ask_in_chunks(engine, len(keys), image, prompt, max_new_tokens, chunk, ctx.cancel), 1
    ):
        verdict[keys[i]] = yes_no(text)
        ctx.progress("vlm", done, len(keys), f"{sum(v is False for v in verdict.values())} tile(s) without change")
    keep = set()
    for key, members in asks.items():
        if verdict.get(key) is not False:
            keep.update(members)
    stats = {
        "tiles_asked": len(keys),
        "tiles_no": sum(v is False for v in verdict.values()),
        "tiles_unparsed": sum(v is None for v in verdict.values()),
    }
    return [r for i, r in enumerate(regions) if i in keep], stats
