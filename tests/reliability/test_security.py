"""A model folder's own code never runs, pickle weights are never read, damaged folders are
the user's one clear line, and an API key is masked wherever it could be shown.

The hostile folders are real transformers checkpoints (the tiny Qwen2.5-VL) with what an
attacker would add: an ``auto_map`` naming a .py file that writes a marker when imported, or
a pickle that writes a marker when unpickled. The marker's absence is the proof."""

from __future__ import annotations

import ast
import fnmatch
import json
import logging
import os
import pathlib
import pickle  # nosec B403 - builds the hostile file the test proves is never read
import pty
import select
import shutil
import sys
import time

import pytest

from model_backend.engines import redact as R
from model_backend.engines.model_source import ALLOW_PATTERNS, resolve_model
from model_backend.errors import BadInput

from ..model_backend.helpers import write_utm_rgb
from .support import ROOT, WorkerProc, env, one_error_line, run_cli

MARKER_CODE = "open({marker!r}, 'w').write('the folder code ran')\n"


def hostile_copy(
    tiny: str,
    dest: pathlib.Path,
    marker: pathlib.Path,
    files=("config.json", "processor_config.json"),
    model_type: str = "evil_vl",
) -> str:
    """The tiny model with ``auto_map`` in ``files`` pointing at evil.py, which writes ``marker``."""
    shutil.copytree(tiny, dest)
    for name in files:
        path = dest / name
        data = json.loads(path.read_text()) if path.exists() else {}
        data["auto_map"] = {
            "AutoConfig": "evil.EvilConfig",
            "AutoProcessor": "evil.EvilProcessor",
            "AutoTokenizer": ["evil.EvilTokenizer", None],
        }
        if name == "config.json":
            data["model_type"] = model_type
        path.write_text(json.dumps(data))
    (dest / "evil.py").write_text(
        MARKER_CODE.format(marker=str(marker))
        + (
            "from transformers import PretrainedConfig, ProcessorMixin\n"
            "class EvilConfig(PretrainedConfig):\n    model_type = 'evil_vl'\n"
            "class EvilProcessor(ProcessorMixin):\n    pass\n"
        )
    )
    return str(dest)


def run_under_pty(args, answer: bytes = b"y\n", timeout: float = 240):
    """The CLI on a terminal (a pty), answering ``answer`` to any [y/N] question.
    Returns (exit code, everything the terminal showed, whether a question was answered)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the CLI
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "model_backend", *args], env())
    shown, answered, end = b"", False, time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if b"[y/N]" in shown and not answered:
            os.write(fd, answer)
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace"), answered


def test_folder_code_never_runs_even_when_the_terminal_answers_yes(tiny_model_dir, tmp_path):
    marker = tmp_path / "MARKER"
    folder = hostile_copy(tiny_model_dir, tmp_path / "evil", marker)
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    code, shown, answered = run_under_pty(
        [
            "ask",
            "--raster",
            tif,
            "--model",
            folder,
            "--family",
            "qwen2_5_vl",
            "--device",
            "cpu",
            "--max-new-tokens",
            "4",
            "--out",
            str(tmp_path / "a.gpkg"),
        ]
    )
    assert not marker.exists(), "the model folder's own code ran"
    assert code == 2, shown[-2000:]
    errors = [line for line in shown.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "own Python code" in errors[0] and "auto_map" in errors[0], shown[-2000:]
    assert not answered  # refused before transformers could even ask
    assert "[load]" not in shown  # nor was anything loaded


@pytest.mark.parametrize(
    "files",
    [
        ("config.json",),
        ("processor_config.json",),
        ("tokenizer_config.json",),
        ("preprocessor_config.json",),
        ("generation_config.json",),
    ],
)
def test_auto_map_in_any_config_is_refused_before_loading(files, tiny_model_dir, tmp_path):
    marker = tmp_path / "MARKER"
    folder = hostile_copy(tiny_model_dir, tmp_path / "evil", marker, files=files, model_type="qwen2_5_vl")
    with pytest.raises(BadInput, match="own Python code") as exc:
        resolve_model(folder)
    assert files[0] in str(exc.value)
    assert not marker.exists()


def test_auto_map_nested_in_a_processor_sub_config_is_refused(tiny_model_dir, tmp_path):
    folder = tmp_path / "nested"
    shutil.copytree(tiny_model_dir, folder)
    cfg = json.loads((folder / "processor_config.json").read_text())
    cfg["image_processor"] = {**cfg.get("image_processor", {}), "auto_map": {"AutoImageProcessor": "evil.X"}}
    (folder / "processor_config.json").write_text(json.dumps(cfg))
    with pytest.raises(BadInput, match="own Python code"):
        resolve_model(str(folder))


def test_worker_refuses_a_folder_with_code_without_running_it(tiny_model_dir, tmp_path):
    marker = tmp_path / "MARKER"
    folder = hostile_copy(tiny_model_dir, tmp_path / "evil", marker)
    w = WorkerProc()
    try:
        requests = [
            ("model_info", {"model": folder}),
            ("load_model", {"model": folder, "device": "cpu"}),
            ("load_model", {"model": folder, "device": "cpu", "family": "qwen2_5_vl"}),
        ]
        for i, (method, params) in enumerate(requests):
            reply = w.call(i, method, params)
            assert reply["error"]["code"] == -32001 and "own Python code" in reply["error"]["message"], reply
    finally:
        w.close()
    assert not marker.exists()


def _from_pretrained_calls():
    for path in sorted(pathlib.Path(ROOT, "model_backend").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "from_pretrained"
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def test_every_from_pretrained_call_passes_trust_remote_code_false():
    """transformers asks at a terminal (and runs the code on 'y') when trust_remote_code is
    left out: every call in the backend, tiny models and gpu-check included, says False."""
    calls = list(_from_pretrained_calls())
    assert len(calls) >= 3, calls  # the engine's processor, config and model at least
    missing = [
        where
        for where, node in calls
        if not any(
            k.arg == "trust_remote_code" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        )
    ]
    assert missing == [], f"from_pretrained without trust_remote_code=False: {missing}"


def test_hub_downloads_never_fetch_code_or_pickles():
    for name in (
        "modeling_evil.py",
        "pytorch_model.bin",
        "model.pt",
        "model.pth",
        "weights.ckpt",
        "x.pkl",
        "tokenization_evil.py",
        "run.sh",
    ):
        assert not any(fnmatch.fnmatch(name, pattern) for pattern in ALLOW_PATTERNS), name


class _Payload:
    """Unpickling this writes a marker file: what a hostile pytorch_model.bin does."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('unpickled')",))


