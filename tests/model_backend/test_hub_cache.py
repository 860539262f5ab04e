"""The model manager's hub cache commands, with no network: a cache the test writes in
huggingface_hub's own layout (blobs, snapshots linking to them, refs/main), read back through
``scan_cache_dir``, deleted through ``delete_revisions``, and the download path offline."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from model_backend import hub_cache

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def add_model(cache, repo_id: str, files, commit: str = COMMIT) -> str:
    """One cached repository as huggingface_hub writes it; the snapshot folder."""
    repo = os.path.join(str(cache), "models--" + repo_id.replace("/", "--"))
    snapshot = os.path.join(repo, "snapshots", commit)
    os.makedirs(os.path.join(repo, "blobs"), exist_ok=True)
    os.makedirs(os.path.join(repo, "refs"), exist_ok=True)
    for name, data in files.items():
        blob = os.path.join(repo, "blobs", hashlib.sha256(data).hexdigest())
        with open(blob, "wb") as f:
            f.write(data)
        target = os.path.join(snapshot, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.symlink(os.path.relpath(blob, os.path.dirname(target)), target)
    with open(os.path.join(repo, "refs", "main"), "w") as f:
        f.write(commit)
    return snapshot


def run_cli(*args, env=None):
    done = subprocess.run(
        [sys.executable, "-m", "model_backend.hub_cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines() if line.strip()], done.stderr


@pytest.fixture
def cache(tmp_path):
    folder = tmp_path / "hub"
    # commits differ per repository, as on the hub (delete_revisions selects by commit hash)
    add_model(folder, "org/small", {"config.json": b"{}", "model.safetensors": b"x" * 1000}, commit="f" * 40)
    add_model(
        folder, "org/big", {"config.json": b"{}", "model.safetensors": b"y" * 5000, "tokenizer.json": b'{"t": 1}'}
    )
    return str(folder)


def test_list_shows_models_and_sizes_largest_first(cache):
    models = hub_cache.cached_models(cache)
    assert [m["repo_id"] for m in models] == ["org/big", "org/small"]
    assert models[0]["size_on_disk"] == 5000 + 2 + 8 and models[1]["size_on_disk"] == 1002  # blobs, counted once
    assert models[0]["nb_files"] == 3 and models[0]["revisions"] == [COMMIT]


def test_absent_cache_is_empty(tmp_path):
    assert hub_cache.cached_models(str(tmp_path / "nothing")) == []
    assert hub_cache.delete_cached("org/x", str(tmp_path / "nothing")) == 0


def test_delete_removes_one_model_and_keeps_the_other(cache):
    freed = hub_cache.delete_cached("org/big", cache)
    assert freed == 5010
    assert [m["repo_id"] for m in hub_cache.cached_models(cache)] == ["org/small"]
    assert not os.path.exists(os.path.join(cache, "models--org--big", "blobs"))
    assert hub_cache.delete_cached("org/big", cache) == 0


def test_verify_names_missing_shards(tmp_path):
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    snap = add_model(
        tmp_path,
        "org/sharded",
        {
            "config.json": b"{}",
            "model.safetensors.index.json": json.dumps(index).encode(),
            "model-00001-of-00002.safetensors": b"z",
        },
    )
    assert hub_cache.verify(snap) == ["model-00002-of-00002.safetensors"]
    assert hub_cache.verify(add_model(tmp_path, "org/empty", {"README.md": b"hi"})) == ["config.json", "*.safetensors"]


def test_cli_lists_and_deletes(cache):
    code, events, _ = run_cli("--cache-dir", cache, "list")
    assert code == 0 and [m["repo_id"] for m in events[-1]["models"]] == ["org/big", "org/small"]
    code, events, _ = run_cli("--cache-dir", cache, "delete", "org/small")
    assert code == 0 and events[-1]["event"] == "deleted" and events[-1]["freed_bytes"] == 1002
    _, events, _ = run_cli("--cache-dir", cache, "list")
    assert [m["repo_id"] for m in events[-1]["models"]] == ["org/big"]


def test_offline_download_of_an_uncached_model_says_so(tmp_path):
    code, events, stderr = run_cli(
        "--cache-dir", str(tmp_path / "hub"), "download", "Qwen/Qwen2.5-VL-3B-Instruct", env={"HF_HUB_OFFLINE": "1"}
    )
    assert code == 1, stderr
    assert events[-1]["event"] == "error"
    assert events[-1]["message"].startswith("This computer is offline")
    assert "Traceback" not in stderr


def test_offline_download_of_a_cached_model_verifies_it(cache):
    """snapshot_download offline answers from the cache: the same path the manager takes."""
    code, events, stderr = run_cli("--cache-dir", cache, "download", "org/big", env={"HF_HUB_OFFLINE": "1"})
    assert code == 0, stderr
    assert events[-1]["event"] == "downloaded" and events[-1]["missing"] == []
    assert events[-1]["path"].endswith(os.path.join("snapshots", COMMIT))


def test_progress_lines_from_the_byte_bar(capsys):
    bar = hub_cache.progress_class(every_s=0)(total=2000, unit="B", desc="Downloading bytes")
    bar.update(500)
    bar.update(1500)
    bar.close()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {"event": "progress", "what": "Downloading bytes", "done": 500, "total": 2000},
        {"event": "progress", "what": "Downloading bytes", "done": 2000, "total": 2000},
    ]


def test_defaults_list_has_sizes():
    code, events, _ = run_cli("defaults")
    models = events[-1]["models"]
    assert code == 0 and models[0]["model"] == "Qwen/Qwen2.5-VL-3B-Instruct"
    assert all(m["download_bytes"] > 10**9 and m["family"] for m in models)
