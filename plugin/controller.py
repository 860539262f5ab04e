"""Wires the dock to the worker client and the layer writers; the only place with the flow.

dock.run_requested(job) → client.run(job) → progress/log/features → finished/failed/crashed →
layers + answer in the dock, or a clear message. One job at a time; "One run per feature" queues
a job per selected feature (``feature_runs``, hooked in at ``run``, ``_on_features`` and
``_finish_streamed``).

Ask writes one caption when it succeeds; a cancelled ask writes nothing, even if its answer
arrives after the cancel. Tiled tasks (detect, count, ground, caption) get their main layer at
Run and stream their features into it while they run; a cancel keeps what was found so far
(and says so). When such a job ends, its layers are saved into the results GeoPackage
(``streamed_job``).
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from qgis.core import Qgis, QgsMessageLog, QgsProject
from qgis.PyQt.QtCore import QObject

from ..model_backend import protocol
from . import answer_words, dock_words
from . import settings as settings_mod
from .chat_history import ChatHistory, area_key
from .dock.dock_widget import GeoRSMLLMDock, features_found
from .feature_runs import FeatureRuns
from .layers.result_layer import ResultLayerError, write_caption
from .save_actions import SaveActions
from .settings import Settings
from .setup.dialogs import SetupDialogs
from .slot_guard import TAG, guarded
from .streamed_job import StreamedJob
from .translate import tr
from .worker.client import WorkerClient

# Written by model_backend.tiny into every tiny random model folder (tests, offline demo).
TINY_NOTE = "TINY RANDOM TEST MODEL: its answers are meaningless."
LOG_LEVELS = {
    "debug": Qgis.MessageLevel.Info,
    "info": Qgis.MessageLevel.Info,
    "warning": Qgis.MessageLevel.Warning,
    "error": Qgis.MessageLevel.Critical,
}


class Controller(SaveActions, QObject):
    """Owns the worker client for the plugin's lifetime; ``shutdown()`` stops it."""

    def __init__(self, iface: Any, dock: GeoRSMLLMDock, settings: Settings, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.dock = dock
        self.settings = settings
        self.client = WorkerClient(settings.python, parent=self)
        self.job_id: Optional[int] = None
        self.job: Optional[Dict[str, Any]] = None
        self.cancelled = False
        self.streamed: Optional[StreamedJob] = None
        self.last_layer = None  # the main layer written by the last job ("Save as…" saves it)
        self.history = ChatHistory()
        self.model_info: Dict[str, Any] = {}
        self._info_request: Optional[int] = None
        self._info_key: Optional[tuple] = None
        self._cost_request: Optional[int] = None  # the worker's model_cost estimate, for the dock
        self._cost_key: Optional[tuple] = None
        self._backend_checked = False

        dock.run_requested.connect(self.run)
        dock.cancel_requested.connect(self.cancel)
        dock.settings_changed.connect(self.apply_settings)
        dock.check_requested.connect(self.check_backend)
        dock.save_requested.connect(self.save_dialog)
        dock.clear_requested.connect(self.clear_conversation)
        self.client.progress.connect(self._on_progress)
        self.client.log.connect(self._on_log)
        self.client.features.connect(self._on_features)
        self.client.finished.connect(self._on_finished)
        self.client.failed.connect(self._on_failed)
        self.client.crashed.connect(self._on_crashed)
        self.client.hello_received.connect(self._on_hello)
        self.client.replied.connect(self._on_replied)
        self.setup_dialogs = SetupDialogs(self)  # Set-up page and model manager (issue 14)
        self.setup_dialogs.offer_if_no_backend()
        self.client.stderr_text.connect(self._on_stderr)
        self.feature_runs = FeatureRuns(self)  # after the slots above: it sees each job handled here

    @property
    def last_layer(self) -> Any:
        """The main layer of the last job ("Save as…" saves it); the dock drops it when the layer goes."""
        return self.dock.result_layer()

    @last_layer.setter
    def last_layer(self, layer: Any) -> None:
        self.dock.set_result_layer(layer)

    # ------------------------------------------------------------------ actions
    @guarded
    def apply_settings(self, settings: Settings) -> None:
        """Save the settings; a new backend Python takes effect at the next request."""
        self.settings = settings
        settings_mod.save(settings)
        self.dock.set_settings(settings)
        if settings.python != self.client.python:
            self._backend_checked = False
            self._info_key = self._cost_key = None
            self.client.set_python(settings.python)
        if self.job_id is None:
            self.request_model_info()
            self.request_model_cost()

    def request_model_info(self) -> None:
        """Ask the worker which tasks the chosen model can do (no model is loaded for this)."""
        s = self.settings
        key = (s.model, s.family, s.engine)
        if key == self._info_key:
            return
        self._info_key = key
        self._info_request = self.client.model_info({"model": s.model, "family": s.family or None, "engine": s.engine})

    def request_model_cost(self) -> None:
        """Ask the worker what the chosen local model would cost in memory (from its config.json:
        nothing is loaded or downloaded but that file); the dock shows it next to the model."""
        s = self.settings
        key = (s.model, s.family, s.quantization, s.device)
        if s.engine != "transformers" or key == self._cost_key:
            return
        self._cost_key = key
        self.dock.model_group.set_cost(None, tr("estimating…"))
        self._cost_request = self.client.model_cost(
            {"model": s.model, "family": s.family or None, "quantization": s.quantization, "device": s.device}
        )

    @guarded
    def run(self, job: Dict[str, Any], settings: Settings) -> None:
        if self.job_id is not None:
            self.dock.set_status(tr("A job is already running; cancel it or wait."), "warning")
            return
        self.apply_settings(settings)
        job = self.setup_dialogs.with_auth_key(dict(job))  # a server key from the QGIS auth manager
        spec = protocol.task_spec(job)
        if spec.name == "ask":
            job["history"] = self.history.for_model(area_key(job))
        self.job, self.cancelled, self.streamed = job, False, None
        self.dock.set_running(True)
        if spec.streamed:
            self.streamed = self.feature_runs.streamed_job(job)  # its main layer shows in the group at once
        where = job.get("base_url") if job.get("engine") == "openai" else f"{job['quantization']}, {job['device']}"
        self.dock.set_status(tr("Asking {0} ({1})…").format(job["model"], where))
        if not self._backend_checked:
            # fills the Model section with the backend's versions; sent first, because the
            # worker answers hello inline and it must not import libraries beside a running job
            self.client.hello()
        self.job_id = self.client.run(job)

    @guarded
    def cancel(self) -> None:
        if self.job_id is None:
            self.dock.set_running(False)
            return
        self.cancelled = True
        self.client.cancel(self.job_id)

    @guarded
    def clear_conversation(self) -> None:
        try:
            job = self.dock.build_job()
        except Exception as exc:  # noqa: BLE001 - JobInputError: the form names no area yet
            self.dock.set_status(str(exc), "error")
            return
        self.history.clear(area_key(job))
        self.dock.show_conversation([])
        self.dock.set_status(tr("New conversation: the next question about this area starts over."))

    @guarded
    def check_backend(self, settings: Settings) -> None:
        self.apply_settings(settings)
        if settings.engine == "openai":  # the engine in use: the server, not local torch
            self.dock.model_group.server.start_check()
            return
        self.dock.model_group.backend_label.setText(tr("Checking…"))
        self.client.hello()

    def shutdown(self) -> None:
        """Plugin unload: stop the worker in the background; QGIS does not wait for it."""
        self.job_id = None
        self.client.shutdown()

    # ------------------------------------------------------------------ events
    @guarded
    def _on_progress(self, job_id: int, params: Dict[str, Any]) -> None:
        if job_id == self.job_id and not self.cancelled:
            self.dock.set_progress(
                int(params.get("done") or 0),
                int(params.get("total") or 0),
                str(params.get("stage") or ""),
                str(params.get("message") or ""),
            )

    def _on_stderr(self, text: str) -> None:
        QgsMessageLog.logMessage(text.rstrip(), TAG, Qgis.MessageLevel.Info)
        self.dock.append_log(text.rstrip())

    def _on_log(self, params: Dict[str, Any]) -> None:
        level = LOG_LEVELS.get(str(params.get("level", "info")), Qgis.MessageLevel.Info)
        QgsMessageLog.logMessage(str(params.get("message", "")), TAG, level)
        self.dock.append_log(f"{params.get('level', 'info')}: {params.get('message', '')}")

    @guarded
    def _on_features(self, job_id: int, params: Dict[str, Any]) -> None:
        if job_id != self.job_id:
            return
        if self.streamed is None:
            self.streamed = StreamedJob(self.job or {})
        try:
            self.streamed.add(self.feature_runs.tagged(params))  # aoi_fid in "One run per feature"
        except ResultLayerError as exc:
            self._message(str(exc), Qgis.MessageLevel.Warning)
            return
        layer = self.streamed.main_layer()
        if layer is not None:  # counted as they arrive, not only at the next tile's progress
            self.dock.set_status(features_found(layer.featureCount()))

    @guarded
    def _on_finished(self, job_id: int, result: Dict[str, Any]) -> None:
        if job_id != self.job_id:
            return
        job, cancelled = self.job or {}, self.cancelled
        self._end_job()
        if protocol.task_spec(job).streamed:
            self._finish_streamed(job, result, cancelled)
            return
        if cancelled:
            self.dock.set_status(tr("Cancelled. Nothing was written."))
            return
        gpkg = self.settings.results_path(QgsProject.instance())
        try:
            self.last_layer = write_caption(result, job, gpkg)
        except (ResultLayerError, OSError) as exc:
            text = (
                str(exc)
                if isinstance(exc, ResultLayerError)
                else tr("Could not write the results to {0}: {1}").format(gpkg, exc)
            )
            self.dock.set_status(text, "error")
            self._message(text, Qgis.MessageLevel.Critical)
            return
        answer = str(result.get("answer") or (result.get("properties") or {}).get("answer", ""))
        props = result.get("properties") or result
        # a server's answer has no local device or quantization ("remote", "server"): not shown
        where = [] if job.get("engine") == "openai" else [props.get("device", "?"), props.get("quantization", "?")]
        details = " · ".join(
            [
                str(props.get("model", job.get("model"))),
                *map(str, where),
                "{:.1f} s".format(float(props.get("elapsed_s") or 0)),
            ]
        )
        key = area_key(job)
        self.history.append(key, str(job.get("question", "")), answer)
        self.dock.show_conversation(self.history.turns(key), details, self._tiny_note(job))
        self.dock.save_button.setEnabled(True)
        self.dock.set_progress(1, 1)
        warnings = result.get("warnings") or []
        note = tr(" (%n warning(s), see the log)", "", len(warnings)) if warnings else ""
        for warning in warnings:
            QgsMessageLog.logMessage(str(warning), TAG, Qgis.MessageLevel.Warning)
        name = self.last_layer.name()
        self.dock.set_status(tr('Done. The answer was added to the layer "{0}"{1}.').format(name, note), "success")
        self._message(tr('Answer added to "{0}" ({1}).').format(name, gpkg), Qgis.MessageLevel.Success, 5)

    @guarded
    def _on_failed(self, job_id: int, code: int, message: str) -> None:
        if job_id == self._info_request:  # an older worker without model_info: every task stays offered
            self._info_request = None
            return
        if job_id == self._cost_request:
            self._cost_request = None
            self.dock.model_group.set_cost(None, tr("unknown: {0}").format(message.splitlines()[0][:160]))
            return
        if job_id != self.job_id:
            return
        cancelled = self.cancelled or code == protocol.CANCELLED
        job = self.job or {}
        self._end_job()
        text = (
            message
            if code in (protocol.BAD_INPUT, protocol.MODEL_UNAVAILABLE, protocol.OUT_OF_MEMORY)
            else tr("The job failed: {0}").format(message)
        )
        text = dock_words.for_dock(text, self.settings)
        if protocol.task_spec(job).streamed:
            self._finish_streamed(job, {}, cancelled, "" if cancelled else text)
            return
        if cancelled:
            self.dock.set_status(tr("Cancelled. Nothing was written."))
            return
        self.dock.set_status(text, "error")
        self._message(text, Qgis.MessageLevel.Critical)

    @guarded
    def _on_crashed(self, message: str) -> None:
        """The worker died or never started: QGIS goes on, the next Run starts a new worker."""
        job = self.job or {}
        self._end_job()
        self._backend_checked = False  # the next worker is checked again
        first_line = dock_words.for_dock(message.split("\n", 1)[0], self.settings)
        if protocol.task_spec(job).streamed and self.streamed is not None:  # keep what was found
            self._finish_streamed(job, {}, False, first_line, notify=False)
        else:
            self.dock.set_status(first_line, "error")
        self.dock.model_group.backend_label.setText(tr("The worker is not running."))
        QgsMessageLog.logMessage(message, TAG, Qgis.MessageLevel.Critical)
        self._message(first_line, Qgis.MessageLevel.Critical, show_more=message if "\n" in message else "")

    @guarded
    def _on_hello(self, info: Dict[str, Any]) -> None:
        self._backend_checked = True
        versions = info.get("versions") or {}
        devices = ", ".join(info.get("devices") or []) or "cpu"
        self.dock.model_group.backend_label.setText(
            tr("torch {0}, transformers {1}, bitsandbytes {2}; devices: {3}").format(
                versions.get("torch", "?"),
                versions.get("transformers", "?"),
                versions.get("bitsandbytes", "?"),
                devices,
            )
        )

    @guarded
    def _on_replied(self, msg_id: int, method: str, result: Any) -> None:
        if method == "model_cost" and msg_id == self._cost_request and isinstance(result, dict):
            self._cost_request = None
            self.dock.model_group.set_cost(result)
            self.dock.run_summary.set_cost(result)
            return
        if method != "model_info" or msg_id != self._info_request or not isinstance(result, dict):
            return
        self._info_request = None
        self.model_info = result
        tasks = [str(t) for t in result.get("tasks") or []]
        if tasks:
            self.dock.task_group.set_available(tasks, dict(result.get("unavailable") or {}))

    def _finish_streamed(
        self, job: Dict[str, Any], result: Dict[str, Any], cancelled: bool, error: str = "", notify: bool = True
    ) -> None:
        """A tiled task ended (done, cancelled or failed): keep its layers, say what is in them."""
        if self.feature_runs.holds_layers():  # more feature runs follow: keep their layers open
            return
        streamed, self.streamed = self.streamed or StreamedJob(job), None
        outcome = streamed.finish(
            result,
            self.settings.results_path(QgsProject.instance()),
            cancelled or result.get("status") == "cancelled",
            error,
        )
        if outcome.layer is not None:
            self.last_layer = outcome.layer
            self.dock.save_button.setEnabled(True)
        answer = answer_words.answer(result, streamed.task) or (streamed.summary() if outcome.layer is not None else "")
        answer = answer[:1].upper() + answer[1:]  # "Located the …": a sentence in the answer box
        if answer:
            self.dock.show_answer(
                answer, f"{job.get('model')} · {result.get('elapsed_s', '?')} s", self._tiny_note(job)
            )
        if outcome.done:
            self.dock.set_progress(1, 1)
        self.dock.set_status(outcome.text, outcome.level)
        if outcome.level == "error" and notify:
            self._message(outcome.text, Qgis.MessageLevel.Critical)

    @staticmethod
    def _tiny_note(job: Dict[str, Any]) -> str:
        tiny = os.path.isfile(os.path.join(str(job.get("model", "")), protocol.TINY_MARKER))
        return TINY_NOTE if tiny else ""

    # ------------------------------------------------------------------ helpers
    def _end_job(self) -> None:
        self.job_id, self.job, self.cancelled = None, None, False
        self.dock.set_running(False)

    def _message(self, text: str, level: Any, duration: int = 0, show_more: str = "") -> None:
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is None:
            return
        if level == Qgis.MessageLevel.Critical and not duration:
            duration = 15  # the dock keeps the error and its Details; the bar must not stack them forever
        if show_more:
            bar.pushMessage(TAG, text, show_more, level, duration)
        else:
            bar.pushMessage(TAG, text, level=level, duration=duration)
