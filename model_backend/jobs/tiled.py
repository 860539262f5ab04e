"""What every job over an area of a raster shares: the area read before the model loads
(``open_area``, ``start_job``), the tile stream answered in batches (``batched_answers``), and
the way a model's point sets become map geometries cut to the AOI (``answer_geometries``,
``clip_to``)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Generator, List, Optional, Sequence, Tuple

from affine import Affine
from PIL import Image as PILImage

from ..engines.base import Engine, Generation
from ..families.base import fed_to_image_mapping
from ..protocol import JobResult, JobSpec
from ..raster.aoi import aoi_polygon, polygon_window
from ..raster.georef import to_map_geometries
from ..raster.prefetch import read_tiles
from ..raster.read import Image, Stretch, compute_stretch, select_bands
from ..raster.source import RasterInfo, open_info
from ..raster.windows import Tile, refuse_too_many_tiles
from .context import JobContext
from .families_check import check_job, require_task
from .output import check_job_output


@dataclass(frozen=True)
class Area:
    """The raster and AOI a job works on, read before the model is loaded."""

    info: RasterInfo
    aoi: Any  # shapely (Multi)Polygon in the raster CRS
    window: Any  # rasterio Window: integer pixels covering ``aoi``
    bands: Tuple[int, int, int]
    stretch: Stretch


def open_area(job: JobSpec) -> Area:
    """Raster, AOI, bands and stretch: all the user's input errors surface here, in seconds."""
    info = open_info(job.raster)
    aoi = aoi_polygon(info, job.aoi, job.aoi_crs, job.aoi_wkt)
    window = polygon_window(info, aoi)
    bands = select_bands(info, job.bands)
    return Area(info, aoi, window, bands, compute_stretch(job.raster, bands))


def start_job(job: JobSpec, ctx: JobContext) -> Tuple[Area, Engine]:
    """(area, engine) of a job, in the order that makes bad input fail fast: the task
    against the family when it is known without a load, the output path, the raster and AOI,
    the tile count (when the family, hence the tile size, is known), then the engine (a load),
    then the task against the loaded model's family."""
    fam = check_job(job, job.task)
    check_job_output(job)
    area = open_area(job)
    if fam is not None and job.spec.tiled:  # a plan past the tile limit fails before the load
        refuse_too_many_tiles(area.info, area.window, job.tile_size or fam.INPUT_SIZE, job.gsd)
    ctx.progress("read", 0, 1, f"reading {area.window.width}x{area.window.height} px")
    engine = ctx.engine_for(job)
    require_task(engine.family_module, job.task)
    return area, engine


def result_base(job: JobSpec, engine: Engine, area: Area) -> JobResult:
    """The fields every tiled job's result shares."""
    return {
        "task": job.task,
        "model": job.model,
        "family": engine.family,
        "device": engine.device,
        "quantization": engine.quantization,
        "source": job.raster,
        "crs_wkt": area.info.crs_wkt,
        "crs_authid": area.info.crs_authid,
        "aoi_wkt": area.aoi.wkt,
        "output": job.out,
    }


def answer_geometries(image: Image, gen: Generation, point_sets: Sequence[Any], family: Any = None) -> List[Any]:
    """Point sets in pixels of the image the model saw (``gen.fed_size``) -> map geometries.

    The fed image is the read image scaled per axis, unless the family says otherwise
    (``fed_to_image``: GeoChat pads to a square first)."""
    h, w = image.rgb.shape[:2]
    sx, sy, dx, dy = fed_to_image_mapping(family, (w, h), gen.fed_size)
    return to_map_geometries(point_sets, image.transform * Affine.translation(dx, dy) * Affine.scale(sx, sy))


def clip_to(aoi: Any, geom: Any) -> Optional[Any]:
    """``geom`` cut to the AOI; None when nothing with an area is left."""
    clipped = geom if aoi.contains(geom) else geom.intersection(aoi)
    return None if clipped.is_empty or clipped.area == 0 else clipped


# A generator, so a caller that stops early can close it (and the read-ahead behind it).
TileAnswers = Generator[Tuple[Tile, Image, Optional[Generation]], None, None]


def batched_answers(
    job: JobSpec, ctx: JobContext, engine: Engine, tiles: List[Tile], area: Area, messages: list
) -> TileAnswers:
    """Every tile in plan order with the model's answer (None for an all-nodata tile).

    Tiles are read ahead; tiles with data are collected until ``job.batch_size`` of them are
    waiting, then answered by one ``generate`` call. All-nodata tiles are never sent; one that
    comes while a batch is filling waits in it, so tiles still come out in order (the settling
    of detections relies on it). Raises Cancelled on cancel: the tiles of an unfinished batch
    are not yielded."""
    size = max(1, int(job.batch_size))

    def answer(waiting: list) -> TileAnswers:
        ctx.check_cancel()
        todo = [image for _, image in waiting if image.valid_fraction > 0]
        gens = (
            engine.generate(
                [PILImage.fromarray(i.rgb) for i in todo],
                [messages] * len(todo),
                job.max_new_tokens,
                cancel=ctx.cancel,
                batch_size=size,
                on_token=ctx.token_progress(),
            )
            if todo
            else []
        )
        if len(gens) != len(todo):
            raise RuntimeError(f"the engine gave {len(gens)} answers for {len(todo)} images")
        it = iter(gens)
        for tile, image in waiting:
            yield tile, image, (next(it) if image.valid_fraction > 0 else None)

    waiting: list = []
    with contextlib.closing(
        read_tiles(job.raster, tiles, area.bands, area.stretch, depth=max(4, 2 * size), cancel=ctx.cancel)
    ) as stream:
        for tile, image in stream:
            ctx.check_cancel()
            if image.valid_fraction == 0 and not waiting:
                yield tile, image, None
                continue
            waiting.append((tile, image))
            if sum(i.valid_fraction > 0 for _, i in waiting) >= size:
                yield from answer(waiting)
                waiting = []
        ctx.check_cancel()  # prefetch ends quietly on cancel
        yield from answer(waiting)
