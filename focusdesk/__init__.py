"""FocusDesk: prepare the SEC FOCUS Report Part I (Form X-17A-5 Part I)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("focusdesk")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0.0.0+source"
