"""One way to write a file (focusdesk.base.atomicfile): every writer's output honours the
user's umask — readable by colleagues on a shared drive — and a failed write leaves the
old file and no temporary file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from focusdesk.base.atomicfile import replacing, write_atomically
from focusdesk.base.paths import sample_workbook
from focusdesk.document.store import load, save

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture(params=[0o022, 0o077])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _writers(tmp_path: Path):
    from focusdesk.base.safetext import write_csv
    from focusdesk.formats.jsonio import dumps, to_json
    from focusdesk.formats.pdf import write_pdf
    from focusdesk.formats.xlsx.export import write_xlsx
    from focusdesk.tb.mapping import write_mapping_file

    wb, _ = load(sample_workbook())
    return {
        "form.pdf": lambda p: write_pdf(wb, p),
        "export.xlsx": lambda p: write_xlsx(wb, p),
        "mapping.csv": lambda p: write_mapping_file(wb.tb_mapping, p),
        "mapping.xlsx": lambda p: write_mapping_file(wb.tb_mapping, p),
        "rows.csv": lambda p: write_csv(p, [["a", "=1"]]),
        "export.json": lambda p: write_atomically(p, dumps(to_json(wb)).encode()),
        "new.focus": lambda p: save(wb.copy(), p),
    }


def test_every_writer_honours_the_umask(tmp_path, umask):
    for name, write in _writers(tmp_path).items():
        target = tmp_path / name
        write(target)
        assert mode(target) == 0o666 & ~umask, name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_export_commands_honour_the_umask(tmp_path):
    import subprocess
    import sys

    script = ("import os, sys; os.umask(0o022); from focusdesk.cli import main; "
              "sys.exit(main(sys.argv[1:]))")
    for args, out in ((["pdf", str(sample_workbook()), "-o"], "a.pdf"),
                      (["export-xlsx", str(sample_workbook()), "-o"], "a.xlsx"),
                      (["export-json", str(sample_workbook()), "-o"], "a.json")):
        proc = subprocess.run([sys.executable, "-c", script, *args, str(tmp_path / out)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert mode(tmp_path / out) == 0o644, out


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_bytes(b"half of the new")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]
