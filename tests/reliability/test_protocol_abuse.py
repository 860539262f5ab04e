"""Whatever bytes arrive on the worker's stdin, the worker answers (or ignores a blank line)
and goes on: invalid UTF-8, lone surrogates, JSON that is not a request, nesting deep
enough to break a recursive parser, lines too long to hold. Tested on the line handler
directly (a real ``Worker``, fed bytes), by hypothesis, and through the real subprocess."""

from __future__ import annotations

import io
import json
from typing import Any, Dict, List, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model_backend import protocol as P
from model_backend import service
from model_backend.errors import ModelUnavailable
from model_backend.jobs.context import EngineCache

from .support import WorkerProc

KNOWN_CODES = {
    P.PARSE_ERROR,
    P.INVALID_REQUEST,
    P.METHOD_NOT_FOUND,
    P.INVALID_PARAMS,
    P.INTERNAL_ERROR,
    P.BAD_INPUT,
    P.CANCELLED,
    P.OUT_OF_MEMORY,
    P.BUSY,
    P.MODEL_UNAVAILABLE,
}


def _no_load(**kwargs: Any) -> Any:
    """Stands in for a model load, which these tests never need: a clear refusal."""
    raise ModelUnavailable("no model is loaded in the protocol tests")


def new_worker(stdin: bytes = b"") -> service.Worker:
    return service.Worker(io.BytesIO(stdin), io.StringIO(), EngineCache(factory=_no_load))


def sent(worker: service.Worker) -> List[Dict[str, Any]]:
    """Every line the worker wrote: each must be UTF-8 encodable, strict JSON, a JSON-RPC object."""
    out = []
    for line in worker.stdout.getvalue().splitlines():
        line.encode("utf-8")  # raises on a lone surrogate: the client could not read it

        def no_constants(name: str) -> Any:
            raise AssertionError(f"{name} is not JSON")

        msg = json.loads(line, parse_constant=no_constants)
        assert isinstance(msg, dict) and msg.get("jsonrpc") == "2.0", line
        out.append(msg)
    return out


HELLO = b'{"jsonrpc":"2.0","id":%d,"method":"hello"}'
# name -> (line, the error code of the reply, or None: no error / "result": a result)
LINES: Dict[str, tuple] = {
    "invalid-utf8": (b'\xff\xfe{"jsonrpc":"2.0","id":1,"method":"hello"}', P.PARSE_ERROR),
    "cut-utf8-sequence": (b'{"jsonrpc":"2.0","id":1,"method":"hel\xc3"}', P.PARSE_ERROR),
    "latin1-text": ('{"jsonrpc":"2.0","id":1,"method":"caf\u00e9"}'.encode("latin-1"), P.PARSE_ERROR),
    "nul-bytes": (b"\x00\x00\x00", P.PARSE_ERROR),
    "utf8-bom": (b"\xef\xbb\xbf" + HELLO % 1, P.PARSE_ERROR),
    "terminal-escapes": (b"\x1b[31mred\x1b[0m", P.PARSE_ERROR),
    "not-json": (b"hello worker", P.PARSE_ERROR),
    "truncated-json": (b'{"jsonrpc":"2.0","id":1,"meth', P.PARSE_ERROR),
    "deep-array": (b"[" * 100000, P.PARSE_ERROR),
    "deep-array-closed": (b"[" * 50000 + b"]" * 50000, P.PARSE_ERROR),
    "deep-object": (b'{"a":' * 50000 + b"1" + b"}" * 50000, P.PARSE_ERROR),
    "huge-integer-id": (b'{"jsonrpc":"2.0","id":' + b"9" * 5000 + b',"method":"hello"}', P.PARSE_ERROR),
    "json-array": (b"[1, 2, 3]", P.INVALID_REQUEST),
    "batch": (b"[" + HELLO % 1 + b"]", P.INVALID_REQUEST),
    "json-number": (b"42", P.INVALID_REQUEST),
    "json-string": (b'"hello"', P.INVALID_REQUEST),
    "json-null": (b"null", P.INVALID_REQUEST),
    "json-true": (b"true", P.INVALID_REQUEST),
    "no-jsonrpc": (b'{"id":1,"method":"hello"}', P.INVALID_REQUEST),
    "jsonrpc-1": (b'{"jsonrpc":"1.0","id":1,"method":"hello"}', P.INVALID_REQUEST),
    "method-number": (b'{"jsonrpc":"2.0","id":1,"method":5}', P.INVALID_REQUEST),
    "method-missing": (b'{"jsonrpc":"2.0","id":1}', P.INVALID_REQUEST),
    "id-object": (b'{"jsonrpc":"2.0","id":{"a":1},"method":"hello"}', P.INVALID_REQUEST),
    "id-list": (b'{"jsonrpc":"2.0","id":[1],"method":"hello"}', P.INVALID_REQUEST),
    "id-bool": (b'{"jsonrpc":"2.0","id":true,"method":"hello"}', P.INVALID_REQUEST),
    "id-nan": (b'{"jsonrpc":"2.0","id":NaN,"method":"hello"}', P.INVALID_REQUEST),
    "id-infinity": (b'{"jsonrpc":"2.0","id":1e999,"method":"hello"}', P.INVALID_REQUEST),
    "unknown-method": (b'{"jsonrpc":"2.0","id":1,"method":"rm -rf"}', P.METHOD_NOT_FOUND),
    "surrogate-method": (b'{"jsonrpc":"2.0","id":1,"method":"\\udfff"}', P.METHOD_NOT_FOUND),
    "params-array": (b'{"jsonrpc":"2.0","id":1,"method":"run","params":[1,2]}', P.INVALID_PARAMS),
    "params-string": (b'{"jsonrpc":"2.0","id":1,"method":"run","params":"x"}', P.INVALID_PARAMS),
    "run-without-raster": (b'{"jsonrpc":"2.0","id":1,"method":"run","params":{}}', P.INVALID_PARAMS),
    "surrogate-id": (b'{"jsonrpc":"2.0","id":"\\ud800","method":"hello"}', "result"),
    "crlf-line": (HELLO % 1 + b"\r\n", "result"),
    "string-id": (b'{"jsonrpc":"2.0","id":"abc","method":"hello"}', "result"),
    "notification": (b'{"jsonrpc":"2.0","method":"hello"}', None),
    "blank": (b"   \t ", None),
}


