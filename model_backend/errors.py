"""Error types that cross module boundaries.

``BadInput`` is the user's fault and carries a one-line message meant for them (CLI exit 2,
protocol code BAD_INPUT). ``Cancelled`` ends a job on request. Anything else is ours (exit 1).
"""


class BadInput(ValueError):
    """Input the user can fix: the message is shown as is, without a traceback."""


class ModelUnavailable(BadInput):
    """The model cannot be found locally and cannot be downloaded (offline, unknown id)."""


class Cancelled(Exception):
    """The job was cancelled; whatever was already written stays valid."""


class OutOfMemory(MemoryError):
    """The model ran out of (GPU) memory even with one tile per batch. A MemoryError, so the
    worker answers protocol OUT_OF_MEMORY with advice (smaller tiles, nf4, CPU)."""
