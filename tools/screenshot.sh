#!/bin/sh
# Take docs/dock.png in real QGIS under Xvfb, with a throw-away profile (see tools/screenshot.py).
#   tools/screenshot.sh [RASTER]     (run from the repo root; needs xvfb, qgis and .venv)
set -eu
ROOT=$(pwd)
RASTER=${1:-/work/shared/data/naip_milwaukee_airport_0p6m.tif}
[ -f resources/sample/naip_milwaukee_airport_0p6m.tif ] && [ $# -eq 0 ] && RASTER=resources/sample/naip_milwaukee_airport_0p6m.tif
WORK=$(mktemp -d)
PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
ln -s "$ROOT" "$PROFILE/python/plugins/georsmllm"
printf '[PythonPlugins]\ngeorsmllm=true\n\n[qgis]\ncheckVersion=false\nshowTips=false\n' > "$PROFILE/QGIS/QGIS3.ini"
.venv/bin/python -m model_backend tiny-model --family qwen2_5_vl --out "$WORK/tiny-qwen2_5_vl" >/dev/null 2>&1
Xvfb :99 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
env -u QT_QPA_PLATFORM DISPLAY=:99 HF_HUB_OFFLINE=1 GEORSMLLM_SHOT_MODEL="$WORK/tiny-qwen2_5_vl" \
  GEORSMLLM_SHOT_RESULTS="$WORK/results.gpkg" GEORSMLLM_SHOT_OUT="$ROOT/docs/dock.png" \
  timeout 320 qgis --profiles-path "$WORK" --nologo --noversioncheck --code tools/screenshot.py "$RASTER"
