"""GeoRSMLLM backend: everything that is not GUI. Never imports qgis."""
