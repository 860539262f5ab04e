"""One HTTP request with limits a misbehaving server cannot stretch: a deadline for the whole
exchange (connect, headers, body), a cap on the answer's size, and redirects followed only
within the same origin.

Why not ``urllib.request``: its timeout bounds each socket read, so a server sending one byte
a second keeps a request alive forever; and on a redirect it forwards every header, the
``Authorization`` bearer key included, to whatever host the server names. Here the standard
library's ``http.client`` does the talking (the worker runs in the Python QGIS ships, where a
client package is one more thing to install), a timer shuts the socket at the deadline, and
a redirect to another scheme, host or port is refused before anything is sent there. Proxies
named by the usual ``*_proxy`` variables are honoured as urllib would (https through a CONNECT
tunnel, so the proxy never sees the key).
"""

from __future__ import annotations

import base64
import http.client
import socket
import threading
import time
import urllib.parse
import urllib.request
from typing import Dict, List, Mapping, Optional, Set, Tuple

MAX_REDIRECTS = 5
MAX_BODY_BYTES = 64 * 1024 * 1024  # a chat completion is kilobytes; more is a misbehaving server
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class DeadlineExceeded(TimeoutError):
    """The whole request took longer than its deadline (however fast each byte came)."""


class CrossOriginRedirect(Exception):
    """The server redirected to another scheme, host or port: nothing was sent there."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class TooManyRedirects(Exception):
    """More than ``MAX_REDIRECTS`` redirects within one origin."""


class BodyTooLarge(Exception):
    """The answer was larger than ``MAX_BODY_BYTES``; reading stopped there."""


class StatusError(Exception):
    """An HTTP status >= 400, with the (size-capped) body and headers of the answer."""

    def __init__(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.body, self.headers = status, body, headers


def origin(url: str) -> Tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, default ports filled in."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


class Connections:
    """The connections of one piece of work (one engine call), so a cancel, an interrupt or a
    failure can end them at once: ``halt`` aborts those in flight and any opened later."""

    def __init__(self) -> None:
        self._live: Set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()
        self.halted = threading.Event()

    def add(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            self._live.add(conn)
        if self.halted.is_set():
            abort(conn)

    def halt(self) -> None:
        self.halted.set()
        self.abort_all()

    def discard(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            self._live.discard(conn)

    def abort_all(self) -> None:
        with self._lock:
            live = list(self._live)
        for conn in live:
            abort(conn)


class _AbortableConnect(http.client.HTTPConnection):
    """http.client's connect, with the socket in ``self.sock`` while it connects: a connect the
    server never completes (a full backlog, a stalled proxy) can then be ended by ``abort``
    (on Linux a shutdown ends a blocked connect; closing the descriptor would not)."""

    aborted = False

    def connect(self) -> None:
        error: OSError = OSError(f"cannot resolve {self.host}")
        for family, kind, proto, _, address in socket.getaddrinfo(self.host, self.port, 0, socket.SOCK_STREAM):
            if self.aborted:
                break
            sock = socket.socket(family, kind, proto)
            self.sock = sock
            try:
                sock.settimeout(self.timeout)
                sock.connect(address)
            except OSError as exc:
                error = exc
                sock.close()
                self.sock = None
                continue
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            if self._tunnel_host:  # type: ignore[attr-defined]  # CONNECT through a proxy
                self._tunnel()  # type: ignore[attr-defined]
            return
        raise error


class _HTTP(_AbortableConnect):
    pass


class _HTTPS(http.client.HTTPSConnection, _AbortableConnect):
    """TLS over the abortable connect (HTTPSConnection.connect calls it, then wraps)."""


def abort(conn: http.client.HTTPConnection) -> None:
    """Shut the connection's socket from another thread: a connect or a read blocked on it
    returns now."""
    if isinstance(conn, _AbortableConnect):
        conn.aborted = True
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed
            pass


def _connection(
    parts: urllib.parse.SplitResult, timeout: float
) -> Tuple[http.client.HTTPConnection, str, Dict[str, str]]:
    """(connection, request target, extra headers) for ``parts``: direct, or through the
    environment's proxy."""
    https = parts.scheme.lower() == "https"
    cls: type = _HTTPS if https else _HTTP
    host = parts.hostname or ""
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    proxy_url = None if urllib.request.proxy_bypass(host) else urllib.request.getproxies().get(parts.scheme.lower())
    if not proxy_url:
        return cls(host, parts.port, timeout=timeout), path, {}
    proxy = urllib.parse.urlsplit(proxy_url if "://" in proxy_url else "http://" + proxy_url)
    auth = {}
    if proxy.username is not None:
        creds = f"{urllib.parse.unquote(proxy.username)}:{urllib.parse.unquote(proxy.password or '')}"
        auth = {"Proxy-Authorization": "Basic " + base64.b64encode(creds.encode()).decode("ascii")}
    if https:  # a CONNECT tunnel: TLS (and the key) end to end with the server
        tunnel = _HTTPS(proxy.hostname or "", proxy.port or 80, timeout=timeout)
        tunnel.set_tunnel(host, parts.port or 443, headers=auth)
        return tunnel, path, {}
    plain = _HTTP(proxy.hostname or "", proxy.port or 80, timeout=timeout)
    return plain, urllib.parse.urlunsplit(parts._replace(fragment="")), auth


def _read_body(resp: http.client.HTTPResponse) -> bytes:
    chunks: List[bytes] = []
    size = 0
    while True:
        chunk = resp.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge(f"more than {MAX_BODY_BYTES // (1024 * 1024)} MiB")
        chunks.append(chunk)


def request(
    method: str,
    url: str,
    body: Optional[bytes],
    headers: Dict[str, str],
    timeout_s: float,
    connections: Optional[Connections] = None,
) -> bytes:
    """The body of a 2xx answer to ``method url``, within ``timeout_s`` seconds in all.

    Raises ``StatusError`` (>= 400), ``DeadlineExceeded``, ``CrossOriginRedirect``,
    ``TooManyRedirects``, ``BodyTooLarge``, or the ``OSError`` / ``http.client.HTTPException``
    of a connection that failed."""
    deadline = time.monotonic() + timeout_s
    for _ in range(MAX_REDIRECTS + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded()
        conn, target, extra = _connection(urllib.parse.urlsplit(url), remaining)
        expired = threading.Event()

        def expire(conn: http.client.HTTPConnection = conn, expired: threading.Event = expired) -> None:
            expired.set()
            abort(conn)

        timer = threading.Timer(remaining, expire)
        timer.daemon = True
        if connections is not None:
            connections.add(conn)
        timer.start()
        try:
            conn.request(method, target, body=body, headers={**headers, **extra})
            resp = conn.getresponse()
            location = resp.getheader("Location")
            if resp.status in REDIRECT_STATUS and location:
                new_url = urllib.parse.urljoin(url, location)
                if origin(new_url) != origin(url):
                    raise CrossOriginRedirect(new_url)
                if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                    method, body = "GET", None  # what browsers and urllib do
                url = new_url
                continue
            data = _read_body(resp)
            if expired.is_set():  # the deadline cut a body of unknown length short
                raise DeadlineExceeded()
            if resp.status >= 400:
                raise StatusError(resp.status, data, dict(resp.headers.items()))
            return data
        except (OSError, http.client.HTTPException):
            if expired.is_set():
                raise DeadlineExceeded() from None
            raise
        finally:
            timer.cancel()
            if connections is not None:
                connections.discard(conn)
            conn.close()
    raise TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")
