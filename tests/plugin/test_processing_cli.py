"""From the command line: ``qgis_process.bin run georsmllm:detect`` in a throwaway QGIS profile
(a real subprocess, its ``--json`` output read back), and a project saved by real QGIS as the
input of ``python -m model_backend batch``.

Debian's ``qgis_process`` wrapper is broken on QGIS 3.22 (it passes --noversioncheck), so the
binary is called, as the README says. The loopback server (a real HTTP server) answers as a
perfect Qwen2.5-VL / Florence-2 would (tests/model_backend/batch/scenes.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid

import psutil
import pytest

from ..model_backend.batch.scenes import oracle_answer, qwen_answer, three_scenes
from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer
from .conftest import ROOT

QGIS_PROCESS = shutil.which("qgis_process.bin")


def workers_with(marker: str) -> list:
    """Processes still running with ``marker`` in their environment (a worker left behind)."""
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.environ().get("GEORSMLLM_TEST_MARKER") == marker:
                found.append(proc.pid)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


@pytest.mark.skipif(QGIS_PROCESS is None, reason="qgis_process.bin is not installed (apt qgis)")
def test_qgis_process_runs_detect_and_answers_json(tmp_path):
    profile = tmp_path / "profile"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    os.symlink(ROOT, plugins / "georsmllm", target_is_directory=True)
    marker = uuid.uuid4().hex
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QGIS_CUSTOM_CONFIG_PATH": str(profile),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "GEORSMLLM_TEST_MARKER": marker,
    }
    enable = subprocess.run(
        [QGIS_PROCESS, "plugins", "enable", "georsmllm"], env=env, capture_output=True, text=True, timeout=120
    )
    assert enable.returncode == 0, enable.stderr
    scene = three_scenes(str(tmp_path / "in"))[0]
    out = str(tmp_path / "ships.gpkg")
    with LoopbackOpenAIServer(answer=qwen_answer) as srv:
        r = subprocess.run(
            [
                QGIS_PROCESS,
                "--json",
                "run",
                "georsmllm:detect",
                "--",
                f"INPUT={scene}",
                "LABELS=ship,storage tank",
                f"MODEL={DEFAULT_MODEL}",
                f"BASE_URL={srv.url}",
                "TILE_SIZE=168",
                f"OUTPUT={out}",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, r.stderr
        assert len(srv.requests) == 4  # 300 x 240 px in 168 px tiles
    answer = json.loads(r.stdout)
    assert answer["algorithm_details"]["id"] == "georsmllm:detect"
    assert answer["provider_details"]["name"] == "GeoRSMLLM"
    assert answer["results"] == {"ANSWER": "", "FEATURE_COUNT": 4, "OUTPUT": out}
    with sqlite3.connect(out) as conn:
        (table,) = conn.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'").fetchone()
        labels = sorted(r[0] for r in conn.execute(f'SELECT label FROM "{table}"'))  # noqa: S608
        srs = conn.execute(
            "SELECT organization_coordsys_id FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s "
            "ON g.srs_id = s.srs_id"
        ).fetchone()[0]
    assert labels == ["ship", "ship", "storage tank", "storage tank"] and srs == 32618
    assert workers_with(marker) == []  # the worker went with qgis_process


def test_a_project_saved_by_qgis_is_the_input_of_batch(qgis_app, qgis_new_project, tmp_path):
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    scenes = three_scenes(str(tmp_path / "data"))
    project = QgsProject.instance()
    for path in scenes[:2]:
        project.addMapLayer(QgsRasterLayer(path, os.path.basename(path)))
    project.addMapLayer(QgsVectorLayer("Polygon?crs=EPSG:32618", "notes", "memory"))
    project.addMapLayer(
        QgsRasterLayer("type=xyz&url=https://tile.example/%7Bz%7D/%7Bx%7D/%7By%7D.png", "basemap", "wms")
    )
    qgz = str(tmp_path / "survey.qgz")
    assert project.write(qgz)
    out = str(tmp_path / "run.gpkg")
    with LoopbackOpenAIServer(answer=oracle_answer, models=("team-model",)) as srv:
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "model_backend",
                "batch",
                "--inputs",
                qgz,
                "--out",
                out,
                "--labels",
                "ship,storage tank",
                "--engine",
                "openai",
                "--base-url",
                srv.url,
                "--model",
                "team-model",
                "--family",
                "florence2",
                "--tile-size",
                "128",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"},
        )
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(out) as conn:
        assert sorted(x for (x,) in conn.execute("SELECT raster FROM rasters WHERE status = 'done'")) == sorted(
            scenes[:2]
        )
    assert r.stdout.startswith("rasters: 2 done, 0 skipped (done before), 0 failed of 2")
