"""The find task: where, over one raster or every raster of a project, does the imagery look
like the query ("solar farm", or a rectangle of imagery: "more like this")?

1. Rasters (``raster``, ``rasters``, the file rasters of ``project``) and the AOI are read
   first: input errors fail before anything is exported or loaded.
2. The image-text encoder (``model_backend.find.encoder``: ONNX towers run by onnxruntime,
   exported once from a CLIP-family model) embeds the query: the text tower for words, the
   image tower for a query rectangle.
3. Each raster's tiles in the AOI are embedded unless its cached index has them
   (``find.index``: keyed by file content, tiling and encoder), with progress and cancel.
4. Every scored tile goes into a heat map per raster (``find.heatmap``); the ``top`` best over
   all rasters become the Find layer (tile polygons, best first, ``rank``, ``score``,
   ``source``), in the first raster's CRS (others reprojected).
5. ``confirm``: those tiles go to the VLM (``find.confirm``): ``confirmed`` and, where it
   locates the thing, boxes in the "detections" layer ("Find boxes").

Cancel while indexing keeps what was embedded (in the cache too) and ranks those tiles.
"""

from __future__ import annotations

import os
import time
from typing import Any, Dict, List, Optional

import numpy as np
import pyproj
import shapely

from ..errors import BadInput, Cancelled
from ..find import search
from ..find.confirm import Candidate, Verdict, check_family, confirm
from ..find.encoder import OnnxEncoder, open_encoder
from ..find.heatmap import write_heatmap
from ..find.index import top_k
from ..protocol import JobResult, JobSpec
from ..raster.aoi import aoi_polygon, polygon_window
from ..raster.read import read_image
from .context import JobContext
from .families_check import known_family
from .output import LayerOutput, utc_now

FIND_LAYER, BOXES_LAYER = "find", "detections"
MAX_TOP = 10_000


def validate(job: JobSpec) -> str:
    """The query text ("" for an image query); BadInput when the job cannot be a Find."""
    text = job.text()
    if not text and job.query_box is None:
        raise BadInput('Nothing to look for: give a query (e.g. --query "solar farm") or a query rectangle')
    if not 1 <= int(job.top) <= MAX_TOP:
        raise BadInput(f"top must be 1 to {MAX_TOP}, not {job.top}")
    if job.confirm:  # a VLM that can neither answer nor ground fails now, not after indexing
        fam = known_family(job.model, job.family)
        if fam is not None:
            check_family(fam)
    return text


def query_vector(job: JobSpec, text: str, encoder: OnnxEncoder, first: search.Source) -> np.ndarray:
    """The query as a unit vector: the text tower, or the image tower on the query rectangle."""
    if job.query_box is None:
        return encoder.encode_text([text])[0]
    box = aoi_polygon(first.info, job.query_box, job.query_box_crs)
    image = read_image(first.path, polygon_window(first.info, box), encoder.image_size, first.bands, first.stretch)
    if image.valid_fraction == 0:
        raise BadInput("The query rectangle holds only nodata pixels")
    return encoder.encode_images([image.rgb])[0]


def heat_paths(job: JobSpec, sources: List[search.Source]) -> Dict[str, str]:
    """A heat-map file per raster: in ``heatmap_dir``, else beside ``out``, else the user cache."""
    from ..find.cache import cache_dir

    folder = job.heatmap_dir or (os.path.dirname(os.path.abspath(job.out)) if job.out else cache_dir("heatmaps"))
    prefix = os.path.splitext(os.path.basename(job.out))[0] if job.out else time.strftime("find_%Y%m%d_%H%M%S")
    out: Dict[str, str] = {}
    for s in sources:
        stem = os.path.splitext(os.path.basename(s.path))[0]
        name, n = f"{prefix}_heat_{stem}.tif", 1
        while os.path.join(folder, name) in out.values():
            n += 1
            name = f"{prefix}_heat_{stem}_{n}.tif"
        out[s.path] = os.path.join(folder, name)
    return out


