"""The loopback stand-in for vLLM that ``tools/screenshot_tasks.sh`` runs: one answer per task,
picked from the prompt, written the way Qwen2.5-VL answers (no model runs).

``.venv/bin/python tools/screenshot_tasks_server.py URL_FILE`` writes the server's URL to
URL_FILE and serves for 8 minutes. Boxes are hand-placed on the sample NAIP chip as fractions
of the image, then scaled to the size the model's processor would make of the image the plugin
sent (``server_fed_size``), so they land on the objects whatever tile size the plugin chose.
"""

import os
import sys
import time
from typing import List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests", "model_backend")]

from loopback_openai_server import LoopbackOpenAIServer, SeenRequest  # noqa: E402

from model_backend.families.qwen2_5_vl import server_fed_size  # noqa: E402

Box = Tuple[float, float, float, float]
# (x0, y0, x1, y1) as fractions of the sample chip (resources/sample, 175 x 143 px)
VEHICLES: List[Box] = [
    (0.414, 0.021, 0.520, 0.080),
    (0.537, 0.007, 0.603, 0.066),
    (0.280, 0.150, 0.320, 0.234),
    (0.323, 0.182, 0.389, 0.280),
    (0.454, 0.266, 0.671, 0.357),
    (0.183, 0.521, 0.243, 0.566),
]
JET_BRIDGE: Box = (0.497, 0.406, 0.846, 0.524)
ASK = (
    "This is an airport apron beside a terminal building. A twin-engine regional jet is parked "
    "at a gate with a jet bridge attached to it, and rows of baggage carts and ground service "
    "vehicles stand on the concrete to the north of the aircraft."
)
CAPTION = (
    "A concrete airport apron next to the curved edge of a terminal. A regional jet is parked "
    "at the gate, its jet bridge extended, with baggage cart trains and service vehicles to "
    "the north."
)
SUMMARY = (
    "An airport gate: a regional jet at a jet bridge beside the terminal, with baggage carts and "
    "service vehicles on the apron."
)
# one sentence for every change polygon: the requests come concurrently, in no fixed order
CHANGE = "The lake has grown over the field next to it."


def boxes_json(boxes: List[Box], label: str, size: Tuple[int, int]) -> str:
    w, h = server_fed_size(*size)
    rows = [
        f'\t{{"bbox_2d": [{round(x0 * w)}, {round(y0 * h)}, {round(x1 * w)}, {round(y1 * h)}], "label": "{label}"}}'
        for x0, y0, x1, y1 in boxes
    ]
    return "```json\n[\n" + ",\n".join(rows) + "\n]\n```"


def answer(seen: SeenRequest) -> str:
    prompt = seen.texts[0] if seen.texts else ""
    size = seen.images[0].size if seen.images else (175, 143)
    if "Locate every instance" in prompt:
        return boxes_json(VEHICLES, "vehicle", size)
    if prompt.startswith("Locate "):
        return boxes_json([JET_BRIDGE], "jet bridge", size)
    if "two aerial images of the same place" in prompt:
        return CHANGE
    if "overview of a whole area" in prompt:
        return SUMMARY
    if prompt.startswith("Describe this aerial"):
        return CAPTION
    return ASK


if __name__ == "__main__":
    with LoopbackOpenAIServer(answer=answer) as srv:
        with open(sys.argv[1], "w", encoding="utf-8") as f:
            f.write(srv.url)
        time.sleep(480)
