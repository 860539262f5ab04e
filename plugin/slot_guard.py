"""``guarded``: the controller's slots never let an exception reach Qt.

PyQt aborts QGIS when an exception escapes a slot and no excepthook is installed; a bug in a
slot must instead be logged, told to the user, and leave the dock idle. The class it decorates
provides ``_end_job``, ``dock`` and ``_message`` (``Controller``).
"""

from __future__ import annotations

import functools
import traceback
from typing import Any, Callable

from qgis.core import Qgis, QgsMessageLog

from .translate import tr

TAG = "GeoRSMLLM"  # the message log tab


def guarded(slot: Callable[..., None]) -> Callable[..., None]:
    """A bug in a slot must not take QGIS down (PyQt aborts on an exception escaping a slot when
    no excepthook is installed): log it, tell the user, and leave the dock idle."""

    @functools.wraps(slot)
    def wrapper(self: Any, *args: Any) -> None:
        try:
            slot(self, *args)
        except Exception as exc:  # noqa: BLE001 - the last line of defence, reported below
            QgsMessageLog.logMessage(traceback.format_exc(), TAG, Qgis.MessageLevel.Critical)
            self._end_job()
            text = tr("Internal error in the plugin: {0}: {1} (details in the GeoRSMLLM log).").format(
                type(exc).__name__, exc
            )
            self.dock.set_status(text, "error")
            self._message(text, Qgis.MessageLevel.Critical)

    return wrapper
