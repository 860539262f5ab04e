"""The count job: labels from the question, the detect loop over tiles, one answer per label,
evidence boxes linked to the answer, two layers in a GeoPackage (or two files).

The model is ``OracleEngine`` (see test_detect): it boxes every bright object of the image it
is handed, in Qwen2.5-VL's real answer format, so the right count is the number of objects
drawn, whatever the tiling (an object cut by a tile border must still count once)."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely

from model_backend.cli import main
from model_backend.engines.base import Generation
from model_backend.errors import BadInput
from model_backend.jobs.count import counted_label, labels_from_question, singular
from model_backend.protocol import JobSpec

from ..helpers import write_utm_rgb
from .test_detect import OBJECTS, OracleEngine, run, write_objects

T = rasterio.transform.from_origin(500000, 4500000, 2.0, 2.0)


class ShapeOracle(OracleEngine):
    """Names each bright object by its shape: wide ones "ships", the others "storage tank"."""

    def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
        out = []
        for gen, img in zip(super().generate(images, messages, max_new_tokens, cancel, on_token), images):
            boxes = json.loads(gen.text.strip("`\njson"))
            for b in boxes:
                x0, y0, x1, y1 = b["bbox_2d"]
                b["label"] = "ships" if (x1 - x0) > 1.5 * (y1 - y0) else "storage tank"
            out.append(Generation("```json\n" + json.dumps(boxes) + "\n```", gen.fed_size))
        return out


@pytest.mark.parametrize(
    "question,labels",
    [
        ("how many ships?", ["ship"]),
        ("How many storage tanks are there in the port?", ["storage tank"]),
        ("How many ships and storage tanks are visible?", ["ship", "storage tank"]),
        ("how many cars, buses or trucks in this image", ["car", "bus", "truck"]),
        ("Count the aircraft.", ["aircraft"]),
        ("What is the number of swimming pools here?", ["swimming pool"]),
        ("how many factories are on the river", ["factory"]),
        ("Describe this area.", []),
        ("how many?", []),
    ],
)
def test_labels_from_question(question, labels):
    assert labels_from_question(question) == labels


def test_singular_and_label_matching():
    assert [singular(w) for w in ("ships", "churches", "boxes", "glass", "bus", "tanks", "people")] == [
        "ship",
        "church",
        "box",
        "glass",
        "bus",
        "tank",
        "people",
    ]
    assert counted_label("Ships", ["ship", "storage tank"]) == "ship"
    assert counted_label("boat", ["ship"]) == "ship"  # one asked label: every box counts for it
    assert counted_label("boat", ["ship", "storage tank"]) == "boat"


def test_count_equals_the_objects_drawn_and_evidence_links_to_the_answer(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    out = tmp_path / "count.gpkg"
    res, events = run(
        JobSpec(
            raster=tif,
            task="count",
            question="How many tanks?",
            model="oracle",
            tile_size=128,
            batch_size=2,
            out=str(out),
        )
    )
    assert res["status"] == "ok" and res["tiles_total"] > 4
    assert res["count"] == len(OBJECTS) and res["counts"] == {"tank": len(OBJECTS)}
    assert res["answer"] == f"{len(OBJECTS)} tank(s) in the area"
    layers = {str(n) for n in pyogrio.list_layers(str(out))[:, 0]}
    assert layers == {"evidence", "captions", "georsmllm_runs"}  # and the table of runs (writers/gpkg.py)
    ev_info = pyogrio.read_info(str(out), layer="evidence")
    assert ev_info["features"] == len(OBJECTS) and ev_info["crs"] == "EPSG:32618"
    _, _, _, ev_fields = pyogrio.raw.read(str(out), layer="evidence")
    ev = dict(zip(ev_info["fields"], ev_fields))
    assert set(ev["count_id"]) == {res["count_id"]} and set(ev["task"]) == {"count"}
    ans_info = pyogrio.read_info(str(out), layer="captions")
    _, _, ans_wkb, ans_fields = pyogrio.raw.read(str(out), layer="captions")
    ans = {k: v[0] for k, v in zip(ans_info["fields"], ans_fields)}
    assert ans_info["features"] == 1 and ans["count"] == len(OBJECTS) and ans["kind"] == "count"
    assert ans["count_id"] == res["count_id"] and ans["answer"] == res["answer"]
    assert ans["question"] == "How many tanks?"
    assert shapely.from_wkb(ans_wkb[0]).area == pytest.approx(shapely.from_wkt(res["aoi_wkt"]).area)
    streamed = [p["layer"] for m, p in events if m == "features" for _ in p["features"]]
    assert streamed.count("evidence") == len(OBJECTS) and streamed[-1] == "captions"


def test_two_labels_are_counted_apart_and_other_formats_get_two_files(tmp_path):
    tif = write_objects(
        str(tmp_path / "o.tif"),
        "EPSG:32618",
        T,
        [(10, 10, 50, 20), (100, 60, 140, 70), (200, 150, 212, 162), (216, 150, 228, 162), (40, 180, 52, 192)],
    )
    out = tmp_path / "count.geojson"
    res, _ = run(
        JobSpec(raster=tif, task="count", labels=["ship", "storage tank"], model="oracle", tile_size=128, out=str(out)),
        ShapeOracle(),
    )
    assert res["counts"] == {"ship": 2, "storage tank": 3} and res["count"] == 5
    assert res["answer"] == "2 ship(s), 3 storage tank(s) in the area"
    assert res["output"] == str(out) and res["answer_output"] == str(tmp_path / "count_answer.geojson")
    assert pyogrio.read_info(str(out))["features"] == 5
    _, _, _, fields = pyogrio.raw.read(res["answer_output"])
    info = pyogrio.read_info(res["answer_output"])
    row = {k: v[0] for k, v in zip(info["fields"], fields)}
    assert row["count"] == 5 and row["question"] == "how many ship, storage tank?"


def test_zero_found_is_an_answer(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, [])
    res, _ = run(JobSpec(raster=tif, task="count", labels=["ship"], model="oracle"))
    assert res["status"] == "ok" and res["count"] == 0 and res["answer"] == "0 ship(s) in the area"


def test_cancel_keeps_evidence_and_says_the_count_is_partial(tmp_path):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)

    class Cancelling(OracleEngine):
        def generate(self, images, messages, max_new_tokens=256, cancel=None, on_token=None, batch_size=None):
            out = super().generate(images, messages, max_new_tokens, cancel, on_token)
            if self.calls >= 2:
                cancel.set()
            return out

    res, _ = run(
        JobSpec(raster=tif, task="count", labels=["tank"], model="oracle", tile_size=128, out=str(tmp_path / "c.gpkg")),
        Cancelling(),
    )
    assert res["status"] == "cancelled" and "partial" in res["answer"] and res["count"] >= 1
    assert pyogrio.read_info(str(tmp_path / "c.gpkg"), layer="evidence")["features"] == res["count"]


@pytest.mark.parametrize(
    "question,match", [("Describe this area.", "--labels"), ("what colour are the roofs?", "Cannot tell what to count")]
)
def test_nothing_to_count_is_bad_input(tmp_path, question, match):
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    with pytest.raises(BadInput, match=match):
        run(JobSpec(raster=tif, task="count", question=question, model="oracle", out=str(tmp_path / "x.gpkg")))
    assert not (tmp_path / "x.gpkg").exists()


def test_cli_count_with_the_tiny_model(tiny_model_dir, tmp_path, capsys):
    tif = write_utm_rgb(str(tmp_path / "utm.tif"))
    out = tmp_path / "count.gpkg"
    code = main(
        [
            "count",
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
            "--question",
            "how many ships?",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    said = printed.out.strip()  # the random model's noise is usually unreadable: then "unknown"
    assert said.startswith("unknown: the model's answers could not be read") or "ship(s) in the area" in said
    layers = {str(n) for n in pyogrio.list_layers(str(out))[:, 0]}
    assert layers == {"evidence", "captions", "georsmllm_runs"}  # and the table of runs (writers/gpkg.py)
    info = pyogrio.read_info(str(out), layer="captions")
    assert info["crs"] == "EPSG:32618" and info["features"] == 1
    _, _, wkb, fields = pyogrio.raw.read(str(out), layer="captions")
    row = {k: v[0] for k, v in zip(info["fields"], fields)}
    assert row["answer"] == said and row["kind"] == "count"
    assert (
        row["count"] is None or np.isnan(row["count"])
        if said.startswith("unknown")
        else isinstance(row["count"], (int, np.integer))
    )
    footprint = shapely.box(500000, 4500000 - 1500, 502000, 4500000)
    assert footprint.buffer(1e-6).contains(shapely.from_wkb(wkb[0]))
    assert main(["count", "--raster", tif, "--model", tiny_model_dir, "--out", str(tmp_path / "n.gpkg")]) == 2
    assert "--labels" in capsys.readouterr().err


def test_unreadable_answers_make_the_count_unknown_or_a_lower_bound(tmp_path):
    """ "Could not read the answer" is not "0 tanks": every tile unreadable -> count NULL and an
    answer that says it is unknown; some tiles unreadable -> "at least N"."""
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, OBJECTS)
    out = tmp_path / "unknown.gpkg"
    res, _ = run(
        JobSpec(raster=tif, task="count", labels=["tank"], model="oracle", tile_size=128, out=str(out)),
        OracleEngine(garbage_every=1),
    )
    assert res["tiles_unparsed"] == res["tiles_total"] and res["count"] is None and res["counts"] == {}
    assert res["answer"].startswith("unknown: the model's answers could not be read")
    with sqlite3.connect(out) as db:  # a GeoPackage is SQLite: the stored value, not a reader's view
        assert db.execute("SELECT count FROM captions").fetchall() == [(None,)]

    res, _ = run(
        JobSpec(raster=tif, task="count", labels=["tank"], model="oracle", tile_size=128), OracleEngine(garbage_every=3)
    )
    unread = res["tiles_unparsed"]
    assert 0 < unread < res["tiles_total"] and res["count"] is not None
    assert (
        res["answer"].startswith(f"at least {res['count']} tank(s) in the area")
        and f"({unread} of {res['tiles_total'] - res['tiles_skipped_nodata']} tile(s) had an unreadable answer)"
        in res["answer"]
    )
