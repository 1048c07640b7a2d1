"""The README's Layout section is the package tree: one line per package, no more, no less,
and the tests' folders mirror the packages (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "focusdesk"


def _packages() -> set[str]:
    return {str(init.parent.relative_to(ROOT)).replace("\\", "/") + "/"
            for init in PACKAGE.rglob("__init__.py")
            if "generated" not in init.parts and init.parent != PACKAGE}


def _layout_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(.*?)^## ", text, re.S | re.M)
    assert match, "the README has no Layout section"
    return match.group(1)


def test_the_layout_section_names_every_package_and_only_packages():
    section = _layout_section()
    tree = re.search(r"```\n(.*?)```", section, re.S)
    assert tree, "the Layout section shows the tree in a code block"
    named = set(re.findall(r"^\s*(focusdesk/[\w/]+/)", tree.group(1), re.M))
    assert named == _packages(), (
        f"missing from the README: {sorted(_packages() - named)}; "
        f"not packages: {sorted(named - _packages())}")


def test_each_package_line_says_what_it_may_import():
    tree = re.search(r"```\n(.*?)```", _layout_section(), re.S).group(1)
    for line in tree.splitlines():
        if re.match(r"^\s*focusdesk/[\w/]+/", line):
            assert " — " in line, f"no description: {line!r}"


def test_the_tests_folders_mirror_the_packages():
    top = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    folders = {p.name for p in (ROOT / "tests").iterdir()
               if p.is_dir() and any(p.glob("test_*.py"))}
    # `project` holds the checks of the project itself: layers, cycles, lint, packaging.
    assert folders - {"project"} <= top, sorted(folders - {"project"} - top)
    assert not list((ROOT / "tests").glob("test_*.py")), "a test outside a package folder"
