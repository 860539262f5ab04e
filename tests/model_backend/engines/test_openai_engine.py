"""The OpenAI-compatible engine against a real HTTP server on 127.0.0.1.

``LoopbackOpenAIServer`` stands in for vLLM (which cannot run here) and answers with recorded
Qwen2.5-VL outputs; everything on our side is the real code path, the CLI included.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from PIL import Image
from rasterio.transform import from_origin

from model_backend.engines.openai_engine import OpenAIEngine, RemoteError
from model_backend.errors import BadInput, Cancelled
from model_backend.families import qwen2_5_vl

from ..helpers import write_utm_rgb
from ..loopback_openai_server import DEFAULT_MODEL as MODEL
from ..loopback_openai_server import LoopbackOpenAIServer, recorded

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
KEY_VAR = "GEORSMLLM_TEST_SERVER_KEY"
MSGS = qwen2_5_vl.build_messages("detect", "", labels=["car"])


@pytest.fixture(autouse=True)
def _direct_to_loopback(monkeypatch):
    """urllib honours *_proxy variables; the loopback server must be reached directly."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with LoopbackOpenAIServer(answer=recorded("single_object")) as srv:
        yield srv


def make_engine(url: str, **kw) -> OpenAIEngine:
    kw = {"model": MODEL, "base_url": url, "timeout_s": 10.0, "backoff_s": 0.01, **kw}
    return OpenAIEngine(**kw)


