"""``tools/package.py``: the zip holds what QGIS needs and nothing the plugin repository rejects,
its checks do catch broken metadata and forbidden members, the real bandit with the repository's
rules runs on the zip, and a release refuses placeholder metadata."""

from __future__ import annotations

import configparser
import importlib.util
import os
import pathlib
import subprocess
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "package.py"
BANDIT = os.path.join(os.path.dirname(sys.executable), "bandit")  # requirements-dev.txt, in this venv


def _tool():
    spec = importlib.util.spec_from_file_location("package_tool", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(*args):
    # the system Python, as `make package` uses: the tool must need nothing from the venv
    return subprocess.run(
        ["/usr/bin/python3", str(TOOL), "--bandit", BANDIT, *args], capture_output=True, text=True, timeout=300
    )


def _plugin_tree(root: pathlib.Path, email: str, files: dict) -> pathlib.Path:
    """A minimal plugin folder that passes every rule but what the test plants in it."""
    root.mkdir()
    (root / "metadata.txt").write_text(
        f"[general]\nname=Plug\ndescription=d\nversion=1.0\nqgisMinimumVersion=3.22\nauthor=a\nemail={email}\n"
        "about=a\ntracker=https://git.sv.org/plug/issues\nrepository=https://git.sv.org/plug\n"
        "homepage=https://git.sv.org/plug\n",
        encoding="utf-8",
    )
    (root / "LICENSE").write_text("GPL")
    (root / "__init__.py").write_text("")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


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
    for required in (
        "metadata.txt",
        "__init__.py",
        "LICENSE",
        "resources/icon.png",
        "plugin/main.py",
        "model_backend/protocol.py",
        "model_backend/__main__.py",
        "requirements.txt",
    ):
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


def test_built_zip_is_bandit_clean_on_every_rule_the_repository_enables(tmp_path):
    proc = _run("--name", "georsmllm", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "bandit: 0 mandatory, 0 skippable finding(s)" in proc.stdout
    tool = _tool()
    assert "B105" in tool.MANDATORY_RULES and "B615" in tool.MANDATORY_RULES and "B101" in tool.SKIPPABLE_RULES
    (target,) = tmp_path.glob("georsmllm-*.zip")
    rules = tool.MANDATORY_RULES + tool.SKIPPABLE_RULES
    assert tool.security_findings(str(target), BANDIT, rules) == []


def test_planted_findings_are_caught_and_nosec_is_honoured(tmp_path):
    root = _plugin_tree(
        tmp_path / "plug",
        "dev@git.sv.org",
        {
            "plugin/creds.py": 'password = "x"\n',
            "plugin/tok.py": 'eos_token = "</s>"  # nosec B105 a tokenizer special token\nassert eos_token\n',
        },
    )
    proc = _run("--name", "plug", "--out", str(tmp_path / "dist"), "--root", str(root))
    assert proc.returncode == 1
    assert "plug/plugin/creds.py:1: B105" in proc.stderr  # mandatory: blocks
    assert "tok.py:1" not in proc.stderr  # the justified nosec
    assert "plug/plugin/tok.py:2: B101" in proc.stderr  # skippable: listed, does not fail alone
    (root / "plugin" / "creds.py").unlink()
    proc = _run("--name", "plug", "--out", str(tmp_path / "dist"), "--root", str(root))
    assert proc.returncode == 0, proc.stderr
    assert "B101" in proc.stderr and "0 mandatory, 1 skippable" in proc.stdout


@pytest.mark.parametrize(
    "email, refused", [("dev@example.org", True), ("someone@plug.invalid", True), ("dev@git.sv.org", False)]
)
def test_release_refuses_a_placeholder_email(tmp_path, email, refused):
    root = _plugin_tree(tmp_path / "plug", email, {})
    out = tmp_path / "dist"
    proc = _run("--name", "plug", "--out", str(out), "--root", str(root), "--release")
    assert (proc.returncode != 0) == refused, proc.stderr
    assert ("refusing a release" in proc.stderr and f"email={email}" in proc.stderr) == refused
    assert (out / "plug-1.0.zip").exists() != refused  # nothing built to upload by mistake
    test_build = _run("--name", "plug", "--out", str(out), "--root", str(root))
    assert test_build.returncode == 0, test_build.stderr
    assert ("WARNING: metadata.txt holds placeholders" in test_build.stderr) == refused


def test_make_package_passes_release_and_bandit():
    dry = subprocess.run(["make", "-n", "package", "RELEASE=1"], cwd=ROOT, capture_output=True, text=True)
    assert "tools/package.py" in dry.stdout and "--release" in dry.stdout and "/bandit" in dry.stdout
    dry = subprocess.run(["make", "-n", "package"], cwd=ROOT, capture_output=True, text=True)
    assert "tools/package.py" in dry.stdout and "--release" not in dry.stdout


@pytest.mark.parametrize(
    "metadata, expected",
    [
        ("[general]\nname=X\nname=Y\n", "does not parse"),
        ("[general]\nname=X\nabout=100% local\n", "does not parse"),
        ("[other]\nname=X\n", "no [general] section"),
        (
            "[general]\nname=X\ndescription=d\nversion=1\nqgisMinimumVersion=3.22\nauthor=a\nemail=e\n"
            "about=<b>bold</b>\ntracker=ftp://x.org\nrepository=https://x.org/r\n",
            "homepage is missing",
        ),
    ],
)
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
    assert any(": B101 " in f for f in tool.security_findings(str(target), BANDIT, tool.SKIPPABLE_RULES))


def test_failure_exits_non_zero_with_a_message(tmp_path):
    root = tmp_path / "plug"
    root.mkdir()
    (root / "metadata.txt").write_text("[general]\nversion=1.0\nname=plug\n", encoding="utf-8")
    (root / "__init__.py").write_text("")
    proc = _run("--name", "plug", "--out", str(tmp_path / "dist"), "--root", str(root))
    assert proc.returncode != 0
    assert "LICENSE is missing" in proc.stderr and "email is missing" in proc.stderr
