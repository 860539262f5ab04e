"""The set-up's path and wheel rules for Linux, Windows and macOS (pure functions)."""

from __future__ import annotations

import subprocess

from georsmllm.plugin.setup import venv_paths as vp

NVIDIA_SMI = """Sun Dec  6 01:00:00 2026
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
|-----------------------------------------+------------------------+----------------------+
"""


def test_platforms_from_sys_platform():
    assert [vp.platform_of(p) for p in ("linux", "win32", "darwin", "cygwin")] == [
        "linux",
        "windows",
        "macos",
        "windows",
    ]


def test_venv_python_per_platform():
    assert vp.venv_python("/home/a/.local/share/QGIS/QGIS3/profiles/default/georsmllm/backend-venv", "linux").endswith(
        "/backend-venv/bin/python"
    )
    assert vp.venv_python(
        r"C:\Users\a\AppData\Roaming\QGIS\QGIS3\profiles\default\georsmllm\backend-venv", "windows"
    ) == (
        r"C:\Users\a\AppData\Roaming\QGIS\QGIS3\profiles\default\georsmllm"
        r"\backend-venv\Scripts\python.exe"
    )
    assert vp.venv_python("/Users/a/Library/x/backend-venv", "macos") == "/Users/a/Library/x/backend-venv/bin/python"


def test_default_venv_dir_and_base_python_per_platform():
    assert vp.default_venv_dir(r"C:\p", "windows") == r"C:\p\georsmllm\backend-venv"
    assert vp.default_venv_dir("/p", "linux") == "/p/georsmllm/backend-venv"
    assert vp.base_python(r"C:\OSGeo4W\apps\Python312", "windows") == r"C:\OSGeo4W\apps\Python312\python.exe"
    assert vp.base_python("/usr", "linux") == "/usr/bin/python3"
    assert vp.base_python("/Applications/QGIS.app/Contents/Frameworks", "macos").endswith("Frameworks/bin/python3")


def test_cuda_version_picks_the_wheel_the_driver_can_run():
    assert vp.parse_cuda_version(NVIDIA_SMI) == (12, 4)
    assert vp.parse_cuda_version("command not found") is None
    assert vp.torch_wheel("linux", (12, 4)) == "cu118"  # 12.4 < 12.6: the newest it runs is cu118
    assert vp.torch_wheel("linux", (12, 9)) == "cu128"
    assert vp.torch_wheel("windows", (12, 6)) == "cu126"
    assert vp.torch_wheel("linux", (11, 4)) == "cpu"  # driver too old for every CUDA wheel
    assert vp.torch_index_url("linux", None) == "https://download.pytorch.org/whl/cpu"
    assert vp.torch_index_url("windows", (12, 8)) == "https://download.pytorch.org/whl/cu128"


def test_no_cuda_on_macos_even_if_asked():
    assert vp.torch_wheel("macos", (12, 8)) == "default"
    assert vp.torch_index_url("macos", (12, 8)) is None


def test_detect_cuda_through_nvidia_smi_or_its_absence():
    def present(argv, **kwargs):
        return subprocess.CompletedProcess(argv, 0, stdout=NVIDIA_SMI, stderr="")

    def absent(argv, **kwargs):
        raise FileNotFoundError("nvidia-smi")

    assert vp.detect_cuda(present) == (12, 4)
    assert vp.detect_cuda(absent) is None


def test_setup_steps_install_torch_from_its_index_first():
    reqs = ["# comment", "numpy<2", "torch==2.14.1  # pinned", "torchvision==0.29.1", "rasterio==1.4.4", ""]
    steps = vp.setup_steps("/usr/bin/python3", "/v", reqs, "linux", None)
    assert steps[0].argv == ["/usr/bin/python3", "-m", "venv", "--system-site-packages", "/v"]
    torch = steps[2].argv
    assert torch[:4] == ["/v/bin/python", "-m", "pip", "install"]
    assert torch[4:] == ["torch==2.14.1", "torchvision==0.29.1", "--index-url", "https://download.pytorch.org/whl/cpu"]
    assert steps[3].argv[4:] == ["numpy<2", "rasterio==1.4.4"]
    mac = vp.setup_steps("/x/python3", "/v", reqs, "macos", None)
    assert "--index-url" not in mac[2].argv
    win = vp.setup_steps(r"C:\py\python.exe", r"C:\v", reqs, "windows", (12, 6))
    assert win[1].argv[0] == r"C:\v\Scripts\python.exe" and win[2].argv[-1].endswith("cu126")


def test_failure_kinds_say_what_went_wrong():
    assert vp.failure_kind("OSError: [Errno 28] No space left on device") == ("no_space", "")
    assert (
        vp.failure_kind("WARNING: Retrying ... NewConnectionError: Failed to establish a new connection")[0]
        == "no_network"
    )
    assert vp.failure_kind("Collecting x\nERROR: Could not find a version that satisfies the requirement x\n") == (
        "pip",
        "ERROR: Could not find a version that satisfies the requirement x",
    )
    assert vp.failure_kind("") == ("exit", "")


def test_failure_sentences(qgis_app):
    from georsmllm.plugin.setup.venv_task import failure_reason

    assert "disk is full" in failure_reason("OSError: [Errno 28] No space left on device", 1)
    assert "cannot reach the package index" in failure_reason("Temporary failure in name resolution", 1)
    assert (
        failure_reason("ERROR: No matching distribution found for x", 1)
        == "pip failed: ERROR: No matching distribution found for x"
    )
    assert failure_reason("", 3) == "The step failed with exit status 3."
