"""Running again into the same output is explicit: never silently doubled, never clobbered.

A GeoPackage keeps every run: a second run writes a new layer (``detections_2``) and says so;
``--append`` adds to the existing layer instead. A one-layer file (GeoJSON, Shapefile,
FlatGeobuf) is the user's named target: a complete run replaces it in one step (``--append``
adds to it). Names we derive (count's ``x_answer.geojson``, ``x.partial.geojson``) never
overwrite a file that is already there. Shapefile's 254-character text limit is said once, short.
"""

from __future__ import annotations

import json
import os

import pyogrio
import pytest

from .outputs_support import FORMATS, existing_file, fingerprint, job_args, no_proxy_env, run_cli, runs, scene, serving

ALL_TILES = 16
# task -> (layer in a GeoPackage, features one run writes into it)
TASK_LAYERS = {
    "detect": [("detections", 16)],
    "ground": [("grounding", 1)],
    "ask": [("captions", 1)],
    "caption": [("captions", 17)],
    "count": [("evidence", 16), ("captions", 1)],
}


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for k, v in no_proxy_env().items():
        monkeypatch.setenv(k, v)


@pytest.fixture
def server():
    srv = serving()
    yield srv
    srv.stop()


def _layers(path: str) -> dict:
    """{layer: features} of the result layers (the table of runs left out)."""
    return {
        str(n): int(pyogrio.read_info(path, layer=str(n))["features"])
        for n in pyogrio.list_layers(path)[:, 0]
        if str(n) != "georsmllm_runs"
    }


def _run(capsys, task, raster, out, url, *extra):
    code, stdout, err = run_cli(capsys, job_args(task, raster, out, url, *extra))
    assert code == 0, err
    return stdout, err


@pytest.mark.parametrize("task", list(TASK_LAYERS))
def test_a_second_run_into_a_geopackage_writes_a_new_layer_and_says_so(capsys, tmp_path, server, task):
    raster = scene(str(tmp_path))
    out = str(tmp_path / "r.gpkg")
    _run(capsys, task, raster, out, server.url)
    first = _layers(out)
    assert first == dict(TASK_LAYERS[task])
    _, err = _run(capsys, task, raster, out, server.url)
    expected = {**first, **{f"{name}_2": n for name, n in TASK_LAYERS[task]}}
    assert _layers(out) == expected  # the first run's layers untouched, nothing doubled
    for name, _ in TASK_LAYERS[task]:
        assert f"'{name}_2'" in err and "--append" in err, err
    assert [r["layer"] for r in runs(out)][-len(TASK_LAYERS[task]) :] == [f"{n}_2" for n, _ in TASK_LAYERS[task]]


@pytest.mark.parametrize("task", list(TASK_LAYERS))
def test_append_adds_to_the_existing_layer(capsys, tmp_path, server, task):
    raster = scene(str(tmp_path))
    out = str(tmp_path / "r.gpkg")
    _run(capsys, task, raster, out, server.url)
    _run(capsys, task, raster, out, server.url, "--append")
    assert _layers(out) == {name: 2 * n for name, n in TASK_LAYERS[task]}
    assert all(r["status"] == "ok" for r in runs(out))


def test_a_third_run_gets_the_next_free_name(capsys, tmp_path, server):
    raster = scene(str(tmp_path))
    out = str(tmp_path / "r.gpkg")
    for _ in range(3):
        _run(capsys, "detect", raster, out, server.url)
    assert _layers(out) == {"detections": 16, "detections_2": 16, "detections_3": 16}


@pytest.mark.parametrize("ext", ["geojson", "shp", "fgb"])
def test_a_one_layer_file_is_replaced_by_a_complete_run(capsys, tmp_path, server, ext):
    raster = scene(str(tmp_path))
    out = existing_file(str(tmp_path), ext)
    stdout, _ = _run(capsys, "detect", raster, out, server.url)
    assert list(_layers(out).values()) == [ALL_TILES]  # the user's 3 features are gone
    assert "owner" not in list(pyogrio.read_info(out)["fields"])
    assert not [n for n in os.listdir(tmp_path) if "incomplete" in n or n.endswith((".qix", ".sbn"))]


