"""Lets the dock lay out narrow in every language (about 380 px, a dock beside the map on a
1366 × 768 screen) instead of growing a horizontal scroll bar.

Qt sizes a combo box to its longest item and a form row to label + field, so a French or
Spanish label ("…ou une expression désignant l'objet") or a long model id widened the whole
dock. Applied once to the dock's body after it is built: combos shrink to a few characters
(the full text stays in the popup and the tooltip), form rows put a long label above its field,
and labels wrap.
"""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

COMBO_CHARS = 8  # a combo shows this many characters at its minimum width


def fit_narrow(root: QWidget) -> None:
    """Make ``root`` and every widget below it give up width they do not need."""
    for combo in root.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARS)
    for form in root.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    for label in root.findChildren(QLabel):  # also those whose text is set later, per task
        label.setWordWrap(True)
