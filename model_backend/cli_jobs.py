"""What every CLI command shares: exit codes, the job options, a JobSpec from them, and the
local run with progress on stderr. A leaf module, so ``cli`` (parser, main) and
``cli_commands`` (task subcommands) and ``demo`` import it without importing each other."""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional, cast

from . import protocol as P
from .errors import BadInput

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_CANCELLED = 0, 1, 2, 130


def parse_aoi(text: Optional[str]) -> Optional[List[float]]:
    if text is None:
        return None
    try:
        values = [float(v) for v in text.replace(" ", "").split(",")]
    except ValueError:
        raise BadInput(f"--aoi must be 'minx,miny,maxx,maxy' (numbers), got {text!r}") from None
    if len(values) != 4:
        raise BadInput(f"--aoi needs 4 numbers minx,miny,maxx,maxy, got {len(values)}")
    return values


def parse_bands(text: Optional[str]) -> Optional[List[int]]:
    """``--bands 3,2,1`` -> [3, 2, 1]; BadInput (exit 2) for anything but whole numbers."""
    if text is None:
        return None
    try:
        return [int(b) for b in text.replace(" ", "").split(",")]
    except ValueError:
        raise BadInput(f"--bands must be 1 or 3 band numbers such as '3,2,1', got {text!r}") from None


def add_job_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raster", required=True, help="raster file (GeoTIFF, VRT, COG...)")
    p.add_argument("--aoi", help="area of interest 'minx,miny,maxx,maxy' (default: whole raster)")
    p.add_argument("--aoi-crs", help="CRS of --aoi, e.g. EPSG:4326 (default: the raster's CRS)")
    p.add_argument("--model", default=P.DEFAULT_MODEL, help=f"hub id or local folder (default {P.DEFAULT_MODEL})")
    p.add_argument("--family", help="model family (default: inferred from the model)")
    p.add_argument("--device", choices=P.DEVICES, default="auto")
    p.add_argument("--quantization", choices=P.QUANTIZATIONS, default="nf4")
    p.add_argument("--max-new-tokens", type=int, default=256)
    p.add_argument("--tile-size", type=int, help="long side in pixels of the image fed to the model")
    p.add_argument("--bands", help="band numbers for R,G,B, e.g. '3,2,1' (default: from colour tags)")
    p.add_argument("--out", required=True, help="output vector file (.gpkg, .shp, .geojson, .fgb)")
    p.add_argument(
        "--append",
        action="store_true",
        help="add to the layer already in --out (same fields); without it a GeoPackage gets a "
        "new layer (detections_2...) and a one-layer file is replaced when the run completes",
    )
    e = p.add_argument_group("engine")
    e.add_argument(
        "--engine",
        choices=P.ENGINES,
        default="transformers",
        help="transformers: a local model (default); openai: an OpenAI-compatible server "
        "(vLLM, Ollama, llama.cpp, LM Studio)",
    )
    e.add_argument("--base-url", help="server URL for --engine openai, e.g. http://localhost:8000/v1")
    e.add_argument("--api-key-env", metavar="VAR", help="name of the environment variable holding the server's API key")
    e.add_argument("--concurrency", type=int, default=4, help="requests in flight (openai engine)")
    e.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds for each whole request, connect to last byte (openai engine)",
    )
    e.add_argument(
        "--batch-size", type=int, default=1, help="tiles per generate call (halved automatically on CUDA out-of-memory)"
    )
    p.add_argument("--json", action="store_true", help="print the whole result as JSON")


def job_from_args(args: argparse.Namespace, task: str, **extra) -> P.JobSpec:
    bands = parse_bands(args.bands)
    if args.aoi_crs is not None and args.aoi is None:
        raise BadInput(
            "--aoi-crs gives the CRS of --aoi, but no --aoi was given: add --aoi "
            "'minx,miny,maxx,maxy', or drop --aoi-crs to use the whole raster"
        )
    return P.JobSpec(
        raster=args.raster,
        task=cast(P.TaskName, task),
        aoi=parse_aoi(args.aoi),
        aoi_crs=args.aoi_crs,
        model=args.model,
        family=args.family,
        device=args.device,
        quantization=args.quantization,
        max_new_tokens=args.max_new_tokens,
        tile_size=args.tile_size,
        bands=bands,
        out=args.out,
        engine=args.engine,
        base_url=args.base_url,
        api_key_env=args.api_key_env,
        concurrency=args.concurrency,
        timeout_s=args.timeout,
        batch_size=args.batch_size,
        append=args.append,
        **extra,
    )


def stderr_events(method: str, params: dict) -> None:
    """Progress for a person at a terminal, on stderr (stdout holds the answer); an API key a
    message might quote is masked."""
    from .engines.redact import redact

    if method == "progress" and params.get("stage") != "generate":
        msg = params.get("message") or ""
        print(redact(f"[{params['stage']}] {params['done']}/{params['total']} {msg}"), file=sys.stderr)
    elif method == "log" and params.get("level") in ("warning", "error"):
        print(redact(f"{params['level']}: {params['message']}"), file=sys.stderr)


def run_local(job: P.JobSpec) -> P.JobResult:
    from .jobs.context import EngineCache, JobContext
    from .jobs.run import run_job

    return run_job(job, JobContext("cli", stderr_events, EngineCache()))
