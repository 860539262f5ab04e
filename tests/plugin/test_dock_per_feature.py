""" "Selected features" with "One run per feature", end to end in real headless QGIS: the real
worker, a GeoTIFF written here and the loopback stand-in for vLLM answering recorded detections
(one storage tank per tile). One Run click makes one job per selected polygon, run one after
another into one run group, each result tagged with its polygon's ``aoi_fid`` and clipped to it;
the union choice still makes one job; a polygon off the raster, a dead server or a killed worker
costs only the runs it hits; Cancel stops the queue; Ask writes an answer per feature and lists
them in the answer box."""

from __future__ import annotations

import pytest

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer, recorded
from .conftest import wait_until
from .test_dock_aoi import PX, pixel_polygon
from .test_dock_detect import add_raster, fill_form, group_layers, write_raster

# pixel corners on a 600 x 300 px raster at 2 m: OFF lies 5 km west of it, A B C side by side
OFF = [(-2500, 10), (-2300, 10), (-2300, 200), (-2500, 200), (-2500, 10)]
A = [(10, 10), (210, 10), (210, 260), (10, 260), (10, 10)]
B = [(220, 10), (420, 10), (420, 260), (220, 260), (220, 10)]
C = [(430, 10), (590, 10), (590, 260), (430, 260), (430, 10)]


def scene(tmp_path):
    """The raster and a polygon layer holding OFF, A, B, C (feature ids in that order)."""
    from qgis.core import QgsFeature, QgsProject, QgsVectorLayer

    raster = add_raster(write_raster(str(tmp_path / "scene.tif"), 600, 300, PX))
    fields = QgsVectorLayer("Polygon?crs=EPSG:32618", "fields", "memory")
    feats = []
    for points in (OFF, A, B, C):
        f = QgsFeature()
        f.setGeometry(pixel_polygon(points))
        feats.append(f)
    assert fields.dataProvider().addFeatures(feats)[0]
    QgsProject.instance().addMapLayer(fields)
    ids = dict(zip(("off", "a", "b", "c"), sorted(f.id() for f in fields.getFeatures())))
    return raster, fields, ids


def prepare(plugin, raster, fields, backend_python, results, url, selected, per_feature=True):
    dock = plugin.show_dock()
    fill_form(dock, raster, backend_python, results, "storage tank", DEFAULT_MODEL, url)
    dock.aoi_box.selected_combo.setLayer(fields)
    dock.set_aoi_mode("selected")
    dock.aoi_box.set_per_feature(per_feature)
    fields.selectByIds(selected)
    return dock


def signals(dock):
    """Every job list and single job the dock emits."""
    seen = {"runs": [], "run": []}
    dock.runs_requested.connect(lambda runs, _s: seen["runs"].append(runs))
    dock.run_requested.connect(lambda job, _s: seen["run"].append(job))
    return seen


def statuses(plugin):
    """The status line at each progress event (after the queue worded it)."""
    seen = []
    plugin.controller.client.progress.connect(lambda _j, _p: seen.append(plugin.dock.status()))
    return seen


def run_groups():
    from qgis.core import QgsLayerTreeGroup, QgsProject

    top = QgsProject.instance().layerTreeRoot().findGroup("GeoRSMLLM")
    return [] if top is None else [n for n in top.children() if isinstance(n, QgsLayerTreeGroup)]


def within(feature, points):
    return pixel_polygon(points).buffer(1e-6, 4).contains(feature.geometry())


