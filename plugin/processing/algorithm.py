"""The one algorithm class: a task of the table as a Processing algorithm.

It describes the task's job (``params``, ``regions``) and runs it through the plugin's worker,
as the dock does (``run_blocking`` over ``WorkerClient``): progress and log lines go to the
``QgsProcessingFeedback``, features into the sinks as the worker streams them, Cancel in the
feedback cancels the job (what was found is kept). Runs in the main thread (``FlagNoThreading``;
see ``worker``), without touching the project or the canvas.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List

from qgis.core import Qgis, QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback
from qgis.PyQt.QtGui import QIcon

from ...model_backend import protocol
from .. import settings as settings_mod
from .. import task_words
from ..job_from_qgis import JobInputError, task_inputs
from ..translate import tr
from ..worker.errors import WorkerCrashed, WorkerError
from . import help as help_mod
from . import params, regions, sinks, worker

NO_THREADING: Any = (
    Qgis.ProcessingAlgorithmFlag.NoThreading
    if hasattr(Qgis, "ProcessingAlgorithmFlag")
    else QgsProcessingAlgorithm.FlagNoThreading
)
ICON = os.path.join(settings_mod.PLUGIN_DIR, "resources", "icon.png")


def cancelled_message(count: int) -> str:
    return tr("Cancelled; %n feature(s) written before.", "", count)


class TaskAlgorithm(QgsProcessingAlgorithm):
    """``georsmllm:<task>`` for one entry of ``protocol.TASK_SPECS``."""

    def __init__(self, task: str) -> None:
        super().__init__()
        self.task = task

    @property
    def spec(self) -> protocol.TaskSpec:
        return protocol.task_spec(self.task)

    def createInstance(self) -> TaskAlgorithm:  # noqa: N802 (QGIS API)
        return TaskAlgorithm(self.task)

    def name(self) -> str:
        return self.task

    def displayName(self) -> str:  # noqa: N802
        return task_words.title(self.task, self.spec.title)

    def tags(self) -> List[str]:
        return list(dict.fromkeys(["georsmllm", "llm", "vlm", "ai", self.task, *self.spec.model_tasks]))

    def icon(self) -> QIcon:
        return QIcon(ICON)

    def flags(self) -> Any:
        return super().flags() | NO_THREADING

    def shortHelpString(self) -> str:  # noqa: N802
        return help_mod.help_text(self.spec, [(p.name(), p.description()) for p in self.parameterDefinitions()])

    def initAlgorithm(self, config: Any = None) -> None:  # noqa: N802
        params.add_parameters(self, self.spec, settings_mod.load())

    def checkParameterValues(self, parameters: Dict[str, Any], context: QgsProcessingContext):  # noqa: N802
        """The task's own "what is missing" before the run (the dialog shows it at once)."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        text = params.TEXT_PARAMETER.get(self.spec.text_role, "")
        labels = (self.parameterAsString(parameters, "LABELS", context) if "LABELS" in parameters else "").split(",")
        try:
            task_inputs(
                self.task, self.parameterAsString(parameters, text, context) if text in parameters else "", labels
            )
        except JobInputError as exc:
            return False, str(exc)
        return True, ""

    def processAlgorithm(
        self,
        parameters: Dict[str, Any],
        context: QgsProcessingContext,  # noqa: N802
        feedback: QgsProcessingFeedback,
    ) -> Dict[str, Any]:
        spec, settings = self.spec, settings_mod.load()
        layer = self.parameterAsRasterLayer(parameters, "INPUT", context)
        fields = params.job_fields(self, spec, parameters, context, settings)
        raster = params._raster(layer)
        runs = regions.for_parameters(self, parameters, context, layer.crs(), feedback)
        out = sinks.TaskSinks(self, parameters, context, spec, layer.crs())
        answers: List[str] = []
        failed: List[str] = []
        try:
            with worker.client_for_run(settings.python) as client:
                for i, region in enumerate(runs):
                    if feedback.isCanceled():
                        break
                    if len(runs) > 1:
                        feedback.pushInfo(tr("Run {0} of {1}: {2}").format(i + 1, len(runs), region.name))
                    result = self._run_one(client, spec, raster, fields, region, out, feedback, i, len(runs), failed)
                    if result is None:
                        continue
                    if result.get("answer"):
                        answers.append(str(result["answer"]))
                    if result.get("status") == "cancelled":
                        break
        finally:
            out.close()
        if failed and len(failed) == len(runs):
            raise QgsProcessingException("; ".join(failed))
        feedback.setProgress(100)
        return {**out.results, "ANSWER": "\n".join(answers), "FEATURE_COUNT": out.count}

    def _run_one(
        self,
        client: Any,
        spec: protocol.TaskSpec,
        raster: str,
        fields: Dict[str, Any],
        region: regions.Region,
        out: sinks.TaskSinks,
        feedback: QgsProcessingFeedback,
        index: int,
        runs: int,
        failed: List[str],
    ) -> Any:
        """One job through the worker; None when it failed in a way the other runs survive."""
        job = protocol.JobSpec(raster=raster, task=spec.name, aoi=region.aoi, aoi_crs=region.aoi_crs).to_dict()
        job.update(fields)
        clip = region.clip
        if clip is not None and "aoi_wkt" in job:  # the worker cuts to the polygon, and skips tiles outside it
            job["aoi_wkt"], clip = clip.asWkt(), None

        def on_event(kind: str, p: Dict[str, Any]) -> None:
            if kind == "progress" and p.get("total"):
                share = min(1.0, float(p.get("done") or 0) / float(p["total"]))
                feedback.setProgress(100.0 * (index + share) / runs)
                if p.get("message"):
                    feedback.setProgressText(f"{p.get('stage')} {p.get('done')}/{p['total']}: {p['message']}")
            elif kind == "log":
                level, message = p.get("level"), str(p.get("message", ""))
                if level in ("warning", "error"):
                    feedback.pushWarning(message)
                elif level == "info":
                    feedback.pushInfo(message)
            elif kind == "features":
                out.add(str(p.get("layer")), p.get("features") or [], clip)

        try:
            result = client.run_blocking(job, cancelled=feedback.isCanceled, on_event=on_event)
        except WorkerCrashed as exc:
            raise QgsProcessingException(exc.message) from None
        except WorkerError as exc:
            if exc.code == protocol.CANCELLED:
                feedback.pushWarning(cancelled_message(out.count))
                return {"status": "cancelled"}
            if exc.code == protocol.BAD_INPUT and runs > 1:
                feedback.reportError(f"{region.name}: {exc.message}", False)
                failed.append(f"{region.name}: {exc.message}")
                return None
            raise QgsProcessingException(exc.message) from None
        if not spec.streamed:  # the one feature comes in the reply (ask)
            out.add(spec.main_layer.key, result.get("features") or [], clip)
        if result.get("status") == "cancelled":
            feedback.pushWarning(cancelled_message(out.count))
        return result
