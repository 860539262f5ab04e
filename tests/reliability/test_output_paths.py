"""A bad output path is bad input, found before anything loads: exit 2, one line, nothing written.

Each case is a path a user can really type (a missing folder, a folder named like a file, a text
file named ``.gpkg``, a GeoPackage of raster tiles, ``--append`` onto other fields...). The job
runs against a real server on 127.0.0.1 that would answer: the check must come before the model
(no ``[load]`` progress line, no request), and the folder must be left as it was. Read-only
folders and files are tried as an unprivileged user in a subprocess (root writes anywhere).
Also here: a 0-byte GeoPackage (plus ``-journal``) that an interrupted run of an older version
left behind is recovered, and ``--history-out`` is checked before the answer is written.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile

import numpy as np
import pyogrio
import pytest
import rasterio
from rasterio.transform import from_origin

from .outputs_support import (
    assert_one_clear_error,
    existing_file,
    fingerprint,
    integrity,
    job_args,
    no_proxy_env,
    run_cli,
    run_cli_process,
    runs,
    scene,
    serving,
)

NOBODY = 65534


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    for k, v in no_proxy_env().items():
        monkeypatch.setenv(k, v)


def _raster_gpkg(path: str) -> None:
    with rasterio.open(
        path,
        "w",
        driver="GPKG",
        width=64,
        height=64,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(500000, 4500000, 10, 10),
    ) as dst:
        dst.write(np.zeros((3, 64, 64), dtype="uint8"))


def _other_fields_layer(path: str, layer: str) -> None:
    """A layer named like ours, with other fields (someone else's, or another task's)."""
    import pyproj
    import shapely
    from pyogrio import raw

    raw.write(
        path,
        shapely.to_wkb(np.array([shapely.box(500000, 4499000, 500010, 4499010)], dtype=object)),
        [np.array(["x"], dtype=object)],
        ["note"],
        layer=layer,
        driver=pyogrio.detect_write_driver(path),
        crs=pyproj.CRS.from_epsg(32618).to_wkt(),
        geometry_type="Polygon",
    )


# (id, setup(folder) -> out path, extra CLI args, words the one error line must hold)
CASES = [
    ("missing-folder", lambda d: os.path.join(d, "no", "such", "folder", "x.gpkg"), [], ["does not exist"]),
    (
        "parent-is-a-file",
        lambda d: (open(os.path.join(d, "notes"), "w").close(), os.path.join(d, "notes", "x.geojson"))[1],
        [],
        ["not a folder"],
    ),
    (
        "text-file-named-gpkg",
        lambda d: (open(os.path.join(d, "x.gpkg"), "w").write("my notes\n"), os.path.join(d, "x.gpkg"))[1],
        [],
        ["not a GeoPackage"],
    ),
    (
        "folder-named-geojson",
        lambda d: (os.mkdir(os.path.join(d, "x.geojson")), os.path.join(d, "x.geojson"))[1],
        [],
        ["is a folder"],
    ),
    (
        "folder-named-gpkg",
        lambda d: (os.mkdir(os.path.join(d, "x.gpkg")), os.path.join(d, "x.gpkg"))[1],
        [],
        ["is a folder"],
    ),
    (
        "folder-named-shp",
        lambda d: (os.mkdir(os.path.join(d, "x.shp")), os.path.join(d, "x.shp"))[1],
        [],
        ["is a folder"],
    ),
    ("raster-gpkg", lambda d: (_raster_gpkg(os.path.join(d, "r.gpkg")), os.path.join(d, "r.gpkg"))[1], [], ["raster"]),
    ("unknown-extension", lambda d: os.path.join(d, "x.kml"), [], ["Unknown vector format"]),
    ("no-extension", lambda d: os.path.join(d, "results"), [], ["Unknown vector format"]),
    (
        "append-other-fields-gpkg",
        lambda d: (_other_fields_layer(os.path.join(d, "a.gpkg"), "detections"), os.path.join(d, "a.gpkg"))[1],
        ["--append"],
        ["--append", "fields"],
    ),
    (
        "append-other-fields-geojson",
        lambda d: (_other_fields_layer(os.path.join(d, "a.geojson"), "a"), os.path.join(d, "a.geojson"))[1],
        ["--append"],
        ["fields"],
    ),
    (
        "append-other-fields-shp",
        lambda d: (_other_fields_layer(os.path.join(d, "a.shp"), "a"), os.path.join(d, "a.shp"))[1],
        ["--append"],
        ["fields"],
    ),
    (
        "append-unreadable-geojson",
        lambda d: (open(os.path.join(d, "a.geojson"), "w").write("{not json"), os.path.join(d, "a.geojson"))[1],
        ["--append"],
        ["Cannot read"],
    ),
]


@pytest.mark.parametrize("case,setup,extra,words", CASES, ids=[c[0] for c in CASES])
def test_a_bad_output_path_is_refused_before_the_model(capsys, tmp_path, case, setup, extra, words):
    raster = scene(str(tmp_path))
    work = tmp_path / "out"
    work.mkdir()
    out = setup(str(work))
    before = fingerprint(str(work))
    srv = serving()
    try:
        code, _, err = run_cli(capsys, job_args("detect", raster, out, srv.url, *extra))
    finally:
        srv.stop()
    assert code == 2, err
    line = assert_one_clear_error(err, *words)
    assert len(line) < 400, line
    assert "[load]" not in err and srv.requests == [], "the output path was checked after the model"
    assert fingerprint(str(work)) == before


def test_count_append_checks_its_answer_file_too(capsys, tmp_path):
    """count writes two files for one-layer formats: ``--append`` checks both before the model."""
    raster = scene(str(tmp_path))
    _other_fields_layer(str(tmp_path / "c_answer.geojson"), "c_answer")
    before = fingerprint(str(tmp_path))
    srv = serving()
    try:
        code, _, err = run_cli(capsys, job_args("count", raster, str(tmp_path / "c.geojson"), srv.url, "--append"))
    finally:
        srv.stop()
    assert code == 2, err
    assert_one_clear_error(err, "c_answer.geojson", "fields")
    assert srv.requests == [] and fingerprint(str(tmp_path)) == before


@pytest.fixture
def shared_dir():
    """A folder an unprivileged user can reach (pytest's tmp_path is private to root)."""
    d = tempfile.mkdtemp(prefix="georsmllm-ro-")
    os.chmod(d, 0o755)
    yield d
    for root, dirs, _ in os.walk(d):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
    shutil.rmtree(d)


def _as_nobody(args):
    if os.geteuid() != 0:
        pytest.skip("needs root to run the CLI as another user")
    return run_cli_process(args, env={"HOME": "/tmp"}, user=NOBODY)


@pytest.mark.parametrize("ext", ["gpkg", "geojson", "shp"])
def test_a_read_only_folder_is_refused_before_the_model(shared_dir, ext):
    raster = scene(shared_dir)
    os.chmod(raster, 0o644)
    ro = os.path.join(shared_dir, "ro")
    os.mkdir(ro)
    os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    srv = serving()
    try:
        r = _as_nobody(job_args("detect", raster, os.path.join(ro, f"x.{ext}"), srv.url))
    finally:
        srv.stop()
    assert r.returncode == 2, r.stderr
    assert_one_clear_error(r.stderr, "Cannot write")
    assert "[load]" not in r.stderr and srv.requests == [] and os.listdir(ro) == []


def test_a_read_only_geopackage_is_refused_before_the_model(shared_dir):
    raster = scene(shared_dir)
    os.chmod(raster, 0o644)
    gpkg = existing_file(shared_dir, "gpkg")
    os.chmod(gpkg, 0o444)
    os.chmod(shared_dir, 0o777)  # the folder is writable: only the file is not
    before = fingerprint(shared_dir)
    srv = serving()
    try:
        r = _as_nobody(job_args("detect", raster, gpkg, srv.url))
    finally:
        srv.stop()
    assert r.returncode == 2, r.stderr
    assert_one_clear_error(r.stderr, "read-only")
    assert srv.requests == [] and fingerprint(shared_dir) == before


@pytest.mark.parametrize("journal", [True, False], ids=["with-journal", "no-journal"])
def test_an_empty_geopackage_left_by_an_interrupted_run_is_recovered(capsys, tmp_path, journal):
    """An older version killed while creating a GeoPackage left 0 bytes (and a -journal) that
    every later run failed on; a 0-byte file holds nothing to lose, so the run replaces it."""
    raster = scene(str(tmp_path))
    out = tmp_path / "x.gpkg"
    out.write_bytes(b"")
    if journal:
        (tmp_path / "x.gpkg-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\0" * 504)
    srv = serving()
    try:
        code, _, err = run_cli(capsys, job_args("detect", raster, str(out), srv.url))
    finally:
        srv.stop()
    assert code == 0, err
    assert "empty" in err  # said so
    assert integrity(str(out)) == "ok" and not (tmp_path / "x.gpkg-journal").exists()
    assert pyogrio.read_info(str(out), layer="detections")["features"] == 16
    assert [r["status"] for r in runs(str(out))] == ["ok"]


@pytest.mark.parametrize("where", ["missing-folder", "is-a-folder"])
def test_history_out_is_checked_before_the_answer_is_written(capsys, tmp_path, where):
    raster = scene(str(tmp_path))
    history_out = (tmp_path / "nope" / "h.json") if where == "missing-folder" else tmp_path / "h.json"
    if where == "is-a-folder":
        history_out.mkdir()
    out = tmp_path / "a.gpkg"
    srv = serving(answer="Fields and a road.")
    try:
        code, _, err = run_cli(capsys, job_args("ask", raster, str(out), srv.url, "--history-out", str(history_out)))
    finally:
        srv.stop()
    assert code == 2, err
    assert_one_clear_error(err, "history")
    assert srv.requests == [] and not out.exists()


def test_history_out_is_written_whole(capsys, tmp_path):
    """The conversation file is replaced in one step: the old turns stay readable until then."""
    raster = scene(str(tmp_path))
    history = tmp_path / "h.json"
    history.write_text(json.dumps([["What is here?", "Fields."]]))
    srv = serving(answer="A road.")
    try:
        code, _, err = run_cli(
            capsys,
            job_args(
                "ask",
                raster,
                str(tmp_path / "a.gpkg"),
                srv.url,
                "--history",
                str(history),
                "--history-out",
                str(history),
            ),
        )
    finally:
        srv.stop()
    assert code == 0, err
    assert json.loads(history.read_text()) == [["What is here?", "Fields."], ["What is here?", "A road."]]
    assert sorted(os.listdir(tmp_path)) == ["a.gpkg", "h.json", "scene.tif"]
