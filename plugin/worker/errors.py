"""The errors a worker request can end with: a leaf module, so the client and the blocking
runner both import it without importing each other."""

from __future__ import annotations

from ...model_backend import protocol


class WorkerError(Exception):
    """A request answered with a JSON-RPC error (``code`` from ``protocol``)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class WorkerCrashed(WorkerError):
    """The worker process died or could not be started."""

    def __init__(self, message: str) -> None:
        super().__init__(protocol.INTERNAL_ERROR, message)
