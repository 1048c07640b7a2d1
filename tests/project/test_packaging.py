"""Packaging (issue #8): the wheel and the Linux frozen app pass `--selftest` from a clean
environment; the app icons, the frozen app's entry script, the macOS plist, the Inno
Setup script and the release workflow are what the builds need.

The two builds take about half a minute together here (the wheel: build ~2 s, a fresh
virtual environment with PySide6 from pip's cache ~10 s; PyInstaller ~25 s).
"""

from __future__ import annotations

import importlib.util
import os
import plistlib
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_test_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """A user's environment: nothing of this checkout or its venv, no display."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "QT_QPA_PLATFORM", "DISPLAY",
            "WAYLAND_DISPLAY", "QT_PLUGIN_PATH")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p != venv_bin)
    env["FOCUSDESK_DATA_DIR"] = str(tmp_path / "data")
    return env


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", data[16:24])


# -- icons ---------------------------------------------------------------------------

def test_windows_icon_holds_every_size_as_png():
    data = (PACKAGING / "FocusDesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        image = data[offset:offset + length]
        assert len(image) == length and (planes, bits) == (1, 32)
        size = w or 256
        assert _png_size(image) == (size, size) and (h or 256) == size
        sizes.append(size)
    assert {16, 24, 32, 48, 64, 256} <= set(sizes)


def test_macos_icon_holds_every_size_as_png():
    data = (PACKAGING / "FocusDesk.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found, at = {}, 8
    while at < len(data):
        kind, length = data[at:at + 4], struct.unpack(">I", data[at + 4:at + 8])[0]
        found[kind] = _png_size(data[at + 8:at + length])[0]
        at += length
    assert at == len(data)
    assert found == {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256,
                     b"ic09": 512, b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256,
                     b"ic14": 512}


def test_icons_render_from_the_app_svg(qapp):
    icons = _load("make_icons")
    png = icons.render_png(48)
    assert _png_size(png) == (48, 48)
    from PySide6.QtGui import QImage

    image = QImage.fromData(png)
    assert image.pixelColor(0, 0).alpha() == 0  # transparent corner
    assert image.pixelColor(30, 30).alpha() == 255  # the check mark's badge
    ico = icons.ico_bytes({16: icons.render_png(16), 256: icons.render_png(256)})
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 2)


# -- the frozen app's pieces ---------------------------------------------------------

def test_macos_bundle_plist():
    build = _load("build")
    plist = plistlib.loads(plistlib.dumps(build.info_plist("1.2.3")))
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    (doc,) = plist["CFBundleDocumentTypes"]
    assert doc["CFBundleTypeExtensions"] == ["focus"] and doc["CFBundleTypeRole"] == "Editor"
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert doc["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["focus"]


def test_windows_version_resource():
    build = _load("build")
    assert build.version_numbers("0.1.0") == (0, 1, 0, 0)
    assert build.version_numbers("2.10.3rc1+g12ab") == (2, 10, 3, 0)
    text = build.windows_version_info("2.10.3")
    assert "filevers=(2, 10, 3, 0)" in text and "StringStruct('ProductVersion', '2.10.3')" \
        in text
    compile(text, "version_info.txt", "eval")  # PyInstaller evaluates it


def test_spec_uses_entry_script_not_named_like_the_package():
    spec = (PACKAGING / "FocusDesk.spec").read_text(encoding="utf-8")
    assert '"focusdesk_app.py"' in spec and (PACKAGING / "focusdesk_app.py").is_file()
    assert not (PACKAGING / "focusdesk.py").exists()
    assert 'collect_submodules("focusdesk")' in spec  # the modules imported by name
    assert "copy_metadata(\"focusdesk\")" in spec  # the version
    assert "argv_emulation=MACOS" in spec and "info_plist=build.info_plist(VERSION)" in spec


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_layout_check_finds_a_clash_and_missing_parts(tmp_path, platform):
    build = _load("build")
    app = tmp_path / "FocusDesk"
    exe = build.executable(app, platform)
    assert build.check_layout(app, platform) == [f"{exe} was not built"]
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    (exe.parent / ("focusdesk" if platform != "win32" else "FOCUSDESK.exe")).mkdir()
    problems = build.check_layout(app, platform)
    assert any("clashes with the program" in p for p in problems)
    assert any("sample.focus is not bundled" in p for p in problems)
    assert any("metadata" in p for p in problems)
    assert any("printsupport" in p for p in problems)


def _entry(monkeypatch, tmp_path, *, console: bool):
    app = _load("focusdesk_app")
    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(app, "show_message", lambda text, error: shown.append((text, error)))
    monkeypatch.setenv("FOCUSDESK_DATA_DIR", str(tmp_path / "logs"))
    if not console:  # the Windows app: no console, Python's stdout and stderr are None
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
    return app, shown


def test_windowed_app_shows_a_failure_and_logs_it(monkeypatch, tmp_path):
    app, shown = _entry(monkeypatch, tmp_path, console=False)
    monkeypatch.setattr(sys, "argv", ["FocusDesk.exe", "check", str(tmp_path / "gone.focus")])
    assert app.main() == 2
    assert shown == [(f"FocusDesk stopped:\n\nfocusdesk: {tmp_path / 'gone.focus'} does not "
                      "exist", True)]
    log = (tmp_path / "logs" / "startup.log").read_text(encoding="utf-8")
    assert "gone.focus does not exist" in log


def test_windowed_app_reports_an_import_failure(monkeypatch, tmp_path):
    app, shown = _entry(monkeypatch, tmp_path, console=False)
    monkeypatch.setitem(sys.modules, "focusdesk.cli", None)  # a damaged installation
    monkeypatch.setattr(sys, "argv", ["FocusDesk.exe"])
    assert app.main() == 70
    ((text, error),) = shown
    assert error and text.startswith("FocusDesk could not start:\n\nModuleNotFoundError")
    assert "startup.log" in text
    log = (tmp_path / "logs" / "startup.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "focusdesk.cli" in log


def test_windowed_app_selftest_writes_its_report_without_a_box(monkeypatch, tmp_path):
    """`FocusDesk.exe --selftest` has no stdout: the report goes to a file, no box
    (a message box would hang an unattended CI run)."""
    app, shown = _entry(monkeypatch, tmp_path, console=False)
    monkeypatch.delenv("FOCUSDESK_SELFTEST_REPORT", raising=False)
    monkeypatch.setattr(sys, "argv", ["FocusDesk.exe", "--selftest", "-psn_0_12345"])
    import focusdesk.selftest

    monkeypatch.setattr(focusdesk.selftest, "run",
                        lambda *_a, **_k: print("selftest ran") or 1)
    assert app.main() == 1
    assert shown == []
    assert os.environ["FOCUSDESK_SELFTEST_REPORT"] == str(tmp_path / "logs" / "selftest.txt")
    assert sys.argv == ["FocusDesk.exe", "--selftest"]  # macOS's -psn_ argument dropped


def test_windowed_app_shows_what_was_asked_and_nothing_else(monkeypatch, tmp_path):
    app, shown = _entry(monkeypatch, tmp_path, console=False)
    monkeypatch.setattr(sys, "argv", ["FocusDesk.exe", "--version"])
    assert app.main() == 0
    assert len(shown) == 1 and shown[0][0].startswith("focusdesk ") and not shown[0][1]
    # A command that succeeds, chatter on stderr (a library's warning): no box.
    shown.clear()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    import focusdesk.cli

    monkeypatch.setattr(focusdesk.cli, "main",
                        lambda argv: print("a warning", file=sys.stderr) or 0)
    monkeypatch.setattr(sys, "argv", ["FocusDesk.exe"])
    assert app.main() == 0
    assert shown == [] and not (tmp_path / "logs" / "startup.log").exists()


def test_console_app_prints_and_shows_nothing(monkeypatch, tmp_path, capsys):
    app, shown = _entry(monkeypatch, tmp_path, console=True)
    monkeypatch.setattr(sys, "argv", ["FocusDesk", "--version"])
    assert app.main() == 0
    assert capsys.readouterr().out.startswith("focusdesk ")
    assert shown == []


# -- the Inno Setup script and the release workflow -----------------------------------

def test_inno_setup_script():
    iss = (PACKAGING / "FocusDesk.iss").read_text(encoding="utf-8")
    for needed in ('Source: "dist\\FocusDesk\\*"', "recursesubdirs",
                   "SetupIconFile=packaging\\FocusDesk.ico", "AppId={{",
                   "PrivilegesRequired=lowest", "Software\\Classes\\.focus",
                   '"""{app}\\{#AppExe}"" ""%1"""',
                   "OutputBaseFilename={#AppName}-{#AppVersion}-setup",
                   "#define AppExe \"FocusDesk.exe\""):
        assert needed in iss, needed