@pytest.mark.parametrize("name", list(LINES))
def test_a_malformed_line_is_answered_and_the_worker_goes_on(name):
    line, expect = LINES[name]
    worker = new_worker()
    worker.handle(line)  # never raises
    replies = sent(worker)
    if expect is None:
        assert replies == []
    elif expect == "result":
        assert len(replies) == 1 and "result" in replies[0], replies
    else:
        assert len(replies) == 1 and replies[0]["error"]["code"] == expect, replies
    worker.handle(HELLO % 99)
    assert sent(worker)[-1]["id"] == 99 and "result" in sent(worker)[-1]


def test_a_line_longer_than_the_limit_is_skipped_and_the_next_one_served(monkeypatch):
    monkeypatch.setattr(service, "MAX_LINE_BYTES", 1000)
    worker = new_worker(b'{"x":"' + b"a" * 5000 + b'"}\n' + HELLO % 7 + b"\n")
    worker.serve(grace_s=1)
    replies = sent(worker)
    assert replies[0]["error"]["code"] == P.INVALID_REQUEST and "longer than 1000" in replies[0]["error"]["message"]
    assert replies[1]["id"] == 7 and "result" in replies[1]


def test_end_of_input_without_a_newline_still_serves_the_last_line():
    worker = new_worker(HELLO % 3)
    worker.serve(grace_s=1)
    assert sent(worker)[-1]["id"] == 3


def test_a_surrogate_in_a_job_field_is_answered_in_valid_utf8():
    """The raster path holds a lone surrogate: the BAD_INPUT reply quotes it, escaped."""
    worker = new_worker()
    worker.handle(b'{"jsonrpc":"2.0","id":5,"method":"run","params":{"raster":"/no/\\udc80.tif","model":"m"}}')
    worker._job.join(30)
    reply = sent(worker)[-1]
    assert reply["id"] == 5 and reply["error"]["code"] == P.BAD_INPUT, reply


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_break_the_line_handler(data):
    worker = new_worker()
    for line in data.split(b"\n"):
        worker.handle(line)
    for msg in sent(worker):
        assert "error" not in msg or msg["error"]["code"] in KNOWN_CODES


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_method = st.sampled_from(["hello", "families", "cancel", "model_info", "load_model", "run", "nope", ""]) | st.text()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(msg_id=_json, method=_method, params=_json, extra=st.dictionaries(st.text(max_size=6), _json, max_size=3))
def test_arbitrary_requests_get_a_reply_with_a_known_code(msg_id, method, params, extra):
    """Any JSON object shaped like a request (shutdown left out: it ends the loop on purpose)."""
    if method == "shutdown":
        return
    worker = new_worker()
    worker.handle(json.dumps({**extra, "jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode())
    if worker._job is not None:
        worker._job.join(30)
    for msg in sent(worker):
        assert "error" not in msg or msg["error"]["code"] in KNOWN_CODES, msg
        assert not ("error" in msg and msg["error"]["code"] == P.INTERNAL_ERROR), msg


# -- the real subprocess ----------------------------------------------------------------
REAL_LINES = [
    "invalid-utf8",
    "surrogate-id",
    "surrogate-method",
    "json-array",
    "deep-array",
    "id-nan",
    "params-array",
    "nul-bytes",
]


@pytest.fixture(scope="module")
def worker():
    w = WorkerProc()
    yield w
    w.close()


@pytest.mark.parametrize("name", REAL_LINES)
def test_the_real_worker_survives_a_malformed_line(name, worker):
    line, expect = LINES[name]
    worker.write(line + b"\n")
    msg = worker.until(lambda m: "result" in m or "error" in m, timeout=60)[-1]
    if expect == "result":
        assert "result" in msg, msg
    else:
        assert msg["error"]["code"] == expect, msg
    assert worker.call(f"after-{name}", "hello")["result"]["pid"] == worker.proc.pid
    assert worker.not_json == []


def test_the_real_worker_skips_a_line_longer_than_16_mib(worker):
    worker.write(b'{"jsonrpc":"2.0","id":1,"method":"run","params":{"raster":"' + b"x" * (17 * 1024 * 1024) + b'"}}\n')
    msg = worker.until(lambda m: "error" in m, timeout=120)[-1]
    assert msg["error"]["code"] == P.INVALID_REQUEST and "longer than" in msg["error"]["message"]
    assert worker.call("after-long", "hello")["result"]["pid"] == worker.proc.pid


def _first(replies: List[Dict[str, Any]], msg_id: Any) -> Optional[Dict[str, Any]]:
    return next((m for m in replies if m.get("id") == msg_id), None)


def test_garbage_interleaved_with_requests_keeps_every_answer_in_order():
    lines = [HELLO % 1, b"\xff", b"[]", HELLO % 2, b"{", b'{"jsonrpc":"2.0","id":3,"method":"families"}']
    worker = new_worker(b"\n".join(lines) + b"\n")
    worker.serve(grace_s=1)
    replies = sent(worker)
    assert [m.get("id") for m in replies] == [1, None, None, 2, None, 3]
    assert _first(replies, 3)["result"]["qwen2_5_vl"]["tasks"]
