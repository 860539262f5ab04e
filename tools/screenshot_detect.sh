#!/bin/sh
# A screenshot of Detect in real QGIS under Xvfb: the dock asks an OpenAI-compatible server for
# "airplane, vehicle" over the whole NAIP airport chip, and the Detections layer fills.
#   tools/screenshot_detect.sh [OUT.png]     (run from the repo root; needs xvfb, qgis and .venv)
# The server is the tests' loopback stand-in for vLLM (tests/model_backend/loopback_openai_server.py):
# no model runs. Its answer is hand-placed boxes, in the Qwen2.5-VL answer format, over the
# airliner and two rows of service vehicles, in pixels of the 168 x 140 image the real
# processor makes of the 175 x 143 px chip. It shows the plugin, not a model's skill.
set -eu
ROOT=$(pwd)
OUT=${1:-/tmp/dock_detect.png}
RASTER="$ROOT/resources/sample/naip_milwaukee_airport_0p6m.tif"  # the sample the plugin ships
WORK=$(mktemp -d)
PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
ln -s "$ROOT" "$PROFILE/python/plugins/georsmllm"
printf '[PythonPlugins]\ngeorsmllm=true\n\n[qgis]\ncheckVersion=false\nshowTips=false\n' > "$PROFILE/QGIS/QGIS3.ini"
.venv/bin/python - "$WORK/url" <<'PY' &
import sys, time
sys.path.insert(0, "tests/model_backend")
from loopback_openai_server import LoopbackOpenAIServer
ANSWER = """```json
[
\t{"bbox_2d": [26, 53, 93, 95], "label": "airplane"},
\t{"bbox_2d": [77, 37, 112, 46], "label": "vehicle"},
\t{"bbox_2d": [70, 2, 101, 11], "label": "vehicle"}
]
```"""
with LoopbackOpenAIServer(answer=ANSWER) as srv:
    open(sys.argv[1], "w").write(srv.url)
    time.sleep(400)
PY
SERVER=$!
Xvfb :99 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
while [ ! -s "$WORK/url" ]; do sleep 0.2; done
env -u QT_QPA_PLATFORM DISPLAY=:99 HF_HUB_OFFLINE=1 GEORSMLLM_SHOT_URL="$(cat "$WORK/url")" \
  GEORSMLLM_SHOT_TASK=detect GEORSMLLM_SHOT_LABELS="airplane, vehicle" GEORSMLLM_SHOT_AOI=layer \
  GEORSMLLM_SHOT_RESULTS="$WORK/results.gpkg" GEORSMLLM_SHOT_OUT="$OUT" \
  timeout 320 qgis --profiles-path "$WORK" --nologo --noversioncheck --code tools/screenshot.py "$RASTER"