def _workflow() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_release_workflow_structure():
    wf = _workflow()
    trigger = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger["push"]["tags"] == ["v*"]
    jobs = wf["jobs"]
    assert jobs["windows"]["runs-on"] == "windows-latest"
    assert jobs["macos"]["runs-on"] == "macos-latest"
    for name in ("windows", "macos"):
        runs = _runs(jobs[name])
        assert "pip install -e \".[test]\"" in runs
        build_at, test_at = runs.index("packaging/build.py"), runs.index("--selftest")
        assert build_at < test_at, name
        assert all("uses" in s or "run" in s for s in jobs[name]["steps"])
    win, mac = _runs(jobs["windows"]), _runs(jobs["macos"])
    assert "packaging\\FocusDesk.iss" in win and "/DAppVersion=" in win
    assert "FocusDesk-$env:VERSION-setup.exe" in win and win.count("--selftest") == 2
    assert "hdiutil create" in mac and "NSHighResolutionCapable" in mac
    assert mac.count("--selftest") == 2  # the built app and the app on the disk image
    assert "--selftest" in _runs(jobs["wheel"]) and "python -m build" in _runs(jobs["wheel"])
    release = jobs["release"]
    assert set(release["needs"]) == {"windows", "macos", "wheel"}
    assert release["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert release["permissions"] == {"contents": "write"}
    upload = [s for s in release["steps"] if s.get("uses", "").startswith(
        "softprops/action-gh-release@")]
    assert upload and upload[0]["with"]["files"] == "artifacts/*"
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                assert "@v" in step["uses"], step["uses"]  # pinned to a release


def test_release_workflow_shell_steps_parse():
    """Every bash step is valid bash (pwsh steps are left to the runner)."""
    wf = _workflow()
    for name, job in wf["jobs"].items():
        for step in job["steps"]:
            shell = step.get("shell", "pwsh" if "windows" in job["runs-on"] else "bash")
            if "run" in step and shell == "bash":
                proc = subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True,
                                      text=True)
                assert proc.returncode == 0, f"{name}: {step['run']}\n{proc.stderr}"


