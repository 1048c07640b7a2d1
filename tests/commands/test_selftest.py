"""`focusdesk --selftest`: every check passes from this installation, and a missing part
(a resource, the compiled forms, a blank window) is named with exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import HIDE_QT

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ("version", "sample workbook", "recompute", "instruction texts", "PDF", "Excel",
          "Qt", "Designer forms", "icons", "main window", "Qt printing")


def _env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user's shell: no display and no Qt platform chosen (the
    self-test must pick offscreen itself), the test's own data folder."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["FOCUSDESK_DATA_DIR"] = str(tmp_path / "data")
    return env


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=180, cwd=tmp_path,
                          env={**_env(tmp_path), **env})


def _status(stdout: str) -> dict[str, str]:
    """check name → "ok" / "FAIL", from the report's lines."""
    found = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("ok", "FAIL"):
            found[rest.strip().split(":")[0]] = status
    return found


def test_selftest_passes_offscreen_without_a_display(tmp_path):
    report = tmp_path / "report.txt"
    proc = _run([sys.executable, "-m", "focusdesk", "--selftest"], tmp_path,
                FOCUSDESK_SELFTEST_REPORT=str(report))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _status(proc.stdout) == dict.fromkeys(CHECKS, "ok")
    assert proc.stdout.splitlines()[-1].startswith("self-test passed: 11 checks")
    assert "platform offscreen" in proc.stdout
    assert report.read_text(encoding="utf-8") == proc.stdout
    assert not proc.stderr.strip()
    # Nothing of the user's was touched: no recovery files, no settings, no lock.
    assert not (tmp_path / "data").exists()
    assert list(tmp_path.iterdir()) == [report]


def test_selftest_names_missing_compiled_forms(tmp_path):
    """An installation without focusdesk.gui.generated (a wheel built without the build
    hook, a frozen app missing the modules): the forms check says so, what needs them is
    not run, the Qt-free checks still run, exit 1."""
    script = textwrap.dedent("""
        import importlib.abc, sys

        class Missing(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "focusdesk.gui.generated" or name.startswith(
                        "focusdesk.gui.generated."):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, Missing())
        from focusdesk.cli import main
        sys.exit(main(["--selftest"]))
    """)
    proc = _run([sys.executable, "-c", script], tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    status = _status(proc.stdout)
    assert status["Designer forms"] == "FAIL"
    assert status["icons"] == status["main window"] == "FAIL"
    for name in ("version", "sample workbook", "recompute", "instruction texts", "PDF",
                 "Excel", "Qt", "Qt printing"):
        assert status[name] == "ok", name
    assert "compiled Qt forms (focusdesk.gui.generated) are missing" in proc.stdout
    assert "icons: not run, it needs Designer forms" in proc.stdout
    last = proc.stdout.splitlines()[-1]
    assert last.startswith("self-test FAILED: 3 of 11 checks (Designer forms, icons, "
                           "main window)")


def test_selftest_names_missing_resources(tmp_path):
    """The sample workbook and the instruction texts not installed."""
    script = textwrap.dedent("""
        import sys
        import focusdesk.form.instructions, focusdesk.base.paths

        real = focusdesk.base.paths.resource_path

        def resource_path(name):
            if name in ("sample.focus", "instructions.json"):
                raise FileNotFoundError(f"resource {name!r} is not installed with FocusDesk")
            return real(name)

        focusdesk.base.paths.resource_path = resource_path
        focusdesk.form.instructions.resource_path = resource_path
        from focusdesk.cli import main
        sys.exit(main(["--selftest"]))
    """)
    proc = _run([sys.executable, "-c", script], tmp_path)
    assert proc.returncode == 1
    assert "FAIL  sample workbook: resource 'sample.focus' is not installed" in proc.stdout
    assert "FAIL  instruction texts: resource 'instructions.json' is not installed" \
        in proc.stdout
    status = _status(proc.stdout)
    assert status["Qt"] == status["Designer forms"] == status["icons"] == "ok"
    assert status["PDF"] == status["Excel"] == status["main window"] == "FAIL"


def test_selftest_in_process_blank_window_and_missing_icon(qapp, monkeypatch, tmp_path):
    """In-process: a window rendered without content, and an icon the resource file
    lists but the compiled resources lack, fail their checks; the window is closed
    afterwards and the environment restored."""
    from PySide6.QtWidgets import QApplication

    import focusdesk.base.paths
    import focusdesk.gui.selftest
    from focusdesk.cli import run_selftest
    from focusdesk.gui.app import MainWindow

    monkeypatch.setattr(focusdesk.gui.selftest, "MIN_WINDOW_COLOURS", 10**6)
    real = focusdesk.base.paths.resource_path
    qrc = tmp_path / "focusdesk.qrc"
    qrc.write_text(real("focusdesk.qrc").read_text(encoding="utf-8").replace(
        "</qresource>", '<file alias="ghost.svg">icons/ghost.svg</file></qresource>'),
        encoding="utf-8")
    monkeypatch.setattr(focusdesk.base.paths, "resource_path",
                        lambda name: qrc if name == "focusdesk.qrc" else real(name))
    lines: list[str] = []
    assert run_selftest(out=lines.append) == 1
    text = "\n".join(lines)
    assert "FAIL  main window: the rendered window is blank" in text
    assert "FAIL  icons: icons missing from :/icons: ghost.svg" in text
    status = _status(text)
    assert [name for name, s in status.items() if s == "FAIL"] == ["icons", "main window"]
    QApplication.processEvents()
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()]
    assert os.environ.get("FOCUSDESK_DATA_DIR") == str(tmp_path / "data")  # restored


def test_selftest_without_pyside6_names_it(tmp_path):
    """Qt absent (a server install): the Qt-free checks pass, Qt's fail, exit 1."""
    script = HIDE_QT + textwrap.dedent("""
        from focusdesk.cli import run_selftest
        sys.exit(run_selftest())
    """)
    proc = _run([sys.executable, "-c", script], tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    status = _status(proc.stdout)
    assert [n for n, s in status.items() if s == "ok"] == list(CHECKS[:6])
    assert "FAIL  Qt: ImportError: No module named 'PySide6' (hidden by the test)" \
        in proc.stdout


def test_selftest_is_an_option_of_the_window_command(capsys):
    from focusdesk.cli import main

    with pytest.raises(SystemExit):
        main(["--selftest", "--help"])
    out = capsys.readouterr().out
    assert "--selftest" in out and "FILE" in out
