"""Render the change picture of the README: before, after, and the change polygons over the
after date, from a change run on the real NAIP pair of the tests (tests/data/rasters).

    .venv/bin/python tools/render_change.py docs/change.png

Runs ``python -m model_backend change`` (method diff, no model) into a temporary GeoPackage and
draws with Pillow: R, G, B of each date as stored (uint8), the polygons' outlines in red.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import rasterio
import shapely
from PIL import Image, ImageDraw
from pyogrio.raw import read as read_vector

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RASTERS = os.path.join(ROOT, "tests", "data", "rasters")
SCALE = 2  # 240 px crops drawn at 480 px
TITLE_H = 26


def panel(path: str, scale: int = SCALE) -> Image.Image:
    with rasterio.open(path) as ds:
        rgb = np.moveaxis(ds.read([1, 2, 3]), 0, -1)
    img = Image.fromarray(rgb)
    return img.resize((img.width * scale, img.height * scale), Image.NEAREST)


def main(out: str) -> int:
    before, after = (os.path.join(RASTERS, f"naip_nd_{y}.tif") for y in (2010, 2015))
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = os.path.join(tmp, "changes.gpkg")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "model_backend",
                "change",
                "--before",
                before,
                "--after",
                after,
                "--out",
                gpkg,
                "--json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        res = json.loads(proc.stdout)
        meta, _, wkb, fields = read_vector(gpkg, layer="changes")
    geoms = shapely.from_wkb(wkb)
    with rasterio.open(before) as ds:
        inv = ~ds.transform
    a, b = panel(before), panel(after)
    c = b.copy()
    draw = ImageDraw.Draw(c)
    for geom in geoms:
        for poly in shapely.get_parts(geom):
            for ring in [poly.exterior, *poly.interiors]:
                xy = [tuple(v * SCALE for v in inv * p) for p in ring.coords]
                draw.line(xy, fill=(255, 40, 40), width=2)
    titles = [
        f"before {res['dates'][0]}",
        f"after {res['dates'][1]}",
        f"{res['changes']} change polygons (diff), {sum(fields[0]) / 1e4:.1f} ha",
    ]
    gap = 8
    sheet = Image.new("RGB", (3 * a.width + 2 * gap, a.height + TITLE_H), "white")
    text = ImageDraw.Draw(sheet)
    for i, (img, title) in enumerate(zip((a, b, c), titles)):
        x = i * (a.width + gap)
        sheet.paste(img, (x, TITLE_H))
        text.text((x + 4, 6), title, fill=(0, 0, 0))
    sheet.save(out, optimize=True)
    print(f"{out}: {res['answer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "change.png")))
