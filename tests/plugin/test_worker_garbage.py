"""The plugin's worker client survives a worker that writes garbage to stdout: bytes that are
not UTF-8, JSON that is no message, messages with the wrong shapes, nesting deep enough to
break a recursive parser, a line with no end, a flood. QGIS stays up, the garbage is reported
a few times and then counted, and the real answers written between it still arrive.

The worker here is a stand-in script (a real process behind the real QProcess client): a
real worker never writes garbage, so only a script can play the broken one."""

from __future__ import annotations

import stat
import sys
import textwrap

from .conftest import wait_until

GARBAGE = [
    b"\xff\xfe not utf-8",
    b"\x00\x00\x00",
    b"[1, 2, 3]",
    b'{"jsonrpc":"2.0","id":[1],"result":{}}',
    b'{"jsonrpc":"2.0","id":"x","result":{}}',
    b'{"jsonrpc":"2.0","id":true,"result":{}}',
    b'{"jsonrpc":"2.0","method":"progress","params":[1]}',
    b'{"jsonrpc":"2.0","method":"progress","params":{"job":JOB,"done":"abc","total":null}}',
    b'{"jsonrpc":"2.0","method":"progress","params":{"job":99999999999999,"done":1,"total":2}}',
    b'{"jsonrpc":"2.0","method":5}',
    b'{"jsonrpc":"2.0","method":"features","params":{"job":JOB,"features":"x"}}',
    b'{"jsonrpc":"2.0","method":"log","params":{"level":["x"],"message":{"a":1}}}',
    b'{"jsonrpc":"2.0","error":"not an object"}',
    b"[" * 100000,
    b"x" * (2 * 1024 * 1024),  # longer than the (lowered) line limit, with an end
]

SCRIPT = """
import json, sys
GARBAGE = {garbage!r}
out = sys.stdout.buffer
for line in sys.stdin.buffer:
    req = json.loads(line)
    for g in GARBAGE:
        out.write(g.replace(b"JOB", str(req["id"]).encode()) + b"\\n")
    for i in range(500):  # a flood
        out.write(b"flood %d\\n" % i)
    out.write(b"y" * (3 * 1024 * 1024))  # a line with no end (yet)...
    out.write(b"\\n")
    if req["method"] == "hello":
        reply = {{"jsonrpc": "2.0", "id": req["id"], "result": {{"protocol": 1, "pid": 1, "versions": {{}},
                                                                 "cuda": False, "devices": ["cpu"]}}}}
    elif req["method"] == "run":
        out.write(json.dumps({{"jsonrpc": "2.0", "method": "progress",
                              "params": {{"job": req["id"], "done": 1, "total": 2}}}}).encode() + b"\\n")
        reply = {{"jsonrpc": "2.0", "id": req["id"], "error": {{"code": "abc", "message": 5}}}}
    else:
        break
    out.write(json.dumps(reply).encode() + b"\\n")
    out.flush()
"""


def test_the_client_survives_a_worker_that_writes_garbage(qgis_app, tmp_path, monkeypatch, retired_workers_gone):
    from georsmllm.plugin.worker import client as client_mod

    monkeypatch.setattr(client_mod, "MAX_LINE_BYTES", 1024 * 1024)
    script = tmp_path / "garbage_worker.py"
    script.write_text(textwrap.dedent(SCRIPT.format(garbage=GARBAGE)))
    fake_python = tmp_path / "python"
    fake_python.write_text(f"#!/bin/sh\nexec {sys.executable} {script}\n")
    fake_python.chmod(fake_python.stat().st_mode | stat.S_IXUSR)

    c = client_mod.WorkerClient(str(fake_python))
    seen = {"hello": [], "log": [], "crashed": [], "failed": [], "progress": []}
    c.hello_received.connect(seen["hello"].append)
    c.log.connect(seen["log"].append)
    c.crashed.connect(seen["crashed"].append)
    c.failed.connect(lambda *a: seen["failed"].append(a))
    c.progress.connect(lambda *a: seen["progress"].append(a))
    try:
        c.hello()
        assert wait_until(lambda: seen["hello"], 60), (seen["crashed"], seen["log"][:10])
        assert seen["hello"][0]["devices"] == ["cpu"]
        job = c.run({"raster": "x.tif"})
        assert wait_until(lambda: seen["failed"], 60), seen["log"][-5:]
        # a reply whose error code is not a number still fails the job, as an internal error
        assert seen["failed"] == [(job, -32603, "5")]
        assert seen["progress"] == [(job, {"job": job, "done": 1, "total": 2})]  # the real one only
        c.hello()
        assert wait_until(lambda: len(seen["hello"]) == 2, 60)
    finally:
        c.shutdown()
    assert seen["crashed"] == []
    messages = [m["message"] for m in seen["log"]]
    assert not [m for m in messages if "Internal error while handling" in m], messages
    garbage_reports = [m for m in messages if m.startswith("The worker wrote")]
    assert len(garbage_reports) == client_mod.GARBAGE_REPORTS
    assert sum("further ones are not reported" in m for m in messages) == 1
    assert all(isinstance(m, str) for m in messages)  # the log slot gets strings, whatever came
