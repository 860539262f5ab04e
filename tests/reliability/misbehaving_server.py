"""Real TCP servers on 127.0.0.1 that misbehave the way real ones do: refuse, fail, stall,
trickle one byte at a time, answer garbage or a bottomless body, redirect to another host,
echo the API key back, die in the middle of a job.

Raw sockets rather than ``http.server``: a trickle, a half-written status line or a body
that never ends cannot be written through a well-behaved HTTP library. Each connection's
request is read whole (headers, Content-Length body) and recorded, then a *behaviour* writes
whatever it wants on the socket.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

SERVED = "Qwen/Qwen2.5-VL-3B-Instruct"
# One box per tile in pixels of the image a Qwen2.5-VL server makes of a small tile.
BOX = '{"bbox_2d": [4, 4, 24, 24], "label": "tank"}'


@dataclass
class Request:
    """One request as the server read it (header names lower-case)."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes


Behaviour = Callable[[socket.socket, Request, "RawServer"], None]


@dataclass
class RawServer:
    """``with RawServer(behaviour) as srv: srv.url`` (the OpenAI base URL, ending in /v1)."""

    behaviour: Behaviour
    requests: List[Request] = field(default_factory=list)
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self.stopping = threading.Event()
        self._conns: List[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening and reset every open connection (what a crashed server does)."""
        self.stopping.set()
        try:
            self._sock.close()
        except OSError:
            pass
        with self._lock:
            for conn in self._conns:
                _close(conn)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            req = _read_request(conn)
            if req is None:
                return
            with self._lock:
                self.requests.append(req)
            self.behaviour(conn, req, self)
        except OSError:
            pass
        finally:
            _close(conn)


def _close(conn: socket.socket) -> None:
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()


def _read_request(conn: socket.socket) -> Optional[Request]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = (lines[0].split(" ") + ["", ""])[:3]
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    want = int(headers.get("content-length") or 0)
    while len(body) < want:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return Request(method, path, headers, body)


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- behaviours ---------------------------------------------------------------------------
def http_answer(status: int, body: bytes, headers: Optional[Dict[str, str]] = None, reason: str = "X") -> bytes:
    head = [
        f"HTTP/1.1 {status} {reason}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *(f"{k}: {v}" for k, v in (headers or {"Content-Type": "application/json"}).items()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def completion(text: str) -> bytes:
    return json.dumps(
        {
            "id": "c",
            "object": "chat.completion",
            "model": SERVED,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        }
    ).encode()


def answer(text: str = BOX) -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        if req.method == "GET":
            conn.sendall(http_answer(200, json.dumps({"data": [{"id": SERVED}]}).encode()))
        else:
            conn.sendall(http_answer(200, completion(text)))

    return behave


def status(code: int, message: str = "failure (test)", headers: Optional[Dict[str, str]] = None) -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        if req.method == "GET":  # GET /models, asked for the 404 message
            conn.sendall(http_answer(200, json.dumps({"data": [{"id": "some-other-model"}]}).encode()))
            return
        body = json.dumps({"error": {"message": message, "code": code}}).encode()
        conn.sendall(http_answer(code, body, {"Content-Type": "application/json", **(headers or {})}))

    return behave


def slow(seconds: float) -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        if not srv.stopping.wait(seconds):
            conn.sendall(http_answer(200, completion(BOX)))

    return behave


def trickle(interval: float = 0.2, headers_first: bool = False) -> Behaviour:
    """One byte every ``interval`` seconds, forever: of the status line, or (``headers_first``)
    of a body announced as 1 MB after complete headers."""

    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        if headers_first:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
        stream = b"HTTP/1.1 200 OK\r\n" if not headers_first else b"{" + b" " * 999999
        i = 0
        while not srv.stopping.wait(interval):
            conn.sendall(stream[i % len(stream) : i % len(stream) + 1])
            i += 1

    return behave


def garbage(payload: bytes = b"\x00\xffthis is not HTTP at all\r\n\r\n") -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        conn.sendall(payload)

    return behave


def close_without_answer() -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        return  # the connection is closed by the server loop

    return behave


def not_json() -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        conn.sendall(http_answer(200, b"<html>hello from a web page</html>", {"Content-Type": "text/html"}))

    return behave


def huge_body(megabytes: int = 80) -> Behaviour:
    """A 200 answer whose body has no announced length and goes on for ``megabytes``."""

    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
        chunk = b" " * (1024 * 1024)
        for _ in range(megabytes):
            if srv.stopping.is_set():
                return
            conn.sendall(chunk)

    return behave


def redirect(location: Callable[[RawServer], str], code: int = 307) -> Behaviour:
    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        conn.sendall(http_answer(code, b"", {"Location": location(srv)}))

    return behave


def same_origin_redirect_then_answer() -> Behaviour:
    """307 from /v1/... to /v2/... on the same server, which answers there."""

    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        if req.path.startswith("/v1/"):
            conn.sendall(http_answer(307, b"", {"Location": req.path.replace("/v1/", "/v2/", 1)}))
        else:
            conn.sendall(http_answer(200, completion(BOX)))

    return behave


def echo_key(code: int) -> Behaviour:
    """An error body that quotes the request's Authorization header (a real misconfigured proxy
    does this), or, with ``code`` 200, an answer that does."""

    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        said = f"you sent {req.headers.get('authorization', '')!s} which is wrong"
        if code == 200:
            conn.sendall(http_answer(200, completion(said)))
        else:
            conn.sendall(http_answer(code, json.dumps({"error": {"message": said}}).encode()))

    return behave


def dies_after(n: int) -> Behaviour:
    """Answers the first ``n`` chat requests, then the server is gone (refuses connections)."""

    def behave(conn: socket.socket, req: Request, srv: RawServer) -> None:
        if len(srv.requests) <= n:
            conn.sendall(http_answer(200, completion(BOX)))
            return
        threading.Thread(target=srv.stop, daemon=True).start()
        time.sleep(0.05)

    return behave