@pytest.mark.timeout(300)
def test_one_run_per_feature_fills_one_layer_tagged_by_feature(loaded_plugin, backend_python, tmp_path):
    from qgis.core import QgsGeometry

    raster, fields, ids = scene(tmp_path)
    results = str(tmp_path / "per.gpkg")
    with LoopbackOpenAIServer(answer=recorded("prose_around")) as srv:
        dock = prepare(loaded_plugin, raster, fields, backend_python, results, srv.url, [ids["a"], ids["b"]])
        seen, shown = signals(dock), statuses(loaded_plugin)
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running() and not loaded_plugin.controller.feature_runs.active(), 240)
        assert len(srv.requests) == 2  # one tile per polygon, nothing for the unselected C

    assert seen["run"] == [] and len(seen["runs"]) == 1
    jobs = dict(seen["runs"][0])
    assert sorted(jobs) == [ids["a"], ids["b"]]
    for key, points in (("a", A), ("b", B)):  # each job is its own polygon, not the union
        wkt = QgsGeometry.fromWkt(jobs[ids[key]]["aoi_wkt"])
        assert wkt.equals(pixel_polygon(points)) or wkt.symDifference(pixel_polygon(points)).area() < 1e-6
    assert any(s.startswith(f"Run 2 of 2 (feature {ids['b']})") for s in shown), shown

    (detections,) = group_layers("Detections")
    assert len(run_groups()) == 1  # one Run click, one run group
    features = list(detections.getFeatures())
    assert sorted(f["aoi_fid"] for f in features) == [ids["a"], ids["b"]]
    for f in features:
        assert within(f, A if f["aoi_fid"] == ids["a"] else B), f.geometry().asWkt()
    assert detections.providerType() == "ogr" and detections.source().startswith(results)
    status = dock.status()
    assert status.startswith('2 runs. Done. 2 features in "Detections".'), status
    assert loaded_plugin.controller.last_layer is detections
    assert "2 storage tanks" in dock.answer_text()

    # the union choice still makes one job, over both polygons, and its own run group
    dock.aoi_box.set_per_feature(False)
    with LoopbackOpenAIServer(answer=recorded("prose_around")) as srv:
        dock.model_group.url_edit.setText(srv.url)
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running(), 240), dock.status()
    assert len(seen["runs"]) == 1 and len(seen["run"]) == 1
    union = QgsGeometry.fromWkt(seen["run"][0]["aoi_wkt"])
    assert abs(union.area() - pixel_polygon(A).area() - pixel_polygon(B).area()) < 1e-3
    assert len(run_groups()) == 2 and dock.status().startswith("Done."), dock.status()


@pytest.mark.timeout(300)
def test_a_feature_off_the_raster_fails_alone(loaded_plugin, backend_python, tmp_path):
    raster, fields, ids = scene(tmp_path)
    results = str(tmp_path / "off.gpkg")
    with LoopbackOpenAIServer(answer=recorded("prose_around")) as srv:
        dock = prepare(loaded_plugin, raster, fields, backend_python, results, srv.url, [ids["off"], ids["a"]])
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running() and not loaded_plugin.controller.feature_runs.active(), 240)
        assert len(srv.requests) == 1  # the polygon off the raster asked nothing

    status = dock.status()
    assert status.startswith(f"2 runs, 1 failed: feature {ids['off']}: "), status
    assert "overlap" in status and 'Done. 1 feature in "Detections"' in status, status
    (detections,) = group_layers("Detections")
    features = list(detections.getFeatures())
    assert [f["aoi_fid"] for f in features] == [ids["a"]] and within(features[0], A)
    assert len(run_groups()) == 1
    print(f"off the raster: {status}")


@pytest.mark.timeout(300)
def test_cancel_stops_the_queue_and_keeps_what_was_found(loaded_plugin, backend_python, tmp_path):
    raster, fields, ids = scene(tmp_path)
    results = str(tmp_path / "cancel.gpkg")
    runs = loaded_plugin.controller.feature_runs
    with LoopbackOpenAIServer(answer=recorded("prose_around"), delay_s=2.0) as srv:
        dock = prepare(loaded_plugin, raster, fields, backend_python, results, srv.url, [ids["a"], ids["b"], ids["c"]])
        dock.run_button.click()
        assert wait_until(lambda: runs.index == 1 and runs.job_id is not None, 240), dock.status()
        dock.cancel_button.click()
        assert wait_until(lambda: not dock.is_running() and not runs.active(), 120), dock.status()
        asked = len(srv.requests)

    assert asked <= 2  # C was never asked
    status = dock.status()
    assert status.startswith("1 run, then cancelled at run 2 of 3. Cancelled"), status
    assert "kept" in status and results in status, status
    (detections,) = group_layers("Detections")
    assert [f["aoi_fid"] for f in detections.getFeatures()] == [ids["a"]]
    assert detections.source().startswith(results)
    assert not dock.cancel_button.isEnabled() and dock.run_button.isEnabled()
    print(f"cancel: {status}")


