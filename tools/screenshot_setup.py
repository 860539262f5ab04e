"""Take docs/setup_page.png and docs/model_manager.png in real QGIS widgets under Xvfb.

Run from the repo root: ``xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/screenshot_setup.py``.
Offline and honest: the set-up page runs a real offline set-up (a venv with
``--system-site-packages`` and a small local wheel, as the tests do; the user's run installs
requirements.txt the same way) and checks this checkout's ``.venv`` as the existing Python; the
model manager lists a hub cache holding the tiny test model (named ``georsmllm/tiny-qwen2_5_vl``,
not a real model) and shows its memory estimate. Everything runs through the same QgsTasks.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import time

from qgis.core import QgsApplication

ROOT = os.getcwd()
sys.path.insert(0, os.path.join(ROOT, "build", "pkg"))  # the plugin as QGIS imports it (tests/plugin/conftest.py)
os.environ["HF_HUB_OFFLINE"] = "1"
app = QgsApplication([], True)
app.initQgis()

from qgis.PyQt.QtCore import QEventLoop, QTimer  # noqa: E402

from georsmllm.plugin.dock.model_manager import ModelManager  # noqa: E402
from georsmllm.plugin.setup.setup_page import SetupPage  # noqa: E402
from georsmllm.plugin.setup.venv_paths import Step, venv_python  # noqa: E402

sys.path.insert(0, ROOT)
from tests.plugin.test_setup_page import write_wheel  # noqa: E402

BACKEND = os.path.join(ROOT, ".venv", "bin", "python")
WORK = tempfile.mkdtemp()


def wait(condition, timeout_s):
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    assert condition(), "timed out"


def shot(widget, name):
    widget.show()
    wait(lambda: True, 0)
    for _ in range(10):
        app.processEvents()
    widget.grab().save(os.path.join(ROOT, "docs", name))
    print("saved docs/" + name)


wheel = write_wheel(WORK)


def steps(folder):
    python = venv_python(folder, "linux")
    return [
        Step("Creating the environment", ["/usr/bin/python3", "-m", "venv", "--system-site-packages", folder]),
        Step("Installing the packages", [python, "-m", "pip", "install", "--no-index", wheel]),
    ]


page = SetupPage(cuda=None, detect=False, steps_for=steps)
page.folder_edit.setText(os.path.join(WORK, "profiles", "default", "georsmllm", "backend-venv"))
page.show()
page.create_button.click()
wait(lambda: page.task is None, 180)
page.python_edit.setText(BACKEND)
page.check_button.click()
wait(lambda: page.check_task is None, 180)
shot(page, "setup_page.png")

cache = os.path.join(WORK, "hub")
tiny = os.path.join(WORK, "tiny")
subprocess.run(
    [BACKEND, "-m", "model_backend", "tiny-model", "--family", "qwen2_5_vl", "--out", tiny],
    check=True,
    cwd=ROOT,
    capture_output=True,
)
repo = os.path.join(cache, "models--georsmllm--tiny-qwen2_5_vl")
snap = os.path.join(repo, "snapshots", "c" * 40)
os.makedirs(os.path.join(repo, "blobs"))
os.makedirs(snap)
os.makedirs(os.path.join(repo, "refs"))
for name in os.listdir(tiny):
    with open(os.path.join(tiny, name), "rb") as f:
        data = f.read()
    blob = os.path.join(repo, "blobs", hashlib.sha256(data).hexdigest())
    with open(blob, "wb") as f:
        f.write(data)
    os.symlink(os.path.relpath(blob, snap), os.path.join(snap, name))
with open(os.path.join(repo, "refs", "main"), "w") as f:
    f.write("c" * 40)

manager = ModelManager(BACKEND, cache_dir=cache)
wait(lambda: not manager.busy(), 60)
manager.defaults_table.selectRow(0)
manager.model_edit.setText("Qwen/Qwen2.5-VL-3B-Instruct")
manager.download_button.click()  # offline: shows the plain-words offline message
wait(lambda: not manager.busy(), 60)
shot(manager, "model_manager.png")
app.exitQgis()
