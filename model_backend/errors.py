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
