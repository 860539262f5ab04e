""" "One run per feature": the jobs of the selected polygons, one after another.

The dock emits ``runs_requested([(feature id, job)], settings)``; the controller still runs one
job at a time, through its usual path, and this queue starts the next job when one ends. Its
slots are connected after the controller's, so they see each job already handled there. What an
analyst expects of one Run click:

- tiled tasks share one ``StreamedJob`` (``streamed_job``): one run group, one layer per layer
  key holding every feature's results, each tagged with ``aoi_fid`` (``tagged``), kept and saved
  once, after the last run (``holds_layers`` tells the controller to wait until then);
- ask writes one answer feature per run into its Captions layer, as a single run would; the
  answer box lists each feature's answer;
- the status line says "Run 2 of 5 (feature 12)" and counts the features of all runs;
- one feature's failure (say its polygon is off the raster) is reported and the others go on;
  Cancel stops the current run and the queue, keeping what was found;
- the end says "5 runs, 1 failed: feature 7: …" before the usual outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from qgis.core import Qgis
from qgis.PyQt.QtCore import QObject

from ..model_backend import protocol
from . import dock_words
from .dock.dock_widget import features_found
from .settings import Settings
from .streamed_job import StreamedJob
from .translate import tr

if TYPE_CHECKING:
    from .controller import Controller

AOI_FID = "aoi_fid"  # the attribute naming the AOI feature a result came from


@dataclass
class FeatureRun:
    """One selected feature's job and how it ended."""

    fid: int
    job: Dict[str, Any]
    ended: bool = False
    cancelled: bool = False
    error: str = ""  # the failure as the dock said it; empty when it did not fail
    answer: str = ""  # ask's answer


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]


