"""Raster access: open, AOI, windows, reading, georeferencing and merging. Pure of qgis."""
