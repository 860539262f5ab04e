"""Render the demo's map with QGIS: the raster, the AOI outline and the answer as a caption.

    PYTHONPATH=build/pkg python -m georsmllm.plugin.render_demo build/demo

reads ``build/demo/demo.json`` (written by ``python -m model_backend demo``: raster, gpkg,
layer, answer, question, model, tiny_model, optionally device/quantization/elapsed_s/png) and
writes ``build/demo/map.png`` (about 1200 px wide). Headless: it starts its own QgsApplication
with the offscreen platform. This is the proof that QGIS itself reads what the backend wrote.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Dict, List, Optional

WIDTH = 1200
MARGIN = 24
BANNER_TEXT = "TINY RANDOM MODEL — answers are meaningless"


def load_demo(folder: str) -> Dict[str, Any]:
    path = os.path.join(folder, "demo.json")
    with open(path, encoding="utf-8") as fh:
        demo = json.load(fh)
    missing = [k for k in ("raster", "gpkg", "layer", "answer", "question", "model") if k not in demo]
    if missing:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    return demo


def _layers(demo: Dict[str, Any]) -> List[Any]:
    """The raster (bands 1-2-3 as RGB, no alpha band: NAIP's NIR band is tagged alpha) and the
    caption layer as a red outline without fill."""
    from qgis.core import QgsMultiBandColorRenderer, QgsRasterLayer, QgsVectorLayer

    from .layers.result_layer import outline_symbol

    raster = QgsRasterLayer(demo["raster"], "raster")
    if not raster.isValid():
        raise ValueError(f"QGIS cannot open the raster {demo['raster']}")
    if raster.bandCount() >= 3:
        renderer = QgsMultiBandColorRenderer(raster.dataProvider(), 1, 2, 3)
        renderer.setAlphaBand(-1)
        raster.setRenderer(renderer)
        raster.setContrastEnhancement(_stretch_algorithm())
    captions = QgsVectorLayer(f"{demo['gpkg']}|layername={demo['layer']}", "captions", "ogr")
    if not captions.isValid():
        raise ValueError(f"QGIS cannot open layer {demo['layer']} of {demo['gpkg']}")
    captions.renderer().setSymbol(outline_symbol("227,26,28", 0.9))
    return [captions, raster]


def _stretch_algorithm() -> Any:
    from qgis.core import QgsContrastEnhancement

    return QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum


def render_map(layers: List[Any], width: int) -> Any:
    """The map image: the raster's extent (grown to show the whole AOI), at ``width`` px."""
    from qgis.core import QgsCoordinateTransform, QgsMapRendererParallelJob, QgsMapSettings, QgsProject
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    captions, raster = layers
    extent = raster.extent()
    aoi = QgsCoordinateTransform(captions.crs(), raster.crs(), QgsProject.instance()).transformBoundingBox(
        captions.extent()
    )
    extent.combineExtentWith(aoi)
    extent.scale(1.04)
    height = max(200, int(round(width * extent.height() / extent.width())))
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(raster.crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()  # a batch tool, not a GUI path: blocking is what we want here
    return job.renderedImage()


def compose(map_image: Any, demo: Dict[str, Any]) -> Any:
    """Title (question), optional banner, the map, then the answer wrapped with its provenance."""
    from qgis.PyQt.QtCore import QRect, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

    inner = WIDTH - 2 * MARGIN
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    title_font, body_font, small_font = (
        QFont("DejaVu Sans", 16, QFont.Weight.Bold),
        QFont("DejaVu Sans", 13),
        QFont("DejaVu Sans", 10),
    )
    title = f"Q: {demo['question']}"
    answer = f"A: {demo['answer']}"
    details = " · ".join(
        str(x)
        for x in (
            f"model {demo['model']}",
            demo.get("device"),
            demo.get("quantization"),
            f"{demo['elapsed_s']:.1f} s" if isinstance(demo.get("elapsed_s"), (int, float)) else None,
            "red outline: area of interest",
            os.path.basename(demo["raster"]),
        )
        if x
    )

    def height_of(text: str, font: QFont) -> int:
        return QFontMetrics(font).boundingRect(QRect(0, 0, inner, 10000), flags, text).height()

    banner_h = 44 if demo.get("tiny_model") else 0
    title_h, answer_h, details_h = (
        height_of(title, title_font),
        height_of(answer, body_font),
        height_of(details, small_font),
    )
    total = MARGIN + title_h + 12 + banner_h + map_image.height() + 16 + answer_h + 10 + details_h + MARGIN
    image = QImage(WIDTH, total, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    y = MARGIN
    painter.setPen(QColor(20, 20, 20))
    painter.setFont(title_font)
    painter.drawText(QRect(MARGIN, y, inner, title_h), flags, title)
    y += title_h + 12
    if banner_h:
        painter.fillRect(QRect(0, y, WIDTH, banner_h), QColor(200, 20, 20))
        painter.setPen(QColor(255, 255, 255))
        painter.setFont(QFont("DejaVu Sans", 15, QFont.Weight.Bold))
        painter.drawText(QRect(0, y, WIDTH, banner_h), int(Qt.AlignmentFlag.AlignCenter), BANNER_TEXT)
        y += banner_h
    painter.drawImage(0, y, map_image)
    y += map_image.height() + 16
    painter.setPen(QColor(20, 20, 20))
    painter.setFont(body_font)
    painter.drawText(QRect(MARGIN, y, inner, answer_h), flags, answer)
    y += answer_h + 10
    painter.setPen(QColor(110, 110, 110))
    painter.setFont(small_font)
    painter.drawText(QRect(MARGIN, y, inner, details_h), flags, details)
    painter.end()
    return image


def render(folder: str) -> str:
    """Render ``folder``/demo.json to its PNG (``png`` key, else ``folder``/map.png); returns the path."""
    from qgis.core import QgsProject

    demo = load_demo(folder)
    out = demo.get("png") or os.path.join(folder, "map.png")
    layers = _layers(demo)
    project = QgsProject.instance()
    project.addMapLayers(layers, False)
    try:
        image = compose(render_map(layers, WIDTH), demo)
        if not image.save(out):
            raise OSError(f"could not write {out}")
    finally:
        project.removeAllMapLayers()  # no layer may outlive exitQgis (it segfaults otherwise)
        del layers
    return out


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m georsmllm.plugin.render_demo DEMO_FOLDER", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    try:
        out = render(argv[0])
    except (OSError, ValueError) as exc:
        print(f"render_demo: {exc}", file=sys.stderr)
        code = 2
    else:
        print(f"Wrote {out}")
        code = 0
    app.exitQgis()
    return code


if __name__ == "__main__":
    sys.exit(main())
