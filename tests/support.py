"""Helpers shared by test modules in several packages (imported, never from conftest or
from another test module): a script preamble that hides Qt, the command line run as a
process and its one-line refusal, a file's SHA-256, the sample workbook in a given year,
closing a window without its prompt, a Schedule A cell."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A script's first lines that make PySide6 unimportable, as on a server without Qt: the
# Qt-free core and commands must work there.
HIDE_QT = """
import importlib.abc, sys

class HideQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"No module named {name!r} (hidden by the test)")
        return None

sys.meta_path.insert(0, HideQt())
"""


def close_window(win) -> None:
    """Close a window without its unsaved-changes prompt. Done by the fixtures rather than
    qtbot.addWidget, which closes widgets before fixtures are torn down."""
    if win.doc is not None:
        win.doc.history.mark_clean()
    win.close()
    win.deleteLater()


def a_index(win, code: str, month: str):
    """A Schedule A cell of the window's model: an item code and a month."""
    from focusdesk.form.catalog import MONTHS

    return win.model_a.index(win.grid_a.row_of(code), win.model_a.n_fixed + MONTHS.index(month))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run(*args: object, stdin: str | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    """`focusdesk ARGS…` as a separate process, exactly as users run it."""
    return subprocess.run([sys.executable, "-m", "focusdesk", *map(str, args)],
                          input=stdin, capture_output=True, text=True, encoding="utf-8",
                          env=_env(), cwd=cwd, timeout=120)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_failure(proc: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """A clean refusal: non-zero exit, exactly one line on stderr naming what and where."""
    err = proc.stderr
    assert proc.returncode != 0, f"exit 0 for a failure; stdout={proc.stdout!r}"
    assert "Traceback" not in err, err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert err.startswith("focusdesk: "), err
    assert "internal error" not in err, err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    return err


def sample_workbook(year: int):
    """The shipped sample (resources/sample.json) as a workbook of the given year."""
    from focusdesk.formats.jsonio import loads, workbook_from_json

    wb = workbook_from_json(loads((ROOT / "resources" / "sample.json").read_text(encoding="utf-8")))
    wb.set_profile("year", year)
    return wb
