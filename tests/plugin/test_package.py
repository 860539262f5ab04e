"""``tools/package.py``: the zip holds what QGIS needs and nothing the plugin repository rejects,
and its checks do catch broken metadata and forbidden members."""
from __future__ import annotations

import configparser
import importlib.util
import pathlib
import subprocess
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "package.py"


def _tool():
    spec = importlib.util.spec_from_file_location("package_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(*args):
    # the system Python, as `make package` uses: the tool must need nothing from the venv
    return subprocess.run(["/usr/bin/python3", str(TOOL), *args], capture_output=True, text=True, timeout=120)


def test_zip_follows_the_repository_rules(tmp_path):
    proc = _run("--name", "georsmllm", "--out", str(tmp_path), "--allow-security-findings")
    assert proc.returncode == 0, proc.stderr
    meta = configparser.ConfigParser()
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    version = meta["general"]["version"]
    target = tmp_path / f"georsmllm-{version}.zip"
    assert target.exists() and target.stat().st_size < 25 * 1024 * 1024
    names = zipfile.ZipFile(target).namelist()
    assert {n.split("/", 1)[0] for n in names} == {"georsmllm"}
    for required in ("metadata.txt", "__init__.py", "LICENSE", "resources/icon.png", "plugin/main.py",
                     "model_backend/protocol.py", "model_backend/__main__.py", "requirements.txt"):
        assert f"georsmllm/{required}" in names, required
    for name in names:
        parts = name.split("/")
        assert not name.endswith((".pyc", ".pyo")), name
        assert not {"__pycache__", "tests", ".venv", "build", "dist", "docs", ".git", ".ci"} & set(parts), name
    assert not any(n.startswith("georsmllm/tools/") for n in names)
    with zipfile.ZipFile(target) as zf:
        assert zf.read("georsmllm/LICENSE") == (ROOT / "LICENSE").read_bytes()
        assert b"GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_bytes()[:100]
    again = tmp_path / "again"
    assert _run("--name", "georsmllm", "--out", str(again), "--allow-security-findings").returncode == 0
    assert (again / target.name).read_bytes() == target.read_bytes()  # reproducible


def test_no_finding_the_repository_security_scan_would_block(tmp_path):
    proc = _run("--name", "georsmllm", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("metadata, expected", [
    ("[general]\nname=X\nname=Y\n", "does not parse"),
    ("[general]\nname=X\nabout=100% local\n", "does not parse"),
    ("[other]\nname=X\n", "no [general] section"),
    ("[general]\nname=X\ndescription=d\nversion=1\nqgisMinimumVersion=3.22\nauthor=a\nemail=e\n"
     "about=<b>bold</b>\ntracker=ftp://x.org\nrepository=https://x.org/r\n", "homepage is missing"),
])
def test_validation_rejects_bad_metadata(tmp_path, metadata, expected):
    tool = _tool()
    target = tmp_path / "bad.zip"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("plug/metadata.txt", metadata)
        zf.writestr("plug/__init__.py", "")
        zf.writestr("plug/LICENSE", "GPL")
    problems = tool.validate(str(target))
    assert any(expected in p for p in problems), problems
    if "homepage" in expected:
        assert any("tracker is not an http(s) URL" in p for p in problems)
        assert any("about contains HTML" in p for p in problems)


def test_validation_rejects_forbidden_members(tmp_path):
    tool = _tool()
    target = tmp_path / "bad.zip"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("plug/metadata.txt", (ROOT / "metadata.txt").read_text(encoding="utf-8"))
        zf.writestr("plug/__init__.py", "")
        zf.writestr("plug/plugin/__pycache__/x.cpython-311.pyc", b"")
        zf.writestr("plug/tests/test_x.py", "")
        zf.writestr("plug/../evil.py", "")
        zf.writestr("other/file.txt", "")
    problems = tool.validate(str(target))
    assert any("exactly one top folder" in p for p in problems), problems
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("plug/metadata.txt", (ROOT / "metadata.txt").read_text(encoding="utf-8"))
        zf.writestr("plug/__init__.py", "assert True\n")
        zf.writestr("plug/plugin/__pycache__/x.cpython-311.pyc", b"")
        zf.writestr("plug/tests/test_x.py", "")
        zf.writestr("plug/../evil.py", "")
    problems = tool.validate(str(target))
    assert any("x.cpython-311.pyc" in p for p in problems)
    assert any("tests/test_x.py" in p for p in problems)
    assert any("unsafe member path" in p and "evil" in p for p in problems)
    assert any("LICENSE is missing" in p for p in problems)
    assert any("icon resources/icon.png is not in the zip" in p for p in problems)
    assert any("B101 assert" in f for f in tool.security_findings(str(target)))


def test_failure_exits_non_zero_with_a_message(tmp_path):
    root = tmp_path / "plug"
    root.mkdir()
    (root / "metadata.txt").write_text("[general]\nversion=1.0\nname=plug\n", encoding="utf-8")
    (root / "__init__.py").write_text("")
    proc = _run("--name", "plug", "--out", str(tmp_path / "dist"), "--root", str(root))
    assert proc.returncode != 0
    assert "LICENSE is missing" in proc.stderr and "email is missing" in proc.stderr
