"""Opens the Set-up page and the model manager for the controller, and offers the set-up at
start when the backend's Python does not exist (a fresh install from the plugin zip).

Kept out of the controller (which owns the job flow): it only needs the controller's settings
and its ``apply_settings``; a chosen Python or model goes back through that.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, Optional

from qgis.core import Qgis
from qgis.PyQt.QtWidgets import QPushButton

from ..dock.server_settings import resolve_api_key
from ..worker.launch import check_python
from .text import tr

# The variable the worker reads a key from the QGIS auth manager under (its environment only).
AUTH_KEY_VARIABLE = "GEORSMLLM_QGIS_AUTH_KEY"


class SetupDialogs:
    def __init__(self, controller: Any) -> None:
        self.controller = controller
        self.setup_page: Optional[Any] = None
        self.model_manager: Optional[Any] = None
        group = controller.dock.model_group
        group.setup_requested.connect(self.open_setup)
        group.models_requested.connect(self.open_models)

    def offer_if_no_backend(self) -> bool:
        """A message bar line with a Set-up button when the backend's Python is missing."""
        if check_python(self.controller.settings.python) is None:
            return False
        iface = self.controller.iface
        bar = iface.messageBar() if iface is not None and hasattr(iface, "messageBar") else None
        if bar is None:
            return True
        item = bar.createMessage("GeoRSMLLM", tr("The backend is not set up yet: models cannot run."))
        button = QPushButton(tr("Set up now…"))
        button.clicked.connect(self.open_setup)
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Warning, 0)
        return True

    def with_auth_key(self, job: Dict[str, Any]) -> Dict[str, Any]:
        """A server job whose key is in the QGIS auth manager: the key goes into the worker's
        environment only, and the job names that variable; any other job leaves it out."""
        s = self.controller.settings
        key = resolve_api_key("", s.api_key_authcfg) if job.get("engine") == "openai" and s.api_key_authcfg else ""
        self.controller.client.set_secret_environment({AUTH_KEY_VARIABLE: key} if key else {})
        return {**job, "api_key_env": AUTH_KEY_VARIABLE} if key else job

    def open_setup(self) -> Any:
        from .setup_page import SetupPage

        if self.setup_page is None:
            self.setup_page = SetupPage(self.controller.dock)
            self.setup_page.python_chosen.connect(self._python_chosen)
        self.setup_page.show()
        self.setup_page.raise_()
        return self.setup_page

    def open_models(self) -> Any:
        from ..dock.model_manager import ModelManager

        if self.model_manager is not None:
            self.model_manager.deleteLater()
        self.model_manager = ModelManager(self.controller.settings.python, self.controller.dock)
        self.model_manager.model_chosen.connect(self._model_chosen)
        self.model_manager.show()
        return self.model_manager

    def _python_chosen(self, python: str) -> None:
        self.controller.apply_settings(dataclasses.replace(self.controller.settings, backend_python=python))

    def _model_chosen(self, model: str) -> None:
        s = self.controller.settings
        if not model:
            return
        local = s.engine != "openai"
        self.controller.apply_settings(dataclasses.replace(s, local_model=model, model=model if local else s.model))
