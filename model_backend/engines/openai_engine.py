"""Remote engine: any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp
server, LM Studio), so one GPU box can serve a model to a whole team of analysts.

Standard library HTTP (``http.client`` through ``bounded_http``, a thread pool) on purpose:
the worker runs inside the Python that QGIS ships, where adding a client package (httpx,
openai) is one more thing to install and pin, and none is installed here; one POST per image with JSON in and out is all
we need. Each image goes as a PNG data URL at the size the tile was read (lossless: what the
model sees is what we read). Families whose coordinates are absolute pixels of the image as
*the server's* processor resized it get ``Generation.fed_size`` from
``family.server_fed_size``, so boxes map back exactly.

Errors a person can act on (wrong key, model not served, no server, server overloaded, too
slow) are ``RemoteError``, a ``BadInput``: one clear line, CLI exit 2, never the API key (it is
registered with ``redact`` and masked in every message, answer and log line). The HTTP itself
is ``bounded_http``: a deadline for the whole request, a capped answer size, and no redirect
to another origin, so the key never travels to a host the user did not name.
"""

from __future__ import annotations

import base64
import email.utils
import http.client
import io
import json
import logging
import os
import random
import threading
import time
import urllib.parse
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Dict, List, Optional, Set, Tuple

from .. import families
from ..errors import BadInput, Cancelled
from . import bounded_http as bh
from .base import Generation, Messages, TokenProgress
from .redact import redact, register

log = logging.getLogger(__name__)

# Worth another try: rate limited, or the server (or a proxy in front of it) is busy,
# restarting or still loading the model. Anything else (400, 401, 404...) will not get better.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 60.0  # a server asking for longer is treated as asking for this


