#!/bin/sh
# README screenshots of Detect on an XYZ basemap with a drawn polygon, in real QGIS under Xvfb:
#   tools/screenshot_basemap.sh [en|fr]      (run from the repo root; needs xvfb, qgis, gdal and .venv)
# The basemap is XYZ tiles made here from the sample NAIP chip (gdal2tiles), served as file://;
# the answers come from the tests' loopback stand-in for vLLM (no model runs: it shows the
# plugin, not a model's skill). LANG fr runs QGIS with locale/userLocale=fr (docs/basemap_fr.png).
set -eu
ROOT=$(pwd)
LANG_UI=${1:-en}
OUT="$ROOT/docs/basemap.png"; [ "$LANG_UI" = fr ] && OUT="$ROOT/docs/basemap_fr.png"
RASTER="$ROOT/resources/sample/naip_milwaukee_airport_0p6m.tif"
WORK=$(mktemp -d)
PROFILE="$WORK/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
ln -s "$ROOT" "$PROFILE/python/plugins/georsmllm"
printf '[PythonPlugins]\ngeorsmllm=true\n\n[qgis]\ncheckVersion=false\nshowTips=false\n' > "$PROFILE/QGIS/QGIS3.ini"
[ "$LANG_UI" = fr ] && printf '\n[locale]\noverrideFlag=true\nuserLocale=fr\n' >> "$PROFILE/QGIS/QGIS3.ini"
gdal_translate -q -b 1 -b 2 -b 3 -of VRT "$RASTER" "$WORK/rgb.vrt"
gdalwarp -q -t_srs EPSG:3857 -of VRT "$WORK/rgb.vrt" "$WORK/merc.vrt"
gdal2tiles.py -q --xyz -z 14-19 -w none "$WORK/merc.vrt" "$WORK/tiles" >/dev/null 2>&1
EXTENT=$(gdalinfo -json "$WORK/merc.vrt" | "$ROOT/.venv/bin/python" -c \
  'import json,sys; c=json.load(sys.stdin)["cornerCoordinates"]; print(",".join(str(v) for v in (*c["lowerLeft"], *c["upperRight"])))')
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
    time.sleep(300)
PY
SERVER=$!
Xvfb :98 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
while [ ! -s "$WORK/url" ]; do sleep 0.2; done
env -u QT_QPA_PLATFORM DISPLAY=:98 HF_HUB_OFFLINE=1 GEORSMLLM_SHOT_URL="$(cat "$WORK/url")" \
  GEORSMLLM_SHOT_XYZ="file://$WORK/tiles/{z}/{x}/{y}.png" GEORSMLLM_SHOT_EXTENT="$EXTENT" \
  GEORSMLLM_SHOT_RESULTS="$WORK/results.gpkg" GEORSMLLM_SHOT_OUT="$OUT" \
  timeout 260 qgis --profiles-path "$WORK" --nologo --noversioncheck --code tools/screenshot_basemap.py
