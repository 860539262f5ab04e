"""Where the per-raster work runs, and how its commits reach the one writer.

A backend is a list of *lanes*: functions that turn (job, resume state) into that raster's
commits. ``dispatch`` runs one thread per lane, each taking the next raster from a shared list,
and hands every commit to the caller (the writer) through a bounded queue, in the order they
come; a raster's own commits stay in order because one lane does the whole raster.

- ``local_lanes``: in this process, every lane sharing one ``EngineCache`` (one loaded model).
  A local model runs one raster at a time (one lane: generate is not run from two threads);
  a server engine gets ``concurrency`` lanes, so requests of several rasters overlap while the
  engine's own pool bounds what is in flight.
- ``batch.ray_backend.ray_lanes``: one Ray actor per lane, each with its model loaded once.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Generator, Iterator, List, Sequence, Tuple

from ..errors import Cancelled
from ..jobs.context import EngineCache
from ..protocol import JobSpec
from .records import Commit, ResumeState
from .work import failure_text, raster_stream

Lane = Callable[[JobSpec, ResumeState], Iterator[Commit]]
Todo = Tuple[JobSpec, ResumeState]
_DONE = object()


def local_lanes(engines: EngineCache, cancel: threading.Event, out_crs: str, lanes: int) -> List[Lane]:
    def lane(job: JobSpec, resume: ResumeState) -> Iterator[Commit]:
        return raster_stream(job, engines, cancel, resume, out_crs)

    return [lane] * max(1, lanes)


def dispatch(lanes: Sequence[Lane], todo: Sequence[Todo], cancel: threading.Event) -> Generator[Commit, None, None]:
    """Every commit of every raster of ``todo``, as the lanes produce them. Setting ``cancel``
    (or closing this generator) stops the lanes at their next step."""
    items = list(todo)
    lock = threading.Lock()
    out: queue.Queue[object] = queue.Queue(maxsize=8 * max(1, len(lanes)))

    def put(item: object) -> bool:
        while not cancel.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run(lane: Lane) -> None:
        try:
            while not cancel.is_set():
                with lock:
                    if not items:
                        return
                    job, resume = items.pop(0)
                try:
                    for commit in lane(job, resume):
                        if not put(commit):
                            return
                except Cancelled:
                    return
                except Exception as exc:  # the lane itself broke (a Ray worker died): that raster failed
                    if cancel.is_set() or not put(
                        Commit(job.raster, failed=failure_text(exc), stats=dict(resume.stats))
                    ):
                        return
        finally:
            out.put(_DONE)

    threads = [
        threading.Thread(target=run, args=(lane,), name=f"batch-lane-{i}", daemon=True)
        for i, lane in enumerate(lanes[: max(1, len(items))])
    ]
    for t in threads:
        t.start()
    running = len(threads)
    try:
        while running:
            item = out.get()
            if item is _DONE:
                running -= 1
            else:
                yield item  # type: ignore[misc]
    finally:
        if running:  # the caller left early (an error, Ctrl-C): stop the lanes
            cancel.set()
        while running:  # let the lanes see the cancel and leave
            try:
                if out.get(timeout=0.1) is _DONE:
                    running -= 1
            except queue.Empty:
                pass
        for t in threads:
            t.join(timeout=5)