@pytest.mark.timeout(300)
def test_ask_per_feature_writes_an_answer_each(loaded_plugin, backend_python, tmp_path):
    raster, fields, ids = scene(tmp_path)
    results = str(tmp_path / "ask.gpkg")
    with LoopbackOpenAIServer(answer="A bare field.") as srv:
        dock = prepare(loaded_plugin, raster, fields, backend_python, results, srv.url, [ids["a"], ids["b"]])
        dock.task_group.set_task("ask")
        dock.task_group.set_text("What is here?")
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running() and not loaded_plugin.controller.feature_runs.active(), 240)
        assert len(srv.requests) == 2

    assert dock.status().startswith("2 runs. Done."), dock.status()
    text = dock.answer_text()
    assert f"Feature {ids['a']}: A bare field." in text and f"Feature {ids['b']}: A bare field." in text, text
    (captions,) = group_layers("Captions")
    geoms = [f.geometry() for f in captions.getFeatures()]
    assert len(geoms) == 2
    for points in (A, B):
        assert any(g.symDifference(pixel_polygon(points)).area() < 1.0 for g in geoms)


def test_per_feature_choice_is_remembered_and_find_keeps_the_union(loaded_plugin, tmp_path):
    from georsmllm.plugin.dock.aoi_group import AoiGroup

    raster, fields, ids = scene(tmp_path)
    dock = loaded_plugin.show_dock()
    assert not dock.aoi_box.per_feature()  # the union by default
    dock.aoi_box.set_per_feature(True)
    assert AoiGroup().per_feature()  # a new dock (next session) starts where this one was
    dock.layer_combo.setLayer(raster)
    dock.aoi_box.selected_combo.setLayer(fields)
    dock.set_aoi_mode("selected")
    fields.selectByIds([ids["a"], ids["b"]])
    assert dock.aoi_box.runs_combo.isEnabled()
    assert len(dock.feature_jobs("detect")) == 2
    assert dock.feature_jobs("find") is None and dock.feature_jobs("change") is None
    assert "Find and Change always run once over the union" in dock.aoi_box.runs_combo.toolTip()
    dock.set_aoi_mode("canvas")
    assert dock.feature_jobs("detect") is None and not dock.aoi_box.runs_combo.isEnabled()


@pytest.mark.timeout(300)
def test_a_dead_server_fails_every_run_and_leaves_no_layer(loaded_plugin, backend_python, tmp_path):
    """Nothing listens at the server address: each feature's run fails with the reason, the end
    is an error naming both features, no empty layer or run group is left, and Run works again."""
    import socket

    raster, fields, ids = scene(tmp_path)
    with socket.socket() as s:  # a port that was free a moment ago: nothing answers there
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    dock = prepare(loaded_plugin, raster, fields, backend_python, str(tmp_path / "d.gpkg"), dead, [ids["a"], ids["b"]])
    dock.run_button.click()
    assert wait_until(lambda: not dock.is_running() and not loaded_plugin.controller.feature_runs.active(), 240)
    status = dock.status()
    assert status.startswith(f"2 runs, 2 failed: feature {ids['a']}: "), status
    assert f"feature {ids['b']}: " in status and "127.0.0.1" in status, status
    assert not dock.details_button.isHidden()  # an error: the worker's log is one click away
    assert group_layers("Detections") == [] and run_groups() == []
    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled()


@pytest.mark.timeout(300)
def test_the_worker_killed_in_the_first_run_costs_that_run_only(loaded_plugin, backend_python, tmp_path):
    """SIGKILL of the worker during feature A's run: A is reported failed, B runs on a new worker,
    and B's detections are kept, tagged with B."""
    import os
    import signal

    raster, fields, ids = scene(tmp_path)
    client = loaded_plugin.controller.client
    pids, killed = [], []

    def kill_once(_job_id, _params):  # an exception in a slot would abort the Qt process: keep it safe
        if pids and not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    client.hello_received.connect(lambda info: pids.append(info["pid"]))
    client.progress.connect(kill_once)
    with LoopbackOpenAIServer(answer=recorded("prose_around"), delay_s=0.5) as srv:
        dock = prepare(
            loaded_plugin, raster, fields, backend_python, str(tmp_path / "k.gpkg"), srv.url, [ids["a"], ids["b"]]
        )
        dock.run_button.click()
        assert wait_until(lambda: not dock.is_running() and not loaded_plugin.controller.feature_runs.active(), 240)
    assert killed, "the first run ended before the worker could be killed"
    status = dock.status()
    assert status.startswith(f"2 runs, 1 failed: feature {ids['a']}: "), status
    assert "stopped unexpectedly" in status and 'in "Detections"' in status, status
    (detections,) = group_layers("Detections")
    tags = {f["aoi_fid"] for f in detections.getFeatures()}
    assert detections.featureCount() > 0 and tags == {ids["b"]}, tags
    assert all(within(f, B) for f in detections.getFeatures())