# -- the builds --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """`python -m build` (sdist, then the wheel from the sdist), without build isolation:
    this environment has hatchling and PySide6 for the build hook already."""
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                           str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (found,) = out.glob("focusdesk-*-py3-none-any.whl")
    return found


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("focusdesk/gui/generated/__init__.py", "focusdesk/gui/generated/resources_rc.py",
                 "focusdesk/gui/generated/ui_mainwindow.py",
                 "focusdesk/gui/generated/ui_aboutdialog.py",
                 "focusdesk/gui/generated/ui_recoverydialog.py",
                 "focusdesk/resources/sample.focus", "focusdesk/resources/instructions.json",
                 "focusdesk/resources/icons/focusdesk.svg", "focusdesk/selftest.py",
                 "focusdesk/resources/starter-mapping.csv"):
        assert name in names, name
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_wheel_selftest_in_a_clean_virtual_environment(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    proc = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path,
                          env=_clean_env(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run([str(bindir / "focusdesk"), "--selftest"], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path, env=_clean_env(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed: 11 checks" in proc.stdout
    site = str(venv.resolve())
    assert f"from {site}" in proc.stdout  # the installed package, not this checkout
    assert f"{site}" in proc.stdout.split("sample workbook: ")[1].splitlines()[0]


def test_frozen_app_builds_and_passes_its_selftest(tmp_path):
    if sys.platform not in ("linux", "win32", "darwin"):
        pytest.skip("PyInstaller builds for Linux, Windows and macOS")
    pytest.importorskip("PyInstaller")
    build = _load("build")
    proc = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--dist",
                           str(tmp_path / "dist"), "--work", str(tmp_path / "work")],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    app = tmp_path / "dist" / "FocusDesk"
    assert build.check_layout(app) == []
    exe = build.executable(app)
    env = _clean_env(tmp_path)
    env["FOCUSDESK_SELFTEST_REPORT"] = str(tmp_path / "report.txt")
    proc = subprocess.run([str(exe), "--selftest"], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env=env)
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert proc.returncode == 0, report + proc.stderr
    assert "(frozen)" in report and "self-test passed: 11 checks" in report
    assert "ok    version: FocusDesk " in report  # the metadata is bundled
    assert str(app.resolve()) in report.split("sample workbook: ")[1].splitlines()[0]
    if sys.platform == "linux":  # a terminal program too
        proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                              timeout=60, env=env)
        assert proc.stdout.startswith("focusdesk ")
        proc = subprocess.run([str(exe), "check", str(ROOT / "resources" / "sample.focus"),
                               "--as-of", "2026-02-13"],  # before its months are due
                              capture_output=True, text=True, timeout=60, env=env)
        assert proc.returncode == 0, proc.stderr
        assert "no findings" in proc.stdout
        # A spreadsheet from outside is read by the app itself started as the child
        # (--read-spreadsheet): the frozen app has no Python to run the child script.
        book, xlsx = tmp_path / "copy.focus", tmp_path / "out.xlsx"
        shutil.copyfile(ROOT / "resources" / "sample.focus", book)
        for argv in (["export-xlsx", str(book), "-o", str(xlsx)],
                     ["import-xlsx", str(book), str(xlsx)]):
            proc = subprocess.run([str(exe), *argv], capture_output=True, text=True,
                                  timeout=120, env=env)
            assert proc.returncode == 0, proc.stderr
        assert "0 value(s) changed" in proc.stdout