def test_pickle_weights_beside_safetensors_are_never_read(tiny_model_dir, tmp_path):
    from model_backend.engines.transformers_engine import TransformersEngine

    marker = tmp_path / "MARKER"
    folder = tmp_path / "both"
    shutil.copytree(tiny_model_dir, folder)
    for name in ("pytorch_model.bin", "model.pt"):
        (folder / name).write_bytes(pickle.dumps(_Payload(str(marker))))
    engine = TransformersEngine(str(folder), device="cpu", quantization="none")
    assert engine.family == "qwen2_5_vl"
    assert not marker.exists(), "a pickle weight file was unpickled"


@pytest.mark.parametrize("name", ["pytorch_model.bin", "model.pt", "model.ckpt", "weights.pkl"])
def test_a_folder_with_only_pickle_weights_is_refused(name, tmp_path):
    marker = tmp_path / "MARKER"
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "qwen2_5_vl"}))
    (tmp_path / name).write_bytes(pickle.dumps(_Payload(str(marker))))
    with pytest.raises(BadInput, match="safetensors"):
        resolve_model(str(tmp_path))
    assert not marker.exists()


# -- secrets in messages ----------------------------------------------------------------
SECRET = "sk-unit-Zz81/+k\\ey=="  # '/', '+', '=' and a backslash: every escaping differs


@pytest.fixture
def registered():
    R.register(SECRET)
    yield SECRET
    R._SECRETS.clear()


def _spellings():
    from urllib.parse import quote, quote_plus

    return {
        "plain": SECRET,
        "bearer": f"Authorization: Bearer {SECRET}",
        "url": f"/v1?key={quote(SECRET, safe='')}",
        "url-plus": f"key={quote_plus(SECRET)}",
        "json": json.dumps({"error": {"message": SECRET}}),
        "twice": f"{SECRET} and {SECRET}",
    }


@pytest.mark.parametrize("form", list(_spellings()))
def test_redact_masks_every_spelling_of_a_registered_key(form, registered):
    masked = R.redact(_spellings()[form])
    assert R.MASK in masked
    for spelling in _spellings().values():
        assert spelling not in masked


def test_a_short_key_is_not_registered_so_messages_stay_readable():
    R.register("abc")
    try:
        assert R.redact("abcdef") == "abcdef"
    finally:
        R._SECRETS.clear()


def test_log_records_and_tracebacks_are_masked(registered, capsys):
    logger = logging.getLogger("georsmllm.test.redact")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    R.guard_handlers(logger)
    try:
        logger.warning("sent %s", SECRET)
        try:
            raise RuntimeError(f"server said {SECRET}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert SECRET not in err and err.count(R.MASK) >= 2 and "RuntimeError" in err


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/v1",
        "localhost:8000/v1",
        "http://",
        "http://user:pass@127.0.0.1:8000/v1",
        "javascript:alert(1)",
        "http://127.0.0.1:port/v1",
        "http://127.0.0.1:8000/v1#frag",
        "gopher://127.0.0.1:70/",
    ],
)
def test_non_http_base_urls_are_refused_before_any_work(url, tmp_path):
    from model_backend.jobs.run import validate
    from model_backend.protocol import JobSpec

    with pytest.raises(BadInput, match="base-url"):
        validate(JobSpec(raster=str(tmp_path / "none.tif"), engine="openai", base_url=url, model="m"))


def test_cli_refuses_a_file_url_with_exit_2(tmp_path):
    proc = run_cli(
        "ask",
        "--raster",
        str(tmp_path / "none.tif"),
        "--engine",
        "openai",
        "--base-url",
        "file:///etc/passwd",
        "--model",
        "m",
        "--out",
        str(tmp_path / "a.gpkg"),
    )
    one_error_line(proc, "--base-url must be an http(s) URL")
