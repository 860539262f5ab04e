"""A failed run leaves nothing new at the output path, and a user's file there byte-identical.

Every case runs the real CLI (in process) against a real server on 127.0.0.1 that fails in one
way, into each output format, with and without a file of the user's already at the path. The
promise checked: exit 2 with one ``error:`` line and no traceback, and the folder exactly as it
was (same files, same bytes): no empty layer that reads as "0 detections", no temporary file.
"""

from __future__ import annotations

import os
import threading

import pyogrio
import pytest

from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from .outputs_support import (
    EAST_HALF_AOI,
    FORMATS,
    SERVED,
    GarbageServer,
    assert_one_clear_error,
    existing_file,
    fingerprint,
    integrity,
    job_args,
    no_proxy_env,
    refused_url,
    run_cli,
    runs,
    scene,
    serving,
)


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for k, v in no_proxy_env().items():
        monkeypatch.setenv(k, v)


class Fault:
    """A server that fails in one way: ``url`` to point the CLI at, ``words`` the error names."""

    def __init__(self, kind: str):
        self.kind, self._srv = kind, None
        self.extra: list = []
        if kind == "refused":
            self.url, self.words = refused_url(), ["connection refused"]
        elif kind == "garbage":
            self._srv = GarbageServer()
            self.url, self.words = self._srv.url, ["did not answer JSON"]
        else:
            srv = {
                "401": lambda: serving(api_key="the-key"),
                "404": lambda: serving(models=("someone/else",)),
                "500": lambda: serving(fail_first=10_000, fail_status=500),
                "timeout": lambda: serving(delay_s=5.0),
            }[kind]()
            self._srv, self.url = srv, srv.url
            self.words = {
                "401": ["needs an API key"],
                "404": ["not served"],
                "500": ["HTTP 500"],
                "timeout": ["no answer"],
            }[kind]
            if kind == "timeout":
                self.extra = ["--timeout", "0.5"]

    def stop(self) -> None:
        if self._srv is not None:
            self._srv.stop()


FAST_FAULTS = ("401", "404", "garbage")


def _failed_run_changes_nothing(capsys, tmp_path, task: str, ext: str, fault: str, existing: bool) -> None:
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    out = existing_file(str(work), ext) if existing else str(work / f"result.{ext}")
    before = fingerprint(str(work))
    f = Fault(fault)
    try:
        code, _, err = run_cli(capsys, job_args(task, raster, out, f.url, *f.extra))
    finally:
        f.stop()
    assert code == 2, err
    assert_one_clear_error(err, *f.words)
    assert fingerprint(str(work)) == before, "a failed run changed the output folder"


@pytest.mark.parametrize("existing", [True, False], ids=["users-file", "no-file"])
@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize("fault", FAST_FAULTS)
def test_detect_against_a_failing_server_changes_nothing(capsys, tmp_path, fault, ext, existing):
    _failed_run_changes_nothing(capsys, tmp_path, "detect", ext, fault, existing)


@pytest.mark.parametrize("fault", ["refused", "500", "timeout"])
def test_slow_failures_change_nothing_either(capsys, tmp_path, fault):
    """Refused and 500 are retried with backoff (seconds), a timeout waits: one format each."""
    _failed_run_changes_nothing(capsys, tmp_path, "detect", "geojson", fault, existing=True)


@pytest.mark.parametrize("ext", ["gpkg", "geojson"])
@pytest.mark.parametrize("task", ["caption", "count", "ground", "ask"])
def test_every_task_against_a_refusing_server_changes_nothing(capsys, tmp_path, task, ext):
    _failed_run_changes_nothing(capsys, tmp_path, task, ext, "401", existing=True)


