"""Where a job's features of one layer go: streamed to the client as they are found, and, when
the job names an output file, written to it. One helper for that pair, so every job writes and
streams the same way and a change to how files are written is made once.

The file side keeps the promises of the write path (``writers/``; README "What GeoRSMLLM
promises"): features are staged beside the target and delivered only when the run has something
to deliver. A complete run (``close``) delivers, an empty layer included, since nothing found is
an answer. A cancelled run (``cancelled`` set by the job, or ``Cancelled`` / Ctrl-C raised
through) and a failed one (any other exception) deliver what they found as a partial result,
told in a warning, and nothing when they found nothing: the user's file is then untouched.
``check_job_output`` refuses a bad ``--out`` before the job loads anything."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from types import TracebackType
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import Cancelled
from ..protocol import LAYER_FIELDS, JobSpec
from .context import JobContext


class LayerOutput:
    """One result layer of a job. ``fields`` defaults to ``protocol.LAYER_FIELDS[layer]``;
    ``stream`` False keeps the features out of ``features`` notifications (ask returns its one
    feature in the reply). ``job`` gives the task and ``append`` for the file; ``derived``: the
    path is a name the job made up (never replaces a file); ``run_id`` ties the layers of one
    job in a GeoPackage's run table. Use as a context manager, and set ``cancelled`` when the job
    stopped early without raising; ``report()`` says where the features went."""

    def __init__(
        self,
        ctx: JobContext,
        path: Optional[str],
        layer: str,
        crs_wkt: str,
        fields: Optional[Dict[str, str]] = None,
        stream: bool = True,
        *,
        job: Optional[JobSpec] = None,
        derived: bool = False,
        run_id: Optional[str] = None,
    ) -> None:
        self.ctx, self.path, self.layer, self.crs_wkt, self.stream = ctx, path, layer, crs_wkt, stream
        self.count = 0
        self.cancelled = False
        self.writer: Any = None
        if path:
            from ..writers.gpkg import RunRecord
            from ..writers.vector import VectorWriter  # pyogrio: only when a file is asked for

            run = RunRecord(run_id or uuid.uuid4().hex[:12], str(job.task) if job else "", utc_now())
            self.writer = VectorWriter(
                path,
                layer,
                crs_wkt,
                dict(fields or LAYER_FIELDS[layer]),
                append=bool(job and job.append),
                derived=derived,
                warn=lambda m: ctx.log("warning", m),
                run=run,
            )

    def emit(self, geoms: Sequence[Any], rows: Sequence[Dict[str, Any]]) -> None:
        """Write and stream one batch (one attribute row per geometry)."""
        if not geoms:
            return
        if self.writer is not None:
            self.writer.write(geoms, rows)
        if self.stream:
            self.ctx.features(self.crs_wkt, self.layer, features(geoms, rows))
        self.count += len(geoms)

    def close(self) -> None:
        """Deliver the file: complete, or partial when ``cancelled`` (nothing if nothing was found)."""
        if self.writer is None or self.writer.closed:
            return
        if self.cancelled:
            self._deliver_partial("cancelled", "cancelled")
        else:
            self.writer.commit("ok", ended=utc_now())

    def abandon(self, exc: BaseException) -> None:
        """The job ends with ``exc``: keep what was found as a partial result, or leave the target
        untouched when nothing was. Never raises, so ``exc`` is what the user sees."""
        if self.writer is None or self.writer.closed:
            return
        cancelled = isinstance(exc, (Cancelled, KeyboardInterrupt))
        try:
            self._deliver_partial(
                "cancelled" if cancelled else "failed",
                "cancelled" if cancelled else f"{type(exc).__name__}: {exc}"[:500],
            )
        except Exception as err:  # the job's own error matters more: say this one, keep going
            self.ctx.log("warning", f"could not keep the partial result: {err}")

    def _deliver_partial(self, status: str, message: str) -> None:
        if not self.writer.count:
            self.writer.discard()
            return
        done = self.writer.commit(status, message=message, ended=utc_now())
        why = "the job was cancelled" if status == "cancelled" else "the job failed"
        where = (
            f"in layer '{done.layer}' of {done.path} (run status '{status}' in georsmllm_runs)"
            if self.writer.driver == "GPKG"
            else f"in {done.path}"
        )
        self.ctx.log(
            "warning", f"{why}: the {done.features} feature(s) found before are kept as a partial result {where}"
        )

    def report(self) -> Dict[str, Any]:
        """The result's ``output`` (where the file went; None when nothing was delivered) and
        ``output_layer`` (the layer in it: a rerun into a GeoPackage gets a new one)."""
        if self.writer is None:
            return {"output": None, "output_layer": None}
        done = self.writer.delivery
        return {"output": done.path if done else None, "output_layer": done.layer if done else None}

    def __enter__(self) -> LayerOutput:
        return self

    def __exit__(self, exc_type: Optional[type], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        if exc is None:
            self.close()
        else:
            self.abandon(exc)


def job_outputs(job: JobSpec) -> List[Tuple[str, str, Dict[str, str]]]:
    """(path, layer, fields) of every layer a job will write to a file."""
    if not job.out:
        return []
    spec = job.spec
    if job.task == "ask":
        from .ask import CAPTION_FIELDS

        return [(job.out, spec.main_layer.key, CAPTION_FIELDS)]
    if job.task == "count" and not job.out.lower().endswith(".gpkg"):
        from .count import answer_path

        return [
            (job.out, "evidence", LAYER_FIELDS["evidence"]),
            (answer_path(job.out), "captions", LAYER_FIELDS["captions"]),
        ]
    layers = spec.layers if job.out.lower().endswith(".gpkg") else spec.layers[:1]
    return [(job.out, ls.key, LAYER_FIELDS[ls.key]) for ls in layers if ls.key in LAYER_FIELDS]


def check_job_output(job: JobSpec) -> None:
    """BadInput now, before any model loads, for an output the job could not write."""
    outputs = job_outputs(job)
    if outputs:
        from ..writers.checks import check_output

        for path, layer, fields in outputs:
            check_output(path, layer, fields, bool(job.append))


def features(geoms: Sequence[Any], rows: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Geometries and rows as the protocol carries them: [{"wkt", "properties"}]."""
    return [{"wkt": g.wkt, "properties": r} for g, r in zip(geoms, rows)]


def utc_now() -> str:
    """The ``created`` attribute of result features: UTC, to the second, ISO 8601."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
