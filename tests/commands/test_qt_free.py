"""The core works with Qt absent: only focusdesk.gui may import PySide6.

compute, check, import-json and export-json must run on a machine (a server, a CI job)
where PySide6 is not installed. The dynamic test hides PySide6 behind an import hook —
even though it is installed in the test environment — imports every non-GUI module and
runs the commands; the static test reads the sources.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from support import HIDE_QT

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "focusdesk"
SAMPLE = ROOT / "resources" / "sample.json"
QT_PACKAGES = ("PySide6", "shiboken6")
CORE = {"focusdesk.form.catalog", "focusdesk.calculation.checks", "focusdesk.cli",
        "focusdesk.calculation.engine", "focusdesk.form.formula", "focusdesk.formats.jsonio",
        "focusdesk.base.money", "focusdesk.calculation.rounding", "focusdesk.document.store",
        "focusdesk.model.workbook", "focusdesk.seg.statements", "focusdesk.seg.reader",
        "focusdesk.seg.footing", "focusdesk.form.market_days", "focusdesk.seg.importer",
        "focusdesk.seg.printing", "focusdesk.commands.seg"}

_SCRIPT = r'''
import contextlib, importlib, io, json, pkgutil, sys
from pathlib import Path
result = {"qt_hidden": False, "gui_refused": False, "imported": [], "runs": {}}
try:
    import PySide6  # noqa: F401
except ImportError:
    result["qt_hidden"] = True

import focusdesk


def walk(path, prefix):
    for info in pkgutil.iter_modules(path, prefix):
        if info.name == "focusdesk.gui" or info.name == "focusdesk.__main__":
            continue  # the window; the entry point runs main() when imported
        module = importlib.import_module(info.name)
        result["imported"].append(info.name)
        if info.ispkg:
            walk(module.__path__, info.name + ".")


walk(focusdesk.__path__, "focusdesk.")
from focusdesk import cli

work, sample = Path(sys.argv[1]), sys.argv[2]


def run(key, *argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code
    result["runs"][key] = {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


book = str(work / "qtfree.focus")
run("compute", "compute", sample)
run("new", "new", book, "--firm", "Qt-free Securities", "--year", "2025")
run("import-json", "import-json", book, sample)
run("export-json", "export-json", book)
run("check", "check", book)
# after every core module and command: nothing of Qt or of the window was loaded
result["qt_modules"] = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "shiboken6"))
result["gui_modules"] = sorted(n for n in sys.modules if n.startswith("focusdesk.gui"))

run("window", str(book))  # no command: the desktop window, which needs Qt
try:
    import focusdesk.gui.app  # noqa: F401
except ImportError:
    result["gui_refused"] = True
(work / "result.json").write_text(json.dumps(result))
'''


def _run_without_qt(tmp_path: Path) -> dict:
    script = tmp_path / "qt_free.py"
    script.write_text(HIDE_QT + _SCRIPT, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, str(script), str(tmp_path), str(SAMPLE)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads((tmp_path / "result.json").read_text())


def test_core_and_commands_work_with_pyside6_absent(tmp_path):
    result = _run_without_qt(tmp_path)
    assert result["qt_hidden"], "the import hook did not hide PySide6"
    assert result["gui_refused"], "focusdesk.gui.app imported without PySide6?"
    assert set(result["imported"]) >= CORE, result["imported"]
    assert not any(n.startswith("focusdesk.gui") for n in result["imported"])

    runs = result["runs"]
    compute = runs["compute"]
    assert compute["code"] == 0, compute["stderr"]
    doc = json.loads(compute["stdout"])
    assert len(doc["months"]) == 12
    assert doc["firm"]["name"] == "Hudson Ridge Securities LLC"
    for key in ("new", "import-json", "export-json", "check"):
        assert runs[key]["code"] == 0, (key, runs[key]["stderr"])
    assert json.loads(runs["export-json"]["stdout"])["months"]["JAN"]["items"]["3750"] == \
        doc["months"]["JAN"]["items"]["3750"]

    # Asked for the window without Qt: one clear line, no crash.
    window = runs["window"]
    assert window["code"] not in (0, None)
    assert window["stderr"].count("\n") == 1 and "PySide6" in window["stderr"]
    assert "Traceback" not in window["stderr"]

    assert result["qt_modules"] == []
    assert result["gui_modules"] == []


def _imports(tree: ast.AST) -> list[tuple[str, int, bool]]:
    """(module, line, at module level) for every import and import_module("...")."""
    found: list[tuple[str, int, bool]] = []
    top = set(map(id, getattr(tree, "body", [])))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.append((module, node.lineno, id(node) in top))
            sep = "" if module.endswith(".") else "."  # `from . import gui` → ".gui"
            found += [(module + sep + a.name, node.lineno, id(node) in top)
                      for a in node.names]
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", "")) in
              ("import_module", "__import__")):
            found.append((node.args[0].value, node.lineno, False))
    return found


def _core_sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if "gui" not in p.relative_to(PACKAGE).parts[:1])


def test_no_module_outside_gui_imports_pyside6():
    sources = _core_sources()
    assert {p.stem for p in sources} >= {m.rsplit(".", 1)[1] for m in CORE}
    offenders = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module, line, _ in _imports(tree):
            if module.split(".")[0] in QT_PACKAGES:
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offenders == []


def _absolute(module: str, path: Path) -> str:
    """`.gui.app` written in focusdesk/cli.py is `focusdesk.gui.app`."""
    level = len(module) - len(module.lstrip("."))
    if level == 0:
        return module
    package = ["focusdesk", *path.relative_to(PACKAGE).parent.parts]
    base = package[: len(package) - (level - 1)]
    rest = module.lstrip(".")
    return ".".join([*base, rest] if rest else base)


def test_no_core_module_imports_the_gui_at_import_time():
    """A lazy import inside a function (cli's window launcher) is fine; a top-level one
    would drag Qt into every command."""
    offenders = []
    for path in _core_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for module, line, top_level in _imports(tree):
            name = _absolute(module, path)
            if top_level and (name == "focusdesk.gui" or name.startswith("focusdesk.gui.")):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert offenders == []


def test_the_static_check_would_see_an_import():
    tree = ast.parse("import os\nfrom PySide6.QtCore import Qt\n"
                     "def f():\n    import importlib\n    importlib.import_module('PySide6')\n"
                     "from .gui.app import run\nfrom . import gui\n")
    found = _imports(tree)
    assert ("PySide6.QtCore", 2, True) in found
    assert ("PySide6", 5, False) in found
    assert (".gui.app", 6, True) in found
    assert (".gui", 7, True) in found
    assert _absolute(".gui.app", PACKAGE / "cli.py") == "focusdesk.gui.app"
    assert _absolute(".", PACKAGE / "cli.py") == "focusdesk"
    assert _absolute("..document.store", PACKAGE / "gui" / "app.py") == "focusdesk.document.store"
