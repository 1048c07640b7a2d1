"""Build the desktop app for this platform with PyInstaller: one folder, dist/FocusDesk/.

    python packaging/build.py [--dist DIR] [--work DIR] [--selftest]

    Linux     dist/FocusDesk/FocusDesk        (+ dist/FocusDesk/_internal/)
    Windows   dist/FocusDesk/FocusDesk.exe    (+ _internal\\), no console window
    macOS     dist/FocusDesk/FocusDesk.app

Steps: compile the Designer forms and icons (packaging/build_ui.py), make the app icons if
they are missing (packaging/make_icons.py), run PyInstaller on packaging/FocusDesk.spec,
move the result into place, and check it: the executable, the resources, the package
metadata, Qt's platform, print-support, image-format and icon-engine plugins, and no
file beside the executable whose name differs from it only in case. `--selftest` then
runs `<app> --selftest` (offscreen) and fails the build when it fails.

Needs FocusDesk installed in the running Python (`pip install -e ".[test]"`, which brings
PyInstaller) — the spec reads the version from its metadata. Nothing is signed; see
packaging/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "packaging"
SPEC = HERE / "FocusDesk.spec"
NAME = "FocusDesk"


BUNDLE_ID = "com.focusdesk.FocusDesk"


class BuildFailed(RuntimeError):
    pass


def info_plist(version: str) -> dict:
    """The macOS bundle's Info.plist entries (PyInstaller adds the executable's)."""
    workbook_type = f"{BUNDLE_ID}.workbook"
    return {
        "CFBundleName": NAME,
        "CFBundleDisplayName": NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "LSMinimumSystemVersion": "11.0",
        "LSApplicationCategoryType": "public.app-category.finance",
        # Double-clicked .focus workbooks open in FocusDesk (PyInstaller's argv
        # emulation passes the file of the launch to the app as an argument).
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "FocusDesk Workbook",
            "CFBundleTypeRole": "Editor",
            "CFBundleTypeExtensions": ["focus"],
            "CFBundleTypeIconFile": "FocusDesk.icns",
            "LSHandlerRank": "Owner",
            "LSItemContentTypes": [workbook_type],
        }],
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": workbook_type,
            "UTTypeDescription": "FocusDesk Workbook",
            "UTTypeConformsTo": ["public.data", "public.database"],
            "UTTypeIconFile": "FocusDesk.icns",
            "UTTypeTagSpecification": {"public.filename-extension": ["focus"]},
        }],
    }


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """"1.2.3", "1.2.3rc1+local" → (1, 2, 3, 0): the four numbers Windows shows."""
    numbers = []
    for part in version.split("+")[0].split(".")[:4]:
        digits = "".join(itertools.takewhile(str.isdigit, part))
        numbers.append(int(digits or 0))
    return (*numbers, 0, 0, 0, 0)[:4]


def windows_version_info(version: str) -> str:
    """PyInstaller's version resource (the exe's Properties ▸ Details)."""
    numbers = version_numbers(version)
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'FocusDesk'),
      StringStruct('FileDescription', 'FocusDesk - SEC FOCUS Report Part I'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{NAME}'),
      StringStruct('OriginalFilename', '{NAME}.exe'),
      StringStruct('ProductName', '{NAME}'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def _load(name: str):
    # By path: `packaging` is also the name of a PyPI package PyInstaller imports.
    spec = importlib.util.spec_from_file_location(f"_focusdesk_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def executable(app_dir: Path, platform: str = sys.platform) -> Path:
    """The program to run inside the built folder."""
    if platform == "win32":
        return app_dir / f"{NAME}.exe"
    if platform == "darwin":
        return app_dir / f"{NAME}.app" / "Contents" / "MacOS" / NAME
    return app_dir / NAME


def contents_dir(app_dir: Path, platform: str = sys.platform) -> Path:
    """Where the bundled files are (sys._MEIPASS of the app)."""
    if platform == "darwin":
        # PyInstaller's bundle: code in Contents/Frameworks, data files in
        # Contents/Resources, linked to each other.
        return app_dir / f"{NAME}.app" / "Contents" / "Frameworks"
    return app_dir / "_internal"


def check_layout(app_dir: Path, platform: str = sys.platform) -> list[str]:
    """What is wrong with a built app folder (empty when nothing is)."""
    problems: list[str] = []
    exe = executable(app_dir, platform)
    if not exe.is_file():
        return [f"{exe} was not built"]
    # The executable and the package folder must not clash on a case-insensitive file
    # system (Windows, macOS): no neighbour named like the program apart from case.
    stem = exe.name.casefold().removesuffix(".exe")
    for neighbour in exe.parent.iterdir():
        if neighbour != exe and neighbour.name.casefold().removesuffix(".exe") == stem:
            problems.append(f"{neighbour} clashes with the program {exe.name}")
    internal = contents_dir(app_dir, platform)
    package = internal / "focusdesk"
    for name in ("sample.focus", "instructions.json", "getting_started.md", "focusdesk.qrc",
                 "icons/focusdesk.svg", "starter-mapping.csv"):
        if not (package / "resources" / name).is_file():
            problems.append(f"focusdesk/resources/{name} is not bundled")
    if not list(internal.glob("focusdesk-*.dist-info/METADATA")):
        problems.append("focusdesk's package metadata (its version) is not bundled")
    # PySide6's layout: PySide6/plugins on Windows, PySide6/Qt/plugins elsewhere.
    plugins = next((d for d in (internal / "PySide6" / "Qt" / "plugins",
                                internal / "PySide6" / "plugins") if d.is_dir()),
                   internal / "PySide6" / "Qt" / "plugins")
    platform_plugin = {"win32": "qwindows", "darwin": "qcocoa"}.get(platform, "qxcb")
    wanted = {
        "platforms": [platform_plugin, "qoffscreen"],  # the screen; --selftest
        "printsupport": [{"win32": "windowsprintersupport",
                          "darwin": "cocoaprintersupport"}.get(platform, "cups")],
        "imageformats": ["qsvg"],
        "iconengines": ["qsvgicon"],
    }
    for folder, stems in wanted.items():
        names = [p.name for p in (plugins / folder).glob("*")]
        for stem_ in stems:
            if not any(stem_ in n for n in names):
                problems.append(f"Qt plugin {folder}/{stem_} is not bundled (in {plugins})")
    return problems


def build(dist: Path, work: Path, *, clean: bool = True, log=print) -> Path:
    """Build the app into dist/FocusDesk/ and return that folder."""
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise BuildFailed("PyInstaller is not installed: pip install -e \".[test]\" "
                          "(or pip install pyinstaller)") from None
    started = time.perf_counter()
    files = _load("build_ui").build(ROOT, log=lambda m: log(f"build_ui: {m}"))
    log(f"Qt forms and icons: {len(files)} generated modules up to date")
    icons = _load("make_icons")
    if not all(p.is_file() for p in (icons.ICO, icons.ICNS)):
        icons.main([])
    staging = work / "dist"
    args = [str(SPEC), "--noconfirm", "--log-level", "WARN",
            "--distpath", str(staging), "--workpath", str(work / "work")]
    if clean:
        args.append("--clean")
    log(f"PyInstaller {' '.join(args)}")
    try:
        pyinstaller.run(args)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            raise BuildFailed(f"PyInstaller failed ({exc.code})") from None
    target = dist / NAME
    if target.exists():
        shutil.rmtree(target)
    dist.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":  # the bundle is the app: dist/FocusDesk/FocusDesk.app
        target.mkdir()
        shutil.move(str(staging / f"{NAME}.app"), str(target / f"{NAME}.app"))
    else:
        shutil.move(str(staging / NAME), str(target))
    problems = check_layout(target)
    if problems:
        raise BuildFailed("the built app is incomplete:\n  " + "\n  ".join(problems))
    log(f"built {executable(target)} in {time.perf_counter() - started:.0f} s, "
        f"{folder_size(target) / 2**20:.0f} MiB")
    return target


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def selftest(app_dir: Path, *, log=print) -> int:
    """Run the built app's --selftest offscreen, from outside the source tree."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    exe = executable(app_dir)
    proc = subprocess.run([str(exe), "--selftest"], cwd=app_dir, env=env,
                          capture_output=True, text=True, timeout=300)
    log(proc.stdout.rstrip())
    if proc.stderr.strip():
        log(proc.stderr.rstrip())
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where FocusDesk/ goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller/)")
    parser.add_argument("--no-clean", action="store_true",
                        help="reuse PyInstaller's cache from an earlier build")
    parser.add_argument("--selftest", action="store_true",
                        help="run the built app's --selftest and fail when it fails")
    args = parser.parse_args(argv)
    try:
        app_dir = build(args.dist.resolve(), args.work.resolve(), clean=not args.no_clean)
    except BuildFailed as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    if args.selftest:
        code = selftest(app_dir)
        if code:
            print(f"build: the built app's --selftest failed ({code})", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
