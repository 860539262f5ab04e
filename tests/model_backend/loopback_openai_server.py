"""A small real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions subset.

It stands in for vLLM (and Ollama, llama.cpp server, LM Studio), which cannot run on these
test machines: no GPU for vLLM, and no network to fetch a model. It is a real server on a real
socket, so the engine's HTTP, JSON, threading, retries and timeouts are all exercised; only
the model is replaced, by answers recorded from the real family (tests/data/recorded).

Like vLLM it serves ``POST /v1/chat/completions`` and ``GET /v1/models``, answers 404 with
``{"error": {"message": ...}}`` for a model it does not serve, and 401 ``{"error":
"Unauthorized"}`` when started with an API key and not given it. Knobs for tests: fail the
first N chat requests with a status (503 by default, optional Retry-After), a delay before
each answer, and records of what came in: max requests in flight, and each request's JSON and
decoded images.
"""

from __future__ import annotations

import base64
import io
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Union

from PIL import Image

RECORDED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "recorded")
DEFAULT_MODEL = "Qwen/Qwen2.5-VL-3B-Instruct"


def recorded(name: str, family: str = "qwen2_5_vl") -> str:
    """A recorded model answer, e.g. ``recorded("clean_two_boxes")``."""
    with open(os.path.join(RECORDED, family, f"{name}.txt"), encoding="utf-8") as f:
        return f.read()


@dataclass
class SeenRequest:
    """One chat request as the server got it."""

    body: Dict[str, Any]
    images: List[Image.Image]
    authorization: Optional[str]
    arrived: float
    texts: List[str] = field(default_factory=list)


class LoopbackOpenAIServer:
    """``with LoopbackOpenAIServer(answer=recorded("single_object")) as srv: srv.url``."""

    def __init__(
        self,
        answer: Union[str, Callable[[SeenRequest], str]] = "",
        models=(DEFAULT_MODEL,),
        api_key: Optional[str] = None,
        fail_first: int = 0,
        fail_status: int = 503,
        retry_after: Optional[str] = None,
        delay_s: float = 0.0,
    ):
        self.answer, self.models, self.api_key = answer, tuple(models), api_key
        self.fail_first, self.fail_status, self.retry_after = fail_first, fail_status, retry_after
        self.delay_s = delay_s
        self.requests: List[SeenRequest] = []  # chat requests, failed ones included
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def start(self) -> LoopbackOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # delayed handlers return at once
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def __enter__(self) -> LoopbackOpenAIServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- called by the handler ----------------------------------------------------------
    def chat(self, body: Dict[str, Any], authorization: Optional[str]):
        """(status, json body, extra headers) for one chat request."""
        seen = SeenRequest(body, [], authorization, time.monotonic())
        for msg in body.get("messages", []):
            parts = msg.get("content")
            for part in parts if isinstance(parts, list) else [{"type": "text", "text": parts}]:
                if part.get("type") == "image_url":
                    head, _, data = part["image_url"]["url"].partition(",")
                    if head != "data:image/png;base64":
                        return 400, {"error": {"message": f"unsupported image URL {head[:40]}"}}, {}
                    img = Image.open(io.BytesIO(base64.b64decode(data)))
                    img.load()
                    seen.images.append(img)
                elif part.get("type") == "text":
                    seen.texts.append(part["text"])
        with self._lock:
            self.requests.append(seen)
            n = len(self.requests)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay_s:
                self._stopping.wait(self.delay_s)
            if self.api_key is not None and authorization != f"Bearer {self.api_key}":
                return 401, {"error": "Unauthorized"}, {}
            if body.get("model") not in self.models:
                return (
                    404,
                    {
                        "error": {
                            "message": f"The model `{body.get('model')}` does not exist.",
                            "type": "NotFoundError",
                            "param": None,
                            "code": 404,
                        }
                    },
                    {},
                )
            if n <= self.fail_first:
                headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
                return (
                    self.fail_status,
                    {"error": {"message": "Service Unavailable (test)", "code": self.fail_status}},
                    headers,
                )
            text = self.answer(seen) if callable(self.answer) else self.answer
            return (
                200,
                {
                    "id": f"chatcmpl-{n}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body["model"],
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
                {},
            )
        finally:
            with self._lock:
                self.in_flight -= 1

    def list_models(self) -> Dict[str, Any]:
        return {"object": "list", "data": [{"id": m, "object": "model", "owned_by": "vllm"} for m in self.models]}


def _handler_for(server: LoopbackOpenAIServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def _send(self, status: int, body: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout tests): nothing to tell it
                pass

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, server.list_models())
            else:
                self._send(404, {"detail": "Not Found"})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"detail": "Not Found"})
                return
            try:
                payload = json.loads(body)
            except ValueError:
                self._send(400, {"error": {"message": "body is not JSON"}})
                return
            self._send(*server.chat(payload, self.headers.get("Authorization")))

    return Handler
