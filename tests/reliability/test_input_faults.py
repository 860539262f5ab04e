"""Input at fault is exit 2 with one clear line, never exit 1 with a traceback: a wrong
--family, a damaged model folder, an empty --model, bad --bands, --aoi-crs alone, a cut or
damaged raster; and the worker answers the same faults BAD_INPUT before any load."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from ..model_backend.helpers import write_utm_rgb
from .support import WorkerProc, one_error_line, run_cli


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> str:
    return write_utm_rgb(str(tmp_path_factory.mktemp("faults") / "utm.tif"))


def folder_variant(tiny: str, dest, change) -> str:
    shutil.copytree(tiny, dest)
    change(dest)
    return str(dest)


def _config(text: str):
    return lambda d: (d / "config.json").write_text(text)


def _weights(data: bytes):
    return lambda d: (d / "model.safetensors").write_bytes(data)


def _cut_weights(d) -> None:
    data = (d / "model.safetensors").read_bytes()
    (d / "model.safetensors").write_bytes(data[: len(data) // 2])


def _model_type(name: str):
    def change(d) -> None:
        cfg = json.loads((d / "config.json").read_text())
        cfg["model_type"] = name
        (d / "config.json").write_text(json.dumps(cfg))

    return change


# name -> (how the tiny model folder is damaged, extra CLI args, words of the error line)
FOLDERS = {
    "family-geochat-on-qwen": (None, ["--family", "geochat"], ["is a qwen2_5_vl model", "--family qwen2_5_vl"]),
    "family-florence2-on-qwen": (None, ["--family", "florence2"], ["is a qwen2_5_vl model", "not florence2"]),
    "family-qwen3-on-qwen2.5": (None, ["--family", "qwen3_vl"], ["is a qwen2_5_vl model"]),
    "family-on-unknown-model-type": (_model_type("idefics3"), ["--family", "qwen2_5_vl"], ["'idefics3'"]),
    "unknown-family-name": (None, ["--family", "llama"], ["Unknown model family"]),
    "config-cut": (_config('{"model_type": "qwen2_5_vl",'), [], ["config.json is not valid JSON"]),
    "config-array": (_config("[1, 2]"), [], ["config.json must hold a JSON object"]),
    "config-empty": (_config(""), [], ["config.json is not valid JSON"]),
    "config-binary": (lambda d: (d / "config.json").write_bytes(b"\xff\xfe\x00garbage"), [], ["config.json"]),
    "weights-zero-bytes": (_weights(b""), [], ["damaged or incomplete", "download the model again"]),
    "weights-cut-in-half": (_cut_weights, [], ["cut short"]),
    "weights-garbage": (_weights(b"\x00" * 64), [], ["damaged or incomplete"]),
    "weights-header-lies": (_weights((10**9).to_bytes(8, "little") + b"{}"), [], ["damaged or incomplete"]),
}


@pytest.mark.parametrize("name", list(FOLDERS))
def test_a_damaged_or_mismatched_model_folder_is_exit_2(name, tiny_model_dir, raster, tmp_path):
    change, extra, words = FOLDERS[name]
    folder = folder_variant(tiny_model_dir, tmp_path / "model", change or (lambda d: None))
    proc = run_cli(
        "ask",
        "--raster",
        raster,
        "--model",
        folder,
        "--device",
        "cpu",
        "--max-new-tokens",
        "4",
        *extra,
        "--out",
        str(tmp_path / "a.gpkg"),
    )
    one_error_line(proc, *words)
    assert not (tmp_path / "a.gpkg").exists()


ARGS = {
    "model-empty": (["--model", ""], ["no model given"]),
    "model-blank": (["--model", "   "], ["no model given"]),
    "bands-letters": (["--bands", "a,b,c"], ["--bands must be 1 or 3 band numbers", "'a,b,c'"]),
    "bands-semicolons": (["--bands", "1;2;3"], ["--bands"]),
    "bands-empty": (["--bands", ""], ["--bands"]),
    "bands-two": (["--bands", "1,2"], ["Give 1 or 3 band numbers"]),
    "bands-missing": (["--bands", "4,5,6"], ["does not exist"]),
    "aoi-crs-without-aoi": (["--aoi-crs", "EPSG:4326"], ["--aoi-crs gives the CRS of --aoi"]),
    "aoi-letters": (["--aoi", "a,b,c,d"], ["--aoi must be"]),
    "aoi-three-numbers": (["--aoi", "1,2,3"], ["4 numbers"]),
}


@pytest.mark.parametrize("name", list(ARGS))
def test_a_bad_argument_is_exit_2(name, tiny_model_dir, raster, tmp_path):
    extra, words = ARGS[name]
    model = [] if extra[0] == "--model" else ["--model", tiny_model_dir]
    proc = run_cli("ask", "--raster", raster, *model, "--device", "cpu", *extra, "--out", str(tmp_path / "a.gpkg"))
    one_error_line(proc, *words)


@pytest.fixture(scope="module")
def cog(tmp_path_factory) -> str:
    """A 1024 px DEFLATE COG of noise, 256 px blocks (so a cut loses whole blocks)."""
    path = str(tmp_path_factory.mktemp("cog") / "cog.tif")
    data = np.random.default_rng(0).integers(0, 255, (3, 1024, 1024)).astype("uint8")
    with rasterio.open(
        path,
        "w",
        driver="COG",
        width=1024,
        height=1024,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=from_origin(500000, 4500000, 10, 10),
        compress="DEFLATE",
        blocksize=256,
    ) as dst:
        dst.write(data)
    return path


@pytest.mark.parametrize("keep", [600, 3000, 0.5])
def test_a_cut_raster_is_one_clear_line_without_gdal_noise(keep, cog, tiny_model_dir, tmp_path):
    """Cut in its header (600 bytes: tags lost), before the first block, or half way."""
    data = open(cog, "rb").read()
    cut = tmp_path / "cut.tif"
    cut.write_bytes(data[: int(len(data) * keep) if isinstance(keep, float) else keep])
    proc = run_cli(
        "detect",
        "--raster",
        str(cut),
        "--labels",
        "ship",
        "--model",
        tiny_model_dir,
        "--device",
        "cpu",
        "--max-new-tokens",
        "4",
        "--out",
        str(tmp_path / "d.gpkg"),
    )
    one_error_line(proc, "Cannot read raster", "damaged or incomplete")
    assert "WARNING" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr


def test_worker_answers_input_faults_bad_input_before_loading(tiny_model_dir, raster, tmp_path):
    wrong = folder_variant(tiny_model_dir, tmp_path / "cut", _config("{"))
    w = WorkerProc()
    try:
        cases = [
            ("run", {"raster": raster, "model": tiny_model_dir, "family": "geochat"}, "is a qwen2_5_vl model"),
            ("load_model", {"model": tiny_model_dir, "family": "florence2"}, "is a qwen2_5_vl model"),
            ("run", {"raster": raster, "model": wrong}, "config.json is not valid JSON"),
            ("run", {"raster": raster, "model": ""}, "no model given"),
            ("model_info", {"model": wrong}, "config.json is not valid JSON"),
        ]
        for i, (method, params, words) in enumerate(cases):
            reply = w.call(i, method, params)
            assert reply["error"]["code"] == -32001 and words in reply["error"]["message"], reply
        sent = [json.loads(line) for line in w.raw]
        assert not [m for m in sent if m.get("method") == "progress" and m["params"].get("stage") == "load"]
    finally:
        w.close()
    assert os.listdir(tmp_path) == ["cut"]  # nothing written
