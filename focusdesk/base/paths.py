"""Where the shipped resources are: one helper for a source checkout, a wheel and a
frozen app."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # focusdesk/


def resource_path(name: str) -> Path:
    """The path of a file shipped in `resources/` (the sample workbook, texts, icons)."""
    candidates = [
        _PACKAGE / "resources" / name,  # installed wheel (hatch force-include)
        _PACKAGE.parent / "resources" / name,  # source checkout / editable install
    ]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller one-folder app
        candidates.insert(0, Path(frozen) / "focusdesk" / "resources" / name)
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError(f"resource {name!r} is not installed with FocusDesk")


def sample_workbook() -> Path:
    return resource_path("sample.focus")
