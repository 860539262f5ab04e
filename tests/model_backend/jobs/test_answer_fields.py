"""Count and ground results carry, as fields, everything their English ``answer`` says (the dock
words its own sentence from them, plugin/answer_words.py): count's labels, counts, count and
tiles read/unread; ground's found, expression, score, candidates and tiles."""

from __future__ import annotations

import json

from model_backend.protocol import JobSpec

from .test_count import ShapeOracle, T
from .test_detect import OBJECTS, OracleEngine, run, write_objects
from .test_ground import PickingOracle, job


def _shown(r):
    return {k: v for k, v in r.items() if k not in ("crs_wkt", "aoi_wkt", "properties", "features")}


def test_count_fields_say_what_the_answer_says(tmp_path):
    tif = write_objects(
        str(tmp_path / "o.tif"), "EPSG:32618", T, [(10, 10, 50, 20), (100, 60, 140, 70), (200, 150, 212, 162)]
    )
    res, _ = run(JobSpec(raster=tif, task="count", labels=["ship", "storage tank"], model="oracle"), ShapeOracle())
    print("RESULT count", json.dumps(_shown(res)))
    assert res["labels"] == ["ship", "storage tank"] and res["counts"] == {"ship": 2, "storage tank": 1}
    assert res["count"] == 3 and res["answer"] == "2 ship(s), 1 storage tank(s) in the area"
    tif = write_objects(str(tmp_path / "p.tif"), "EPSG:32618", T, OBJECTS)
    res, _ = run(
        JobSpec(raster=tif, task="count", labels=["tank"], model="oracle", tile_size=128), OracleEngine(garbage_every=3)
    )
    print("RESULT count_unread", json.dumps(_shown(res)))
    unread, read = res["tiles_unparsed"], res["tiles_done"] - res["tiles_skipped_nodata"] - res["tiles_unparsed"]
    assert (
        res["answer"]
        == f"at least {res['count']} tank(s) in the area ({unread} of {read + unread} tile(s) had an unreadable answer)"
    )


def test_ground_fields_say_what_the_answer_says(tmp_path):
    objects = [(145, 115, 157, 125), (5, 5, 45, 35), (250, 190, 295, 235)]
    tif = write_objects(str(tmp_path / "o.tif"), "EPSG:32618", T, objects)
    res, _ = run(job(tif, tile_size=64), PickingOracle(scored=True))
    print("RESULT ground", json.dumps(_shown(res)))
    assert res["found"] and res["expression"] == "the largest bright roof"
    assert res["answer"] == (
        f"located the largest bright roof (score {res['score']:.2f}): "
        f"best of {res['candidates']} candidate boxes in {res['tiles']} tiles"
    )
    res, _ = run(job(tif), PickingOracle(blind=True))
    print("RESULT ground_none", json.dumps(_shown(res)))
    assert res["found"] is False and res["candidates"] == 0 and res["expression"] == "the largest bright roof"
