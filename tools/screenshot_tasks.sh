#!/bin/sh
# README picture of the dock after a run of each task (Ask, Describe, Count, Find one object,
# Change), in real QGIS under Xvfb:
#   tools/screenshot_tasks.sh [OUT.png]   (run from the repo root; needs xvfb, qgis and .venv)
# Ask, Describe, Count and Find one object read the sample NAIP chip (resources/sample); Change
# compares the NAIP 2010 and 2015 crops of tests/data/rasters (pixel difference, no model).
# The answers come from the tests' loopback stand-in for vLLM (answers written to look like
# Qwen2.5-VL's; no model runs: the picture shows the plugin, not a model's skill).
# tools/screenshot_tasks.py grabs the dock and the map after each run;
# tools/screenshot_tasks_compose.py lays the grabs out in one PNG (GEORSMLLM_SHOT_KEEP=DIR keeps
# the separate grabs there).
set -eu
ROOT=$(pwd)
OUT=${1:-$ROOT/docs/dock_tasks.png}
WORK=$(mktemp -d /tmp/shots.XXXXXX)  # short: the dock says where results went
PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS" "$WORK/grabs"
ln -s "$ROOT" "$PROFILE/python/plugins/georsmllm"
printf '[PythonPlugins]\ngeorsmllm=true\n\n[qgis]\ncheckVersion=false\nshowTips=false\n' > "$PROFILE/QGIS/QGIS3.ini"
.venv/bin/python tools/screenshot_tasks_server.py "$WORK/url" &
SERVER=$!
Xvfb :97 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
while [ ! -s "$WORK/url" ]; do sleep 0.2; done
env -u QT_QPA_PLATFORM DISPLAY=:97 HF_HUB_OFFLINE=1 GEORSMLLM_SHOT_URL="$(cat "$WORK/url")" \
  GEORSMLLM_SHOT_DIR="$WORK/grabs" GEORSMLLM_SHOT_RESULTS="$WORK" \
  timeout 500 qgis --profiles-path "$WORK" --nologo --noversioncheck --code tools/screenshot_tasks.py
.venv/bin/python tools/screenshot_tasks_compose.py "$WORK/grabs" "$OUT"
[ -n "${GEORSMLLM_SHOT_KEEP:-}" ] && cp -r "$WORK/grabs" "$GEORSMLLM_SHOT_KEEP" || true
