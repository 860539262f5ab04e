"""GeoRSMLLM QGIS plugin entry point.

QGIS imports this folder as a package and calls ``classFactory``. The plugin module is
imported only there, so that importing the package (for example ``model_backend`` used by the
worker, or the packaging tools) never pulls in Qt or QGIS.
"""


def classFactory(iface):  # noqa: N802 (name required by QGIS)
    """Return the plugin instance QGIS will drive (initGui/unload)."""
    from .plugin.main import GeoRSMLLMPlugin

    return GeoRSMLLMPlugin(iface)
