"""The Set-up page in real headless QGIS: a real venv is created and filled through the same
QgsTask the user's "Create environment" runs, with nothing from the network (a wheel the test
writes, installed ``--no-index``); cancel; and the "Use an existing Python" check."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import BACKEND_PYTHON, wait_until

SYSTEM_PYTHON = "/usr/bin/python3"


def write_wheel(folder) -> str:
    """A minimal valid pure-Python wheel (RECORD with real hashes), so pip installs offline."""
    files = {
        "georsmllm_probe/__init__.py": "VALUE = 42\n",
        "georsmllm_probe-0.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: georsmllm-probe\nVersion: 0.1\n",
        "georsmllm_probe-0.1.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(text.encode())}")
    record.append("georsmllm_probe-0.1.dist-info/RECORD,,")
    path = os.path.join(str(folder), "georsmllm_probe-0.1-py3-none-any.whl")
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
        zf.writestr("georsmllm_probe-0.1.dist-info/RECORD", "\n".join(record) + "\n")
    return path


@pytest.fixture
def page(qgis_app):
    from georsmllm.plugin.setup.setup_page import SetupPage

    pages = []

    def make(**kwargs):
        p = SetupPage(**kwargs)
        pages.append(p)
        return p

    yield make
    for p in pages:
        for task in (p.task, p.check_task):
            if task is not None:
                task.cancel()
        assert wait_until(lambda p=p: p.task is None and p.check_task is None, 30), "a set-up task kept running"

        p.deleteLater()


def test_machine_line_says_which_torch(page):
    assert "CPU build" in page(cuda=None, detect=False).machine_label.text()
    assert "cu126" in page(cuda=(12, 6), detect=False).machine_label.text()


def test_create_environment_offline_through_the_task(page, tmp_path):
    """Create a --system-site-packages venv and install a local wheel with --no-index: the
    user's path with a network-free plan; the venv's Python is handed on at the end."""
    from georsmllm.plugin.setup.venv_paths import Step, venv_python

    wheel = write_wheel(tmp_path)

    def steps(folder):
        python = venv_python(folder, "linux")
        return [
            Step("Creating the environment", [SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", folder]),
            Step("Installing", [python, "-m", "pip", "install", "--no-index", wheel]),
        ]

    p = page(cuda=None, detect=False, steps_for=steps)
    p.folder_edit.setText(str(tmp_path / "profile" / "georsmllm" / "backend-venv"))
    chosen = []
    p.python_chosen.connect(chosen.append)
    p.create_button.click()
    assert not p.create_button.isEnabled() and p.cancel_button.isEnabled()
    assert wait_until(lambda: p.task is None, 240), "set-up hung"
    assert p.last_error is None, p.log_view.toPlainText()[-2000:]
    assert chosen == [p.venv_python()] and os.access(chosen[0], os.X_OK)
    assert p.progress.value() == 100
    assert "Successfully installed georsmllm-probe-0.1" in p.log_view.toPlainText()
    probe = subprocess.run(
        [chosen[0], "-c", "import georsmllm_probe, sys; print(georsmllm_probe.VALUE, sys.flags.no_site)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.split()[0] == "42", probe.stderr


def test_failed_step_gives_pips_error(page, tmp_path):
    from georsmllm.plugin.setup.venv_paths import Step

    steps = [
        Step(
            "Installing",
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-index",
                "--dry-run",
                "georsmllm-package-that-does-not-exist",
            ],
        )
    ]
    p = page(cuda=None, detect=False, steps_for=lambda folder: steps)
    p.folder_edit.setText(str(tmp_path / "v"))
    p.create_button.click()
    assert wait_until(lambda: p.task is None, 120)
    assert p.last_error.startswith("Installing: pip failed: ERROR:"), p.last_error
    assert p.status_label.text() == p.last_error


def test_cancel_stops_the_running_step(page, tmp_path):
    from georsmllm.plugin.setup.venv_paths import Step

    marker = tmp_path / "never"
    steps = [
        Step("Sleeping", [sys.executable, "-c", "import time; print('started', flush=True); time.sleep(60)"]),
        Step("Never", [sys.executable, "-c", f"open({str(marker)!r}, 'w')"]),
    ]
    p = page(cuda=None, detect=False, steps_for=lambda folder: steps)
    p.folder_edit.setText(str(tmp_path / "v"))
    p.create_button.click()
    assert wait_until(lambda: "started" in p.log_view.toPlainText(), 30)
    p.cancel_button.click()
    assert wait_until(lambda: p.task is None, 15), "cancel did not stop the step"
    assert p.status_label.text() == "Cancelled."
    assert not marker.exists()


def test_existing_python_check_shows_versions_and_cuda(page):
    p = page(cuda=None, detect=False)
    chosen = []
    p.python_chosen.connect(chosen.append)
    p.python_edit.setText(BACKEND_PYTHON)
    p.check_button.click()
    assert wait_until(lambda: p.check_task is None, 120)
    text = p.check_label.text()
    assert text.startswith("Python 3.") and "torch 2." in text and "CUDA: " in text, text
    assert chosen == [BACKEND_PYTHON]


def test_existing_python_without_torch_is_refused(page):
    p = page(cuda=None, detect=False)
    chosen = []
    p.python_chosen.connect(chosen.append)
    p.python_edit.setText(SYSTEM_PYTHON)
    p.check_button.click()
    assert wait_until(lambda: p.check_task is None, 120)
    assert "Missing: torch" in p.check_label.text() and chosen == []


def test_too_little_disk_space_is_said_before_anything_starts(page, tmp_path):
    p = page(cuda=None, detect=False, needed_bytes=10**18)
    p.folder_edit.setText(str(tmp_path / "v"))
    p.create_button.click()
    assert p.task is None and p.create_button.isEnabled()
    assert p.status_label.text().startswith("Only ") and "needs about 1000000000 GB" in p.status_label.text()
    assert not (tmp_path / "v").exists()