class FeatureRuns(QObject):
    """The queue of one "One run per feature" Run, driving ``controller`` (see the module doc)."""

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.controller = controller
        self.runs: List[FeatureRun] = []
        self.index = 0
        self.job_id: Optional[int] = None  # the worker's id of the current run's job
        self.cancelled = False
        self.shared: Optional[StreamedJob] = None
        self._settings: Optional[Settings] = None
        dock, client = controller.dock, controller.client
        dock.runs_requested.connect(self.start)
        dock.cancel_requested.connect(self._on_cancel)
        client.progress.connect(self._on_progress)
        client.features.connect(self._on_features)
        client.finished.connect(self._on_finished)
        client.failed.connect(self._on_failed)
        client.crashed.connect(self._on_crashed)

    # ------------------------------------------------------------------ hooks of the controller
    def active(self) -> bool:
        return bool(self.runs)

    def streamed_job(self, job: Dict[str, Any]) -> StreamedJob:
        """The layers a tiled job streams into: the queue's shared ones, else the job's own."""
        if not self.runs:
            return StreamedJob(job)
        if self.shared is None:
            self.shared = StreamedJob(job)
        return self.shared

    def tagged(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """A features notification with each feature's ``aoi_fid`` set to the current run's."""
        if not self.runs:
            return params
        fid = self.runs[self.index].fid
        features = [
            {**item, "properties": {**dict(item.get("properties") or {}), AOI_FID: fid}}
            for item in params.get("features") or []
        ]
        return {**params, "features": features}

    def holds_layers(self) -> bool:
        """A run ended and another follows: the shared layers stay open (kept at the end)."""
        return bool(self.runs) and not self.cancelled and self.index + 1 < len(self.runs)

    # ------------------------------------------------------------------ the queue
    def start(self, runs: List[Tuple[int, Dict[str, Any]]], settings: Settings) -> None:
        if self.runs or self.controller.job_id is not None:
            self.controller.dock.set_status(tr("A job is already running; cancel it or wait."), "warning")
            return
        self.runs = [FeatureRun(int(fid), dict(job)) for fid, job in runs]
        self.index, self.cancelled, self.shared, self._settings = 0, False, None, settings
        if self.runs:
            self._start_current()

    def _start_current(self) -> None:
        run = self.runs[self.index]
        self.controller.run(run.job, self._settings or self.controller.settings)
        self.job_id = self.controller.job_id
        if self.job_id is None:  # refused or broke before it was sent: said in the status line
            run.ended, run.error = True, first_line(self.controller.dock.status())
            self._finish()
            return
        dock = self.controller.dock
        dock.set_status(f"{self.label()}: {dock.status()}")
        self._show_answers()

    def label(self) -> str:
        return tr("Run {0} of {1} (feature {2})").format(self.index + 1, len(self.runs), self.runs[self.index].fid)

    def _ended(self, error: str = "", answer: str = "", cancelled: bool = False) -> None:
        run = self.runs[self.index]
        run.ended, run.error, run.answer, run.cancelled = True, error, answer, cancelled
        self.job_id = None
        self.cancelled = self.cancelled or cancelled
        if self.cancelled or self.index + 1 >= len(self.runs):
            self._finish()
            return
        if error and protocol.task_spec(run.job).streamed:  # the controller kept quiet: more runs follow
            self.controller._message(tr("Feature {0}: {1}").format(run.fid, error), Qgis.MessageLevel.Warning, 10)
        self.index += 1
        self._start_current()

    def _finish(self) -> None:
        """The queue ended: its summary before the outcome the controller gave the last run."""
        runs, dock = self.runs, self.controller.dock
        self.runs, self.job_id, self.shared = [], None, None
        ended = [r for r in runs if r.ended and not r.cancelled]
        failed = [r for r in ended if r.error]
        summary = tr("%n run(s)", "", len(ended))
        if failed:
            summary += tr(", %n failed: ", "", len(failed)) + "; ".join(
                tr("feature {0}: {1}").format(r.fid, r.error.rstrip(".")) for r in failed
            )
        if self.cancelled:
            summary += tr(", then cancelled at run {0} of {1}").format(len(ended) + 1, len(runs))
        outcome = dock.status()
        last_failed = bool(runs[self.index].error) if self.index < len(runs) else False
        streamed = protocol.task_spec(runs[0].job).streamed if runs else False
        text = f"{summary}. {outcome}" if (streamed or not last_failed) and outcome else f"{summary}."
        if len(failed) == len(runs):
            level = "error"
        elif failed or self.cancelled:
            level = "warning"
        else:
            level = "success"
        dock.set_status(text, level)
        if not streamed:
            self._show_answers(runs)

    def _show_answers(self, runs: Optional[List[FeatureRun]] = None) -> None:
        """Ask: each feature's answer in the answer box, in run order."""
        runs = self.runs if runs is None else runs
        answers = [tr("Feature {0}: {1}").format(r.fid, r.answer) for r in runs if r.answer]
        if answers:
            self.controller.dock.show_answer("\n\n".join(answers))

    # ------------------------------------------------------------------ slots (after the controller's)
    def _on_cancel(self) -> None:
        if self.runs:
            self.cancelled = True

    def _on_progress(self, job_id: int, params: Dict[str, Any]) -> None:
        if job_id != self.job_id or self.cancelled:
            return
        dock, message = self.controller.dock, str(params.get("message") or "")
        if self.shared is not None and re.fullmatch(r"\d+ features? found", message):
            self._show_found()
        elif not dock.status().startswith(self.label()):
            dock.set_status(f"{self.label()}: {dock.status()}" if dock.status() else self.label())

    def _on_features(self, job_id: int, _params: Dict[str, Any]) -> None:
        if job_id == self.job_id and not self.cancelled:
            self._show_found()

    def _show_found(self) -> None:
        """The features found in all runs so far, after the run's label."""
        layer = self.shared.main_layer() if self.shared is not None else None
        if layer is not None:
            self.controller.dock.set_status(f"{self.label()}: {features_found(layer.featureCount())}")

    def _on_finished(self, job_id: int, result: Dict[str, Any]) -> None:
        if job_id != self.job_id or not self.runs:
            return
        answer = str(result.get("answer") or (result.get("properties") or {}).get("answer", ""))
        streamed = protocol.task_spec(self.runs[self.index].job).streamed
        self._ended(answer="" if streamed else answer, cancelled=result.get("status") == "cancelled")

    def _on_failed(self, job_id: int, code: int, message: str) -> None:
        if job_id != self.job_id or not self.runs:
            return
        if code == protocol.CANCELLED or self.cancelled:
            self._ended(cancelled=True)
            return
        self._ended(error=first_line(dock_words.for_dock(message, self.controller.settings)))

    def _on_crashed(self, message: str) -> None:
        """The worker died: this run failed; the next run starts a new worker."""
        if self.job_id is not None and self.runs:
            self._ended(error=first_line(dock_words.for_dock(message, self.controller.settings)))
