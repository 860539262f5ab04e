"""Cut the small test rasters in ``tests/data/rasters/`` from the team's sample rasters.

The tests must pass from a bare clone, so the rasters they read live in the repository, small.
This script is how they were made (run once, by hand; the tests never run it):

    .venv/bin/python tools/make_test_rasters.py --src ../shared/data --out tests/data/rasters

Small files are copied byte for byte; large ones are cropped (a window, native pixels) or
decimated (nearest neighbour, so nodata stays nodata and values stay real DNs). CRS, transform
(of the window / scaled), nodata, dtype, band count, colour interpretation, band descriptions
and tags are kept. Each source is checked against its SHA-256 in the shared data README first.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# source file -> its SHA-256 as listed in the shared data README
SOURCES = {
    "all_nodata_uint16.tif": "ce40793e6b8e5c6906b63975bacca31f31ad85949129e4e74fdad5bc4911982a",
    "bgra_uint16_const.tif": "1cb27e68f5ac0c2d18e5a0adcd735f4eee69cea438e23ed39460d9b69342cf61",
    "landsat8_tokyo_uint16.tif": "ef550cf3e29e47c3974e8c3f18a7911d4758a0419b29a3bfba5ea383421f3479",
    "landsat_pucallpa_1985_4326.tif": "32676315c2a365776fac49e549377ea3f36345b645dacfab074ca51c4bdce13a",
    "naip_milwaukee_airport_0p6m.tif": "ee08f9323d6c33b6f028ac2fbdd05fcf692b254a1bf9ef712cd9ab7635aa1c6f",
    "naip_nd_2010.tif": "9d9033eb670025c10c0ce3deff5112aa08aad64b56c5a28f99649cefccf9899b",
    "naip_nd_2015.tif": "e2f4898eaada52f53a0cf7920836a4ff42e41a05357c0f082cfbfcb048b21b9d",
    "rotated_nocrs.tif": "8db2c11a0497d782c2da649e7f7d6e7753bc6614bae67fb291512217ab220883",
    "srtm_shade_3857.tif": "844afc27e7e236d6fa0ae8c0a87745d8a388f555280d7c4fddd33cdac6647fff",
}
COPY = ("all_nodata_uint16.tif", "bgra_uint16_const.tif", "naip_milwaukee_airport_0p6m.tif", "rotated_nocrs.tif")
# name -> (col_off, row_off, width, height) in source pixels
CROP = {
    "landsat_pucallpa_1985_4326.tif": (260, 116, 176, 144),  # centre of the scene, >= 129 px a side
    "srtm_shade_3857.tif": (256, 0, 128, 128),  # shadow (0) and nodata (255) both present
    # the change pair: the same window of both dates, where the lakes grew over the fields
    "naip_nd_2010.tif": (640, 100, 240, 240),
    "naip_nd_2015.tif": (640, 100, 240, 240),
}
# name -> acquisition date written as TIFFTAG_DATETIME (from the NAIP tile names, m_..._20100629
# and m_..._20150926): the change task reads dates from the files
DATES = {"naip_nd_2010.tif": "2010:06:29 00:00:00", "naip_nd_2015.tif": "2015:09:26 00:00:00"}
DECIMATE = {"landsat8_tokyo_uint16.tif": 4}  # 1024 -> 256 px: the whole scene, its nodata corner


def sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _write(src, out_path: str, data, transform, how: str) -> None:
    import rasterio

    profile = {
        "driver": "GTiff",
        "width": data.shape[2],
        "height": data.shape[1],
        "count": src.count,
        "dtype": src.dtypes[0],
        "crs": src.crs,
        "transform": transform,
        "nodata": src.nodata,
        "compress": "deflate",
        "predictor": 2,
        "tiled": True,
        "blockxsize": 128,
        "blockysize": 128,
    }
    with rasterio.open(out_path, "w", **profile) as out:
        out.write(data)
        out.colorinterp = src.colorinterp
        dated = {"TIFFTAG_DATETIME": DATES[os.path.basename(out_path)]} if os.path.basename(out_path) in DATES else {}
        out.update_tags(**src.tags(), **dated, GEORSMLLM_TEST_CUT=how)
        for i, desc in enumerate(src.descriptions, start=1):
            if desc:
                out.set_band_description(i, desc)


def cut(name: str, src_dir: str, out_dir: str) -> None:
    import rasterio
    from affine import Affine
    from rasterio.enums import Resampling
    from rasterio.windows import Window

    src_path, out_path = os.path.join(src_dir, name), os.path.join(out_dir, name)
    if sha256(src_path) != SOURCES[name]:
        raise SystemExit(f"{src_path}: SHA-256 differs from the shared data README; not cutting")
    if name in COPY:
        shutil.copyfile(src_path, out_path)
        return
    with rasterio.open(src_path) as src:
        if name in CROP:
            window = Window(*CROP[name])
            _write(
                src,
                out_path,
                src.read(window=window),
                src.window_transform(window),
                f"{name} window col {window.col_off} row {window.row_off} {window.width} x {window.height}",
            )
        else:
            f = DECIMATE[name]
            shape = (src.count, src.height // f, src.width // f)
            data = src.read(out_shape=shape, resampling=Resampling.nearest)
            _write(
                src,
                out_path,
                data,
                src.transform * Affine.scale(f, f),
                f"{name} decimated {f}x (nearest) to {shape[2]} x {shape[1]}",
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    parser.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "rasters"))
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for name in sorted(SOURCES):
        cut(name, args.src, args.out)
        print(
            f"{name}: {os.path.getsize(os.path.join(args.out, name))} bytes  sha256 "
            f"{sha256(os.path.join(args.out, name))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
