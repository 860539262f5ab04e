"""Conversations of the Ask task, one per raster and area, saved inside the QGIS project.

A follow-up question is sent with the earlier turns about the same area, so "and how many of
them are red?" works. The turns live in the project (``QgsProject.writeEntry``), so they are
saved with it and come back when it is reopened; "Clear" starts the conversation over. Only the
last ``MAX_TURNS_SENT`` turns go to the model: older ones would crowd its context.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from qgis.core import QgsProject

SCOPE, ENTRY = "GeoRSMLLM", "chat_history"
MAX_TURNS_SENT = 8


def area_key(job: Dict[str, Any]) -> str:
    """The conversation an ask job belongs to: its raster and area (6 significant digits, so
    the same drawn rectangle matches itself after a round trip through JSON)."""
    aoi = job.get("aoi")
    area = "whole" if aoi is None else ",".join(f"{float(v):.6g}" for v in aoi)
    return f"{job.get('raster', '')}|{area}|{job.get('aoi_crs') or ''}"


class ChatHistory:
    """Reads and writes the project's conversations; no cache, so a project just opened is
    always what is shown."""

    def __init__(self, project: Optional[QgsProject] = None) -> None:
        self.project = project or QgsProject.instance()

    def _all(self) -> Dict[str, List[List[str]]]:
        text, ok = self.project.readEntry(SCOPE, ENTRY, "")
        if not ok or not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: Dict[str, List[List[str]]]) -> None:
        self.project.writeEntry(SCOPE, ENTRY, json.dumps(data, ensure_ascii=False))
        self.project.setDirty(True)

    def turns(self, key: str) -> List[List[str]]:
        return [list(t) for t in self._all().get(key, []) if isinstance(t, list) and len(t) == 2]

    def for_model(self, key: str) -> List[List[str]]:
        return self.turns(key)[-MAX_TURNS_SENT:]

    def append(self, key: str, question: str, answer: str) -> None:
        data = self._all()
        data.setdefault(key, []).append([question, answer])
        self._save(data)

    def clear(self, key: str) -> None:
        data = self._all()
        if data.pop(key, None) is not None:
            self._save(data)
