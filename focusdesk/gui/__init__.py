"""The desktop window: a thin PySide6 layer over the Qt-free core.

`app` starts it; `window` is the main window (its document actions, settings tab, trend
tab and start page mixed in); `host` is what the built-in features (`features`) add to;
`row_model` shows the Qt-free row models of `focusdesk.tables`.

May import every layer below; a feature never imports another, and the window knows its
features only by name (`features.FEATURES`).
"""
