"""A conversation about one AOI: earlier turns reach the model, the result carries the new
history, and the CLI reads and writes it as JSON (--history / --history-out)."""

from __future__ import annotations

import json

import pytest

from model_backend.cli import main
from model_backend.engines.base import Generation
from model_backend.families import qwen2_5_vl
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from ..helpers import write_utm_rgb


class EchoEngine:
    """Records the messages it gets; answers with the number of user turns it saw."""

    family, family_module, device, quantization, model = "qwen2_5_vl", qwen2_5_vl, "cpu", "none", "echo"

    def __init__(self):
        self.messages = []

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        self.messages += messages
        return [Generation(f"turn {sum(m['role'] == 'user' for m in msgs)}", (28, 28)) for msgs in messages]


def ask(job, engine):
    ctx = JobContext(1, lambda m, p: None, EngineCache(factory=lambda **kw: engine))
    return run_job(job, ctx)


def texts(messages):
    return [(m["role"], [c.get("text") for c in m["content"] if c["type"] == "text"][0]) for m in messages]


def test_history_reaches_the_model_and_comes_back_longer(tmp_path):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    engine = EchoEngine()
    history = [["What is here?", "A port."], ["How many ships?", "About ten."]]
    res = ask(JobSpec(raster=tif, question="Which is the largest?", history=history, model="echo"), engine)
    msgs = engine.messages[0]
    assert texts(msgs) == [
        ("user", "What is here?"),
        ("assistant", "A port."),
        ("user", "How many ships?"),
        ("assistant", "About ten."),
        ("user", "Which is the largest?"),
    ]
    assert sum(c["type"] == "image" for m in msgs for c in m["content"]) == 1  # one image, first turn
    assert res["answer"] == "turn 3"
    assert res["history"] == history + [["Which is the largest?", "turn 3"]]
    assert history == [["What is here?", "A port."], ["How many ships?", "About ten."]]  # not mutated


def test_no_history_is_a_one_turn_conversation(tmp_path):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    res = ask(JobSpec(raster=tif, question="What is here?", model="echo"), EchoEngine())
    assert res["history"] == [["What is here?", "turn 1"]]


@pytest.mark.parametrize("bad", [[["only a question"]], "text", [[1, 2, 3]]])
def test_malformed_history_is_bad_input(tmp_path, bad):
    from model_backend.errors import BadInput

    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    with pytest.raises(BadInput, match="history"):
        ask(JobSpec(raster=tif, history=bad, model="echo"), EchoEngine())


def test_cli_history_roundtrip_with_the_tiny_model(tiny_model_dir, tmp_path, capsys):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    first, second = tmp_path / "h1.json", tmp_path / "h2.json"
    common = [
        "--raster",
        tif,
        "--model",
        tiny_model_dir,
        "--device",
        "cpu",
        "--quantization",
        "none",
        "--max-new-tokens",
        "3",
        "--out",
        str(tmp_path / "a.gpkg"),
    ]
    assert main(["ask", *common, "--question", "What is here?", "--history-out", str(first)]) == 0
    turns = json.loads(first.read_text())
    assert len(turns) == 1 and turns[0][0] == "What is here?" and isinstance(turns[0][1], str)
    assert (
        main(["ask", *common, "--question", "And the roads?", "--history", str(first), "--history-out", str(second)])
        == 0
    )
    turns2 = json.loads(second.read_text())
    assert turns2[:1] == turns and turns2[1][0] == "And the roads?"
    capsys.readouterr()
    bad = tmp_path / "bad.json"
    bad.write_text('{"q": "a"}')
    assert main(["ask", *common, "--history", str(bad)]) == 2
    assert main(["ask", *common, "--history", str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert "[question, answer] pairs" in err and "History file not found" in err
