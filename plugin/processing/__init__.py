"""The Processing provider "GeoRSMLLM" (id ``georsmllm``): one algorithm per task of the task table.

- ``provider``: the catalogue, one ``TaskAlgorithm`` per entry of ``protocol.TASK_SPECS``;
- ``algorithm``: the one algorithm class; it describes a job and runs it through the worker;
- ``params``: the parameters every task shares, the ones its spec asks for, and per-task extras;
- ``regions``: EXTENT and AOI polygons -> the areas to run (one per feature, or their union);
- ``sinks``: the output layers (the dock's fields), features clipped to the AOI polygons;
- ``worker``: the worker client a run uses (kept warm in the main thread);
- ``help``: the help text of each algorithm, written from the same table.
"""
