"""What to print: the months (by default the reported months), the schedules and the
findings page — the window's side of `focusdesk pdf --months/--schedule/--checks`,
asked before Print Preview, Print and Export PDF."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..form.catalog import MONTHS
from ..formats.pdf import PrintOptions

CHECK_CHOICES = (("auto", "when errors remain (the DRAFT explains itself)"),
                 ("always", "always (warnings and notes too)"), ("never", "never"))


class PrintOptionsDialog(QDialog):
    def __init__(self, options: PrintOptions, reported: tuple[str, ...], title: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reported = reported
        layout = QVBoxLayout(self)
        months_box = QGridLayout()
        self.months: dict[str, QCheckBox] = {}
        for i, m in enumerate(MONTHS):
            box = QCheckBox(m)
            box.setChecked(m in options.months)
            box.toggled.connect(self._validate)
            self.months[m] = box
            months_box.addWidget(box, i // 6, i % 6)
        quick = QHBoxLayout()
        for text, months in (("Reported months", reported), ("All", MONTHS),
                             ("JAN–JUN", MONTHS[:6]), ("JUL–DEC", MONTHS[6:])):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, ms=months: self.set_months(ms))
            quick.addWidget(button)
        quick.addStretch(1)
        form = QFormLayout()
        self.schedule_a = QCheckBox("Schedule A")
        self.schedule_b = QCheckBox("Schedule B")
        self.schedule_a.setChecked("A" in options.schedules)
        self.schedule_b.setChecked("B" in options.schedules)
        for box in (self.schedule_a, self.schedule_b):
            box.toggled.connect(self._validate)
        schedules = QHBoxLayout()
        schedules.addWidget(self.schedule_a)
        schedules.addWidget(self.schedule_b)
        schedules.addStretch(1)
        self.checks = QComboBox()
        for value, label in CHECK_CHOICES:
            self.checks.addItem(label, value)
        self.checks.setCurrentIndex(self.checks.findData(options.checks))
        layout.addWidget(QLabel("Months whose figures are printed (a sheet without any of "
                                "them is left out):"))
        layout.addLayout(months_box)
        layout.addLayout(quick)
        form.addRow("Schedules", schedules)
        form.addRow("Findings page", self.checks)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._validate()

    def set_months(self, months: tuple[str, ...]) -> None:
        for m, box in self.months.items():
            box.setChecked(m in months)

    def options(self) -> PrintOptions:
        return PrintOptions(
            months=tuple(m for m, box in self.months.items() if box.isChecked()),
            schedules=tuple(s for s, box in (("A", self.schedule_a), ("B", self.schedule_b))
                            if box.isChecked()),
            checks=self.checks.currentData())

    def _validate(self) -> None:
        chosen = self.options()
        problem = ("Choose at least one month." if not chosen.months else
                   "Choose a schedule." if not chosen.schedules else "")
        self.error.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


def default_options(reported: tuple[str, ...]) -> PrintOptions:
    """The reported months (every month when none is), both schedules."""
    return PrintOptions(months=reported or MONTHS)
