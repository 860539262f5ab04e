"""The caption job: tile captions over a large AOI, then one summary from an overview image
plus those captions; one-tile AOIs need no second call; cancel keeps the tile captions.

``DescribingEngine`` stands in for the model: a tile caption says how many bright objects the
image holds (so each caption really comes from its own tile), and a summary says how many
caption lines it was given."""

from __future__ import annotations

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from scipy import ndimage

from model_backend.cli import main
from model_backend.engines.base import Generation
from model_backend.errors import BadInput
from model_backend.families import qwen2_5_vl
from model_backend.jobs.caption import summary_input
from model_backend.jobs.context import EngineCache, JobContext
from model_backend.jobs.run import run_job
from model_backend.protocol import JobSpec

from ..helpers import write_utm_rgb
from .test_detect import write_objects

T = rasterio.transform.from_origin(500000, 4500000, 2.0, 2.0)
OBJECTS = [(20, 20, 40, 36), (150, 30, 170, 50), (200, 150, 212, 162), (216, 150, 228, 162)]


class DescribingEngine:
    family, family_module, device, quantization, model = "qwen2_5_vl", qwen2_5_vl, "cpu", "none", "describer"

    def __init__(self, cancel_after_calls=0):
        self.calls, self.cancel_after_calls = [], cancel_after_calls

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        out = []
        for img, msgs in zip(images, messages):
            text = msgs[-1]["content"][-1]["text"]
            self.calls.append((img.size, text))
            if "overview" in text:
                lines = sum("bright objects" in line for line in text.split("\n"))
                out.append(Generation(f"One area; {lines} lines read.", (28, 28)))
            else:
                _, n = ndimage.label(np.asarray(img)[:, :, 0] > 200)
                out.append(Generation(f"{n} bright objects", (28, 28)))
        if self.cancel_after_calls and len(self.calls) >= self.cancel_after_calls:
            cancel.set()
        return out


def run(job, engine):
    events = []
    ctx = JobContext(1, lambda m, p: events.append((m, p)), EngineCache(factory=lambda **kw: engine))
    return run_job(job, ctx), events


def read_layer(path, layer=None):
    info = pyogrio.read_info(str(path), layer=layer)
    _, _, wkb, fields = pyogrio.raw.read(str(path), layer=layer)
    rows = [dict(zip(info["fields"], vals)) for vals in zip(*fields)]
    return info, [shapely.from_wkb(g) for g in wkb], rows


