"""Which worker client a Processing run uses.

The algorithms run in the main thread (``FlagNoThreading``: ``run_blocking`` spins a local
event loop there, so the dialog stays responsive and Cancel works). There one client is kept
between runs, so the model stays loaded across the rows of the batch interface, the steps of a
model, or a script's loop. A run started from another thread (a script inside a QgsTask) gets
its own client, shut down when it ends: a client belongs to the thread that made it.
"""

from __future__ import annotations

import contextlib
from typing import Iterator, Optional

from qgis.PyQt.QtCore import QCoreApplication, QThread

from ..worker.client import WorkerClient

_shared: Optional[WorkerClient] = None


def in_main_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


@contextlib.contextmanager
def client_for_run(python: str) -> Iterator[WorkerClient]:
    """The client for one run with the backend interpreter ``python``."""
    global _shared
    if in_main_thread():
        if _shared is None:
            _shared = WorkerClient(python)
        else:
            _shared.set_python(python)  # a changed setting retires the old worker
        yield _shared
        return
    client = WorkerClient(python)
    try:
        yield client
    finally:
        client.shutdown()


def shared_client() -> Optional[WorkerClient]:
    """The warm client, if a run made one (tests look at its worker)."""
    return _shared


def shutdown() -> None:
    """Stop the warm worker (the provider is unloaded, or QGIS quits)."""
    global _shared
    if _shared is not None:
        _shared.shutdown()
        _shared.deleteLater()
        _shared = None
