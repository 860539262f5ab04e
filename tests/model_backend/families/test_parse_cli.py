"""``python -m model_backend parse`` through the real CLI entry point (``cli.main``, stdin in,
JSON out): fed-image pixels with ``--image-size``, the user's own image pixels with
``--sent-size`` (the jobs' fed -> image rule, GeoChat's padded square included), bad sizes exit 2."""

from __future__ import annotations

import io
import json

import pytest

from model_backend.cli import main
from model_backend.families import geochat, qwen2_5_vl
from model_backend.families.base import fed_to_image_mapping

QWEN = '```json\n[{"bbox_2d": [100, 50, 300, 250], "label": "tank"}]\n```'


def run(monkeypatch, capsys, argv, stdin):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["parse", *argv])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 else out.err)


def test_fed_image_pixels(monkeypatch, capsys):
    code, out = run(monkeypatch, capsys, ["--family", "qwen2_5_vl", "--image-size", "644", "476"], QWEN)
    assert code == 0 and out["pixels_of"] == "fed image" and out["unparsed"] is False
    assert out["point_sets"] == [{"points": [[100, 50], [300, 250]], "label": "tank", "score": None}]


def test_sent_size_maps_to_the_sent_image_through_the_server_fed_size(monkeypatch, capsys):
    """A 1000 x 500 image sent to a Qwen2.5-VL server is fed as 1008 x 504 (smart_resize)."""
    code, out = run(monkeypatch, capsys, ["--family", "qwen2_5_vl", "--sent-size", "1000", "500"], QWEN)
    assert code == 0 and out["image_size"] == list(qwen2_5_vl.server_fed_size(1000, 500)) == [1008, 504]
    ((p0, p1),) = [ps["points"] for ps in out["point_sets"]]
    assert p0 == pytest.approx([100 * 1000 / 1008, 50 * 500 / 504])
    assert p1 == pytest.approx([300 * 1000 / 1008, 250 * 500 / 504])


def test_sent_size_takes_geochat_padding_off(monkeypatch, capsys):
    """GeoChat pads a 1000 x 500 image to a 1000 square (250 px above and below), then feeds
    504 x 504: the grid's (50, 50) is the square's centre, the sent image's (500, 250)."""
    code, out = run(
        monkeypatch, capsys, ["--family", "geochat", "--sent-size", "1000", "500"], "{<40><40><60><60>|<0>}"
    )
    assert code == 0 and out["image_size"] == [504, 504]
    xs, ys = zip(*out["point_sets"][0]["points"])
    assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx((400, 150, 600, 350))
    assert fed_to_image_mapping(geochat, (1000, 500), (504, 504)) == pytest.approx((1000 / 504, 1000 / 504, 0, -250))


def test_both_sizes_given_uses_the_fed_size_given(monkeypatch, capsys):
    code, out = run(
        monkeypatch, capsys, ["--family", "qwen2_5_vl", "--image-size", "400", "200", "--sent-size", "800", "400"], QWEN
    )
    assert code == 0 and out["point_sets"][0]["points"] == [[200, 100], [600, 400]]


def test_unparsed_answers_say_so(monkeypatch, capsys):
    code, out = run(
        monkeypatch,
        capsys,
        ["--family", "qwen3_vl", "--image-size", "100", "100"],
        "I am not sure what is in this picture.",
    )
    assert code == 0 and out["unparsed"] is True and out["point_sets"] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--image-size", "0", "0"],
        ["--image-size", "640", "-1"],
        ["--sent-size", "0", "480"],
        [],
        ["--image-size", "64", "64", "--task", "no-such-task"],
    ],
)
def test_bad_sizes_and_tasks_exit_2_with_one_line(monkeypatch, capsys, argv):
    code, err = run(monkeypatch, capsys, ["--family", "qwen2_5_vl", *argv], QWEN)
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
