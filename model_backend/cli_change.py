"""The ``change`` subcommand: change polygons between two dates (or a series).

``python -m model_backend change --before A.tif --after B.tif [--dates A.tif B.tif C.tif ...]
[--aoi ... --aoi-crs ...] [--method diff|onnx|vlm] [--onnx-model M.onnx] [--min-area M2]
[--describe N] [--question "new buildings?"] --out changes.gpkg``

The shared job options (model, engine, bands, ``--json``...) are ``cli_jobs``'s; ``--raster``
is accepted as another name for ``--before``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from . import protocol as P
from .cli_jobs import add_job_options, job_from_args, run_local
from .errors import BadInput


def cmd_change(args: argparse.Namespace) -> int:
    from .cli_commands import finish, written

    dates = list(args.dates or [])
    if dates:
        named = [p for p in (args.raster, args.after) if p]
        missing = [p for p in named if os.path.abspath(p) not in {os.path.abspath(d) for d in dates}]
        if missing:
            raise BadInput(f"--before/--after must be among --dates when both are given: {', '.join(missing)}")
        args.raster = args.raster or dates[0]
    elif not args.raster or not args.after:
        raise BadInput("change needs --before and --after (or --dates A.tif B.tif ...)")
    job = job_from_args(
        args,
        "change",
        after=args.after,
        dates=dates,
        method=args.method,
        onnx_model=args.onnx_model,
        min_area=args.min_area,
        describe=args.describe,
        question=args.question,
        overlap=args.overlap,
    )
    r = run_local(job)
    if not args.json:
        print(
            f"{r['changes']} change polygon(s), {r['described']} described, dates {' -> '.join(r['dates'])} "
            f"-> {written(r)} in {r['elapsed_s']} s",
            file=sys.stderr,
        )
    return finish(args, r, r["answer"])


def add_change_command(sub: Any) -> None:
    p = sub.add_parser(
        "change",
        conflict_handler="resolve",  # --before replaces the shared --raster (and keeps it as an alias)
        help="change polygons between two dates (or a series): area, score, what changed",
    )
    add_job_options(p)
    p.add_argument("--before", "--raster", dest="raster", help="the before raster (first date)")
    p.add_argument("--after", help="the after raster")
    p.add_argument(
        "--dates",
        nargs="+",
        metavar="RASTER",
        help="a series of 2 or more rasters instead: polygons get first_seen / last_seen (dates from "
        "TIFFTAG_DATETIME / ACQUISITIONDATE, else the order given)",
    )
    p.add_argument(
        "--method",
        choices=P.CHANGE_METHODS,
        default="diff",
        help="diff: change vector analysis, no model (default); onnx: your change network; "
        "vlm: diff, then the VLM drops tiles where nothing really changed",
    )
    p.add_argument("--onnx-model", metavar="M.onnx", help="the change network for --method onnx")
    p.add_argument("--min-area", type=float, metavar="M2", help="smallest change kept, m² (default: 9 pixels)")
    p.add_argument("--describe", type=int, default=0, metavar="N", help="the VLM describes the N largest changes")
    p.add_argument("--question", help="what matters to you, e.g. 'new buildings?' (for --describe and vlm)")
    p.add_argument("--overlap", type=float, default=0.15, help="tile overlap share of --method onnx (default 0.15)")
    p.set_defaults(func=cmd_change)
