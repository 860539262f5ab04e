"""Batch runs end to end: bad rasters skipped (exit 3), one output CRS, the per-raster tasks,
one loaded model for every raster, requests of several rasters overlapping, the progress bars.

The loopback server (a real HTTP server) answers as a perfect Florence-2 (see scenes.py); the
"one loaded model" test runs the real tiny Qwen2.5-VL through the transformers engine.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3

import pyogrio
import pyproj
import shapely
from pyogrio import raw

from model_backend.batch.runner import BatchOptions, run_batch
from model_backend.protocol import JobSpec

from .conftest import MODEL, batch_cli, server_args
from .scenes import SHIP, TANK, background_of, feature_set, write_scene


def layer_rows(path: str, layer: str):
    meta, _, geoms, cols = raw.read(path, layer=layer)[:4]
    return [(shapely.from_wkb(g), {f: cols[j][i] for j, f in enumerate(meta["fields"])}) for i, g in enumerate(geoms)]


def rows_bbox(rows, source):
    return next(g for g, p in rows if p["source"] == source).buffer(1e-6).bounds


def test_a_corrupt_and_a_crs_less_raster_mid_batch_are_reported_skipped_and_exit_3(
    tmp_path, scenes, server, rasters_dir
):
    a, b, c = scenes
    corrupt = tmp_path / "scenes" / "b_corrupt.tif"
    with open(rasters_dir + "/naip_milwaukee_airport_0p6m.tif", "rb") as f:
        corrupt.write_bytes(f.read()[:30000])  # cut short, as by a failed copy
    nocrs = shutil.copy(rasters_dir + "/rotated_nocrs.tif", tmp_path / "scenes" / "b_nocrs.tif")
    listing = tmp_path / "todo.txt"
    listing.write_text("\n".join(["scenes/a.tif", str(corrupt), str(nocrs), c, b]), encoding="utf-8")
    out = str(tmp_path / "run.gpkg")
    r = batch_cli([*server_args(server.url), "--inputs", str(listing), "--out", out, "--json"])
    assert r.returncode == 3, r.stderr
    summary = json.loads(r.stdout)
    assert (summary["done"], summary["rasters"], summary["status"]) == (3, 5, "failed")
    assert [f["raster"] for f in summary["failed"]] == [str(corrupt), str(nocrs)]
    assert "no CRS" in summary["failed"][1]["message"] or "coordinate" in summary["failed"][1]["message"]
    assert f"failed: {corrupt}" in r.stderr and f"failed: {nocrs}" in r.stderr  # logged as they happen
    with sqlite3.connect(out) as conn:
        status = dict(conn.execute("SELECT raster, status FROM rasters"))
        assert status == {a: "done", b: "done", c: "done", str(corrupt): "failed", str(nocrs): "failed"}
    assert {src for _, src, _ in feature_set(out)} == {a, b, c}
    assert summary["features"]["detections"] == {"ship": 5, "storage tank": 4}


def test_every_feature_is_in_the_output_crs_where_its_object_is_and_names_its_raster(tmp_path, server):
    """A raster in UTM 17N and one in UTM 18N into EPSG:4326 (--out-crs), and by default into
    the first raster's CRS: each box lands on its object, reprojected."""
    obj = (60, 60, 90, 150, SHIP)
    r17 = write_scene(str(tmp_path / "in" / "r17.tif"), [obj], crs="EPSG:32617", origin=(800000.0, 4500000.0))
    r18 = write_scene(str(tmp_path / "in" / "r18.tif"), [(10, 10, 40, 30, TANK)])
    for out_crs, out in (("EPSG:4326", "wgs84.gpkg"), (None, "default.gpkg")):
        args = [*server_args(server.url), "--inputs", r18, r17, "--out", str(tmp_path / out)]
        assert batch_cli(args + (["--out-crs", out_crs] if out_crs else [])).returncode == 0
        crs = pyproj.CRS(pyogrio.read_info(str(tmp_path / out), layer="detections")["crs"])
        want = pyproj.CRS(out_crs or "EPSG:32618")
        assert crs == want
        rows = layer_rows(str(tmp_path / out), "detections")
        # a bbox filter (GDAL, through the spatial index) around r18's box finds exactly it
        near = raw.read(str(tmp_path / out), layer="detections", bbox=rows_bbox(rows, r18))[2]
        assert len(near) == 1
        assert sorted(p["source"] for _, p in rows) == sorted([r17, r18])
        geom17 = next(g for g, p in rows if p["source"] == r17)
        # the object's pixel box in its own CRS (2 m pixels), carried into the output CRS
        x0, y0 = 800000.0 + 60 * 2, 4500000.0 - 150 * 2
        x1, y1 = 800000.0 + 90 * 2, 4500000.0 - 60 * 2
        to_out = pyproj.Transformer.from_crs("EPSG:32617", want, always_xy=True)
        xs, ys = to_out.transform([x0, x1, x1, x0], [y0, y0, y1, y1])
        expect = shapely.Polygon(list(zip(xs, ys)))
        assert geom17.geom_type == "MultiPolygon"
        # Florence-2 bins are 1/1000 of a 128 px tile (0.26 m): the box matches to within that
        assert geom17.symmetric_difference(expect).area < 0.02 * expect.area


