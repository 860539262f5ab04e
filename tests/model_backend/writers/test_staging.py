"""The temporary-file side of the write path: names, no-clobber delivery, Shapefile sidecars,
the fault-injection hook. Real files in a temporary folder."""

from __future__ import annotations

import os
import signal

import pytest

from model_backend.writers import staging

SHP = staging.SHAPEFILE


def _touch(path, text="x"):
    with open(path, "w") as f:
        f.write(text)


def test_temporary_and_partial_names_stay_beside_the_target(tmp_path):
    target = str(tmp_path / "roads.geojson")
    temp = staging.temp_path(target)
    assert os.path.dirname(temp) == str(tmp_path) and temp.endswith(".geojson")
    assert os.path.basename(temp).startswith("roads.incomplete-") and temp != staging.temp_path(target)
    assert staging.partial_path(target) == str(tmp_path / "roads.partial.geojson")
    assert staging.numbered(target, 1) == target and staging.numbered(target, 3) == str(tmp_path / "roads-3.geojson")


def test_place_new_never_overwrites_and_a_taken_sidecar_counts(tmp_path):
    temp = str(tmp_path / "t.incomplete-1.shp")
    for p in staging.parts(temp, SHP):
        _touch(p, "new")
    _touch(tmp_path / "x.partial.dbf", "someone's table")  # only a sidecar of the wanted name
    got = staging.place_new(temp, str(tmp_path / "x.partial.shp"), SHP)
    assert got == str(tmp_path / "x.partial-2.shp")
    assert (tmp_path / "x.partial.dbf").read_text() == "someone's table"
    assert all(os.path.exists(p) for p in staging.parts(got, SHP))
    assert not any(os.path.exists(p) for p in staging.parts(temp, SHP))


def test_replace_moves_every_part_and_drops_what_the_old_file_had_alone(tmp_path):
    target = str(tmp_path / "x.shp")
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn"):
        _touch(tmp_path / f"x{ext}", "old")
    temp = str(tmp_path / "x.incomplete-2.shp")
    for ext in (".shp", ".shx", ".dbf", ".prj"):  # no .cpg this time
        _touch(tmp_path / f"x.incomplete-2{ext}", "new")
    staging.replace(temp, target, SHP)
    assert sorted(os.listdir(tmp_path)) == ["x.dbf", "x.prj", "x.shp", "x.shx"]
    assert all((tmp_path / n).read_text() == "new" for n in os.listdir(tmp_path))


def test_discard_removes_a_geopackages_side_files(tmp_path):
    temp = str(tmp_path / "r.incomplete-3.gpkg")
    for p in (temp, temp + "-journal"):
        _touch(p)
    staging.discard(temp, "GPKG")
    assert os.listdir(tmp_path) == []


def test_the_fault_hook_fires_only_at_its_point(monkeypatch):
    got = []
    old = signal.signal(signal.SIGUSR1, lambda *a: got.append("usr1"))
    try:
        staging.fault_point("batch:1")  # unset: nothing
        monkeypatch.setenv(staging.KILL_ENV, f"batch:2@{int(signal.SIGUSR1)}")
        staging.fault_point("batch:1")
        staging.fault_point("deliver")
        assert got == []
        staging.fault_point("batch:2")
        assert got == ["usr1"]
    finally:
        signal.signal(signal.SIGUSR1, old)


@pytest.mark.parametrize("wanted_taken", [0, 2])
def test_place_new_counts_up_past_taken_names(tmp_path, wanted_taken):
    wanted = str(tmp_path / "c_answer.geojson")
    for n in range(1, wanted_taken + 1):
        _touch(staging.numbered(wanted, n), "taken")
    temp = str(tmp_path / "c_answer.incomplete-4.geojson")
    _touch(temp, "ours")
    got = staging.place_new(temp, wanted, "GeoJSON")
    assert got == staging.numbered(wanted, wanted_taken + 1)
    with open(got) as f:
        assert f.read() == "ours"
