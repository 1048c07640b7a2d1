"""The architecture is declared, and kept: the import-linter contracts of pyproject.toml
(`[tool.importlinter]`) hold — the core never imports PySide6, the layers only point down,
the feature packages do not import one another.

`lint-imports` is run from the test environment (the test extras install import-linter);
a second run on a copy of the package with one lazy import of PySide6 added to the core
shows the contracts would catch it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).with_name("lint-imports" + (".exe" if os.name == "nt" else ""))
    if not tool.exists():
        found = shutil.which("lint-imports")
        if found is None:
            pytest.skip("import-linter is not installed (pip install -e '.[test]' installs it)")
        tool = Path(found)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(cwd) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([str(tool), "--no-cache"], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def test_every_import_contract_is_kept():
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def _copy_with_lazy_import(tmp_path: Path, module: str, imported: str) -> Path:
    """A copy of the package whose `module` (a path in the package) gains a function importing
    `imported` lazily."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "focusdesk", copy / "focusdesk",
                    ignore=shutil.ignore_patterns("__pycache__", "generated"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "focusdesk" / module
    target.write_text(target.read_text(encoding="utf-8")
                      + f"\n\ndef _lazy():\n    import {imported}\n\n"
                        f"    return {imported}\n", encoding="utf-8")
    return copy


def test_a_lazy_pyside6_import_in_the_core_breaks_a_contract(tmp_path):
    proc = _lint_imports(_copy_with_lazy_import(tmp_path, "calculation/engine.py",
                                                "PySide6.QtWidgets"))
    assert proc.returncode != 0, proc.stdout
    assert "BROKEN" in proc.stdout and "PySide6" in proc.stdout


def test_the_xlsx_importer_importing_the_exporter_breaks_a_contract(tmp_path):
    """The importer reads by the sheet format (`formats.xlsx.sheet_format`), not by the
    exporter: an import of the writers, lazy or not, is refused."""
    proc = _lint_imports(_copy_with_lazy_import(tmp_path, "formats/xlsx/importer.py",
                                                "focusdesk.formats.xlsx.export"))
    assert proc.returncode != 0, proc.stdout
    assert "BROKEN" in proc.stdout and "focusdesk.formats.xlsx.export" in proc.stdout
