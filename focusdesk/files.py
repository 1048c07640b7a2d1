"""Reading a file the user named: the bytes, or one sentence saying why not."""

from __future__ import annotations

from pathlib import Path


def read_input(name: str | Path, error: type[Exception], *,
               limit: int | None = None, what: str = "files") -> bytes:
    """The bytes of `name`, or `error` with one sentence naming the file and the reason
    (missing, a folder, not readable, larger than `limit` bytes)."""
    path = Path(name)
    try:
        if limit is not None:
            size = path.stat().st_size
            if not path.is_dir() and size > limit:
                raise error(f"{path.name} is {size / 2**20:,.0f} MB; FocusDesk reads {what} "
                            f"up to {limit // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{name} does not exist") from None
    except IsADirectoryError:
        raise error(f"{name} is a folder, not a file") from None
    except PermissionError:
        if path.is_dir():  # Windows reports a folder as permission denied
            raise error(f"{name} is a folder, not a file") from None
        raise error(f"{path.name} cannot be read: permission denied") from None
    except OSError as exc:
        raise error(f"{path.name} cannot be read: {exc.strerror or exc}") from None
