"""What the output-file reliability tests share (test_outputs*.py): a scene GeoTIFF, the real CLI
in process and as a subprocess, real servers on 127.0.0.1 that answer, refuse or fail, and
fingerprints of a folder to prove that a failed run changed nothing.

The model is the tests' loopback stand-in for vLLM (tests/model_backend/loopback_openai_server.py):
a real HTTP server answering one box per tile, so a job finds features tile after tile and the
writer sees several batches. Everything between the CLI and the file is the real code path."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..model_backend.loopback_openai_server import DEFAULT_MODEL, LoopbackOpenAIServer
from ..model_backend.raster.rasters import write_tif

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVED = DEFAULT_MODEL
# One box per tile, in pixels of the image the server's processor makes of a 64 px tile (56 px).
BOX_ANSWER = '{"bbox_2d": [4, 4, 24, 24], "label": "tank"}'
TILE = 64
SCENE_PX = 256  # 4 x 4 tiles of 64 px
TASK_TEXT = {
    "detect": ["--labels", "tank"],
    "count": ["--labels", "tank"],
    "caption": [],
    "ground": ["--expression", "the tank"],
    "ask": ["--question", "What is here?"],
}
FORMATS = ("gpkg", "geojson", "shp", "fgb")
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def no_proxy_env() -> Dict[str, str]:
    """urllib honours *_proxy variables: the loopback servers must be reached directly."""
    return {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


# An AOI over the east half of the scene, in its CRS (the scene's upper-left corner is 500000, 4500000).
EAST_HALF_AOI = "501300,4497500,502500,4499900"


def scene(folder: str, name: str = "scene.tif", east_nodata: bool = False) -> str:
    """A 256 x 256 px uint8 RGB GeoTIFF in UTM 18N, 10 m pixels, nodata 0 (the whole east half
    when asked: an AOI there holds nothing to look at)."""
    rows, cols = np.mgrid[0:SCENE_PX, 0:SCENE_PX]
    data = np.stack([cols % 200 + 20, rows % 200 + 20, np.full_like(cols, 120)]).astype("uint8")
    if east_nodata:
        data[:, :, SCENE_PX // 2 :] = 0
    return write_tif(os.path.join(folder, name), data, nodata=0)


def job_args(task: str, raster: str, out: str, url: str, *extra: str) -> List[str]:
    """A task subcommand against a server, 64 px tiles without overlap (16 tiles)."""
    tiling = ["--tile-size", str(TILE)] + (["--overlap", "0"] if task in ("detect", "count", "ground") else [])
    return [
        task,
        "--raster",
        raster,
        "--engine",
        "openai",
        "--base-url",
        url,
        "--model",
        SERVED,
        "--max-new-tokens",
        "32",
        *tiling,
        *TASK_TEXT[task],
        "--out",
        out,
        *extra,
    ]


def run_cli(capsys, args: List[str]) -> Tuple[int, str, str]:
    """``python -m model_backend ARGS`` in this process: (exit code, stdout, stderr)."""
    from model_backend.cli import main

    capsys.readouterr()
    code = main(list(args))
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def run_cli_process(
    args: List[str], env: Optional[Dict[str, str]] = None, timeout: float = 180, user: Optional[int] = None
) -> subprocess.CompletedProcess:
    """The CLI as its own process (to kill it, or to run it as another user)."""
    full_env = {**os.environ, **no_proxy_env(), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "model_backend", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        user=user,
    )


def error_lines(stderr: str) -> List[str]:
    return [line for line in stderr.splitlines() if line.startswith(("error:", "internal error:"))]


def assert_one_clear_error(stderr: str, *words: str) -> str:
    """Exactly one ``error:`` line (no internal error, no traceback), holding ``words``."""
    lines = error_lines(stderr)
    assert len(lines) == 1 and lines[0].startswith("error:"), stderr
    assert "Traceback" not in stderr, stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def fingerprint(folder: str) -> Dict[str, str]:
    """{file name: sha256} of every file in ``folder`` (not below it)."""
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def integrity(path: str) -> str:
    """SQLite's own check of a GeoPackage ("ok" when sound)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def runs(path: str) -> List[Dict[str, object]]:
    """The rows of a GeoPackage's ``georsmllm_runs`` table, oldest first ([] when none)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'georsmllm_runs'").fetchone():
            return []
        return [dict(r) for r in db.execute("SELECT * FROM georsmllm_runs ORDER BY fid")]


def serving(answer=BOX_ANSWER, **kw) -> LoopbackOpenAIServer:
    """A started loopback server answering every tile with ``answer``."""
    return LoopbackOpenAIServer(answer=answer, **kw).start()


def refused_url() -> str:
    """A base URL where nothing listens (a port just bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


class GarbageServer:
    """HTTP 200 with an HTML body where JSON is expected (a proxy page, a wrong port): the
    loopback server always answers JSON, so this one stands in for the wrong server."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _garbage(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = b"<html><body>502 Bad Gateway (proxy)</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _garbage

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def dies_after(n: int) -> LoopbackOpenAIServer:
    """A server that answers ``n`` tiles, then goes away (its port then refuses connections)."""
    holder: List[LoopbackOpenAIServer] = []
    lock = threading.Lock()
    done = [0]

    def answer(_seen) -> str:
        with lock:
            done[0] += 1
            if done[0] == n:
                threading.Thread(target=holder[0].stop, daemon=True).start()
        return BOX_ANSWER

    srv = LoopbackOpenAIServer(answer=answer)
    holder.append(srv)
    return srv.start()


def existing_file(folder: str, ext: str, name: str = "mine") -> str:
    """A user's own vector file at ``folder/name.ext`` (3 features, its own fields)."""
    import pyproj
    import shapely
    from pyogrio import raw

    path = os.path.join(folder, f"{name}.{ext}")
    geoms = shapely.to_wkb(
        np.array([shapely.box(500000 + i, 4499000, 500010 + i, 4499010) for i in range(3)], dtype=object)
    )
    driver = {"gpkg": "GPKG", "geojson": "GeoJSON", "shp": "ESRI Shapefile", "fgb": "FlatGeobuf"}[ext]
    raw.write(
        path,
        geoms,
        [np.array(["parcel a", "parcel b", "parcel c"], dtype=object)],
        ["owner"],
        layer="parcels" if ext == "gpkg" else name,
        driver=driver,
        crs=pyproj.CRS.from_epsg(32618).to_wkt(),
        geometry_type="Polygon",
    )
    return path
