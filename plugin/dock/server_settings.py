"""The server engine's settings: the model list from the server's ``/v1/models``, the API key
from an environment variable or the QGIS authentication manager, and the Check of a server.

The key is never stored: the settings hold the variable's *name* or the auth manager's
configuration *id*, and the key is read when needed. The Check runs as a QgsTask (a server
can take its time): reachable (``GET /models``), the chosen model served, and a one-tile round
trip (a small PNG tile and one short question through ``/chat/completions``, as a job sends).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsTask
from qgis.gui import QgsAuthConfigSelect
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, pyqtSignal
from qgis.PyQt.QtGui import QColor, QImage
from qgis.PyQt.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from ..setup.text import tr

AUTH_KEYS = ("password", "token", "Authorization", "api-key", "x-api-key")  # Basic, OAuth/token, API header


def resolve_api_key(env_name: str = "", authcfg: str = "") -> str:
    """The key from the QGIS authentication manager (``authcfg``, decrypted only now) or else the
    environment variable ``env_name``; empty when neither gives one."""
    if authcfg:
        config = QgsAuthMethodConfig()
        if QgsApplication.authManager().loadAuthenticationConfig(authcfg, config, True):
            for key in AUTH_KEYS:
                value = config.config(key, "")
                if value:
                    return value[len("Bearer ") :] if value.startswith("Bearer ") else value
    return os.environ.get(env_name, "") if env_name else ""


def _request(url: str, key: str, body: Optional[Dict[str, Any]] = None, timeout_s: float = 30) -> Dict[str, Any]:
    if not url.startswith(("http://", "https://")):
        raise ValueError(tr("the URL must start with http:// or https://"))
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")  # noqa: S310
    with urllib.request.urlopen(req, timeout=timeout_s) as reply:  # noqa: S310 # nosec B310 - http(s) only
        return json.loads(reply.read().decode("utf-8"))


def _tile_png(size: int = 64) -> str:
    image = QImage(size, size, QImage.Format.Format_RGB888)
    image.fill(QColor(90, 120, 80))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return base64.b64encode(bytes(QByteArray(buffer.data()))).decode()


def _why(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        if exc.code in (401, 403):
            return tr("the server refused the API key (HTTP {code})").format(code=exc.code)
        return tr("the server answered HTTP {code}").format(code=exc.code)
    if isinstance(exc, ValueError):
        return str(exc)
    reason = getattr(exc, "reason", exc)
    return tr("no answer ({reason})").format(reason=reason)


@dataclass
class ServerCheck:
    """What the check found: the served models and one (ok, sentence) line per step."""

    models: List[str] = field(default_factory=list)
    lines: List[Tuple[bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and all(ok for ok, _ in self.lines)

    def text(self) -> str:
        return "\n".join(("✔ " if ok else "✘ ") + line for ok, line in self.lines)


def check_server(base_url: str, model: str, key: str, round_trip: bool = True, timeout_s: float = 30) -> ServerCheck:
    """Reachable, model served, one tile answered; stops at the first failing step."""
    result, base = ServerCheck(), base_url.rstrip("/")
    try:
        listing = _request(base + "/models", key, timeout_s=timeout_s)
        result.models = [str(m.get("id")) for m in listing.get("data", []) if m.get("id")]
        result.lines.append((True, tr("Server reachable, {n} model(s) served.").format(n=len(result.models))))
    except (OSError, ValueError) as exc:
        result.lines.append((False, tr("Server not reachable at {url}: {why}.").format(url=base, why=_why(exc))))
        return result
    if not model:
        return result
    if model not in result.models:
        result.lines.append(
            (
                False,
                tr("The server does not serve {model}; it serves: {models}.").format(
                    model=model, models=", ".join(result.models) or "-"
                ),
            )
        )
        return result
    result.lines.append((True, tr("{model} is served.").format(model=model)))
    if round_trip:
        body = {
            "model": model,
            "max_tokens": 8,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "image_url", "image_url": {"url": "data:image/png;base64," + _tile_png()}},
                        {"type": "text", "text": "Describe this image in one word."},
                    ],
                }
            ],
        }
        try:
            answer = _request(base + "/chat/completions", key, body, timeout_s=timeout_s)
            text = str(answer["choices"][0]["message"]["content"]).strip()
            result.lines.append((True, tr("One tile answered: “{text}”.").format(text=text[:60])))
        except (OSError, ValueError, KeyError, IndexError) as exc:
            result.lines.append((False, tr("The one-tile test failed: {why}.").format(why=_why(exc))))
    return result


class ServerCheckTask(QgsTask):
    """``check_server`` off the GUI thread; ``done`` carries the ServerCheck."""

    done = pyqtSignal(object)

    def __init__(self, base_url: str, model: str, key: str, round_trip: bool = True) -> None:
        super().__init__(tr("GeoRSMLLM: checking the server"), QgsTask.Flag.CanCancel)
        self.args = (base_url, model, key, round_trip)
        self.result = ServerCheck()

    def run(self) -> bool:
        self.result = check_server(*self.args)
        return True

    def finished(self, result: bool) -> None:
        self.done.emit(self.result)


class ServerSettings(QWidget):
    """Server model (editable combo filled from /v1/models), the auth manager's key, Check.
    ``url`` and ``key_env`` are read through callables: the URL and key-variable fields stay in
    the Model section's form."""

    changed = pyqtSignal()
    checked = pyqtSignal(object)  # ServerCheck

    def __init__(self, url, key_env, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._url, self._key_env = url, key_env
        self.task: Optional[ServerCheckTask] = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.setToolTip(tr("The model the server serves; List asks the server."))
        self.list_button = QPushButton(tr("List"))
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.model_combo, 1)
        box.addWidget(self.list_button)
        form.addRow(tr("Server model"), row)
        self.auth_select = QgsAuthConfigSelect()
        self.auth_select.setToolTip(tr("Or keep the key in QGIS's password manager (encrypted)."))
        form.addRow(tr("API key (QGIS)"), self.auth_select)
        self.check_button = QPushButton(tr("Check server"))
        self.check_label = QLabel("")
        self.check_label.setWordWrap(True)
        form.addRow(self.check_button, self.check_label)
        self.list_button.clicked.connect(lambda: self.start_check(round_trip=False, model=""))
        self.check_button.clicked.connect(lambda: self.start_check())
        self.model_combo.lineEdit().editingFinished.connect(self.changed)
        self.model_combo.activated.connect(lambda _i: self.changed.emit())
        self.auth_select.selectedConfigIdChanged.connect(lambda _id: self.changed.emit())

    def model(self) -> str:
        return self.model_combo.currentText().strip()

    def set_model(self, model: str) -> None:
        self.model_combo.setEditText(model)

    def authcfg(self) -> str:
        return self.auth_select.configId()

    def set_authcfg(self, config_id: str) -> None:
        """Show ``config_id`` without announcing a change (the settings are being shown, not edited)."""
        if config_id != self.authcfg():
            blocked = self.auth_select.blockSignals(True)
            self.auth_select.setConfigId(config_id)
            self.auth_select.blockSignals(blocked)

    def start_check(self, round_trip: bool = True, model: Optional[str] = None) -> None:
        url = self._url().strip()
        if not url:
            self.check_label.setText(tr("Enter the server URL first."))
            return
        self.check_label.setText(tr("Checking…"))
        key = resolve_api_key(self._key_env().strip(), self.authcfg())
        task = ServerCheckTask(url, self.model() if model is None else model, key, round_trip)
        task.done.connect(self._done)
        self.task = task
        QgsApplication.taskManager().addTask(task)

    def _done(self, result: ServerCheck) -> None:
        self.task = None
        current = self.model()
        if result.models:
            self.model_combo.clear()
            self.model_combo.addItems(result.models)
            self.set_model(current or result.models[0])
        self.check_label.setText(result.text())
        self.checked.emit(result)
