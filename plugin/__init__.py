"""QGIS half of GeoRSMLLM: dock, map tools, settings, worker client and layer writers.

Imports only the standard library, ``qgis``/``qgis.PyQt``, ``osgeo`` and numpy: everything
that needs PyTorch runs behind the worker process (``model_backend``).
"""
