"""Each algorithm's help: what it does, what each of its parameters means, an example.

Written from the algorithm's own parameters and the task's spec, so a task added to the table
gets a help text too (its sentence in ``what()`` when someone writes one, else the spec's title).
The words are ``tr()`` literals in functions, translated when the help is shown.
"""

from __future__ import annotations

import html
from typing import Dict, List

from ...model_backend import protocol
from .. import task_words
from ..translate import tr
from .params import layer_title


def what() -> Dict[str, str]:
    """What each task's algorithm does, the first sentence of its help."""
    return {
        "ask": tr(
            "Asks the model one question about the area and writes its answer as one feature: the area's "
            "polygon with the answer, the question and the model."
        ),
        "caption": tr(
            "Describes the area tile by tile (one caption per tile), then writes one summary of the whole "
            "area that the model writes from an overview image and the tile captions."
        ),
        "detect": tr(
            "Finds objects by name (LABELS) or by a referring expression, tile by tile over a raster of any "
            "size; boxes are merged across tile edges and written as polygons with label and score."
        ),
        "count": tr(
            'Counts objects ("How many ships?" or LABELS): the boxes counted are the evidence layer, the '
            "count per label is one answer feature over the area."
        ),
        "ground": tr(
            "Finds the one object a referring expression names and writes its box (or nothing, and says "
            "so, when the model finds none)."
        ),
        "find": tr(
            "Ranks the tiles of the raster by how well they match a text, with an image-text encoder "
            "(no language model needed), and writes the best tiles."
        ),
        "change": tr(
            "Finds what changed between the raster (before) and the raster of a later date (AFTER), and "
            "writes the changed areas as polygons."
        ),
    }


def parameter_help() -> Dict[str, str]:
    """What each parameter means, by name; a parameter without an entry shows its description."""
    return {
        "INPUT": tr("the raster, a file GDAL reads (GeoTIFF, VRT, JPEG 2000...); its CRS is the output's"),
        "EXTENT": tr("only this rectangle (any CRS); default: the whole layer"),
        "AOI": tr("polygons to work in; features found are cut to them"),
        "AOI_MODE": tr("with several AOI polygons: one run per polygon, or one run over their union"),
        "QUESTION": tr("the question (or, to describe an area, your own instruction)"),
        "EXPRESSION": tr('a referring expression, e.g. "the large white building next to the pool"'),
        "LABELS": tr('object names, comma separated, e.g. "ship, storage tank" (win over an expression)'),
        "MODEL": tr(
            "a Hugging Face id (Qwen/Qwen2.5-VL-3B-Instruct), a local model folder, or the model name a server serves"
        ),
        "FAMILY": tr("how the model is prompted and its coordinates read; inferred from the model when not set"),
        "BASE_URL": tr(
            "an OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio), e.g. "
            "http://gpu-box:8000/v1; empty: the local model in the plugin's backend environment"
        ),
        "API_KEY_ENV": tr("the NAME of the environment variable that holds the server's API key (never the key)"),
        "DEVICE": tr("auto (CUDA when there), cuda or cpu, for the local model"),
        "QUANTIZATION": tr("nf4 (4-bit, default), int8, nf4-all or none, for the local model"),
        "TILE_SIZE": tr("pixels per tile side fed to the model; empty: the family's input size"),
        "OVERLAP": tr("share of a tile side that neighbouring tiles overlap (objects cut by an edge are joined)"),
        "GSD": tr("metres per pixel to resample tiles to; empty: the raster's own resolution"),
        "MAX_NEW_TOKENS": tr("the longest answer the model may write"),
        "AFTER": tr("the raster of the later date"),
        "METHOD": tr("diff (pixel statistics), onnx (a change model) or vlm (the language model confirms)"),
        "MIN_AREA": tr("changes smaller than this many square metres are dropped"),
        "ONNX_MODEL": tr(
            "for method onnx: a change network with inputs before and after, [N, 3, H, W] float32 "
            "R, G, B in 0..1, and a change probability [N, 1, H, W] as output"
        ),
        "DESCRIBE": tr("how many of the largest changes the language model describes (before and after side by side)"),
        "TOP": tr("how many of the best tiles are kept"),
        "CONFIRM": tr("ask the language model whether each kept tile really shows it"),
        "ENCODER": tr(
            "the image-text encoder (CLIP or SigLIP): a Hugging Face id, a model folder, or a folder exported to ONNX"
        ),
        "OUTPUT": tr("the layer written (GeoPackage, Shapefile, GeoJSON, memory...), with the dock's attributes"),
    }


def example(spec: protocol.TaskSpec) -> str:
    """A ``processing.run`` call and the same as a ``qgis_process`` command."""
    args: List[tuple] = [("INPUT", "/data/scene.tif")]
    if spec.labels:
        args.append(("LABELS", "ship, storage tank"))
    elif spec.text_role == "expression":
        args.append(("EXPRESSION", spec.placeholder))
    elif spec.needs == "text":
        args.append(("QUESTION", spec.placeholder))
    if spec.name == "change":
        args.append(("AFTER", "/data/scene_2025.tif"))
    args.append(("OUTPUT", f"/data/{spec.main_layer.key}.gpkg"))
    py = ", ".join(f"'{k}': {v!r}" for k, v in args)
    cli = " ".join(f"{k}={v!r}" if " " in v else f"{k}={v}" for k, v in args)
    return f"processing.run('georsmllm:{spec.name}', {{{py}}})\nqgis_process run georsmllm:{spec.name} -- {cli}"


def help_text(spec: protocol.TaskSpec, parameters: List[tuple]) -> str:
    """HTML for the dialog's help panel; ``parameters`` are (name, description) in order."""
    meanings = parameter_help()
    rows = "".join(
        f"<li><b>{html.escape(n)}</b> ({html.escape(d)}): {html.escape(meanings.get(n, d))}</li>" for n, d in parameters
    )
    outputs = ", ".join(
        f"<b>{'OUTPUT' if i == 0 else 'OUTPUT_' + layer.key.upper()}</b>: {html.escape(layer_title(layer))}"
        for i, layer in enumerate(spec.layers)
    )
    intro = what().get(spec.name, task_words.title(spec.name, spec.title) + ".")
    layers = html.escape(
        tr(
            "Layers written: {0}. The model runs in the plugin's worker process (its backend "
            "environment), as for the dock; Cancel keeps what was found."
        )
    ).format(outputs)
    heading, example_heading = html.escape(tr("Parameters:")), html.escape(tr("Example:"))
    return (
        f"<p>{html.escape(intro)}</p><p>{layers}</p>"
        f"<p>{heading}</p><ul>{rows}</ul>"
        f"<p>{example_heading}</p><pre>{html.escape(example(spec))}</pre>"
    )