def test_tiles_then_one_summary_from_the_overview_and_the_captions(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    aoi = [500000 + 2 * 10, 4500000 - 2 * 200, 500000 + 2 * 260, 4500000 - 2 * 10]
    engine = DescribingEngine()
    out = tmp_path / "cap.gpkg"
    res, events = run(
        JobSpec(raster=tif, task="caption", model="describer", tile_size=100, aoi=aoi, batch_size=2, out=str(out)),
        engine,
    )
    assert res["status"] == "ok" and res["tiles"] == 6 and res["tiles_captioned"] == 6
    tile_calls, summary_calls = engine.calls[:-1], engine.calls[-1:]
    assert len(tile_calls) == 6 and all("overview" not in t for _, t in tile_calls)
    ((size, prompt),) = summary_calls
    assert max(size) == qwen2_5_vl.INPUT_SIZE  # the overview: the whole AOI at the input size
    for caption in res["captions"]:
        assert caption in prompt.split("\n")  # every tile caption, one per line
    assert res["answer"] == "One area; 6 lines read."
    assert sum(int(c.split()[0]) for c in res["captions"]) >= len(OBJECTS)
    info, geoms, rows = read_layer(out)
    assert info["crs"] == "EPSG:32618" and info["features"] == 7
    assert [r["kind"] for r in rows] == ["tile"] * 6 + ["summary"]
    box = shapely.box(*aoi).buffer(1e-6)
    assert all(box.contains(g) for g in geoms)
    assert shapely.union_all(geoms[:6]).area == pytest.approx(shapely.box(*aoi).area)
    assert geoms[6].equals(shapely.box(*aoi)) or geoms[6].symmetric_difference(shapely.box(*aoi)).area < 1e-6
    assert rows[6]["answer"] == res["answer"] and np.isnan(rows[6]["tile_id"])  # null (read as NaN)
    assert [r["tile_id"] for r in rows[:6]] == list(range(6))
    assert all(r["question"] == qwen2_5_vl.CAPTION_PROMPT and r["model"] == "describer" for r in rows)
    streamed = [(p["layer"], f["properties"]["kind"]) for m, p in events if m == "features" for f in p["features"]]
    assert streamed == [("captions", "tile")] * 6 + [("captions", "summary")]
    stages = [p["stage"] for m, p in events if m == "progress"]
    assert stages.count("caption") == 7 and "summarize" in stages


def test_one_tile_aoi_needs_no_second_call(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    engine = DescribingEngine()
    out = tmp_path / "one.geojson"
    res, _ = run(
        JobSpec(raster=tif, task="caption", model="describer", question="What crops grow here?", out=str(out)), engine
    )
    assert len(engine.calls) == 1 and engine.calls[0][1] == "What crops grow here?"
    assert res["tiles"] == 1 and res["answer"] == "4 bright objects"
    _, geoms, rows = read_layer(out)
    assert [r["kind"] for r in rows] == ["summary"] and rows[0]["tile_id"] == 0
    assert rows[0]["question"] == "What crops grow here?"


def test_cancel_keeps_tile_captions_and_skips_the_summary(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    engine = DescribingEngine(cancel_after_calls=2)
    out = tmp_path / "c.gpkg"
    res, events = run(JobSpec(raster=tif, task="caption", model="describer", tile_size=100, out=str(out)), engine)
    assert res["status"] == "cancelled" and res["answer"] == "" and res["tiles_captioned"] == 2
    _, _, rows = read_layer(out)
    assert [r["kind"] for r in rows] == ["tile", "tile"]
    assert not any("overview" in t for _, t in engine.calls)
    assert any("summary" in p["message"] for m, p in events if m == "log" and p["level"] == "warning")


def test_shapefile_field_names_fit_and_nodata_aoi_is_bad_input(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    out = tmp_path / "cap.shp"
    run(JobSpec(raster=tif, task="caption", model="describer", tile_size=100, out=str(out)), DescribingEngine())
    fields = list(pyogrio.read_info(str(out))["fields"])
    assert all(len(f) <= 10 for f in fields) and {"kind", "tile_id", "quantizat", "answer"} <= set(fields)
    holes = str(tmp_path / "holes.tif")
    data = np.full((3, 100, 200), 80, dtype="uint8")
    data[:, :, 100:] = 0
    with rasterio.open(
        holes,
        "w",
        driver="GTiff",
        width=200,
        height=100,
        count=3,
        dtype="uint8",
        crs="EPSG:32618",
        transform=T,
        nodata=0,
    ) as dst:
        dst.write(data)
    with pytest.raises(BadInput, match="only nodata"):
        run(
            JobSpec(
                raster=holes,
                task="caption",
                model="describer",
                tile_size=100,
                aoi=[500000 + 2 * 110, 4500000 - 2 * 90, 500000 + 2 * 190, 4500000 - 2 * 10],
            ),
            DescribingEngine(),
        )


def test_summary_input_is_one_line_per_caption_and_bounded():
    assert summary_input(["a port\nwith ships", "fields"]) == "a port with ships\nfields"
    long = summary_input(["x" * 500] * 100, limit=8000)
    assert len(long) <= 8000 and long.count("\n") == 99


def test_cli_caption_with_the_tiny_model(tiny_model_dir, tmp_path, capsys):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))  # 200 x 150 px: 4 tiles of 128 px
    out = tmp_path / "cap.gpkg"
    aoi = (500100, 4498600, 501900, 4499950)
    code = main(
        [
            "caption",
            "--raster",
            tif,
            "--model",
            tiny_model_dir,
            "--device",
            "cpu",
            "--quantization",
            "none",
            "--max-new-tokens",
            "3",
            "--tile-size",
            "128",
            "--batch-size",
            "2",
            "--aoi",
            ",".join(map(str, aoi)),
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert printed.out.strip()  # the summary
    info, geoms, rows = read_layer(out)
    assert info["crs"] == "EPSG:32618" and info["features"] == 5
    assert [r["kind"] for r in rows].count("summary") == 1 and [r["kind"] for r in rows].count("tile") == 4
    assert all(shapely.box(*aoi).buffer(1e-6).contains(g) for g in geoms)
    assert all(r["answer"] and r["question"] and r["model"] == tiny_model_dir and r["created"] for r in rows)
