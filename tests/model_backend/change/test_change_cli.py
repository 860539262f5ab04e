"""The change CLI as a user runs it (a real subprocess), on the real NAIP pair (tests/data/rasters:
240 x 240 px crops of the 2010 and 2015 tiles, where the lakes grew over the fields) and on
synthetic dates."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import shapely
from pyogrio.raw import read as read_vector
from rasterio.transform import from_origin

from model_backend.raster.source import open_info

from .synthetic import PX, X0, Y0, DateGrid, write_date

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model_backend", "change", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_the_real_naip_pair_gives_polygons_inside_the_overlap(rasters_dir, tmp_path):
    before, after = (os.path.join(rasters_dir, f"naip_nd_{y}.tif") for y in (2010, 2015))
    out = str(tmp_path / "naip_changes.gpkg")
    proc = cli("--before", before, "--after", after, "--out", out, "--json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["status"] == "ok" and res["dates"] == ["2010-06-29", "2015-09-26"]  # from TIFFTAG_DATETIME
    assert res["crs_authid"] == "EPSG:26914" and res["changes"] > 0
    meta, _, wkb, fields = read_vector(out, layer="changes")
    geoms = list(shapely.from_wkb(wkb))
    rows = [dict(zip(meta["fields"], v)) for v in zip(*fields)]
    footprint = open_info(before).footprint().intersection(open_info(after).footprint())
    assert all(footprint.buffer(0.01).contains(g) for g in geoms)
    changed = shapely.union_all(geoms).area / footprint.area
    assert 0.05 < changed < 0.95, changed  # the lakes grew: much changed, not everything
    for g, row in zip(geoms, rows):
        assert abs(row["area_m2"] - g.area) / g.area < 0.002  # UTM 14N near its central meridian
        assert row["area_m2"] >= 9 * 25  # the default minimum: 9 pixels of 5 m
        assert row["first_seen"] == row["last_seen"] == "2015-09-26"
    assert "change polygon(s) between 2010-06-29 and 2015-09-26" in res["answer"]


def test_cli_series_and_bad_input(tmp_path):
    paths = [write_date(str(tmp_path / f"d{i}.tif"), min(i, 1), DateGrid(), seed=i) for i in range(3)]
    out = str(tmp_path / "series.gpkg")
    proc = cli("--dates", *paths, "--min-area", "100", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("3 change polygon(s) between d0.tif and d2.tif")
    assert "dates d0.tif -> d1.tif -> d2.tif" in proc.stderr

    far = write_date(str(tmp_path / "far.tif"), 1, DateGrid(transform=from_origin(X0 + 9000, Y0, PX, PX)), seed=5)
    proc = cli("--before", paths[0], "--after", far, "--out", str(tmp_path / "x.gpkg"))
    assert proc.returncode == 2 and proc.stderr.strip().splitlines()[-1].startswith("error: The rasters do not overlap")
    assert "Traceback" not in proc.stderr and not os.path.exists(tmp_path / "x.gpkg")
    proc = cli("--before", paths[0], "--out", str(tmp_path / "x.gpkg"))
    assert proc.returncode == 2 and "--after" in proc.stderr
    proc = cli("--before", paths[0], "--after", paths[1], "--method", "onnx", "--out", str(tmp_path / "x.gpkg"))
    assert proc.returncode == 2 and "--onnx-model" in proc.stderr
