"""Lay the grabs of ``tools/screenshot_tasks.py`` out as one README picture: one column per task,
its title above, the dock, and the map under it where there is one.

``.venv/bin/python tools/screenshot_tasks_compose.py GRABS_DIR OUT.png`` (GRABS_DIR holds
``shots.json``). The PNG is quantized to a palette (fast octree: median cut shifts the thin
box colours) if it would pass 600 KB, the limit for README pictures.
"""

import io
import json
import os
import sys
from typing import List, Optional, TypedDict

from PIL import Image, ImageChops, ImageDraw, ImageFont

GAP, PAD, TITLE_H, LIMIT = 16, 16, 34, 600 * 1024
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


class Shot(TypedDict, total=False):
    task: str
    title: str
    status: str
    dock: str
    map: str


def font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def map_panel(path: str, width: int) -> Image.Image:
    """The map grab cut to what was drawn (the canvas's white margin and frame dropped),
    scaled to the dock's width."""
    image = Image.open(path).convert("RGB")
    inner = image.crop((3, 3, image.width - 3, image.height - 3))
    box = ImageChops.difference(inner, Image.new("RGB", inner.size, "white")).convert("L").point(
        lambda v: 255 if v > 12 else 0
    ).getbbox() or (0, 0, inner.width, inner.height)
    drawn = inner.crop(box)
    return drawn.resize((width, round(drawn.height * width / drawn.width)), Image.LANCZOS)


def compose(shots: List[Shot]) -> Image.Image:
    docks = [Image.open(s["dock"]).convert("RGB") for s in shots]
    width = max(d.width for d in docks)
    maps: List[Optional[Image.Image]] = [map_panel(s["map"], width) if s.get("map") else None for s in shots]
    map_h = max((m.height for m in maps if m), default=0)
    height = PAD + TITLE_H + max(d.height for d in docks) + (GAP + map_h if map_h else 0) + PAD
    sheet = Image.new("RGB", (PAD * 2 + len(shots) * width + (len(shots) - 1) * GAP, height), "white")
    draw, title_font = ImageDraw.Draw(sheet), font(20)
    for i, (shot, dock, mapped) in enumerate(zip(shots, docks, maps)):
        x = PAD + i * (width + GAP)
        draw.text((x + 4, PAD), shot["title"], fill=(30, 30, 30), font=title_font)
        sheet.paste(dock, (x, PAD + TITLE_H))
        if mapped is not None:
            y = PAD + TITLE_H + max(d.height for d in docks) + GAP
            sheet.paste(mapped, (x, y))
            draw.rectangle((x, y, x + width - 1, y + mapped.height - 1), outline=(160, 160, 160))
    return sheet


def save(sheet: Image.Image, out: str) -> int:
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=True)
    if buf.tell() > LIMIT:
        buf = io.BytesIO()
        sheet.quantize(colors=256, method=Image.FASTOCTREE, dither=Image.NONE).save(buf, "PNG", optimize=True)
    with open(out, "wb") as f:
        f.write(buf.getvalue())
    return buf.tell()


def main(grabs: str, out: str) -> int:
    with open(os.path.join(grabs, "shots.json"), encoding="utf-8") as f:
        shots: List[Shot] = json.load(f)
    sheet = compose(shots)
    size = save(sheet, out)
    print(f"{out}: {sheet.width}x{sheet.height}, {size // 1024} KB")
    for shot in shots:
        print(f"  {shot['task']}: {shot['status']}")
    failed = [shot["task"] for shot in shots if not shot["status"].startswith("Done")]
    if failed:
        print(f"not done: {', '.join(failed)} (the picture shows what the dock said)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
