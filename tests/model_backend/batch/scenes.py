"""Rasters with known objects, and a loopback-server answer that finds them, for the batch tests.

The server (``LoopbackOpenAIServer``, a real HTTP server standing in for vLLM) answers each tile
as Florence-2 would if it saw perfectly: the bright rectangles in the very PNG it received, as
``label<loc_x1><loc_y1><loc_x2><loc_y2>`` bins of the 1000 x 1000 grid over the image (the
family's documented convention). A random tiny model answers noise, so this stand-in is what
makes boxes (and their merging across tile edges) checkable; everything else is the real code
path. Florence-2 because its server-side size needs no transformers import: each CLI run of the
tests starts in about a second instead of ten. A tile without objects gets an answer without
location tokens, which the family counts as unparsed (its convention), as the real model's.
"""

from __future__ import annotations

import json
import os
import re
from typing import Dict, List, Sequence, Tuple

import numpy as np
import rasterio
from pyogrio import raw
from rasterio.transform import from_origin
from scipy import ndimage

# (col0, row0, col1, row1, kind): kind 250 is a "ship", 200 a "storage tank" (band 3's value).
Obj = Tuple[int, int, int, int, int]
SHIP, TANK = 250, 200
LABELS = {SHIP: "ship", TANK: "storage tank"}


def write_scene(
    path: str,
    objects: Sequence[Obj],
    size=(300, 240),
    crs="EPSG:32618",
    origin=(500000.0, 4500000.0),
    pixel=2.0,
    background: int = 60,
) -> str:
    """Band 1 is ``background`` (tells the raster a tile came from) but 240 on the objects."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    w, h = size
    data = np.full((3, h, w), background, dtype=np.uint8)
    data[1] += (np.arange(w) % 5).astype(np.uint8)[None, :]  # some texture
    for c0, r0, c1, r1, kind in objects:
        data[0, r0:r1, c0:c1] = 240
        data[2, r0:r1, c0:c1] = kind
    kwargs = dict(
        driver="GTiff",
        width=w,
        height=h,
        count=3,
        dtype="uint8",
        transform=from_origin(origin[0], origin[1], pixel, pixel),
    )
    if crs:
        kwargs["crs"] = crs
    with rasterio.open(path, "w", **kwargs) as dst:
        dst.write(data)
    return path


def oracle_answer(seen) -> str:
    """The bright rectangles of the received tile, as Florence-2 grounding: label + 4 bins."""
    a = np.asarray(seen.images[0].convert("RGB"))
    h, w = a.shape[:2]
    lab, _ = ndimage.label(a[:, :, 0] > 200)
    parts = ["</s><s>"]
    for sl in ndimage.find_objects(lab):
        y, x = sl
        kind = int(np.median(a[y, x, 2]))
        bins = [min(999, int(v * 1000 / side)) for v, side in ((x.start, w), (y.start, h), (x.stop, w), (y.stop, h))]
        parts.append((LABELS[SHIP] if kind > 225 else LABELS[TANK]) + "".join(f"<loc_{b}>" for b in bins))
    return "".join(parts) + "</s>"


def three_scenes(folder: str) -> List[str]:
    """Three rasters in two CRSs, objects inside tiles, in overlaps and across tile edges."""
    os.makedirs(folder, exist_ok=True)
    return [
        write_scene(
            os.path.join(folder, "a.tif"),
            [(10, 10, 40, 30, SHIP), (100, 90, 140, 120, TANK), (200, 150, 260, 200, SHIP), (250, 20, 290, 60, TANK)],
        ),
        write_scene(
            os.path.join(folder, "b.tif"),
            [(30, 100, 170, 125, SHIP), (5, 200, 30, 230, TANK)],
            origin=(501000.0, 4500000.0),
            background=70,
        ),
        write_scene(
            os.path.join(folder, "c.tif"),
            [(60, 60, 90, 150, SHIP), (150, 30, 190, 50, SHIP), (270, 210, 298, 238, TANK)],
            crs="EPSG:32617",
            origin=(800000.0, 4500000.0),
            background=80,
        ),
    ]


def background_of(request) -> int:
    """Which of ``three_scenes`` a server request's tile came from (60, 70 or 80)."""
    band1 = np.asarray(request.images[0].convert("RGB"))[:, :, 0]
    return int(np.median(band1[band1 < 200]))


def feature_set(gpkg: str, layer: str = "detections") -> List[tuple]:
    """(label, source, geometry WKB hex) of every feature, sorted: a run's result, times aside.
    WKB, not rounded WKT: a resumed run must give the very same coordinates."""
    meta, _, geoms, cols = raw.read(gpkg, layer=layer)[:4]
    fields = list(meta["fields"])
    out = []
    for i, g in enumerate(geoms):
        row: Dict[str, object] = {f: cols[j][i] for j, f in enumerate(fields)}
        out.append((row["label"], row["source"], bytes(g).hex()))
    return sorted(out)


def qwen_answer(seen) -> str:
    """The same stand-in as ``oracle_answer`` for Qwen2.5-VL (which can also answer questions):
    a box request gets the bright rectangles of the asked categories (all for an expression) as
    JSON ``bbox_2d`` in pixels of the image as the server's processor resizes it; any other
    request a sentence naming how many it sees."""
    from model_backend.families.qwen2_5_vl import server_fed_size

    a = np.asarray(seen.images[0].convert("RGB"))
    h, w = a.shape[:2]
    lab, n = ndimage.label(a[:, :, 0] > 200)
    if not any("bbox" in t for t in seen.texts):
        return f"An industrial area with {n} bright object(s)."
    fw, fh = server_fed_size(w, h)
    text = " ".join(seen.texts)
    asked = set(re.findall(r"'([^']+)'", text)) if "categories" in text else set(LABELS.values())
    boxes = []
    for y, x in ndimage.find_objects(lab):
        label = LABELS[SHIP] if int(np.median(a[y, x, 2])) > 225 else LABELS[TANK]
        if label not in asked:
            continue
        box = [round(x.start * fw / w), round(y.start * fh / h), round(x.stop * fw / w), round(y.stop * fh / h)]
        boxes.append({"bbox_2d": box, "label": label})
    return "```json\n" + json.dumps(boxes) + "\n```"