@pytest.mark.parametrize("ext", ["geojson", "shp", "fgb"])
def test_append_adds_to_a_one_layer_file(capsys, tmp_path, server, ext):
    raster = scene(str(tmp_path))
    out = str(tmp_path / f"d.{ext}")
    _run(capsys, "detect", raster, out, server.url)
    _run(capsys, "detect", raster, out, server.url, "--append")
    assert pyogrio.read_info(out)["features"] == 2 * ALL_TILES


@pytest.mark.parametrize("ext", ["geojson", "shp", "fgb"])
def test_counts_answer_file_never_overwrites_a_file_already_there(capsys, tmp_path, server, ext):
    raster = scene(str(tmp_path))
    unrelated = existing_file(str(tmp_path), ext, name="c_answer")
    before = fingerprint(str(tmp_path))[os.path.basename(unrelated)]
    code, _, err = run_cli(capsys, job_args("count", raster, str(tmp_path / f"c.{ext}"), server.url, "--json"))
    assert code == 0, err
    assert fingerprint(str(tmp_path))[os.path.basename(unrelated)] == before
    moved = str(tmp_path / f"c_answer-2.{ext}")
    assert pyogrio.read_info(moved)["features"] == 1 and moved in err


def test_a_partial_name_never_overwrites_either(tmp_path):
    """``d.partial.geojson`` taken (an earlier cancelled run's, or the user's): the next goes to -2."""
    import threading

    from model_backend.jobs.context import EngineCache, JobContext
    from model_backend.jobs.run import run_job
    from model_backend.protocol import JobSpec

    from .outputs_support import BOX_ANSWER, SERVED

    raster = scene(str(tmp_path))
    taken = existing_file(str(tmp_path), "geojson", name="d.partial")
    before = fingerprint(str(tmp_path))[os.path.basename(taken)]
    cancel, answered = threading.Event(), []

    def answer(_seen):  # cancelled while the second tile is asked: the first one's box is kept
        answered.append(1)
        if len(answered) >= 2:
            cancel.set()
        return BOX_ANSWER

    srv = serving(answer=answer)
    try:
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
                out=str(tmp_path / "d.geojson"),
                concurrency=1,
            ),
            JobContext(1, lambda m, p: None, EngineCache(), cancel=cancel),
        )
    finally:
        srv.stop()
    assert res["status"] == "cancelled" and res["output"] == str(tmp_path / "d.partial-2.geojson")
    assert fingerprint(str(tmp_path))[os.path.basename(taken)] == before


@pytest.mark.parametrize("label", ["x" * 10_000, "é" * 5_000], ids=["ascii", "two-byte"])
def test_a_long_label_in_a_shapefile_is_cut_with_one_short_warning(capsys, tmp_path, label):
    raster = scene(str(tmp_path))
    srv = serving(answer=json.dumps({"bbox_2d": [4, 4, 24, 24], "label": label}))
    try:
        code, _, err = run_cli(capsys, job_args("detect", raster, str(tmp_path / "d.shp"), srv.url))
    finally:
        srv.stop()
    assert code == 0, err
    cut = [line for line in err.splitlines() if "254" in line]
    assert len(cut) == 1 and len(cut[0]) < 200, err
    assert label[:300] not in err
    _, _, _, fields = pyogrio.raw.read(str(tmp_path / "d.shp"))
    values = set(fields[0])
    assert len(values) == 1
    (value,) = values
    assert len(value.encode("utf-8")) <= 254 and label.startswith(value) and len(value) >= 127


@pytest.mark.parametrize("ext", FORMATS)
def test_the_result_names_where_the_features_went(capsys, tmp_path, server, ext):
    raster = scene(str(tmp_path))
    out = str(tmp_path / f"d.{ext}")
    code, stdout, err = run_cli(capsys, job_args("detect", raster, out, server.url, "--json"))
    assert code == 0, err
    res = json.loads(stdout)
    assert res["output"] == out and res["features"] == ALL_TILES
    assert res["output_layer"] == ("d" if ext == "shp" else "detections")  # a Shapefile's layer is its name
