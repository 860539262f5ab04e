"""The change result carries what its summary says as fields (``area_m2_total``,
``area_m2_largest``, ``description``), so the dock can word the summary in its own language;
the English ``answer`` stays what the CLI and batch print."""

from __future__ import annotations

import json

import pytest

from .synthetic import DateGrid
from .test_change_diff import MIN_AREA, run_change


def test_summary_fields_match_the_polygons_and_the_answer(tmp_path):
    res, geoms, rows, _ = run_change(tmp_path, DateGrid(), min_area=MIN_AREA)
    print("RESULT change", json.dumps({k: v for k, v in res.items() if k not in ("crs_wkt", "aoi_wkt")}))
    areas = [r["area_m2"] for r in rows]
    assert res["changes"] == len(rows) == 3
    assert res["area_m2_total"] == pytest.approx(sum(areas), abs=0.05)
    assert res["area_m2_largest"] == pytest.approx(max(areas), abs=0.01)
    assert res["description"] is None  # no polygon described (method diff, describe 0)
    assert res["answer"] == (
        f"3 change polygon(s) between before.tif and after.tif, {res['area_m2_total']:,.0f} m² in all (diff)"
        f"; largest {res['area_m2_largest']:,.0f} m²."
    )


def test_no_change_has_no_largest(tmp_path):
    res, geoms, _, _ = run_change(tmp_path, DateGrid(), min_area=1e9)  # every polygon below the minimum
    assert geoms == [] and res["changes"] == 0
    assert res["area_m2_total"] == 0 and res["area_m2_largest"] is None and res["description"] is None
    assert res["answer"] == "No change found between before.tif and after.tif (diff)."
