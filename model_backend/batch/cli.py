"""The ``batch`` subcommand: its options and its summary. Registered by ``cli_commands``.

The engine and model options are the task commands' own (``cli_jobs.add_job_options``), so a
batch takes every option ``detect`` takes; ``--raster`` gives way to ``--inputs``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, List

from .. import protocol as P
from ..cli_jobs import add_job_options, job_from_args


def split_labels(text: str) -> List[str]:
    return [label.strip() for label in (text or "").split(",") if label.strip()]


def add_batch_command(sub: Any) -> None:
    p = sub.add_parser(
        "batch",
        help="one task over many rasters into one resumable run GeoPackage",
        description="Run a task over many rasters (folders, globs, list files, QGIS projects) into ONE "
        "GeoPackage: the task's layers with a 'source' attribute, plus runs/rasters/progress "
        "tables committed with each tile. Killed or cancelled, --resume goes on where it "
        "stopped and ends with exactly the features of an uninterrupted run. "
        "Exit codes: 0 all done, 3 some rasters failed (logged, skipped), 2 bad input, 130 cancelled.",
    )
    p.add_argument("--task", default="detect", choices=list(P.TASK_SPECS), help="the task (default detect)")
    p.add_argument(
        "--inputs",
        nargs="+",
        required=True,
        metavar="IN",
        help="folders, glob patterns ('scenes/**/*.tif'), text files listing rasters, or QGIS "
        "projects (.qgs/.qgz: their file raster layers)",
    )
    add_job_options(p)
    for action in p._actions:  # the run file, not a per-raster output; no --raster
        if action.dest == "raster":
            action.required, action.help = False, argparse.SUPPRESS
        elif action.dest == "out":
            action.help = "the run GeoPackage (.gpkg)"
    p.add_argument("--labels", help="object names, comma separated: 'ship,storage tank'")
    p.add_argument(
        "--question",
        "--expression",
        dest="question",
        help="the question, referring expression or instruction, as the task takes it",
    )
    p.add_argument("--overlap", type=float, default=0.15, help="tile overlap share (default 0.15)")
    p.add_argument("--gsd", type=float, help="target ground resolution in metres/pixel (default native)")
    run = p.add_argument_group("run")
    run.add_argument(
        "--resume", action="store_true", help="go on with the run in --out: finished rasters and tiles are not redone"
    )
    run.add_argument("--overwrite", action="store_true", help="replace an existing --out")
    run.add_argument("--out-crs", help="CRS of the run's layers, e.g. EPSG:4326 (default: the first raster's)")
    run.add_argument("--no-progress", action="store_true", help="no progress bars even on a terminal")
    scale = p.add_argument_group("where the work runs")
    scale.add_argument(
        "--backend",
        choices=("local", "ray"),
        default="local",
        help="local: this process (default); ray: Ray actors (pip install -r requirements-ray.txt)",
    )
    scale.add_argument(
        "--workers",
        type=int,
        help="rasters in flight (default: 1 with a local model, --concurrency with a server, 2 Ray actors)",
    )
    scale.add_argument("--ray-address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray)")
    scale.add_argument("--ray-cpus-per-worker", type=float, default=1.0)
    scale.add_argument("--ray-gpus-per-worker", type=float, default=0.0)
    p.set_defaults(func=cmd_batch, raster="")


def cmd_batch(args: argparse.Namespace) -> int:
    from .runner import BatchOptions, run_batch

    job = job_from_args(
        args, args.task, labels=split_labels(args.labels), question=args.question, overlap=args.overlap, gsd=args.gsd
    )
    opts = BatchOptions(
        template=job,
        inputs=args.inputs,
        out=args.out,
        resume=args.resume,
        overwrite=args.overwrite,
        out_crs=args.out_crs,
        backend=args.backend,
        workers=args.workers,
        ray_address=args.ray_address,
        ray_cpus=args.ray_cpus_per_worker,
        ray_gpus=args.ray_gpus_per_worker,
        command=" ".join(sys.argv),
        progress=False if args.no_progress else None,
    )
    summary = run_batch(opts)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(summary_text(summary))
    return summary["exit_code"]


def summary_text(s: Any) -> str:
    lines = [
        f"rasters: {s['done']} done, {s['skipped']} skipped (done before), {len(s['failed'])} failed"
        f" of {s['rasters']}" + (" - cancelled, --resume goes on" if s["status"] == "cancelled" else "")
    ]
    lines += [f"  failed: {os.path.basename(f['raster'])}: {f['message']}" for f in s["failed"]]
    if s["status"] == "stopped":
        lines.append(f"stopped: {s['stopped_by']} (every raster would fail so; fix it, then --resume)")
    for layer, counts in s["features"].items():
        lines.append(f"{layer}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "none"))
    lines.append(f"{s['tiles']} tiles in {s['elapsed_s']:.1f} s -> {s['out']}")
    return "\n".join(lines)
