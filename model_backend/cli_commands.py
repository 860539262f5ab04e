"""The task subcommands of the CLI (ask, detect, caption, count, ground): their options, and
how each prints its result. Kept apart from ``cli`` (parser plumbing, exit codes) so both stay
short. A job that ends with status "cancelled" exits 130, like Ctrl-C: what it wrote is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, List, Mapping, Optional

from . import protocol as P
from .cli_jobs import EXIT_CANCELLED, EXIT_OK, add_job_options, job_from_args, run_local
from .errors import BadInput


def finish(args: argparse.Namespace, result: Mapping[str, Any], summary: str) -> int:
    """Print the result (JSON with --json, else ``summary``) and map its status to an exit code."""
    ok, cancelled = EXIT_OK, EXIT_CANCELLED
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(summary)
    return ok if result.get("status", "ok") == "ok" else cancelled


def split_labels(text: Optional[str]) -> List[str]:
    return [label.strip() for label in (text or "").split(",") if label.strip()]


def read_history(path: Optional[str]) -> List[List[str]]:
    """An earlier conversation: a JSON list of [question, answer] pairs (what --history-out writes)."""
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as f:
            turns = json.load(f)
    except FileNotFoundError:
        raise BadInput(f"History file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise BadInput(f"Cannot read the history file {path}: {exc}") from None
    if not isinstance(turns, list) or any(
        not isinstance(t, list) or len(t) != 2 or not all(isinstance(s, str) for s in t) for t in turns
    ):
        raise BadInput(f"{path} must hold a JSON list of [question, answer] pairs of strings")
    return turns


def write_history(path: str, turns: List[List[str]]) -> None:
    """Written beside, then renamed over ``path``: the earlier conversation stays whole until then."""
    from .writers.staging import temp_path

    temp = temp_path(path)
    try:
        with open(temp, "w", encoding="utf-8") as f:
            json.dump(turns, f, indent=2, ensure_ascii=False)
        os.replace(temp, path)
    except OSError as exc:
        if os.path.exists(temp):
            os.remove(temp)
        raise BadInput(f"Cannot write the history file {path}: {exc}") from None


def written(result: Mapping[str, Any], key: str = "output") -> str:
    """Where a result went, for the summary line: the file, and the layer when it was renamed."""
    path, layer = result.get(key), result.get(f"{key}_layer")
    if not path:
        return "nothing written"
    return f"{path} (layer {layer})" if layer and str(path).lower().endswith(".gpkg") else str(path)


def cmd_ask(args: argparse.Namespace) -> int:
    history = read_history(args.history)
    job = job_from_args(args, "ask", question=args.question, history=history)
    if args.history_out:  # before the model: a bad path must not cost a run
        from .writers.checks import check_folder

        check_folder(args.history_out, "history file")
    result = run_local(job)
    if args.history_out:
        write_history(args.history_out, result["history"])
    if not args.json:
        print(
            f"wrote {written(result)} ({result['elapsed_s']} s, {result['model']}, "
            f"{result['quantization']} on {result['device']})",
            file=sys.stderr,
        )
    return finish(args, result, result["answer"])


def cmd_detect(args: argparse.Namespace) -> int:
    job = job_from_args(
        args, "detect", labels=split_labels(args.labels), overlap=args.overlap, gsd=args.gsd, question=args.expression
    )
    r = run_local(job)
    return finish(
        args,
        r,
        f"{r['features']} features from {r['tiles_done']}/{r['tiles_total']} tiles "
        f"({r['tiles_skipped_nodata']} all-nodata skipped, {r['tiles_unparsed']} "
        f"unparseable) -> {written(r)} in {r['elapsed_s']} s",
    )


def cmd_caption(args: argparse.Namespace) -> int:
    r = run_local(job_from_args(args, "caption", gsd=args.gsd, question=args.question))
    print(
        f"{r['tiles_captioned']} tile captions of {r['tiles']} tiles -> {written(r)} in {r['elapsed_s']} s",
        file=sys.stderr,
    )
    return finish(args, r, r["answer"])


def cmd_count(args: argparse.Namespace) -> int:
    r = run_local(
        job_from_args(
            args, "count", labels=split_labels(args.labels), overlap=args.overlap, gsd=args.gsd, question=args.question
        )
    )
    print(
        f"evidence -> {written(r)}, answer -> {r['answer_output'] or 'nothing written'} ({r['tiles_done']}/"
        f"{r['tiles_total']} tiles, {r['elapsed_s']} s)",
        file=sys.stderr,
    )
    return finish(args, r, r["answer"])


def cmd_ground(args: argparse.Namespace) -> int:
    r = run_local(job_from_args(args, "ground", overlap=args.overlap, gsd=args.gsd, question=args.expression))
    print(
        f"{r['tiles']} image(s), {r['candidates']} candidate box(es) -> {written(r)} in {r['elapsed_s']} s",
        file=sys.stderr,
    )
    return finish(args, r, r["answer"])


def cmd_families(args: argparse.Namespace) -> int:
    """The family x task matrix, or what one model can do, told without loading any model."""
    from . import families
    from .jobs.families_check import model_info, task_matrix

    if args.model:
        info = model_info(args.model, args.family, args.engine)
        if args.json:
            return finish(args, info, "")
        lines = [
            f"{info['model']}: family {info['family']} ({info['coordinates']}; {info['input_size']} px tiles)",
            f"  can do: {', '.join(info['tasks'])}",
        ]
        lines += [f"  cannot {task}: {why}" for task, why in info["unavailable"].items()]
        return finish(args, info, "\n".join(lines))
    matrix = task_matrix()
    if args.json:
        return finish(args, matrix, "")
    width = max(len(t) for t in P.TASKS)
    lines = ["family       " + "  ".join(t.ljust(width) for t in P.TASKS) + "  coordinates"]
    for name, row in matrix.items():
        marks = "  ".join(("yes" if t in row["tasks"] else "no").ljust(width) for t in P.TASKS)
        lines.append(f"{name:<12} {marks}  {families.get(name).COORDINATES}")
    for name, row in matrix.items():
        lines += [f"{name} cannot {task}: {why}" for task, why in row["unavailable"].items()]
    return finish(args, matrix, "\n".join(lines))


def cmd_model_info(args: argparse.Namespace) -> int:
    """What a model costs in memory per part: loaded as a job would load it, or (--estimate)
    from its config.json alone, before any weight is downloaded."""
    from .engines.model_cost import estimate_cost, format_table, loaded_cost

    if args.estimate:
        cost = estimate_cost(args.model, args.family, args.quantization, args.device)
    else:
        from .engines.transformers_engine import TransformersEngine

        engine = TransformersEngine(args.model, args.device, args.quantization, args.family)
        cost = loaded_cost(
            engine.net, engine.family_module, model=args.model, quantization=args.quantization, device=engine.device
        )
    return finish(args, dict(cost), format_table(cost))


def add_task_commands(sub: Any) -> None:
    """The five task subcommands, each with the shared job options of ``cli_jobs.add_job_options``,
    and ``families``."""

    def tiling(p: argparse.ArgumentParser, overlap: bool = True) -> None:
        if overlap:
            p.add_argument("--overlap", type=float, default=0.15, help="tile overlap share (default 0.15)")
        p.add_argument("--gsd", type=float, help="target ground resolution in metres/pixel (default native)")

    ask = sub.add_parser("ask", help="ask a question about an area of a raster; write a caption layer")
    add_job_options(ask)
    ask.add_argument("--question", help=f"the question (default: {P.DEFAULT_QUESTION!r})")
    ask.add_argument(
        "--history", metavar="FILE.json", help="earlier turns of this conversation: a JSON list of [question, answer]"
    )
    ask.add_argument(
        "--history-out",
        metavar="FILE.json",
        help="write the conversation including this turn (feed it to the next --history)",
    )
    ask.set_defaults(func=cmd_ask)
    detect = sub.add_parser("detect", help="detect objects over a whole raster (tiled); write a vector layer")
    add_job_options(detect)
    detect.add_argument("--labels", help="object names, comma separated: 'ship,storage tank'")
    detect.add_argument("--expression", help="a referring expression instead of labels")
    tiling(detect)
    detect.set_defaults(func=cmd_detect)
    caption = sub.add_parser("caption", help="describe an area of any size: tile captions and one summary")
    add_job_options(caption)
    caption.add_argument("--question", help="your own caption prompt (default: the model family's)")
    tiling(caption, overlap=False)
    caption.set_defaults(func=cmd_caption)
    count = sub.add_parser("count", help="count objects ('how many ships?'): evidence boxes and an answer")
    add_job_options(count)
    count.add_argument("--question", help="e.g. 'how many ships?' (the labels are read from it)")
    count.add_argument("--labels", help="object names to count, comma separated (override the question)")
    tiling(count)
    count.set_defaults(func=cmd_count)
    ground = sub.add_parser("ground", help="locate the one thing a referring expression names")
    add_job_options(ground)
    ground.add_argument("--expression", required=True, help="e.g. 'the largest white building'")
    tiling(ground)
    ground.set_defaults(func=cmd_ground)
    fams = sub.add_parser("families", help="which model family can do which task (loads no model)")
    fams.add_argument("--model", help="tell what this model (hub id, folder, served name) can do")
    fams.add_argument("--family", help="the model's family, when its name does not tell")
    fams.add_argument("--engine", choices=P.ENGINES, default="transformers")
    fams.add_argument("--json", action="store_true", help="print the answer as JSON")
    fams.set_defaults(func=cmd_families)
    from .batch.cli import add_batch_command  # batch: one task over many rasters, resumable

    add_batch_command(sub)
    from .cli_find import add_find_commands  # find, export-onnx

    add_find_commands(sub)
    from .cli_change import add_change_command  # change: polygons between dates

    add_change_command(sub)
    info = sub.add_parser(
        "model-info",
        help="memory per part (vision, projector, language, lm_head) "
        "of a local model, loaded or estimated from config.json",
    )
    info.add_argument("--model", default=P.DEFAULT_MODEL, help="hub id or local folder")
    info.add_argument("--family", help="model family (default: inferred from the model)")
    info.add_argument("--quantization", choices=P.QUANTIZATIONS, default="nf4")
    info.add_argument("--device", choices=P.DEVICES, default="auto")
    info.add_argument(
        "--estimate",
        action="store_true",
        help="do not load: estimate from config.json alone (fetched alone when not cached)",
    )
    info.add_argument(
        "--json",
        action="store_true",
        help='print {"parts": {part: {"params", "storage", "bytes"}}, "total_bytes", ...}',
    )
    info.set_defaults(func=cmd_model_info)
