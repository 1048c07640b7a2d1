"""FocusDesk: prepare the SEC FOCUS Report Part I (Form X-17A-5 Part I)."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata costs ~30 ms at start-up.
    if name == "__version__":
        try:
            from ._version import VERSION as value  # written by the build
        except ImportError:
            from importlib.metadata import PackageNotFoundError, version

            try:
                value = version("focusdesk")
            except PackageNotFoundError:  # a source tree that is not installed
                value = "0.0.0+source"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'focusdesk' has no attribute {name!r}")
