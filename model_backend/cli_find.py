"""CLI of Find: ``find`` (text or image query over rasters or a QGIS project) and ``export-onnx``
(a CLIP-family model -> the two ONNX towers Find runs). Registered by
``cli_commands.add_task_commands``; same job path as the dock (``jobs.find``)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from . import protocol as P
from .cli_jobs import EXIT_OK, parse_aoi, parse_bands, run_local
from .errors import BadInput


def cmd_find(args: argparse.Namespace) -> int:
    from .cli_commands import finish

    rasters = list(args.raster or [])
    if not rasters and not args.project:
        raise BadInput("give --raster (one or more) or --project P.qgz")
    if args.aoi_crs is not None and args.aoi is None:
        raise BadInput("--aoi-crs gives the CRS of --aoi, but no --aoi was given")
    job = P.JobSpec(
        raster=rasters[0] if rasters else "",
        rasters=rasters[1:],
        project=args.project,
        task="find",
        question=args.query,
        query_box=parse_aoi(args.query_box),
        query_box_crs=args.query_box_crs,
        aoi=parse_aoi(args.aoi),
        aoi_crs=args.aoi_crs,
        top=args.top,
        confirm=args.confirm,
        out=args.out,
        encoder=args.encoder,
        encoder_precision=args.encoder_precision,
        device=args.device,
        tile_size=args.tile_size,
        overlap=args.overlap,
        gsd=args.gsd,
        bands=parse_bands(args.bands),
        heatmap_dir=args.heatmap_dir,
        batch_size=args.batch_size,
        model=args.model,
        family=args.family,
        quantization=args.quantization,
        max_new_tokens=args.max_new_tokens,
        engine=args.engine,
        base_url=args.base_url,
        api_key_env=args.api_key_env,
        concurrency=args.concurrency,
        timeout_s=args.timeout,
    )
    r = run_local(job)
    print(
        f"{r['tiles_encoded']} tiles embedded, {r['tiles_cached']} from the cache ({r['provider']}); "
        f"{r['features']} best -> {r['output']}; heat maps: {', '.join(r['heatmaps'].values())} "
        f"({r['elapsed_s']} s)",
        file=sys.stderr,
    )
    return finish(args, r, r["answer"])


def cmd_export_onnx(args: argparse.Namespace) -> int:
    from .find.export import export_onnx

    model = args.model
    if args.tiny:
        from .tiny.clip import build

        model = build(os.path.join(args.out or "build/tiny-clip", "torch"))
        args.out = args.out or "build/tiny-clip"
    if not model:
        raise BadInput("give --model (a CLIP/SigLIP hub id or folder in transformers format) or --tiny")
    precisions = [p.strip() for p in args.precisions.split(",") if p.strip()]
    out = export_onnx(model, args.out, precisions, on_step=lambda msg: print(msg, file=sys.stderr))
    print(out)
    return EXIT_OK


def add_find_commands(sub: Any) -> None:
    find = sub.add_parser(
        "find",
        help="text-to-imagery search over rasters or a QGIS project (ONNX encoder, "
        "cached index, heat maps, optional VLM confirmation)",
    )
    find.add_argument("--raster", action="append", help="raster file; repeat for several")
    find.add_argument("--project", metavar="P.qgz", help="every file raster layer of this QGIS project (.qgs/.qgz)")
    find.add_argument("--query", help="what to look for, in words: 'solar farm'")
    find.add_argument(
        "--query-box",
        help="'minx,miny,maxx,maxy' of the first raster: an image query ('more like this') instead of words",
    )
    find.add_argument("--query-box-crs", help="CRS of --query-box (default: the first raster's)")
    find.add_argument("--aoi", help="search only 'minx,miny,maxx,maxy' (default: the whole rasters)")
    find.add_argument("--aoi-crs", help="CRS of --aoi (default: each raster's own)")
    find.add_argument("--top", type=int, default=20, help="how many best tiles to keep (and confirm); default 20")
    find.add_argument("--confirm", action="store_true", help="ask the VLM (--model) about each of the best tiles")
    find.add_argument("--out", required=True, help="output vector file (.gpkg, .shp, .geojson, .fgb)")
    find.add_argument("--heatmap-dir", help="folder of the heat maps (default: beside --out)")
    find.add_argument("--json", action="store_true", help="print the whole result as JSON")
    enc = find.add_argument_group("encoder")
    enc.add_argument(
        "--encoder",
        default=P.DEFAULT_ENCODER,
        help=f"exported encoder folder, or a CLIP/SigLIP hub id or folder exported on first use "
        f"(default {P.DEFAULT_ENCODER})",
    )
    enc.add_argument(
        "--encoder-precision",
        choices=("auto", "fp32", "fp16", "int8"),
        default="auto",
        help="auto: fp16 on CUDA, fp32 on CPU; int8: dynamic quantisation (CPU)",
    )
    enc.add_argument("--device", choices=P.DEVICES, default="auto")
    enc.add_argument("--tile-size", type=int, help="tile side in raster pixels (default: the encoder's input size)")
    enc.add_argument("--overlap", type=float, default=0.0, help="tile overlap share (default 0)")
    enc.add_argument("--gsd", type=float, help="target ground resolution in metres/pixel (default native)")
    enc.add_argument("--bands", help="band numbers for R,G,B, e.g. '3,2,1'")
    enc.add_argument("--batch-size", type=int, default=16, help="tiles per encoder run (and per VLM call)")
    vlm = find.add_argument_group("VLM (--confirm)")
    vlm.add_argument("--model", default=P.DEFAULT_MODEL, help=f"hub id or local folder (default {P.DEFAULT_MODEL})")
    vlm.add_argument("--family", help="model family (default: inferred from the model)")
    vlm.add_argument("--quantization", choices=P.QUANTIZATIONS, default="nf4")
    vlm.add_argument("--max-new-tokens", type=int, default=128)
    vlm.add_argument("--engine", choices=P.ENGINES, default="transformers")
    vlm.add_argument("--base-url", help="server URL for --engine openai")
    vlm.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the server's API key")
    vlm.add_argument("--concurrency", type=int, default=4)
    vlm.add_argument("--timeout", type=float, default=120.0)
    find.set_defaults(func=cmd_find)
    export = sub.add_parser(
        "export-onnx",
        help="export a CLIP-family model's image and text towers to ONNX (fp32, int8 for CPU, fp16 for CUDA)",
    )
    export.add_argument("--model", help="CLIP/SigLIP hub id or folder in transformers format")
    export.add_argument("--out", help="output folder (default: the user cache, where find looks)")
    export.add_argument("--precisions", default="fp32,int8,fp16", help="comma separated (fp32 always)")
    export.add_argument("--tiny", action="store_true", help="build a tiny random CLIP and export it (tests, demo)")
    export.set_defaults(func=cmd_export_onnx)
