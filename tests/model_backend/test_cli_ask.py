"""`python -m model_backend ask` as a user runs it: outputs, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys

import pyogrio
import pytest
import shapely

from .helpers import write_utm_rgb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_cli(*args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "model_backend", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_ask_with_aoi_in_4326_over_utm_writes_the_caption_layer(tiny_model_dir, tmp_path):
    from pyproj import Transformer

    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    to_ll = Transformer.from_crs("EPSG:32618", "EPSG:4326", always_xy=True)
    (x0, y0), (x1, y1) = to_ll.transform(500200, 4498900), to_ll.transform(501500, 4499800)
    out = tmp_path / "answer.gpkg"
    r = run_cli(
        "ask",
        "--raster",
        tif,
        "--aoi",
        f"{x0},{y0},{x1},{y1}",
        "--aoi-crs",
        "EPSG:4326",
        "--model",
        tiny_model_dir,
        "--device",
        "cpu",
        "--max-new-tokens",
        "8",
        "--question",
        "What is here?",
        "--out",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()  # the answer
    info = pyogrio.read_info(str(out), layer="captions")
    assert info["crs"] == "EPSG:32618" and info["features"] == 1
    _, _, geom, fields = pyogrio.raw.read(str(out), layer="captions")
    row = dict(zip(info["fields"], [f[0] for f in fields]))
    assert row["question"] == "What is here?" and row["quantization"] == "nf4" and row["device"] == "cpu"
    assert row["source"] == tif and row["created"].endswith("+00:00") and row["elapsed_s"] > 0
    poly = shapely.from_wkb(geom[0])
    # the AOI reprojected into UTM: close to the UTM rectangle it came from (densified edges)
    assert poly.bounds == pytest.approx((500200, 4498900, 501500, 4499800), abs=2.0)


@pytest.mark.parametrize(
    "case,expect",
    [
        ("nocrs", "has no CRS"),
        ("outside", "does not overlap"),
        ("empty", "empty"),
        ("corrupt", "Cannot read raster"),
        ("missing", "not found"),
        ("unknown_model", "not in the Hugging Face cache"),
    ],
)
def test_bad_input_exit_2_one_line_nothing_written(case, expect, tmp_path, tiny_model_dir, rasters_dir):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    args = {"raster": tif, "aoi": None, "model": tiny_model_dir}
    if case == "nocrs":
        args["raster"] = os.path.join(rasters_dir, "rotated_nocrs.tif")
    elif case == "outside":
        args["aoi"] = "0,0,10,10"
    elif case == "empty":
        args["aoi"] = "500500,4499000,500500,4499500"
    elif case == "corrupt":
        bad = tmp_path / "corrupt.tif"
        bad.write_bytes(b"II*\x00" + os.urandom(2000))
        args["raster"] = str(bad)
    elif case == "missing":
        args["raster"] = str(tmp_path / "missing.tif")
    elif case == "unknown_model":
        args["model"] = "georsmllm-test/no-such-model"
    out = tmp_path / "out.gpkg"
    cli = ["ask", "--raster", args["raster"], "--model", args["model"], "--device", "cpu", "--out", str(out)]
    if args["aoi"]:
        cli += ["--aoi", args["aoi"]]
    r = run_cli(*cli)
    assert r.returncode == 2, r.stderr
    lines = [l for l in r.stderr.splitlines() if l.startswith("error:")]
    assert len(lines) == 1 and expect in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_help_lists_every_command():
    r = run_cli("--help")
    assert r.returncode == 0
    for cmd in ("ask", "tiny-model", "worker", "demo"):
        assert cmd in r.stdout


def test_tiny_model_command_builds_a_loadable_folder(tmp_path):
    r = run_cli("tiny-model", "--family", "qwen2_5_vl", "--out", str(tmp_path / "m"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "m" / "model.safetensors").is_file()
    assert (tmp_path / "m" / "config.json").is_file()
