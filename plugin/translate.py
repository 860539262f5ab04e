"""The plugin's translations: ``tr()`` for every user-visible string and the QTranslator that
QGIS's language setting (``locale/userLocale``) selects from ``i18n/georsmllm_<lang>.qm``.

One context, ``GeoRSMLLM`` (as plugin/setup/text.py): ``pylupdate5`` files a module-level
``tr()`` under ``@default``, which ``make translations`` renames. Plurals go through Qt's numerus forms:
``tr("%n tile(s)", "", n)``; English has its own small .qm for those ("1 tile", "2 tiles").
"""

from __future__ import annotations

import os
from typing import List, Optional

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "GeoRSMLLM"
I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n")
_installed: List[QTranslator] = []
_language = ["en"]  # the language of the loaded .qm


def tr(text: str, comment: Optional[str] = None, n: int = -1) -> str:
    """``text`` in the user's language; ``n`` picks the plural form of a ``%n`` message."""
    return QCoreApplication.translate(CONTEXT, text, comment or None, n)


def user_language() -> str:
    """'fr' for QGIS set to French (Settings > Options > General), else the system's language."""
    value = QgsSettings().value("locale/userLocale", "") or QLocale.system().name()
    return str(value)[:2].lower() or "en"


def install_translator(language: Optional[str] = None) -> Optional[QTranslator]:
    """Load ``georsmllm_<language>.qm`` (English plural forms when there is none) into the
    application; ``remove_translators`` takes it out again at unload."""
    remove_translators()
    language = language or user_language()
    for lang in (language, "en"):
        path = os.path.join(I18N_DIR, f"georsmllm_{lang}.qm")
        translator = QTranslator()
        if os.path.isfile(path) and translator.load(path):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            _language[0] = lang
            return translator
    return None


def current_language() -> str:
    """The language the plugin speaks now: that of the loaded .qm, else English."""
    return _language[0]


def remove_translators() -> None:
    _language[0] = "en"
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