def to_crs(geom: Any, src: pyproj.CRS, dst: pyproj.CRS) -> Any:
    """``geom`` from ``src`` to ``dst``, edges densified so they bend as they should."""
    if src == dst:
        return geom
    t = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    dense = shapely.segmentize(geom, max(geom.length / 64, 1e-9))
    return shapely.transform(dense, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def boxes_path(out: Optional[str]) -> Optional[str]:
    if not out:
        return None
    stem, ext = os.path.splitext(out)
    return out if ext.lower() == ".gpkg" else f"{stem}_boxes{ext}"


def run(job: JobSpec, ctx: JobContext) -> JobResult:
    t0 = time.perf_counter()
    text = validate(job)
    sources = search.open_sources(job, ctx)
    ctx.progress("load", 0, 1, f"opening the encoder {job.encoder}")
    encoder = open_encoder(
        job.encoder, job.encoder_precision, job.device, on_step=lambda msg: ctx.progress("load", 0, 1, msg)
    )
    ctx.log("info", f"encoder {encoder.name}")
    search.plan(sources, job, encoder)
    query = query_vector(job, text, encoder, sources[0])
    cancelled = False
    try:
        search.encode(sources, encoder, ctx, max(search.ENCODE_BATCH, int(job.batch_size)))
    except Cancelled:
        cancelled = True
        ctx.log("warning", "cancelled: the tiles embedded so far are ranked (and kept in the cache)")
    label = text or "the query rectangle"
    heat = heat_paths(job, sources)
    per_source = []
    for s in sources:
        sc = search.scores(s, query)
        per_source.append(sc)
        if s.index is not None:
            write_heatmap(
                heat[s.path],
                s.info,
                s.index.windows,
                s.ids[np.isfinite(sc)],
                sc[np.isfinite(sc)],
                {"query": label, "encoder": encoder.name},
            )
    owner = np.concatenate([np.full(len(sc), i) for i, sc in enumerate(per_source)]) if per_source else np.zeros(0)
    flat = np.concatenate(per_source) if per_source else np.zeros(0, np.float32)
    local = np.concatenate([np.arange(len(sc)) for sc in per_source]) if per_source else np.zeros(0)
    best = top_k(flat, int(job.top))
    picks = [(sources[int(owner[i])], int(sources[int(owner[i])].ids[int(local[i])]), float(flat[i])) for i in best]
    verdicts: List[Optional[Verdict]] = [None] * len(picks)
    engine = None
    if job.confirm and picks and not cancelled:
        engine = ctx.engine_for(job)
        cands = [
            Candidate(s.path, s.tiles[tid].window, s.tiles[tid].footprint(), s.bands, s.stretch) for s, tid, _ in picks
        ]
        try:
            verdicts = list(confirm(job, ctx, engine, label, cands))
        except Cancelled:
            cancelled = True
            ctx.log("warning", "cancelled while confirming: the ranked tiles are kept without a verdict")
    dst = sources[0].info.crs
    created, n_boxes = utc_now(), 0
    rows = [
        {
            "rank": rank,
            "score": round(score, 6),
            "source": s.path,
            "tile_id": tid,
            "query": label,
            "confirmed": v.confirmed if v else None,
            "answer": v.answer if v else None,
            "boxes": len(v.boxes) if v else None,
            "encoder": encoder.name,
            "created": created,
        }
        for rank, ((s, tid, score), v) in enumerate(zip(picks, verdicts), 1)
    ]
    with LayerOutput(ctx, job.out, FIND_LAYER, sources[0].info.crs_wkt) as out:
        out.emit([to_crs(s.tiles[tid].footprint(), s.info.crs, dst) for s, tid, _ in picks], rows)
    if job.confirm:
        with LayerOutput(ctx, boxes_path(job.out), BOXES_LAYER, sources[0].info.crs_wkt) as boxes:
            for (s, tid, _), v in zip(picks, verdicts):
                if v is None:
                    continue
                rows = [
                    {
                        "label": lab,
                        "score": sc,
                        "task": "find",
                        "prompt": label,
                        "model": job.model,
                        "source": s.path,
                        "tile_id": tid,
                        "created": created,
                    }
                    for lab, sc in zip(v.labels, v.scores)
                ]
                boxes.emit([to_crs(g, s.info.crs, dst) for g in v.boxes], rows)
            n_boxes = boxes.count
    summary = summarize(sources, picks)
    answer = describe(label, picks, summary, verdicts, job.confirm)
    return {
        "status": "cancelled" if cancelled else "ok",
        "task": "find",
        "query": label,
        "model": job.model if job.confirm else "",
        "family": engine.family if engine else "",
        "device": engine.device if engine else encoder.provider,
        "quantization": engine.quantization if engine else "",
        "source": sources[0].path,
        "crs_wkt": sources[0].info.crs_wkt,
        "crs_authid": sources[0].info.crs_authid,
        "aoi_wkt": sources[0].aoi.wkt,
        "output": job.out,
        "boxes_output": boxes_path(job.out) if job.confirm else None,
        "encoder": encoder.name,
        "provider": encoder.provider,
        "tiles_total": int(sum(len(s.ids) for s in sources)),
        "tiles_done": int(np.isfinite(flat).sum()),
        "tiles_encoded": sum(s.encoded for s in sources),
        "tiles_cached": sum(s.cached for s in sources),
        "features": len(picks),
        "heatmaps": {s.path: heat[s.path] for s in sources if s.index is not None},
        "sources": summary,
        "answer": answer,
        "verdicts": verdict_counts(verdicts) if job.confirm else None,
        "count": n_boxes if job.confirm else None,
        "elapsed_s": round(time.perf_counter() - t0, 3),
    }


def summarize(sources: List[search.Source], picks: List[Any]) -> List[Dict[str, Any]]:
    """Per raster: how many of the best tiles it holds, its best rank and score; best first."""
    rows = []
    for s in sources:
        mine = [(rank, score) for rank, (p, _, score) in enumerate(picks, 1) if p is s]
        rows.append(
            {
                "source": s.path,
                "tiles": int(len(s.ids)),
                "encoded": s.encoded,
                "cached": s.cached,
                "in_top": len(mine),
                "best_rank": mine[0][0] if mine else None,
                "best_score": round(mine[0][1], 6) if mine else None,
            }
        )
    return sorted(rows, key=lambda r: (r["best_rank"] is None, r["best_rank"] or 0))


def verdict_counts(verdicts: List[Optional[Verdict]]) -> Dict[str, int]:
    """How the VLM answered the tiles it was asked about (``describe``'s last sentence, as fields)."""
    said = [v.confirmed for v in verdicts if v is not None]
    return {"asked": len(said), "yes": said.count("yes"), "no": said.count("no"), "unclear": said.count("unclear")}


def describe(
    label: str, picks: List[Any], summary: List[Dict[str, Any]], verdicts: List[Optional[Verdict]], confirmed: bool
) -> str:
    """One paragraph for the dock and the CLI: which rasters hold the best matches."""
    if not picks:
        return f"No tile could be scored for {label!r} (all nodata, or cancelled before any was embedded)."
    holding = [r for r in summary if r["in_top"]]
    parts = [
        f"{os.path.basename(r['source'])}: {r['in_top']} (best #{r['best_rank']}, score {r['best_score']:.3f})"
        for r in holding
    ]
    text = (
        f"Best {len(picks)} tiles for {label!r} in {len(holding)} of {len(summary)} raster(s): "
        + "; ".join(parts)
        + "."
    )
    if confirmed:
        said = [v.confirmed for v in verdicts if v is not None]
        text += f" The VLM said yes to {said.count('yes')} of {len(said)}" + (
            f" ({said.count('unclear')} unclear)." if said.count("unclear") else "."
        )
    return text
