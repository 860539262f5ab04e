"""Where the backend venv lives and which torch wheel it gets, as pure functions.

Pure (no Qt, no subprocess unless passed in) so the Windows and macOS rules are unit-tested on
Linux: a venv keeps its Python in ``Scripts\\python.exe`` on Windows and ``bin/python``
elsewhere; macOS has no CUDA (PyPI's torch is the Metal/CPU build); elsewhere an NVIDIA driver
(``nvidia-smi`` reports the highest CUDA it supports) picks the newest PyTorch CUDA wheel index
that driver can run, else the CPU index (PyPI's Linux torch would pull 2 GB of CUDA libraries
that cannot run without a driver).
"""

from __future__ import annotations

import ntpath
import posixpath
import re
import subprocess  # nosec B404 venv, pip and nvidia-smi run as argv lists, never a shell
from dataclasses import dataclass
from typing import Callable, Iterable, List, Literal, Optional, Sequence, Tuple

Platform = Literal["linux", "windows", "macos"]
CudaVersion = Tuple[int, int]
TORCH_INDEX = "https://download.pytorch.org/whl/"
# PyTorch's CUDA wheel indexes, newest first: (lowest driver CUDA version that runs it, tag).
CUDA_WHEELS: Tuple[Tuple[CudaVersion, str], ...] = (((12, 8), "cu128"), ((12, 6), "cu126"), ((11, 8), "cu118"))
TORCH_PACKAGES = ("torch", "torchvision")


def platform_of(sys_platform: str) -> Platform:
    """``sys.platform`` -> the three layouts the set-up knows."""
    if sys_platform.startswith("win") or sys_platform == "cygwin":
        return "windows"
    if sys_platform == "darwin":
        return "macos"
    return "linux"


def venv_python(venv_dir: str, platform: Platform) -> str:
    """The interpreter inside a venv, spelt with that platform's separators."""
    if platform == "windows":
        return ntpath.join(venv_dir, "Scripts", "python.exe")
    return posixpath.join(venv_dir, "bin", "python")


def default_venv_dir(profile_dir: str, platform: Platform) -> str:
    """The venv in the QGIS profile folder: writable without admin rights on every platform,
    and kept when the plugin is updated (the plugin folder is replaced on update)."""
    join = ntpath.join if platform == "windows" else posixpath.join
    return join(profile_dir, "georsmllm", "backend-venv")


def parse_cuda_version(nvidia_smi_output: str) -> Optional[CudaVersion]:
    """``CUDA Version: 12.4`` in nvidia-smi's banner -> (12, 4); None when absent."""
    match = re.search(r"CUDA Version:\s*(\d+)\.(\d+)", nvidia_smi_output)
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_gpu_name(nvidia_smi_output: str) -> str:
    """The first GPU of ``nvidia-smi --query-gpu=name --format=csv,noheader`` output."""
    lines = [line.strip() for line in nvidia_smi_output.splitlines() if line.strip()]
    return lines[0] if lines else ""


def torch_wheel(platform: Platform, cuda: Optional[CudaVersion]) -> str:
    """``cu126``-style tag of the wheel to install, ``cpu``, or ``default`` (macOS: PyPI's)."""
    if platform == "macos":
        return "default"
    if cuda is not None:
        for lowest, tag in CUDA_WHEELS:
            if cuda >= lowest:
                return tag
    return "cpu"


def torch_index_url(platform: Platform, cuda: Optional[CudaVersion]) -> Optional[str]:
    """The ``--index-url`` for torch, or None to take it from PyPI (macOS)."""
    tag = torch_wheel(platform, cuda)
    return None if tag == "default" else TORCH_INDEX + tag


def detect_cuda(run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run) -> Optional[CudaVersion]:
    """The driver's CUDA version from ``nvidia-smi``; None without an NVIDIA driver."""
    try:
        done = run(["nvidia-smi"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_cuda_version(done.stdout) if done.returncode == 0 else None


@dataclass(frozen=True)
class Step:
    """One command of the set-up, with the line the progress bar shows for it."""

    label: str
    argv: List[str]


def split_torch(requirements: Iterable[str]) -> Tuple[List[str], List[str]]:
    """requirements.txt lines -> (torch/torchvision pins, the rest), comments dropped; torch goes
    first from its own index so the CPU/CUDA build is the one that stays."""
    torch: List[str] = []
    rest: List[str] = []
    for raw in requirements:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name = re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower()
        (torch if name in TORCH_PACKAGES else rest).append(line)
    return torch, rest


def setup_steps(
    base_python: str, venv_dir: str, requirements: Sequence[str], platform: Platform, cuda: Optional[CudaVersion]
) -> List[Step]:
    """Create the venv (``--system-site-packages``: QGIS's GDAL and numpy stay visible), then
    torch from the index that fits the machine, then the rest of requirements.txt."""
    python = venv_python(venv_dir, platform)
    torch, rest = split_torch(requirements)
    steps = [
        Step("Creating the environment", [base_python, "-m", "venv", "--system-site-packages", venv_dir]),
        Step("Updating pip", [python, "-m", "pip", "install", "--upgrade", "pip"]),
    ]
    if torch:
        index = torch_index_url(platform, cuda)
        steps.append(
            Step(
                f"Installing torch ({torch_wheel(platform, cuda)})",
                [python, "-m", "pip", "install", *torch, *(["--index-url", index] if index else [])],
            )
        )
    if rest:
        steps.append(Step("Installing the other packages", [python, "-m", "pip", "install", *rest]))
    return steps


NO_SPACE = ("No space left on device", "Errno 28")
NO_NETWORK = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Name or service not known",
    "ConnectTimeoutError",
    "ProxyError",
    "Could not fetch URL",
    "getaddrinfo failed",
)


FailureKind = Literal["no_space", "no_network", "pip", "exit"]


def failure_kind(log_text: str) -> Tuple[FailureKind, str]:
    """Why a step failed, from its output: no space, no network, else pip's own ERROR lines (the
    last five, as the detail), else only the exit status. The sentences are the task's (``tr``)."""
    if any(marker in log_text for marker in NO_SPACE):
        return "no_space", ""
    if any(marker in log_text for marker in NO_NETWORK):
        return "no_network", ""
    errors = [line.strip() for line in log_text.splitlines() if line.strip().startswith("ERROR")]
    if errors:
        return "pip", " ".join(errors[-5:])
    return "exit", ""


def base_python(exec_prefix: str, platform: Platform) -> str:
    """The Python QGIS itself runs on (inside QGIS ``sys.executable`` is the qgis binary): the
    new venv is made from it so ``--system-site-packages`` sees QGIS's own GDAL and numpy.
    OSGeo4W keeps it at ``apps\\Python3x\\python.exe`` (= ``sys.exec_prefix``), QGIS.app and
    Linux at ``<exec_prefix>/bin/python3``."""
    if platform == "windows":
        return ntpath.join(exec_prefix, "python.exe")
    return posixpath.join(exec_prefix, "bin", "python3")