def tile(w: int, h: int, seed: int = 0) -> Image.Image:
    return Image.fromarray(np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- family, payload, images ----------------------------------------------------------------
def test_family_from_the_served_name_and_describe(server):
    eng = make_engine(server.url)
    assert eng.family == "qwen2_5_vl" and eng.family_module is qwen2_5_vl
    d = eng.describe()
    assert (d["device"], d["quantization"], d["model"]) == ("remote", "server", MODEL)


def test_a_name_that_hides_the_family_asks_for_family(server):
    with pytest.raises(BadInput, match="--family"):
        make_engine(server.url, model="my-team-model")
    assert make_engine(server.url, model="my-team-model", family="qwen2_5_vl").family == "qwen2_5_vl"


def test_images_go_as_png_data_urls_at_tile_size_and_fed_size_is_the_servers(server):
    tiles = [tile(300, 200, 1), tile(64, 48, 2)]
    gens = make_engine(server.url).generate(tiles, [MSGS, MSGS], max_new_tokens=77)
    got = sorted(server.requests, key=lambda r: r.images[0].size[0], reverse=True)
    assert [r.images[0].format for r in got] == ["PNG", "PNG"]
    for sent, seen in zip(tiles, got):
        assert len(seen.images) == 1
        assert np.array_equal(np.asarray(seen.images[0].convert("RGB")), np.asarray(sent))  # lossless
        assert seen.body["model"] == MODEL and seen.body["max_tokens"] == 77
        assert seen.body["temperature"] == 0
        assert seen.texts == [MSGS[0]["content"][1]["text"]] and "'car'" in seen.texts[0]
    # smart_resize by hand (factor 28, pixels in [3136, 12845056]): 300x200 -> 11*28 x 7*28;
    # 64x48 -> 2*28 x 2*28 (= 3136, exactly the minimum).
    assert [g.fed_size for g in gens] == [(308, 196), (56, 56)]
    assert all(g.text == recorded("single_object") for g in gens)


def test_history_turns_go_as_plain_text_assistant_messages(server):
    msgs = qwen2_5_vl.build_messages("ask", "And now?", history=[("What is here?", "A port.")])
    make_engine(server.url).generate([tile(40, 40)], [msgs], 8)
    sent = server.requests[0].body["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[0]["content"][0]["type"] == "image_url" and sent[0]["content"][1]["text"] == "What is here?"
    assert sent[1]["content"] == "A port." and sent[2]["content"] == "And now?"


# -- concurrency ----------------------------------------------------------------------------
def test_requests_run_concurrently_up_to_the_limit_and_answers_keep_order():
    def answer(seen):
        return f"w={seen.images[0].size[0]}"

    with LoopbackOpenAIServer(answer=answer, delay_s=0.3) as srv:
        progress = []
        t0 = time.monotonic()
        gens = make_engine(srv.url, concurrency=3).generate(
            [tile(32 + i, 32) for i in range(7)],
            [MSGS] * 7,
            8,
            on_token=lambda done, total: progress.append((done, total)),
        )
        elapsed = time.monotonic() - t0
        assert srv.max_in_flight == 3 and len(srv.requests) == 7
    assert [g.text for g in gens] == [f"w={32 + i}" for i in range(7)]
    assert 0.85 < elapsed < 7 * 0.3  # three waves of 0.3 s, not seven
    assert progress == [(i, 7) for i in range(1, 8)]


# -- retries and errors ---------------------------------------------------------------------
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_busy_statuses_are_retried_then_succeed(status):
    with LoopbackOpenAIServer(answer="ok", fail_first=2, fail_status=status) as srv:
        gens = make_engine(srv.url).generate([tile(32, 32)], [MSGS], 8)
        assert gens[0].text == "ok" and len(srv.requests) == 3


def test_retry_after_is_honoured():
    with LoopbackOpenAIServer(answer="ok", fail_first=1, retry_after="1") as srv:
        make_engine(srv.url).generate([tile(32, 32)], [MSGS], 8)
        gap = srv.requests[1].arrived - srv.requests[0].arrived
    assert 0.95 < gap < 2.0  # the backoff alone would be 0.01 s


def test_gives_up_after_max_tries_with_a_clear_error():
    with LoopbackOpenAIServer(answer="ok", fail_first=99) as srv:
        with pytest.raises(RemoteError, match=r"kept answering HTTP 503 .* after 4 tries"):
            make_engine(srv.url, max_tries=4).generate([tile(32, 32)], [MSGS], 8)
        assert len(srv.requests) == 4


def test_a_bad_request_is_not_retried():
    with LoopbackOpenAIServer(answer="ok", fail_first=99, fail_status=400) as srv:
        with pytest.raises(RemoteError, match=r"rejected the request \(HTTP 400\)"):
            make_engine(srv.url).generate([tile(32, 32)], [MSGS], 8)
        assert len(srv.requests) == 1


def test_wrong_api_key_names_the_variable_and_never_shows_the_key(monkeypatch):
    monkeypatch.setenv(KEY_VAR, "wrong-key-123")
    with LoopbackOpenAIServer(answer="ok", api_key="s3cret") as srv:
        with pytest.raises(RemoteError) as err:
            make_engine(srv.url, api_key_env=KEY_VAR).generate([tile(32, 32)], [MSGS], 8)
        assert srv.requests[0].authorization == "Bearer wrong-key-123" and len(srv.requests) == 1
    msg = str(err.value)
    assert KEY_VAR in msg and "HTTP 401" in msg and "wrong-key-123" not in msg


def test_right_api_key_is_sent_as_bearer(monkeypatch):
    monkeypatch.setenv(KEY_VAR, "s3cret")
    with LoopbackOpenAIServer(answer="ok", api_key="s3cret") as srv:
        eng = make_engine(srv.url, api_key_env=KEY_VAR)
        assert eng.generate([tile(32, 32)], [MSGS], 8)[0].text == "ok"
        assert srv.requests[0].authorization == "Bearer s3cret"
    assert "s3cret" not in repr(eng) and "s3cret" not in str(eng.describe())


def test_a_server_wanting_a_key_when_none_is_given_points_to_api_key_env():
    with LoopbackOpenAIServer(answer="ok", api_key="s3cret") as srv:
        with pytest.raises(RemoteError, match="needs an API key.*--api-key-env"):
            make_engine(srv.url).generate([tile(32, 32)], [MSGS], 8)


def test_unset_key_variable_is_bad_input_at_construction(monkeypatch, server):
    monkeypatch.delenv(KEY_VAR, raising=False)
    with pytest.raises(BadInput, match=f"{KEY_VAR} is not set"):
        make_engine(server.url, api_key_env=KEY_VAR)


def test_unknown_model_lists_what_the_server_serves():
    with LoopbackOpenAIServer(answer="ok", models=(MODEL, "llava:7b")) as srv:
        with pytest.raises(RemoteError) as err:
            make_engine(srv.url, model="Qwen/Qwen2.5-VL-7B-Instruct").generate([tile(32, 32)], [MSGS], 8)
    assert str(err.value) == (
        f"model 'Qwen/Qwen2.5-VL-7B-Instruct' not served at {srv.url} (GET /models lists: {MODEL}, llava:7b)"
    )


def test_a_base_url_without_v1_says_so(server):
    url = server.url[: -len("/v1")]
    with pytest.raises(RemoteError, match="HTTP 404 there too: check --base-url, it usually ends in /v1"):
        make_engine(url).generate([tile(32, 32)], [MSGS], 8)


def test_timeout_is_clear_and_not_retried():
    with LoopbackOpenAIServer(answer="ok", delay_s=5) as srv:
        t0 = time.monotonic()
        with pytest.raises(RemoteError, match=r"no answer from .* within 0.3 s \(--timeout\)"):
            make_engine(srv.url, timeout_s=0.3).generate([tile(32, 32)], [MSGS], 8)
        assert time.monotonic() - t0 < 2 and len(srv.requests) == 1


def test_connection_refused_says_no_server():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(RemoteError, match=rf"no server at {url} \(connection refused, 3 tries\)"):
        make_engine(url, max_tries=3).generate([tile(32, 32)], [MSGS], 8)


def test_bad_base_url_is_bad_input():
    with pytest.raises(BadInput, match="--base-url must be an http"):
        make_engine("localhost:8000/v1")


# -- cancel ---------------------------------------------------------------------------------
def test_cancel_before_sends_nothing(server):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        make_engine(server.url).generate([tile(32, 32)], [MSGS], 8, cancel=cancel)
    assert server.requests == []


def test_cancel_interrupts_the_wait_between_retries():
    with LoopbackOpenAIServer(answer="ok", fail_first=99, retry_after="30") as srv:
        cancel = threading.Event()
        threading.Timer(0.2, cancel.set).start()
        t0 = time.monotonic()
        with pytest.raises(Cancelled):
            make_engine(srv.url).generate([tile(32, 32)], [MSGS], 8, cancel=cancel)
        assert time.monotonic() - t0 < 1.5 and len(srv.requests) == 1


def test_cancel_mid_batch_returns_at_once_and_sends_no_more():
    with LoopbackOpenAIServer(answer="ok", delay_s=0.6) as srv:
        cancel = threading.Event()
        threading.Timer(0.2, cancel.set).start()
        t0 = time.monotonic()
        with pytest.raises(Cancelled):
            make_engine(srv.url, concurrency=2).generate([tile(32, 32)] * 6, [MSGS] * 6, 8, cancel=cancel)
        assert time.monotonic() - t0 < 0.5  # did not wait for the two in flight
        time.sleep(0.7)  # the two in flight finish; nothing else may follow them
        assert len(srv.requests) == 2


# -- the real CLI ---------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model_backend", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_detect_through_a_server_puts_the_recorded_boxes_on_the_map(tmp_path):
    # 1400 x 800 px at 2 m: one 1400 px tile, sent as is. The server's processor makes it
    # 1400 x 812 (1400 = 50*28; 800/28 = 28.6 -> 29*28 = 812): the recorded boxes are in that.
    origin_x, origin_y, px = 500000.0, 4500000.0, 2.0
    tif = str(tmp_path / "scene.tif")
    cols = np.arange(1400, dtype=np.uint16)[None, :] % 251
    data = np.stack(
        [
            np.broadcast_to(cols, (800, 1400)),
            np.full((800, 1400), 90),
            np.broadcast_to(np.arange(800)[:, None] % 241, (800, 1400)),
        ]
    ).astype("uint8")
    with rasterio.open(
        tif,
        "w",
        driver="GTiff",
        width=1400,
        height=800,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(origin_x, origin_y, px, px),
    ) as dst:
        dst.write(data)
    out = tmp_path / "x.gpkg"
    with LoopbackOpenAIServer(answer=recorded("clean_two_boxes")) as srv:
        r = run_cli(
            "detect",
            "--engine",
            "openai",
            "--base-url",
            srv.url,
            "--model",
            MODEL,
            "--raster",
            tif,
            "--labels",
            "car",
            "--tile-size",
            "1400",
            "--out",
            str(out),
        )
        assert r.returncode == 0, r.stderr
        assert len(srv.requests) == 1 and srv.requests[0].images[0].size == (1400, 800)
        assert "'car'" in srv.requests[0].texts[0]
    info = pyogrio.read_info(str(out), layer="detections")
    _, _, wkb, fields = pyogrio.raw.read(str(out), layer="detections")
    labels = list(fields[list(info["fields"]).index("label")])
    got = dict(zip(labels, shapely.from_wkb(wkb)))
    assert sorted(got) == ["airplane", "vehicle"]
    sx, sy = px * 1400 / 1400, px * 800 / 812  # metres per server-image pixel
    for label, (x1, y1, x2, y2) in {"airplane": (135, 114, 1016, 672), "vehicle": (1100, 40, 1230, 170)}.items():
        want = (origin_x + x1 * sx, origin_y - y2 * sy, origin_x + x2 * sx, origin_y - y1 * sy)
        assert got[label].bounds == pytest.approx(want, abs=1e-6)
        assert got[label].area == pytest.approx((x2 - x1) * sx * (y2 - y1) * sy)


def test_cli_ask_through_a_server(tmp_path, capsys):
    # In-process ``cli.main`` (same argparse and job path as ``python -m model_backend``):
    # a second subprocess would pay the torch import again for nothing the detect test lacks.
    from model_backend.cli import main

    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    out = tmp_path / "answer.gpkg"
    with LoopbackOpenAIServer(answer="A grid of fields crossed by a road.") as srv:
        code = main(
            [
                "ask",
                "--engine",
                "openai",
                "--base-url",
                srv.url,
                "--raster",
                tif,
                "--question",
                "What is here?",
                "--out",
                str(out),
            ]
        )
        printed = capsys.readouterr()
        assert code == 0, printed.err
        assert srv.requests[0].texts == ["What is here?"] and srv.requests[0].body["model"] == MODEL
    assert printed.out.strip() == "A grid of fields crossed by a road."
    info = pyogrio.read_info(str(out), layer="captions")
    _, _, _, fields = pyogrio.raw.read(str(out), layer="captions")
    row = dict(zip(info["fields"], [f[0] for f in fields]))
    assert row["answer"] == "A grid of fields crossed by a road."
    assert (row["device"], row["quantization"], row["model"]) == ("remote", "server", MODEL)


def test_cli_wrong_key_is_one_clear_line_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_VAR, "wrong-key-123")
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    with LoopbackOpenAIServer(answer="ok", api_key="s3cret") as srv:
        r = run_cli(
            "ask",
            "--engine",
            "openai",
            "--base-url",
            srv.url,
            "--api-key-env",
            KEY_VAR,
            "--raster",
            tif,
            "--out",
            str(tmp_path / "a.gpkg"),
        )
    assert r.returncode == 2, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and KEY_VAR in errors[0] and "HTTP 401" in errors[0]
    assert "Traceback" not in r.stderr and "wrong-key-123" not in r.stderr
    assert not (tmp_path / "a.gpkg").exists()