def test_count_runs_per_raster_into_both_of_its_layers(tmp_path, scenes, server):
    out = str(tmp_path / "count.gpkg")
    args = [*server_args(server.url), "--inputs", str(tmp_path / "scenes"), "--out", out]
    args[args.index("detect")] = "count"
    r = batch_cli(args)
    assert r.returncode == 0, r.stderr
    answers = layer_rows(out, "captions")
    assert sorted(p["source"] for _, p in answers) == sorted(scenes)
    assert {p["kind"] for _, p in answers} == {"count"}
    by_source = {p["source"]: p["count"] for _, p in answers}
    assert by_source == {scenes[0]: 4, scenes[1]: 2, scenes[2]: 3}
    evidence = layer_rows(out, "evidence")
    assert len(evidence) == 9 and all(p["count_id"] for _, p in evidence)
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT DISTINCT tile, status FROM progress").fetchall() == [(-1, "raster")]
    assert "evidence: ship 5, storage tank 4" in r.stdout


def test_every_raster_uses_the_one_loaded_model(tmp_path, scenes, tiny_model_dir):
    """The real tiny Qwen2.5-VL (transformers engine, CPU): its boxes are noise, so what is
    checked is the path: one load for three rasters, every tile committed, the layer there."""
    from model_backend.engines.transformers_engine import TransformersEngine

    loads = []

    def load(**kw):
        loads.append(kw["model"])
        return TransformersEngine(**kw)

    job = JobSpec(
        raster="",
        task="detect",
        labels=["ship"],
        model=tiny_model_dir,
        device="cpu",
        quantization="none",
        max_new_tokens=8,
        tile_size=128,
    )
    s = run_batch(BatchOptions(job, [str(tmp_path / "scenes")], str(tmp_path / "run.gpkg"), engine_factory=load))
    assert loads == [tiny_model_dir]
    assert (s["exit_code"], s["done"], s["tiles"]) == (0, 3, 27)
    assert "detections" in s["features"]


def test_a_server_gets_requests_of_several_rasters_at_once_within_the_concurrency(tmp_path, scenes, server):
    server.delay_s = 0.05
    job = JobSpec(
        raster="",
        task="detect",
        labels=["ship"],
        model=MODEL,
        family="florence2",
        engine="openai",
        base_url=server.url,
        tile_size=128,
        concurrency=4,
    )
    buf = io.StringIO()
    s = run_batch(BatchOptions(job, scenes, str(tmp_path / "run.gpkg"), progress=True), stream=buf)
    assert s["exit_code"] == 0 and len(server.requests) == 27
    assert server.max_in_flight == 4  # bounded by --concurrency, and reached
    # two requests of different rasters in flight at once: arrived less than one answer delay apart
    reqs = sorted(server.requests, key=lambda q: q.arrived)
    crossing = [
        (background_of(q), background_of(p))
        for i, q in enumerate(reqs)
        for p in reqs[i + 1 :]
        if p.arrived - q.arrived < server.delay_s and background_of(p) != background_of(q)
    ]
    assert crossing
    text = buf.getvalue()
    assert "rasters: 100%" in text and "3/3" in text and "27/27" in text  # the bars, drawn to the stream


def test_a_server_that_fails_stops_the_run_exit_2_and_resume_goes_on(tmp_path, scenes, server):
    """No server at the URL: every raster would fail the same way, so the run stops at once
    (exit 2) and marks no raster failed; --resume against the live server does them all."""
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    out = str(tmp_path / "run.gpkg")
    r = batch_cli([*server_args(dead), "--inputs", str(tmp_path / "scenes"), "--out", out, "--timeout", "2"])
    assert r.returncode == 2, r.stderr
    assert "stopped: " in r.stdout and "fix it, then --resume" in r.stdout
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT COUNT(*) FROM rasters WHERE status = 'failed'").fetchone()[0] == 0
        assert conn.execute("SELECT status FROM runs").fetchall() == [("stopped",)]
    resumed = batch_cli([*server_args(server.url), "--inputs", str(tmp_path / "scenes"), "--out", out, "--resume"])
    assert resumed.returncode == 0, resumed.stderr
    assert len(feature_set(out)) == 9 and len(server.requests) == 27
