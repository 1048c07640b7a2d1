"""Hatch build hook: compile the Designer forms and the icon resources into
focusdesk/gui/generated/ (packaging/build_ui.py) before a wheel is built, standard or
editable, and ship the generated modules, which are gitignored, as build artifacts.

Registered in pyproject.toml as [tool.hatch.build.hooks.custom]; needs PySide6 in the
build environment ([build-system].requires) for pyside6-uic and pyside6-rcc.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _load_build_ui():
    # Loaded by path: the folder is named `packaging`, like the PyPI package hatchling
    # itself imports, so `import packaging.build_ui` would find the wrong one.
    path = Path(__file__).resolve().with_name("build_ui.py")
    spec = importlib.util.spec_from_file_location("_focusdesk_build_ui", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":  # the sdist ships ui/ and resources/ instead
            return
        build_ui = _load_build_ui()
        root = Path(self.root)
        files = build_ui.build(root, log=lambda message: self.app.display_info(message))
        # The version as a module: `focusdesk --version` then needs no importlib.metadata
        # (~30 ms, most of the command's start).
        version_file = root / "focusdesk" / "_version.py"
        text = f'"""Written by the build (packaging/hatch_build.py)."""\n\nVERSION = ' \
               f'"{self.metadata.version}"\n'
        if not version_file.exists() or version_file.read_text(encoding="utf-8") != text:
            version_file.write_text(text, encoding="utf-8")
        files = [*files, version_file]
        build_data["artifacts"].extend(f"/{path.relative_to(root).as_posix()}" for path in files)
