import threading
import time

import numpy as np
import pytest
import rasterio

from model_backend.raster.prefetch import DatasetPerThread, prefetch
from model_backend.raster.read import compute_stretch, read_image
from model_backend.raster.source import open_info
from model_backend.raster.windows import plan_tiles

from .rasters import ramp, write_tif


def _prefetch_threads():
    return [t for t in threading.enumerate() if t.name.startswith("tile-prefetch")]


def test_order_and_values():
    assert list(prefetch(range(20), lambda i: i * i, depth=3)) == [(i, i * i) for i in range(20)]
    assert not _prefetch_threads()


def test_reader_stays_bounded():
    started = []
    gen = prefetch(range(100), lambda i: started.append(i) or i, depth=2)
    next(gen)
    time.sleep(0.3)  # consumer is slow: the reader may only fill the queue
    assert len(started) <= 1 + 2 + 1  # consumed + queued + one in hand
    gen.close()
    assert not _prefetch_threads()


def test_exception_reaches_consumer():
    def read(i):
        if i == 3:
            raise OSError("disk gone")
        return i

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for item, _ in prefetch(range(10), read):
            got.append(item)
    assert got == [0, 1, 2]
    assert not _prefetch_threads()


def test_exception_in_the_iterable_too():
    def items():
        yield 1
        raise ValueError("bad plan")

    with pytest.raises(ValueError, match="bad plan"):
        list(prefetch(items(), lambda i: i))


def test_cancel_stops_cleanly():
    cancel = threading.Event()
    seen = []
    for item, _ in prefetch(range(1000), lambda i: time.sleep(0.001) or i, depth=4, cancel=cancel):
        seen.append(item)
        if item == 5:
            cancel.set()
    assert seen == list(range(6))
    assert not _prefetch_threads()


def test_break_joins_thread():
    for item, _ in prefetch(range(1000), lambda i: i):
        if item == 2:
            break
    assert not _prefetch_threads()


def test_reads_real_tiles(tmp_path):
    path = write_tif(tmp_path / "r.tif", ramp(300, 200, "uint8"))
    info = open_info(path)
    tiles = plan_tiles(info, rasterio.windows.Window(0, 0, 300, 200), 64)
    stretch = compute_stretch(path, (1, 2, 3))
    with rasterio.open(path) as ds:
        out = list(prefetch(tiles, lambda t: read_image(ds, t.window, 64, (1, 2, 3), stretch, t.out_size)))
    assert [t.id for t, _ in out] == [t.id for t in tiles]
    for tile, img in out:
        assert img.rgb[0, 0, 0] == tile.window.col_off and img.rgb[0, 0, 1] == tile.window.row_off
        assert np.array_equal(img.transform, tile.transform)


def test_two_workers_keep_order_with_own_datasets(tmp_path):
    path = write_tif(tmp_path / "r.tif", ramp(300, 200, "uint8"))
    info = open_info(path)
    tiles = plan_tiles(info, rasterio.windows.Window(0, 0, 300, 200), 64)
    stretch = compute_stretch(path, (1, 2, 3))
    with DatasetPerThread(path) as handles:
        out = list(
            prefetch(
                tiles,
                lambda t: (
                    threading.get_ident(),
                    read_image(handles.get(), t.window, 64, (1, 2, 3), stretch, t.out_size),
                ),
                workers=2,
                depth=4,
            )
        )
        opened = list(handles._all)
    assert [t.id for t, _ in out] == [t.id for t in tiles]
    assert all(img.rgb[0, 0, 0] == t.window.col_off for t, (_, img) in out)
    assert 1 <= len(opened) <= 2 and len({ident for _, (ident, _) in out}) == len(opened)
    assert all(ds.closed for ds in opened)
    assert not _prefetch_threads()


def test_read_tiles_is_read_image_per_tile_with_one_dataset_per_thread(tmp_path, monkeypatch):
    from model_backend.raster import prefetch as prefetch_mod
    from model_backend.raster.prefetch import read_tiles

    path = write_tif(tmp_path / "r.tif", ramp(300, 200, "uint8"))
    info = open_info(path)
    tiles = plan_tiles(info, rasterio.windows.Window(0, 0, 300, 200), 64, overlap=0.2)
    stretch = compute_stretch(path, (1, 2, 3))
    opened = []
    real_open = rasterio.open

    def counting_open(*args, **kwargs):
        ds = real_open(*args, **kwargs)
        opened.append(ds)
        return ds

    monkeypatch.setattr(prefetch_mod.rasterio, "open", counting_open)
    out = list(read_tiles(path, tiles, (1, 2, 3), stretch, depth=3))
    assert [t.id for t, _ in out] == [t.id for t in tiles] and len(tiles) > 4
    assert len(opened) == 1 and opened[0].closed  # one reader thread, one dataset, closed at the end
    monkeypatch.setattr(prefetch_mod.rasterio, "open", real_open)
    for tile, img in out:
        want = read_image(path, tile.window, max(tile.out_size), (1, 2, 3), stretch)
        assert np.array_equal(img.rgb, want.rgb) and img.transform == want.transform
    assert not _prefetch_threads()


def test_read_tiles_closed_early_joins_readers_and_closes_datasets(tmp_path):
    from model_backend.raster.prefetch import read_tiles

    path = write_tif(tmp_path / "r.tif", ramp(300, 200, "uint8"))
    info = open_info(path)
    tiles = plan_tiles(info, rasterio.windows.Window(0, 0, 300, 200), 64)
    stream = read_tiles(path, tiles, (1, 2, 3), compute_stretch(path, (1, 2, 3)), workers=2)
    next(stream)
    stream.close()
    assert not _prefetch_threads()
