"""``make demo``: the main job on the bundled sample raster.

Asks the default model to describe an AOI given in EPSG:4326 over a UTM raster, writes the
caption layer (GeoPackage) and ``demo.json`` for the QGIS map renderer
(``plugin/render_demo.py``). Without the model and without a hub, it says so, then shows the
same pipeline with a tiny random model under a loud banner.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import protocol as P
from .cli_jobs import run_local
from .errors import ModelUnavailable

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample" / "naip_milwaukee_airport_0p6m.tif"
# Around the terminal and the gate (lon/lat, so the AOI is reprojected into UTM 16N).
AOI = [-87.89985, 42.94670, -87.89905, 42.94730]
AOI_CRS = "EPSG:4326"
BANNER = "\n".join(
    [
        "",
        "!" * 78,
        "!!  TINY RANDOM MODEL: its answers are MEANINGLESS noise. It only shows that    !!",
        "!!  the pipeline (AOI -> window -> 4-bit model -> GeoPackage -> map) works.     !!",
        "!" * 78,
        "",
    ]
)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def pick_model(model: str, out_dir: Path) -> tuple:
    """(model ref, tiny?) — the asked model when available, else a tiny local one."""
    from .engines.model_source import resolve_model
    from .tiny import TINY_MARKER, build_tiny_model

    try:
        resolve_model(model)
        return model, False
    except ModelUnavailable as exc:
        _say("\nThe model is not available here.\n" + str(exc) + "\n")
    tiny_dir = out_dir / "tiny-qwen2_5_vl"
    if not (tiny_dir / TINY_MARKER).is_file():
        _say(f"Building a tiny random Qwen2.5-VL in {tiny_dir} (seconds, no network)...")
        build_tiny_model("qwen2_5_vl", str(tiny_dir))
    _say(BANNER)
    return str(tiny_dir), True


def run_demo(out_dir: str, model: str = P.DEFAULT_MODEL) -> int:
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    gpkg = out / "captions.gpkg"
    if gpkg.exists():
        gpkg.unlink()  # a demo run starts fresh; the product itself appends
    ref, tiny = pick_model(model, out)
    job = P.JobSpec(
        raster=str(SAMPLE),
        aoi=AOI,
        aoi_crs=AOI_CRS,
        model=ref,
        device="cpu" if tiny else "auto",
        max_new_tokens=48 if tiny else 256,
        out=str(gpkg),
    )
    _say(f"Asking {ref!r}: {job.question!r}\n  raster {SAMPLE.name}\n  AOI {AOI} in {AOI_CRS}")
    result = run_local(job)
    meta = {
        "raster": str(SAMPLE),
        "gpkg": str(gpkg),
        "layer": "captions",
        "answer": result["answer"],
        "question": job.question,
        "model": ref,
        "tiny_model": tiny,
        "device": result["device"],
        "quantization": result["quantization"],
        "elapsed_s": result["elapsed_s"],
        "png": str(out / "map.png"),
    }
    (out / "demo.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Answer: {result['answer']}")
    _say(
        f"Wrote {gpkg} (layer 'captions', {result['crs_authid']}) in {result['elapsed_s']} s "
        f"on {result['device']} ({result['quantization']})."
    )
    if tiny:
        _say(BANNER)
    return 0
