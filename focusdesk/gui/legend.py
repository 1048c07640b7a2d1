"""View ▸ Legend: what each cell style of the sheets means — typed, imported (which
file: the cell's tooltip), pasted, carried, computed, blank — drawn from the very styles
the sheets use (`models.PROVENANCE_STYLES`)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QWidget

from ..tables.cells import PROVENANCES
from .models import COMPUTED_BG, NEGATIVE_FG, PROVENANCE_STYLES

SAMPLES = {"typed": "1,250", "imported": "4,219", "pasted": "612", "carried": "4,254",
           "computed": "5,058", "blank": ""}


def sample_css(kind: str) -> str:
    style = PROVENANCE_STYLES[kind]
    css = ["border: 1px solid #c8c8c8", "padding: 2px 8px",
           f"background: {style.background or 'white'}"]
    if style.foreground:
        css.append(f"color: {style.foreground}")
    if style.bold:
        css.append("font-weight: bold")
    if style.italic:
        css.append("font-style: italic")
    return "; ".join(css)


class LegendDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Legend — where a figure comes from")
        grid = QGridLayout(self)
        self.samples: dict[str, QLabel] = {}
        for row, kind in enumerate(PROVENANCES):
            sample = QLabel(SAMPLES[kind])
            sample.setObjectName(f"legend_{kind}")
            sample.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            sample.setMinimumWidth(sample.fontMetrics().horizontalAdvance("9,999,999") + 20)
            sample.setStyleSheet(f"QLabel#legend_{kind} {{ {sample_css(kind)} }}")
            self.samples[kind] = sample
            meaning = QLabel(f"<b>{kind.capitalize()}</b> — "
                             f"{html.escape(PROVENANCE_STYLES[kind].meaning)}")
            meaning.setWordWrap(True)
            grid.addWidget(sample, row, 0)
            grid.addWidget(meaning, row, 1)
        notes = QLabel(
            f"Negative amounts are in parentheses, "
            f"<span style='color:{NEGATIVE_FG.name()}'>(red)</span> when typed or "
            "computed. Captions of the form are grey and take no entry; a month with "
            "nothing entered is blank. Point at a cell for where its figure came from "
            f"(an import names its file). Totals are bold on "
            f"<span style='background:{COMPUTED_BG.name()}'>&nbsp;blue-grey&nbsp;</span>.")
        notes.setWordWrap(True)
        grid.addWidget(notes, len(PROVENANCES), 0, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        grid.addWidget(buttons, len(PROVENANCES) + 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 40, self.sizeHint().height())
