"""``python -m model_backend batch``: one task over many rasters into one run GeoPackage.

The pieces, in the order a run uses them:

- ``inputs``: folders, globs, list files and QGIS projects -> raster paths (no QGIS needed);
- ``records``: what a worker hands the writer (``Commit``: one tile's settled features, the
  detections still waiting for neighbours, the tile's status) and what it resumes from;
- ``work``: the per-raster work, a generator of commits (tile by tile for detect, whole
  raster for the other tasks), the same code in-process and on Ray;
- ``gpkg`` / ``store``: the run GeoPackage written by ONE writer, each commit one SQLite
  transaction (features + progress + pending detections), so a SIGKILL loses nothing committed;
- ``backends``: where the per-raster work runs (threads in this process, or Ray actors);
- ``runner``: options -> store -> backend -> progress bar and summary -> exit code;
- ``cli``: the subcommand; ``bench``: the ``make bench`` rows.
"""
