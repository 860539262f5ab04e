"""The Find bench rows run (quick form: the query-latency rows, on a small index)."""

from __future__ import annotations

from model_backend.find import bench


def test_query_latency_is_measured_on_a_real_index_path():
    ms = bench.query_ms(20_000, runs=3)
    assert 0 < ms < 1000


def test_the_quick_rows_have_the_table_shape(monkeypatch):
    monkeypatch.setattr(bench, "query_ms", lambda n, runs=20: 1.0)  # the shape, not the machine
    rows = bench.find_rows(quick=True)
    assert [r[2] for r in rows] == ["< 100 ms", ""] and rows[0][3] == "yes"
    assert all(len(r) == 4 for r in rows)
