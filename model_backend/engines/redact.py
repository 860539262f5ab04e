"""Secrets never leave in a message: every API key the process reads is registered here, and
whatever the backend says to a person (CLI error lines, worker replies and notifications, log
records, a server's echoed error body) passes through ``redact`` first.

A registry rather than a per-engine filter because the places that print are far from the
engine that read the key: the CLI's last-resort error line, the worker's protocol stream, the
log handlers. Keys shorter than ``MIN_SECRET_CHARS`` are not registered (replacing "abc"
everywhere would garble every message; such a key is no secret anyway)."""

from __future__ import annotations

import json
import logging
import threading
import traceback
import urllib.parse
from typing import Set

MIN_SECRET_CHARS = 4
MASK = "***"
_SECRETS: Set[str] = set()
_LOCK = threading.Lock()


def register(secret: str) -> None:
    """Hide ``secret`` (and its URL- and JSON-escaped spellings) from every later message."""
    if len(secret) < MIN_SECRET_CHARS:
        return
    forms = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret), json.dumps(secret)[1:-1]}
    with _LOCK:
        _SECRETS.update(f for f in forms if len(f) >= MIN_SECRET_CHARS)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced by ``MASK`` (longest first)."""
    if not _SECRETS or not isinstance(text, str):
        return text
    with _LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactFilter(logging.Filter):
    """A handler filter: the record's message and traceback with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _SECRETS:
            return True
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def guard_handlers(logger: logging.Logger) -> None:
    """Put a ``RedactFilter`` on every handler of ``logger`` (call after logging.basicConfig)."""
    for handler in logger.handlers:
        if not any(isinstance(f, RedactFilter) for f in handler.filters):
            handler.addFilter(RedactFilter())
