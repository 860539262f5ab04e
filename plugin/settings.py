"""User settings of the plugin, as one frozen value object stored in QgsSettings.

A frozen dataclass keeps the rest of the plugin free of QgsSettings calls and string keys: the
dock edits a copy (``dataclasses.replace``), the controller saves it, the job builder reads it.
Keys live under ``georsmllm/`` in the active QGIS profile.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields
from typing import Optional

from qgis.core import QgsApplication, QgsProject, QgsSettings

from ..model_backend import protocol

PREFIX = "georsmllm/"
PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_backend_python(plugin_dir: str = PLUGIN_DIR) -> str:
    """The backend venv made by ``make setup`` inside the plugin folder."""
    if sys.platform.startswith("win"):
        return os.path.join(plugin_dir, ".venv", "Scripts", "python.exe")
    return os.path.join(plugin_dir, ".venv", "bin", "python")


def default_results_gpkg(project: Optional[QgsProject] = None) -> str:
    """Where results go when the user chose nothing: beside the saved project, so they travel
    with it; for an unsaved project, in the QGIS profile (always writable)."""
    project = project or QgsProject.instance()
    project_file = project.fileName() if project is not None else ""
    if project_file:
        stem = os.path.splitext(os.path.basename(project_file))[0]
        return os.path.join(os.path.dirname(os.path.abspath(project_file)), stem + "_georsmllm.gpkg")
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "georsmllm", "results.gpkg")


@dataclass(frozen=True)
class Settings:
    """What the user chose for the backend and the model. ``results_gpkg`` empty means the
    automatic location (``default_results_gpkg``), resolved at the time of each run."""

    backend_python: str = ""
    model: str = protocol.DEFAULT_MODEL
    device: str = "auto"
    quantization: str = "nf4"
    max_new_tokens: int = 256
    results_gpkg: str = ""
    family: str = ""  # empty: inferred from the model's config.json or name
    engine: str = "transformers"
    base_url: str = ""  # OpenAI-compatible server, e.g. http://gpu-server:8000/v1
    api_key_env: str = ""  # name of the environment variable holding the server's key
    # The model field above is the model of the engine in use (what jobs read); each engine keeps
    # its own choice here, so switching engines does not hand a hub id to a server or back.
    local_model: str = ""
    server_model: str = ""
    api_key_authcfg: str = ""  # id of a QGIS authentication configuration holding the key (encrypted there)
    batch_size: int = 1

    def __post_init__(self) -> None:
        if self.engine not in protocol.ENGINES:
            raise ValueError(f"engine must be one of {', '.join(protocol.ENGINES)}, not {self.engine!r}")
        if self.family and self.family not in protocol.FAMILIES:
            raise ValueError(f"family must be one of {', '.join(protocol.FAMILIES)} or empty, not {self.family!r}")
        if int(self.batch_size) < 1:
            raise ValueError("batch_size must be at least 1")
        if self.device not in protocol.DEVICES:
            raise ValueError(f"device must be one of {', '.join(protocol.DEVICES)}, not {self.device!r}")
        if self.quantization not in protocol.QUANTIZATIONS:
            raise ValueError(
                f"quantization must be one of {', '.join(protocol.QUANTIZATIONS)}, not {self.quantization!r}"
            )
        if int(self.max_new_tokens) < 1:
            raise ValueError("max_new_tokens must be at least 1")

    @property
    def python(self) -> str:
        """The backend interpreter to start (the default venv when left empty)."""
        return self.backend_python or default_backend_python()

    def results_path(self, project: Optional[QgsProject] = None) -> str:
        """The GeoPackage results are written to for this run."""
        return self.results_gpkg or default_results_gpkg(project)


def load(qsettings: Optional[QgsSettings] = None) -> Settings:
    """Read the settings; a value that is missing or no longer valid falls back to its default
    instead of breaking the plugin at start-up."""
    qs = qsettings or QgsSettings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        default = getattr(defaults, f.name)
        raw = qs.value(PREFIX + f.name, default)
        if isinstance(default, int):
            try:
                raw = int(raw)
            except (TypeError, ValueError):
                raw = default
        else:
            raw = "" if raw is None else str(raw)
        values[f.name] = raw
    if values["device"] not in protocol.DEVICES:
        values["device"] = defaults.device
    if values["quantization"] not in protocol.QUANTIZATIONS:
        values["quantization"] = defaults.quantization
    if values["max_new_tokens"] < 1:
        values["max_new_tokens"] = defaults.max_new_tokens
    if values["engine"] not in protocol.ENGINES:
        values["engine"] = defaults.engine
    if values["family"] and values["family"] not in protocol.FAMILIES:
        values["family"] = defaults.family
    if values["batch_size"] < 1:
        values["batch_size"] = defaults.batch_size
    if not values["model"]:
        values["model"] = defaults.model
    return Settings(**values)


def save(settings: Settings, qsettings: Optional[QgsSettings] = None) -> None:
    """Write every field; empty paths are stored empty so the automatic defaults stay live."""
    qs = qsettings or QgsSettings()
    for f in fields(Settings):
        qs.setValue(PREFIX + f.name, getattr(settings, f.name))
