"""The worker process seen from QGIS: how it is launched and the JSON-lines client."""
