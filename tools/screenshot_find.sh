#!/bin/sh
# A screenshot of Find in real QGIS under Xvfb: "more like this" over a Landsat 8 scene of Tokyo
# Bay, with a drawn 64 px example of open water as the query.
#   tools/screenshot_find.sh [OUT.png] [RASTER]   (run from the repo root; needs xvfb, qgis, .venv)
# The encoder is the tiny random CLIP exported to ONNX (model_backend/tiny/clip.py): a random
# network still maps similar-looking tiles near each other, so the ranking is by appearance, not
# by meaning; the picture shows the plugin (layer, graduated style, heat map), not a model's skill.
set -eu
ROOT=$(pwd)
OUT=${1:-/tmp/dock_find.png}
RASTER=${2:-$ROOT/../shared/data/landsat8_tokyo_uint16.tif}
WORK=$(mktemp -d)
PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
ln -s "$ROOT" "$PROFILE/python/plugins/georsmllm"
printf '[PythonPlugins]\ngeorsmllm=true\n\n[qgis]\ncheckVersion=false\nshowTips=false\n' > "$PROFILE/QGIS/QGIS3.ini"
ENCODER=$(.venv/bin/python -m model_backend export-onnx --tiny --out "$WORK/tiny-clip" --precisions fp32 2>/dev/null)
# the example: the darkest 64 px tile of the raster (open water), in the raster's CRS
BOX=$(.venv/bin/python - "$RASTER" <<'PY'
import sys, numpy as np, rasterio
from rasterio.windows import Window, bounds
with rasterio.open(sys.argv[1]) as ds:
    data, valid = ds.read(1).astype(float), ds.read_masks(1) > 0
    best = min((data[r:r + 64, c:c + 64].mean(), r, c) for r in range(0, ds.height - 63, 64)
               for c in range(0, ds.width - 63, 64) if valid[r:r + 64, c:c + 64].all()
               and data[r:r + 64, c:c + 64].min() > 0)
    print(",".join(str(v) for v in bounds(Window(best[2], best[1], 64, 64), ds.transform)))
PY
)
Xvfb :98 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$WORK"' EXIT
env -u QT_QPA_PLATFORM DISPLAY=:98 HF_HUB_OFFLINE=1 GEORSMLLM_CACHE="$WORK/cache" \
  GEORSMLLM_SHOT_ENCODER="$ENCODER" GEORSMLLM_SHOT_BOX="$BOX" \
  GEORSMLLM_SHOT_RESULTS="$WORK/results.gpkg" GEORSMLLM_SHOT_OUT="$OUT" \
  timeout 320 qgis --profiles-path "$WORK" --nologo --noversioncheck --code tools/screenshot_find.py "$RASTER"
