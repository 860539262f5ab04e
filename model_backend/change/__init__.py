"""Change detection between dates (the ``change`` task; the job is ``jobs/change.py``).

``dates`` (order and labels of a series), ``coregister`` (one common grid, windows, validity),
``normalise`` (radiometric fit on unchanged pixels, thresholds), ``diff`` / ``onnx_method``
(per-pixel change and score), ``blocks`` (the mask block by block, flat memory), ``vectorise``
(polygons, minimum mapping unit, true areas), ``describe`` / ``vlm`` (what the VLM is shown and
asked), ``bench`` (``make bench`` rows).
"""
