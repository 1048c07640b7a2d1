"""Fixtures of the window's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def warnings_shown(monkeypatch):
    """Every QMessageBox.warning the window shows, as its text, instead of a modal box that
    would wait for a click offscreen. A module uses it for all its tests with
    `pytestmark = pytest.mark.usefixtures("warnings_shown")`."""
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *a, **k: warnings.append(text))
    return warnings
