"""Command line: the same job path as the QGIS dock, without QGIS.

Exit codes: 0 ok, 2 bad input (one clear line on stderr, no traceback), 1 internal error,
130 cancelled (Ctrl-C, or a job that ended with status "cancelled"). The task subcommands are
in ``cli_commands``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from typing import List, Optional, Tuple

from . import protocol as P
from .cli_commands import add_task_commands
from .cli_jobs import EXIT_BAD_INPUT, EXIT_CANCELLED, EXIT_INTERNAL, EXIT_OK
from .errors import BadInput, Cancelled


def cmd_parse(args: argparse.Namespace) -> int:
    """A raw answer from stdin -> point sets as JSON. With ``--sent-size`` the points are pixels
    of the image the user sent (fed -> sent by the family's ``fed_to_image`` rule, the jobs'
    own), and the fed size defaults to what a server running the family's processor makes of
    it (``server_fed_size``); else they are pixels of the fed image (``--image-size``)."""
    from . import families
    from .families.base import fed_to_image_mapping, map_point_sets

    fam = families.get(args.family)
    if args.task not in (*fam.TASKS, *getattr(fam, "EXTRA_TASKS", ())):
        raise BadInput(f"family {fam.NAME} has no task {args.task!r} (tasks: {', '.join(fam.TASKS)})")
    sent = _size_arg(args.sent_size, "--sent-size")
    given = _size_arg(args.image_size, "--image-size")
    if given is not None:
        fed = given
    elif sent is not None:
        w, h = fam.server_fed_size(*sent)
        fed = (int(w), int(h))
    else:
        raise BadInput("give --image-size W H (the image the model saw) or --sent-size W H (the image you sent)")
    answer = fam.parse(args.task, sys.stdin.read(), fed)
    point_sets = (
        answer.point_sets if sent is None else map_point_sets(answer.point_sets, fed_to_image_mapping(fam, sent, fed))
    )
    print(
        json.dumps(
            {
                "text": answer.text,
                "warnings": answer.warnings,
                "unparsed": answer.unparsed,
                "image_size": list(fed),
                "sent_size": list(sent) if sent else None,
                "pixels_of": "sent image" if sent else "fed image",
                "point_sets": [
                    {"points": [list(p) for p in ps.points], "label": ps.label, "score": ps.score} for ps in point_sets
                ],
            },
            indent=2,
        )
    )
    return EXIT_OK


def _size_arg(value: Optional[List[int]], option: str) -> Optional[Tuple[int, int]]:
    if value is None:
        return None
    if len(value) != 2 or any(v <= 0 for v in value):
        raise BadInput(f"{option} takes two positive integers W H, got {' '.join(map(str, value))}")
    return value[0], value[1]


def cmd_tiny_model(args: argparse.Namespace) -> int:
    from .tiny import build_tiny_model

    print(build_tiny_model(args.family, args.out))
    return EXIT_OK


def cmd_worker(args: argparse.Namespace) -> int:
    from .service import main

    return main()


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.out_dir, args.model)


def cmd_bench(argv: List[str]) -> int:
    from .bench import main as bench_main

    return bench_main(argv)


def build_parser() -> argparse.ArgumentParser:
    from .tiny import families as tiny_families

    parser = argparse.ArgumentParser(
        prog="python -m model_backend", description="GeoRSMLLM backend: ask imagery questions, get map data."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)
    add_task_commands(sub)  # ask, detect, caption, count, ground
    parse = sub.add_parser("parse", help="parse a raw model answer from stdin into point sets (JSON)")
    parse.add_argument("--family", required=True)
    parse.add_argument("--task", default="detect")
    parse.add_argument(
        "--image-size",
        type=int,
        nargs=2,
        metavar=("W", "H"),
        help="size of the image the model saw, in pixels (default with --sent-size: "
        "what a server running the family's processor feeds)",
    )
    parse.add_argument(
        "--sent-size",
        type=int,
        nargs=2,
        metavar=("W", "H"),
        help="size of the image you sent: points come out in its pixels",
    )
    parse.set_defaults(func=cmd_parse)
    tiny = sub.add_parser("tiny-model", help="build a tiny random model (tests, offline demo)")
    tiny.add_argument("--family", required=True, choices=tiny_families())
    tiny.add_argument("--out", required=True, help="folder to write the model into")
    tiny.set_defaults(func=cmd_tiny_model)
    worker = sub.add_parser("worker", help="JSON-RPC worker on stdin/stdout (started by the plugin)")
    worker.set_defaults(func=cmd_worker)
    bench = sub.add_parser("bench", help="raster engine and end-to-end benchmarks (make bench); options: bench --help")
    bench.set_defaults(func=cmd_bench)
    demo = sub.add_parser("demo", help="the main job on the bundled sample raster (make demo)")
    demo.add_argument("--out-dir", default="build/demo")
    demo.add_argument("--model", default=P.DEFAULT_MODEL)
    demo.set_defaults(func=cmd_demo)
    return parser


def glue_negative_values(argv: List[str], options=("--aoi",)) -> List[str]:
    """``--aoi -87.9,42.9,...`` is what users type; argparse would take the value for an
    option because it starts with '-', so glue it as ``--aoi=-87.9,...``."""
    out: List[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in options and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def one_line(text: str) -> str:
    """A message on one line: the CLI's promise is one clear line per error."""
    return " ".join(text.split())


def quiet_libraries(verbose: bool) -> None:
    """GDAL's warnings (rasterio's logger, its Python warnings) stay off the terminal unless
    --verbose: what they mean reaches the user as the one ``error:`` line (raster/source.py
    and raster/read.py turn a damaged file into BadInput), not as lines of noise before it.
    The records still reach handlers on rasterio's own loggers."""
    if verbose:
        return
    rio = logging.getLogger("rasterio")
    rio.propagate = False
    rio.addHandler(logging.NullHandler())
    warnings.filterwarnings("ignore", module="rasterio")


def main(argv: Optional[List[str]] = None) -> int:
    argv = glue_negative_values(list(sys.argv[1:] if argv is None else argv))
    if argv[:1] == ["bench"]:  # the bench parses its own options (--only, --quick, --help)
        return cmd_bench(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    quiet_libraries(args.verbose)
    from .engines.redact import guard_handlers, redact

    guard_handlers(logging.getLogger())  # an API key never reaches the terminal or a log file
    try:
        return args.func(args)
    except BadInput as exc:
        print(f"error: {one_line(redact(str(exc)))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `... | head`: the reader left, nothing to report
        return EXIT_OK
    except (Cancelled, KeyboardInterrupt):
        print("cancelled", file=sys.stderr)
        return EXIT_CANCELLED
    except Exception as exc:  # internal: keep the traceback for a bug report
        logging.getLogger("georsmllm").exception("internal error")
        print(f"internal error: {type(exc).__name__}: {one_line(redact(str(exc)))}", file=sys.stderr)
        return EXIT_INTERNAL