class RemoteError(BadInput):
    """The server refused, failed or could not be reached: the message says what to change.
    Whatever the message quotes (a server's error body, a URL it named) is redacted."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


def check_base_url(base_url: object) -> str:
    """``base_url`` if it is an http(s) URL with a host and no credentials; BadInput else
    (a file:// or ftp:// URL would read local files or talk to something that is no server)."""
    example = "such as http://localhost:8000/v1"
    if not isinstance(base_url, str) or not base_url:
        raise BadInput(f"the openai engine needs --base-url, an http(s) URL {example}")
    try:
        parts = urllib.parse.urlsplit(base_url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError as exc:
        raise BadInput(f"--base-url {base_url!r} is not a URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadInput(f"--base-url must be an http(s) URL {example}, not {base_url!r}")
    if parts.username is not None or parts.password is not None:
        raise BadInput(
            "--base-url must not hold a user name or password: put the key in an "
            "environment variable and name it with --api-key-env"
        )
    if parts.fragment:
        raise BadInput(f"--base-url must not hold a #fragment: {base_url!r}")
    return base_url


def image_data_url(image: Any) -> Tuple[str, Tuple[int, int]]:
    """(PNG data URL, (w, h)) of a PIL image or an (h, w[, 3]) uint8 array, at its own size."""
    from PIL import Image

    if not hasattr(image, "save"):
        import numpy as np

        image = Image.fromarray(np.asarray(image))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii"), image.size


def to_openai_messages(messages: Messages, image_url: str) -> List[Dict[str, Any]]:
    """Our transformers-style chat -> OpenAI chat: ``{"type": "image"}`` parts become the
    image's data URL; a turn with only text becomes a plain string (what every server takes,
    Ollama included, for assistant turns)."""
    out: List[Dict[str, Any]] = []
    for msg in messages:
        content = msg.get("content")
        if isinstance(content, str):
            out.append({"role": msg["role"], "content": content})
            continue
        parts: List[Dict[str, Any]] = []
        for part in content or []:
            if part.get("type") == "image":
                parts.append({"type": "image_url", "image_url": {"url": image_url}})
            elif part.get("type") == "text":
                parts.append({"type": "text", "text": part.get("text", "")})
        if all(p["type"] == "text" for p in parts):
            out.append({"role": msg["role"], "content": "\n".join(p["text"] for p in parts)})
        else:
            out.append({"role": msg["role"], "content": parts})
    return out


def server_message(body: bytes) -> str:
    """The error text of a server's error body (OpenAI/vLLM ``{"error": {"message"}}``, older
    vLLM ``{"message"}``, FastAPI ``{"detail"}``, or plain text), one line, short."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    msg: Any = body.decode("utf-8", "replace")
    if isinstance(data, dict):
        err = data.get("error")
        msg = (err.get("message") if isinstance(err, dict) else err) or data.get("message") or data.get("detail") or msg
    return " ".join(str(msg).split())[:300]


def retry_after_s(value: Optional[str]) -> Optional[float]:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _origin_text(url: str) -> str:
    """scheme://host:port of ``url``: where a redirect pointed, without its path or query."""
    scheme, host, port = bh.origin(url)
    return f"{scheme}://{host}:{port}"


class OpenAIEngine:
    """Talks to one model on one server; same interface as ``TransformersEngine``."""

    def __init__(
        self,
        model: str,
        family: Optional[str] = None,
        base_url: Optional[str] = None,
        api_key_env: Optional[str] = None,
        concurrency: int = 4,
        timeout_s: float = 120.0,
        max_tries: int = 4,
        backoff_s: float = 0.5,
    ):
        base_url = check_base_url(base_url)
        if concurrency < 1 or timeout_s <= 0 or max_tries < 1:
            raise BadInput("concurrency and max_tries must be at least 1 and timeout positive")
        self.model, self.base_url = model, base_url.rstrip("/")
        self.device, self.quantization, self.load_s = "remote", "server", 0.0
        self.concurrency, self.timeout_s = concurrency, timeout_s
        self.max_tries, self.backoff_s = max_tries, backoff_s
        self.api_key_env = api_key_env
        fam = families.get(family) if family else families.infer(model)
        self.family, self.family_module = fam.NAME, fam
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key_env:
            key = os.environ.get(api_key_env, "").strip()
            if not key:
                raise BadInput(
                    f"--api-key-env names {api_key_env}, but the environment variable "
                    f"{api_key_env} is not set (or empty): export it with the server's key"
                )
            register(key)  # masked in every message from now on
            self._headers["Authorization"] = f"Bearer {key}"  # sent to base_url's origin only
        self._calls: Set[bh.Connections] = set()  # the generate calls in progress
        # Shared by every generate call: at most ``concurrency`` requests in flight per engine,
        # even when several threads ask at once.
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="openai-engine")
        log.info("remote engine: %s (%s) at %s, %d in flight", model, self.family, self.base_url, concurrency)

    def __repr__(self) -> str:
        return f"OpenAIEngine(model={self.model!r}, base_url={self.base_url!r})"

    def describe(self) -> dict:
        return {
            "model": self.model,
            "family": self.family,
            "device": self.device,
            "quantization": self.quantization,
            "load_s": self.load_s,
            "engine": "openai",
            "base_url": self.base_url,
        }

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        for call in list(self._calls):
            call.halt()

    def generate(
        self,
        images: list,
        messages: List[Messages],
        max_new_tokens: int = 256,
        cancel: Optional[threading.Event] = None,
        on_token: Optional[TokenProgress] = None,
        batch_size: Optional[int] = None,
    ) -> List[Generation]:
        """One request per (image, messages) pair, ``concurrency`` at a time; answers in order
        (``batch_size`` is the transformers engine's: a server batches on its own).

        On cancel, returns at once (Cancelled): requests not yet sent never are; those in
        flight are aborted (their connections shut), and so are they when the call ends any
        other way early (a failure, Ctrl-C), so no thread is left waiting on a server.
        ``on_token(done, total)`` counts finished requests (a remote server reports no token
        progress without streaming)."""
        if len(images) != len(messages):
            raise ValueError("generate needs one message list per image")
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        call = bh.Connections()
        self._calls.add(call)
        futures: List[Future] = [
            self._pool.submit(self._one, img, msgs, max_new_tokens, call) for img, msgs in zip(images, messages)
        ]
        pending, done_count = set(futures), 0
        try:
            while pending:
                finished, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for fut in finished:
                    fut.result()  # the first failure ends the batch (the rest are cancelled)
                    done_count += 1
                    if on_token is not None:
                        on_token(done_count, len(futures))
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
        finally:
            for fut in pending:
                fut.cancel()
            if pending:  # ended early: requests in flight end now, none starts, no retry
                call.halt()
            self._calls.discard(call)
        return [fut.result() for fut in futures]

    # -- one request ----------------------------------------------------------------------
    def _one(self, image: Any, messages: Messages, max_new_tokens: int, call: bh.Connections) -> Generation:
        url, (w, h) = image_data_url(image)
        payload = {
            "model": self.model,
            "messages": to_openai_messages(messages, url),
            "max_tokens": max_new_tokens,
            "temperature": 0,
        }
        data = self._post_with_retries("/chat/completions", json.dumps(payload).encode(), call)
        return Generation(text=self._answer_text(data), fed_size=self.family_module.server_fed_size(w, h))

    def _post_with_retries(self, path: str, body: bytes, call: bh.Connections) -> Any:
        """POST with retries on busy/unreachable servers: exponential backoff with jitter, or
        the server's Retry-After when it is longer. Timeouts are not retried: the request may
        still be running on a loaded server, and another would only add to its queue."""
        last = ""
        for attempt in range(1, self.max_tries + 1):
            if call.halted.is_set():
                raise Cancelled()
            wait_s: Optional[float] = None
            try:
                return self._request("POST", path, body, call)
            except bh.StatusError as exc:
                status, message = exc.status, server_message(exc.body)
                if status not in RETRY_STATUS:
                    raise self._http_error(status, message) from None
                wait_s = retry_after_s(exc.headers.get("Retry-After"))
                last = redact(f"kept answering HTTP {status} ({message})")
            except TimeoutError:  # bh.DeadlineExceeded, or the connect timed out
                if call.halted.is_set():
                    raise Cancelled() from None
                raise RemoteError(
                    f"no answer from {self.base_url} within {self.timeout_s:g} s (--timeout) for "
                    "the whole request: the server is overloaded or the model is slow; raise "
                    "--timeout or lower --concurrency"
                ) from None
            except bh.CrossOriginRedirect as exc:
                raise RemoteError(
                    f"the server at {self.base_url} redirected to another host ({_origin_text(exc.location)}); "
                    "GeoRSMLLM does not follow it, so the API key never goes there: point "
                    "--base-url at the final address"
                ) from None
            except (bh.TooManyRedirects, bh.BodyTooLarge) as exc:
                raise RemoteError(f"the server at {self.base_url} misbehaved: {exc}") from None
            except (OSError, http.client.HTTPException) as exc:
                if call.halted.is_set():
                    raise Cancelled() from None
                if isinstance(exc, http.client.HTTPException) and not isinstance(exc, OSError):
                    raise RemoteError(
                        f"{self.base_url} did not answer HTTP ({type(exc).__name__}: "
                        f"{str(exc)[:80]!r}): is --base-url the OpenAI-compatible server's address "
                        "and port?"
                    ) from None
                if isinstance(exc, ConnectionRefusedError):
                    last = "refused the connection"
                else:
                    last = f"could not be reached ({type(exc).__name__}: {redact(str(exc))[:200]})"
            if attempt == self.max_tries:
                break
            backoff = self.backoff_s * 2 ** (attempt - 1) * random.uniform(1.0, 1.5)  # noqa: S311  # nosec B311
            delay = max(backoff, min(wait_s, MAX_RETRY_AFTER_S)) if wait_s is not None else backoff
            log.info("%s%s %s; retry %d/%d in %.2fs", self.base_url, path, last, attempt, self.max_tries - 1, delay)
            if call.halted.wait(delay):
                raise Cancelled()
        if last == "refused the connection":
            raise RemoteError(
                f"no server at {self.base_url} (connection refused, {self.max_tries} "
                "tries): start the server, or check --base-url"
            )
        raise RemoteError(
            f"the server at {self.base_url} {last} after {self.max_tries} tries: it "
            "is overloaded, restarting or still loading the model; try again later "
            "or lower --concurrency"
        )

    def _request(
        self, method: str, path: str, body: Optional[bytes] = None, call: Optional[bh.Connections] = None
    ) -> Any:
        raw = bh.request(method, self.base_url + path, body, self._headers, self.timeout_s, call)
        try:
            return json.loads(raw)
        except ValueError:
            raise RemoteError(
                f"{self.base_url}{path} did not answer JSON (is --base-url the "
                f"OpenAI-compatible API, usually ending in /v1?): {raw[:120]!r}"
            ) from None

    def _answer_text(self, data: Any) -> str:
        try:
            content = data["choices"][0]["message"].get("content")
        except (KeyError, IndexError, TypeError, AttributeError):
            raise RemoteError(
                f"the server at {self.base_url} did not answer an OpenAI chat completion: {str(data)[:200]}"
            ) from None
        if isinstance(content, list):  # content parts, as some servers return them
            content = "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        # A server echoing the key back in an answer must not put it in a layer or a log.
        return redact(content) if isinstance(content, str) else str(content or "")

    def _http_error(self, status: int, message: str) -> RemoteError:
        """A clear error for a status that retrying will not fix."""
        if status in (401, 403):
            if self.api_key_env:
                return RemoteError(
                    f"the server at {self.base_url} refused the API key in "
                    f"{self.api_key_env} (HTTP {status}, {message}): put the right key "
                    f"in that variable, or name another with --api-key-env"
                )
            return RemoteError(
                f"the server at {self.base_url} needs an API key (HTTP {status}, "
                f"{message}): put it in an environment variable and name that "
                f"variable with --api-key-env"
            )
        if status == 404:
            return RemoteError(
                f"model {self.model!r} not served at {self.base_url} (GET /models lists: {self._served_models()})"
            )
        return RemoteError(f"the server at {self.base_url} rejected the request (HTTP {status}): {message}")

    def _served_models(self) -> str:
        """What GET /models lists, for the 404 message; never raises."""
        try:
            data = self._request("GET", "/models")
            names = [str(m.get("id")) for m in data.get("data", []) if isinstance(m, dict)]
            return ", ".join(names) or "nothing"
        except bh.StatusError as exc:
            return f"HTTP {exc.status} there too: check --base-url, it usually ends in /v1"
        except Exception as exc:  # only feeds an error message
            return f"it failed: {type(exc).__name__}"