@pytest.mark.parametrize("ext", ["gpkg", "geojson", "shp"])
@pytest.mark.parametrize("task", ["caption", "detect", "count"])
def test_an_all_nodata_area_is_bad_input_and_changes_nothing(capsys, tmp_path, task, ext):
    """Nothing to look at is no answer: not an empty layer over the user's file."""
    raster = scene(str(tmp_path), east_nodata=True)
    work = tmp_path / "out"
    work.mkdir()
    out = existing_file(str(work), ext)
    before = fingerprint(str(work))
    srv = serving()
    try:
        code, _, err = run_cli(capsys, job_args(task, raster, out, srv.url, "--aoi", EAST_HALF_AOI))
    finally:
        srv.stop()
    assert code == 2, err
    assert_one_clear_error(err, "nodata")
    assert fingerprint(str(work)) == before
    assert srv.requests == []  # no tile had data: nothing was sent


class OutOfMemoryEngine:
    """Test double for a model that runs out of memory on its third tile: a real MemoryError
    cannot be provoked reliably on a CPU test machine. Answers like Qwen2.5-VL before that."""

    from model_backend.families import qwen2_5_vl as family_module

    family, device, quantization, model = "qwen2_5_vl", "cpu", "none", "oom"

    def __init__(self, **_):
        self.calls = 0

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        from model_backend.engines.base import Generation

        self.calls += 1
        if self.calls == 3:
            raise MemoryError("CUDA out of memory (test)")
        return [Generation('{"bbox_2d": [4, 4, 24, 24], "label": "tank"}', (56, 56)) for _ in images]


@pytest.mark.parametrize("ext", ["gpkg", "geojson"])
def test_out_of_memory_mid_job_keeps_the_users_file(tmp_path, ext):
    """The job dies on its third tile: a one-layer file of the user's stays byte-identical (the
    features found go beside it, as ``mine.partial.geojson``); a GeoPackage keeps the user's
    layer as it was and holds the features found in a layer whose run says ``failed``."""
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    out = existing_file(str(work), ext)
    before = fingerprint(str(work))
    engine = OutOfMemoryEngine()
    ctx = JobContext(1, lambda m, p: None, EngineCache(factory=lambda **kw: engine))
    with pytest.raises(MemoryError):
        run_job(
            JobSpec(raster=raster, task="detect", labels=["tank"], model="oom", tile_size=64, overlap=0.0, out=out), ctx
        )
    after = fingerprint(str(work))
    assert not [n for n in after if "incomplete" in n]
    if ext == "gpkg":
        (run,) = runs(out)
        assert run["status"] == "failed" and run["features"] == 2 and "MemoryError" in run["message"]
        assert pyogrio.read_info(out, layer="parcels")["features"] == 3 and integrity(out) == "ok"
        assert pyogrio.read_info(out, layer="detections")["features"] == 2
    else:
        assert {k: v for k, v in after.items() if k in before} == before
        assert pyogrio.read_info(str(work / "mine.partial.geojson"))["features"] == 2


def test_a_failure_with_nothing_found_in_a_new_gpkg_leaves_no_file(capsys, tmp_path):
    """No 0-byte GeoPackage, no -journal, no temporary file: the folder stays empty."""
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    srv = serving(api_key="k")
    try:
        code, _, err = run_cli(capsys, job_args("detect", raster, str(work / "new.gpkg"), srv.url))
    finally:
        srv.stop()
    assert code == 2 and os.listdir(work) == [], (err, os.listdir(work))


def test_cancel_before_anything_was_found_leaves_nothing(tmp_path):
    """Cancelled before the first answer: nothing to deliver, so nothing is written."""
    raster = scene(str(tmp_path))
    out = tmp_path / "d.geojson"
    cancel = threading.Event()
    cancel.set()
    srv = serving()
    try:
        ctx = JobContext(1, lambda m, p: None, EngineCache(), cancel=cancel)
        res = run_job(
            JobSpec(
                raster=raster,
                task="detect",
                labels=["tank"],
                model=SERVED,
                engine="openai",
                base_url=srv.url,
                tile_size=64,
                overlap=0.0,
                out=str(out),
            ),
            ctx,
        )
    except Exception as exc:  # a cancel may end the job by raising Cancelled: both are fine here
        res = {"status": type(exc).__name__}
    finally:
        srv.stop()
    assert res["status"] in ("cancelled", "Cancelled")
    assert os.listdir(tmp_path) == ["scene.tif"]
