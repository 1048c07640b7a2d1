"""What the window offers its built-in features (`focusdesk.gui.features`): the places a
feature may add to — File menu entries, a menu of its own, a tab, a cell action on Schedule
A's context menu, a status-bar widget, a drop handler — and the moments it may follow (the
status bar updated, a step undone or redone, its tab shown).

A feature asks through these methods instead of reaching into the Designer form
(`window.ui`) or attaching attributes to the window; the window keeps the installed
features, which `feature(Kind)` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

from ..form.catalog import MONTHS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar

    from ..tables.grid import ScheduleAGrid
    from .forms import Ui_MainWindow
    from .models import ScheduleAModel
    from .views import SheetView

F = TypeVar("F")
DropHandler = Callable[[Path], object]
DropClaim = Callable[[Path], bool]


class FeatureHost:
    """Mixed into the main window: `ui` and `table_a` are the window's."""

    ui: Ui_MainWindow
    table_a: SheetView
    model_a: ScheduleAModel
    grid_a: ScheduleAGrid
    if TYPE_CHECKING:
        def menuBar(self) -> QMenuBar: ...
        def statusBar(self) -> QStatusBar: ...
        def show_instruction_of_sheet(self) -> None: ...

    def init_host(self) -> None:
        """Called by the window once its form is set up."""
        self._features: list[object] = []
        # (suffixes, handler, several files allowed, claims): `.focus` opens; features add
        # theirs.
        self.drop_handlers: list[tuple[tuple[str, ...], DropHandler, bool,
                                       DropClaim | None]] = []
        self._cell_actions: list[tuple[QAction, Callable[[], bool]]] = []
        self._status_hooks: list[Callable[[], None]] = []
        self._tab_instructions: dict[QWidget, str] = {}
        # Schedule A's context menu is the window's: Copy, Paste, Delete, then the
        # features' cell actions.
        self.table_a.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table_a.customContextMenuRequested.connect(self._cell_menu)

    # -- the features ---------------------------------------------------------------------
    def add_feature(self, feature: F) -> F:
        """Keep an installed feature (what its `install` returns)."""
        self._features.append(feature)
        return feature

    def feature(self, kind: type[F]) -> F:
        """The installed feature of this kind (`LookupError` before it is installed)."""
        for f in self._features:
            if isinstance(f, kind):
                return f
        raise LookupError(f"no {kind.__name__} is installed in the window")

    # -- menus ----------------------------------------------------------------------------
    def add_file_actions(self, actions: Sequence[QAction]) -> None:
        """Entries of the File menu, a group of their own above Quit."""
        menu, quit_action = self.ui.menuFile, self.ui.actionQuit
        for action in actions:
            menu.insertAction(quit_action, action)
        menu.insertSeparator(quit_action)

    def add_menu(self, title: str, object_name: str) -> QMenu:
        """A menu of the menu bar, before Help."""
        bar = self.menuBar()
        menu = bar.addMenu(title)
        menu.setObjectName(object_name)
        bar.insertMenu(self.ui.menuHelp.menuAction(), menu)
        return menu

    def add_cell_action(self, action: QAction, enabled: Callable[[], bool]) -> None:
        """An entry of Schedule A's context menu, enabled as `enabled()` says when the
        menu opens."""
        self._cell_actions.append((action, enabled))

    def current_cell(self) -> tuple[str, str] | None:
        """(month, item code) of Schedule A's cursor, on a month's cell of a line that has
        a code (None elsewhere): what a cell action speaks of."""
        index = self.table_a.currentIndex()
        if not index.isValid():
            return None
        col = self.model_a.grid_col(index.column())
        item = self.grid_a.rows[index.row()]
        if col < 0 or col >= len(MONTHS) or item.code is None:
            return None
        return MONTHS[col], item.code

    def cell_menu(self) -> QMenu:
        """Schedule A's context menu as it opens now."""
        menu = QMenu(self.table_a)
        for a in (self.ui.actionCopy, self.ui.actionPaste, self.ui.actionDelete):
            menu.addAction(a)
        if self._cell_actions:
            menu.addSeparator()
        for action, enabled in self._cell_actions:
            menu.addAction(action)
            action.setEnabled(enabled())
        return menu

    def _cell_menu(self, pos: QPoint) -> None:
        self.cell_menu().exec(self.table_a.viewport().mapToGlobal(pos))

    # -- tabs -----------------------------------------------------------------------------
    def add_tab(self, page: QWidget, title: str, *, instruction_item: str | None = None
                ) -> None:
        """A tab of its own, before the Checks tab; the instructions pane shows the
        instruction of Schedule A's `instruction_item` while it is in view."""
        tabs = self.ui.tabs
        tabs.insertTab(tabs.indexOf(self.ui.pageChecks), page, title)
        if instruction_item is not None:
            self._tab_instructions[page] = instruction_item

    def set_tab_instruction(self, page: QWidget, instruction_item: str) -> None:
        """Another Schedule A item's instruction for a feature's tab (a page of it in
        view speaks of another line); shown at once if the tab is in view."""
        self._tab_instructions[page] = instruction_item
        if self.ui.tabs.currentWidget() is page:
            self.show_instruction_of_sheet()

    def tab_instruction(self, page: QWidget | None) -> str | None:
        """The Schedule A item whose instruction a feature's tab shows (None: none)."""
        return self._tab_instructions.get(page) if page is not None else None

    def show_tab(self, page: QWidget) -> None:
        self.ui.tabs.setCurrentWidget(page)

    def on_tab_shown(self, page: QWidget, callback: Callable[[], None]) -> None:
        tabs = self.ui.tabs
        tabs.currentChanged.connect(
            lambda *_: callback() if tabs.currentWidget() is page else None)

    # -- the status bar and the history ---------------------------------------------------
    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().addPermanentWidget(widget)

    def on_status_update(self, callback: Callable[[], None]) -> None:
        """`callback` runs each time the window has updated its status bar."""
        self._status_hooks.append(callback)

    def status_updated(self) -> None:
        for hook in self._status_hooks:
            hook()

    def on_undo_redo(self, callback: Callable[[], None]) -> None:
        """`callback` runs after Undo or Redo, once the window has done its part (these
        slots run after the window's own)."""
        for action in (self.ui.actionUndo, self.ui.actionRedo):
            action.triggered.connect(lambda *_: callback())

    # -- files dropped on the window ------------------------------------------------------
    def add_drop_handler(self, suffixes: tuple[str, ...], handler: DropHandler, *,
                         several: bool = False, claims: DropClaim | None = None) -> None:
        """Files with these suffixes dropped on the window go to `handler` (with the first
        path; `several` allows more than one file in the drop). A handler with `claims`
        is asked before those without, and takes the file only when `claims(path)` says
        so: a positions CSV goes to the Worksheets tab, another CSV to the trial-balance
        wizard."""
        entry = (tuple(x.lower() for x in suffixes), handler, several, claims)
        if claims is None:
            self.drop_handlers.append(entry)
        else:
            first = next((i for i, h in enumerate(self.drop_handlers) if h[3] is None),
                         len(self.drop_handlers))
            self.drop_handlers.insert(first, entry)

    def _drop_target(self, event: QDropEvent | QDragEnterEvent
                     ) -> tuple[DropHandler, Path] | None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls()]
        for suffixes, handler, several, claims in self.drop_handlers:
            if paths and (several or len(paths) == 1) and all(
                    p.name.lower().endswith(suffixes) for p in paths) and (
                    claims is None or claims(paths[0])):
                return handler, paths[0]
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._drop_target(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._drop_target(event)
        if target is not None:
            event.acceptProposedAction()
            handler, path = target
            handler(path)
