"""One generic resource table drawn with Textual's line API: only the visible rows are rendered.

A resource kind is described by a list of ``Column`` definitions (see ``tui/ui/renderers``); the
table knows nothing about connectors or connections. Rows are identified by key, so refreshes
update them in place and the cursor stays on the same item.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from math import ceil
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from tui.ui.textual_internals import update_scrollbars
from tui.ui.widgets.repaint import changed_regions

T = TypeVar("T")
Key = Hashable
_MISSING: Any = object()


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a resource: a renderer returning safe ``Text`` and a sort key."""

    key: str
    label: str
    width: int
    render: Callable[[T], Text]
    sort_key: Callable[[T], Any] | None = None
    flex: int = 0
    """Share of the spare width this column takes (0 = fixed width)."""
    drop: int = 0
    """Columns with a higher number are hidden first when the terminal is narrow (0 = never)."""


@dataclass
class _Layout:
    columns: list[Column[Any]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    width: int = 0


class ResourceTable(ScrollView, Generic[T], can_focus=True):
    """A keyed, filterable, sortable table of resources rendered line by line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "edge(0)", "First", show=False, id="table.first"),
        Binding("end,G", "edge(1)", "Last", show=False, id="table.last"),
        Binding("enter", "select", "Open", id="table.open"),
        Binding("space", "toggle_mark", "Mark", id="table.mark"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "resource-table--header",
        "resource-table--cursor",
        "resource-table--cursor-blurred",
        "resource-table--marked",
        "resource-table--empty",
    }

    DEFAULT_CSS = """
    ResourceTable { height: 1fr; width: 1fr; overflow-x: hidden; }
    ResourceTable > .resource-table--header { text-style: bold; background: $panel; }
    ResourceTable > .resource-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style; }
    ResourceTable > .resource-table--cursor-blurred {
        background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style; }
    ResourceTable > .resource-table--marked { text-style: bold; color: $text-warning; }
    ResourceTable > .resource-table--empty { color: $text-muted; text-style: italic; }
    """

    # No repaint of its own: a move repaints the two rows it touches (see _set_cursor).
    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another item (``key`` is None when the table is empty)."""

        def __init__(
            self, table: ResourceTable[Any], key: Key | None, *, jump: bool = False
        ) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.jump = jump
            """Put there by ``move_to`` (the palette, a saved edit), not by a cursor key."""

        @property
        def control(self) -> ResourceTable[Any]:
            return self.table

    class Selected(Message):
        """Enter was pressed on an item."""

        def __init__(self, table: ResourceTable[Any], key: Key) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> ResourceTable[Any]:
            return self.table

    class MarksChanged(Message):
        def __init__(self, table: ResourceTable[Any], marked: frozenset[Key]) -> None:
            super().__init__()
            self.table = table
            self.marked = marked

    def __init__(
        self,
        columns: list[Column[T]],
        key_of: Callable[[T], Key],
        search_text: Callable[[T], str],
        *,
        markable: bool = True,
        empty_message: str = "Nothing to show",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._columns = columns
        self._key_of = key_of
        self._search_text = search_text
        self._markable = markable
        self.empty_message = empty_message
        self._items: dict[Key, T] = {}
        self._order: list[Key] = []  # every key, in sort order
        self._rows: list[Key] = []  # visible keys (filtered), in sort order
        self._row_index: dict[Key, int] = {}
        self._search: dict[Key, str] = {}
        """Lowercase search text by row, computed when first needed (see ``index_some``)."""
        self._unindexed: set[Key] = set()
        self._needle = ""
        self._predicate: Callable[[T], bool] | None = None
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._overrides: dict[Key, dict[str, Text]] = {}
        self._marked: set[Key] = set()
        self._cache: dict[Key, Text] = {}
        # Painted rows by key, valid while the row's Text, style and width are the same.
        self._strips: dict[Key, tuple[Text, Style, int, Strip]] = {}
        self._base_style: Style | None = None
        self._layout = _Layout()
        self._last_highlight: Key | None = None
        self._highlight_pending = False

    # ----------------------------------------------------------------- data
    @property
    def total(self) -> int:
        return len(self._items)

    @property
    def visible_count(self) -> int:
        return len(self._rows)

    @property
    def visible_keys(self) -> list[Key]:
        return list(self._rows)

    @property
    def marked(self) -> frozenset[Key]:
        return frozenset(self._marked)

    @property
    def current_key(self) -> Key | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    @property
    def current_item(self) -> T | None:
        key = self.current_key
        return None if key is None else self._items.get(key)

    def get(self, key: Key) -> T | None:
        return self._items.get(key)

    def items(self) -> list[T]:
        return [self._items[k] for k in self._order]

    def set_items(self, items: Iterable[T], *, replace: bool = True) -> None:
        """Update rows in place by key; with ``replace`` the rows not in ``items`` go away."""
        current = self.current_key
        incoming: dict[Key, T] = {self._key_of(item): item for item in items}
        removed = self._items.keys() - incoming.keys() if replace else set()
        for key in removed:
            self._forget(key)
        added: list[Key] = []
        changed: list[Key] = []
        for key, item in incoming.items():
            old = self._items.get(key, _MISSING)
            if old is not item:
                (added if old is _MISSING else changed).append(key)
                self._items[key] = item
                self._unindexed.add(key)  # searched text: when a filter or idle time needs it
                self._cache.pop(key, None)
        if not (removed or added or changed) and self._rows:
            return
        if removed or self._sort_column is not None or self._sort_reverse:
            self._resort()
        else:  # insertion order: a page of new rows goes at the end, nothing else moves
            self._order.extend(added)
        self._refilter(keep=current, changed=changed)

    def replace_items(self, items: Iterable[T]) -> None:
        """Show ``items`` instead of every row, the cursor on the first; repaint only the cells
        that look different (one item's rows replaced by another's share most of theirs)."""
        before = self._painted_lines()
        self._items.clear()
        self._search.clear()
        self._unindexed.clear()
        self._cache.clear()
        self._strips.clear()
        self._overrides.clear()
        self._marked.clear()
        for item in items:
            key = self._key_of(item)
            self._items[key] = item
            self._unindexed.add(key)
        self._resort()
        self.cursor = 0
        self._refilter(keep=None, repaint=False)
        for region in changed_regions(before, self._painted_lines()):
            self.refresh(region)

    def _painted_lines(self) -> list[Strip]:
        return [self.render_line(y) for y in range(self.size.height)]

    def reindex(self, keys: Iterable[Key] | None = None) -> None:
        """Recompute what rows match ``/`` (their search text may use data that came later)."""
        items = self._items
        self._unindexed.update(k for k in (items if keys is None else keys) if k in items)
        if self._needle:
            self._refilter(keep=self.current_key)

    @property
    def index_pending(self) -> int:
        """Rows whose search text is not computed yet."""
        return len(self._unindexed)

    def index_some(self, budget: int = 2_000) -> bool:
        """Compute the search text of up to ``budget`` rows; True while some remain.

        A 10k load leaves this for after the rows are on screen (it is a tenth of the load's
        work); the screen runs it in idle slices, and a filter computes what is still missing.
        """
        unindexed, items, search, text_of = (
            self._unindexed, self._items, self._search, self._search_text
        )
        for _ in range(min(budget, len(unindexed))):
            key = unindexed.pop()
            search[key] = text_of(items[key]).lower()
        return bool(unindexed)

    def update_item(self, item: T) -> None:
        """Replace one item (or add it) and repaint only what changed."""
        self.set_items([item], replace=False)

    def remove_item(self, key: Key) -> None:
        """Drop one item (``Widget.remove`` stays what it is: removing the table)."""
        current = self.current_key
        self._forget(key)
        self._order = [k for k in self._order if k != key]
        self._refilter(keep=current)

    def _forget(self, key: Key) -> None:
        self._items.pop(key, None)
        self._search.pop(key, None)
        self._unindexed.discard(key)
        self._cache.pop(key, None)
        self._strips.pop(key, None)
        self._overrides.pop(key, None)
        self._marked.discard(key)

    def set_override(self, key: Key, column: str, text: Text | None) -> None:
        """Show ``text`` in one cell instead of the renderer's output (e.g. a test spinner)."""
        cells = self._overrides.setdefault(key, {})
        if text is None:
            cells.pop(column, None)
        else:
            cells[column] = text
        self._cache.pop(key, None)
        self.refresh_key(key)

    def override(self, key: Key, column: str) -> Text | None:
        return self._overrides.get(key, {}).get(column)

    def invalidate(self, key: Key | None = None) -> None:
        """Forget cached rendering (for one key, or all) after external state changed."""
        if key is None:
            self._cache.clear()
            self.refresh()
        else:
            self._cache.pop(key, None)
            self.refresh_key(key)

    def refresh_key(self, key: Key) -> None:
        index = self._row_index.get(key)
        if index is not None:
            self._refresh_row(index)

    def _refresh_row(self, index: int) -> None:
        """Repaint one row if it is on screen (rows out of view are painted as they scroll in).

        Only the row's cells: ``refresh_lines`` would repaint the scrollbar beside it too.
        """
        y = index + 1 - round(self.scroll_y)
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self._content_width, 1))

    def set_columns(self, columns: list[Column[T]]) -> None:
        """New column definitions (e.g. after a theme change); everything is repainted."""
        self._columns = columns
        self._layout = _Layout()
        self.invalidate()

    @property
    def filter_text(self) -> str:
        return self._needle

    # --------------------------------------------------------- filter, sort
    def set_filter(self, needle: str = "", predicate: Callable[[T], bool] | None = None) -> None:
        """Keep rows whose search text holds every space-separated term of ``needle`` (any
        case) and pass ``predicate``."""
        self._needle = " ".join(needle.lower().split())
        self._predicate = predicate
        self._refilter(keep=self.current_key)

    @property
    def sort_column(self) -> str | None:
        return self._sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._sort_reverse

    def sortable_columns(self) -> list[str]:
        return [c.key for c in self._columns if c.sort_key is not None]

    def set_sort(self, column: str | None, reverse: bool = False) -> None:
        self._sort_column = column
        self._sort_reverse = reverse
        current = self.current_key
        self._resort()
        self._refilter(keep=current)

    def _resort(self) -> None:
        keys = list(self._items)
        column = next((c for c in self._columns if c.key == self._sort_column), None)
        if column is not None and column.sort_key is not None:
            sort_key = column.sort_key
            keys.sort(key=lambda k: _sortable(sort_key(self._items[k])), reverse=self._sort_reverse)
        elif self._sort_reverse:
            keys.reverse()
        self._order = keys

    def _refilter(
        self, keep: Key | None, changed: Iterable[Key] | None = None, *, repaint: bool = True
    ) -> None:
        """Recompute the visible rows; repaint all of them only when the view shows others.

        ``changed`` names rows whose content changed (None: anything may have changed); without
        ``repaint`` the caller repaints.
        """
        needle, predicate = self._needle, self._predicate
        if not needle and predicate is None:
            rows = list(self._order)
        else:
            search, items = self._search, self._items
            if not needle:
                assert predicate is not None
                rows = [k for k in self._order if predicate(items[k])]
            else:
                if self._unindexed:
                    self.index_some(len(self._unindexed))
                # Every term must match, each a plain ``in`` over the lowercase text (no per-row
                # generator): the two longest (likely the rarest) in one pass over every row,
                # any others over the rows left.
                first, *more = sorted(needle.split(), key=len, reverse=True)
                if more:
                    second = more.pop(0)
                    rows = [
                        k for k in self._order if first in (text := search[k]) and second in text
                    ]
                else:
                    rows = [k for k in self._order if first in search[k]]
                for term in more:
                    rows = [k for k in rows if term in search[k]]
                if predicate is not None:
                    rows = [k for k in rows if predicate(items[k])]
        old_rows, old_view = self._rows, self._view()
        self._rows = rows
        kept = len(old_rows)
        if kept and len(rows) >= kept and rows[:kept] == old_rows:
            index = self._row_index  # rows were only appended (a page arrived): index the tail
            index.update((k, i) for i, k in enumerate(rows[kept:], kept))
        else:
            self._row_index = {k: i for i, k in enumerate(rows)}
        self._set_row_count(len(rows))
        target = self._row_index.get(keep, None) if keep is not None else None
        if target is None:
            target = min(self.cursor, max(0, len(rows) - 1))
        self._set_cursor(target, force_message=True, repaint=repaint)
        if not repaint:
            return
        if changed is None or not rows or self._view() != old_view:
            self.refresh()
        else:  # a refresh of 10k rows changes them all: only the few on screen are repainted
            top = round(self.scroll_y)
            bottom = top + self.size.height - 1
            index = self._row_index
            for key in changed:
                row = index.get(key)
                if row is not None and top <= row < bottom:
                    self._refresh_row(row)

    def _view(self) -> list[Key]:
        """The keys of the rows on screen."""
        top = round(self.scroll_y)
        return self._rows[top : top + max(0, self.size.height - 1)]

    def _set_row_count(self, rows: int) -> None:
        # The header, then the rows, or the line that says why there are none.
        size = Size(self._content_width, max(rows, 1) + 1)
        if size == self.virtual_size:
            return
        # Setting ``virtual_size`` would lay out the whole screen again for every page of rows;
        # only this widget's scrollbars depend on it (Textual does the same in _size_updated).
        self.set_reactive(ScrollView.virtual_size, size)
        update_scrollbars(self, size)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_mark" and not self._markable:
            return False  # not offered in the footer of a table without marks
        return True

    # --------------------------------------------------------------- marks
    def action_toggle_mark(self) -> None:
        key = self.current_key
        if key is None or not self._markable:
            return
        if key in self._marked:
            self._marked.discard(key)
        else:
            self._marked.add(key)
        self._cache.pop(key, None)
        self.refresh_key(key)
        self.post_message(self.MarksChanged(self, self.marked))
        self.action_cursor(1)

    def mark_all(self) -> None:
        """Mark every visible row (a filter narrows what gets marked)."""
        if not self._markable:
            return
        self._marked.update(self._rows)
        self._cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self, self.marked))

    def clear_marks(self) -> None:
        self._marked.clear()
        self._cache.clear()
        self.refresh()
        self.post_message(self.MarksChanged(self, self.marked))

    # ---------------------------------------------------------------- cursor
    def move_to(self, key: Key) -> bool:
        index = self._row_index.get(key)
        if index is None:
            return False
        self._set_cursor(index)
        self._announce_highlight(jump=True)  # a jump is followed at once by what comes next
        return True

    def cursor_to_first(self) -> None:
        self._set_cursor(0)

    def action_cursor(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * max(1, self.size.height - 2))

    def action_edge(self, end: int) -> None:
        self._set_cursor(len(self._rows) - 1 if end else 0)

    def action_select(self) -> None:
        key = self.current_key
        if key is not None:
            self._announce_highlight()  # listeners learn where the cursor is before it opens
            self.post_message(self.Selected(self, key))

    def _set_cursor(
        self, index: int, *, force_message: bool = False, repaint: bool = True
    ) -> None:
        index = max(0, min(index, len(self._rows) - 1)) if self._rows else 0
        old = self.cursor
        if index != old:
            self.cursor = index
            if repaint:
                self._refresh_row(old)
                self._refresh_row(index)
        self._scroll_cursor_into_view()
        key = self.current_key
        if key != self._last_highlight or (force_message and key is None):
            self._last_highlight = key
            if not self._highlight_pending:
                # Announce after the frame that shows the cursor: listeners (the detail pane)
                # may be slow, and moves within one frame (key repeat) announce one landing.
                self._highlight_pending = True
                self.call_after_refresh(self._announce_highlight)

    def _announce_highlight(self, *, jump: bool = False) -> None:
        if self._highlight_pending:
            self._highlight_pending = False
            self.post_message(self.Highlighted(self, self.current_key, jump=jump))

    def _scroll_cursor_into_view(self) -> None:
        body = max(1, self.size.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False, immediate=True)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # ScrollView compares the compositor's virtual size (for it, the view) with its own (all
        # the rows), so a layout pass anywhere on the screen (the detail pane growing) repainted
        # this table's scrollbar: ~1.6 KB at 120x40. Only a change of this widget's size counts.
        if size == self.size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            if _thumb(bar, bar.position) == _thumb(bar, new_value):
                # Over 10k rows the thumb moves an eighth of a cell every few dozen rows:
                # keep its position, skip repainting a scrollbar that would look the same.
                bar.set_reactive(ScrollBar.position, int(new_value * 8) / 8)
            else:
                bar.position = new_value
        if round(old_value) != round(new_value):  # the rows only: not the header, not the bar
            self.refresh(Region(0, 1, self._content_width, max(0, self.size.height - 1)))

    def on_resize(self) -> None:
        self._layout = _Layout()
        self._cache.clear()
        self._set_row_count(len(self._rows))
        self._scroll_cursor_into_view()
        self.refresh()

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    async def _on_click(self, event: Any) -> None:
        row = event.y + round(self.scroll_y) - 1
        if 0 <= row < len(self._rows):
            was = self.cursor
            self._set_cursor(row)
            if was == row and getattr(event, "chain", 1) >= 2:
                self.action_select()

    # ------------------------------------------------------------- painting
    @property
    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _compute_layout(self) -> _Layout:
        width = self._content_width
        if self._layout.width == width and self._layout.columns:
            return self._layout
        mark = 2 if self._markable else 0
        columns = list(self._columns)

        def needed(cols: list[Column[Any]]) -> int:
            return mark + sum(c.width for c in cols) + max(0, len(cols) - 1)

        while needed(columns) > width and any(c.drop for c in columns):
            victim = max(columns, key=lambda c: c.drop)
            columns.remove(victim)
        spare = max(0, width - needed(columns))
        flex_total = sum(c.flex for c in columns)
        widths = []
        for column in columns:
            extra = spare * column.flex // flex_total if flex_total else 0
            widths.append(column.width + extra)
        if widths:
            leftover = width - mark - sum(widths) - max(0, len(columns) - 1)
            flex_index = max(range(len(columns)), key=lambda i: (columns[i].flex, widths[i]))
            # Spare cells go to the most flexible column; a shortfall (nothing left to drop)
            # is taken from it too, so every cell keeps its ellipsis instead of being cropped.
            if leftover < 0 or flex_total:
                widths[flex_index] = max(4, widths[flex_index] + leftover)
        self._layout = _Layout(columns, widths, width)
        self._cache.clear()  # rows rendered for the old widths (e.g. before a scrollbar appeared)
        return self._layout

    def _row_text(self, key: Key) -> Text:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        layout = self._compute_layout()
        item = self._items[key]
        overrides = self._overrides.get(key, {})
        line = Text(no_wrap=True, overflow="ellipsis")
        if self._markable:
            line.append("● " if key in self._marked else "  ")
        for i, (column, width) in enumerate(zip(layout.columns, layout.widths, strict=True)):
            cell = overrides.get(column.key) or column.render(item)
            cell = cell.copy()
            cell.truncate(width, overflow="ellipsis", pad=True)
            if i:
                line.append(" ")
            line.append_text(cell)
        self._cache[key] = line
        if len(self._cache) > 4096:
            self._cache.pop(next(iter(self._cache)))
        return line

    def _header_text(self) -> Text:
        layout = self._compute_layout()
        line = Text(no_wrap=True)
        if self._markable:
            line.append("  ")
        for i, (column, width) in enumerate(zip(layout.columns, layout.widths, strict=True)):
            label = column.label
            if column.key == self._sort_column:
                label += " ▼" if self._sort_reverse else " ▲"
            cell = Text(label)
            cell.truncate(width, overflow="ellipsis", pad=True)
            if i:
                line.append(" ")
            line.append_text(cell)
        return line

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self._content_width
        base = self._base_style
        if base is None:  # ``rich_style`` walks every ancestor: once per style change, not per line
            base = self._base_style = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("resource-table--header")
            return self._strip(self._header_text(), width, style)
        row = round(self.scroll_y) + y - 1
        if not self._rows:
            message = self._empty_lines(width)
            if 1 <= y <= len(message):
                style = base + self.get_component_rich_style("resource-table--empty")
                return self._strip(message[y - 1], width, style)
            return Strip.blank(width, base)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        key = self._rows[row]
        text = self._row_text(key)
        style = base
        if key in self._marked:
            style = style + self.get_component_rich_style("resource-table--marked")
        if row == self.cursor:
            component = (
                "resource-table--cursor" if self.has_focus else "resource-table--cursor-blurred"
            )
            style = style + self.get_component_rich_style(component)
        painted = self._strips.get(key)
        if (
            painted is not None
            and painted[0] is text
            and painted[2] == width
            and painted[1] == style
        ):
            return painted[3]
        strip = self._strip(text, width, style)
        self._strips[key] = (text, style, width, strip)
        if len(self._strips) > 4096:
            self._strips.pop(next(iter(self._strips)))
        return strip

    def _empty_lines(self, width: int) -> list[Text]:
        """The empty message, line by line, wrapped to the width: a long one (an error naming
        the paths it tried) is read whole, not cut at the edge."""
        wrapped = Text(self.empty_message).wrap(self.app.console, max(width - 1, 1))
        return [Text(" ") + line for line in wrapped]

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        segments: list[Segment] = []
        for part in text.render(self.app.console, end=""):
            part_style = style + part.style if part.style else style
            if segments and _joins(segments[-1], part_style):
                # Each style change costs about 25 bytes on the wire, every line of every frame.
                segments[-1] = Segment(segments[-1].text + part.text, part_style)
            else:
                segments.append(Segment(part.text, part_style))
        return Strip(segments).crop_extend(0, width, style)

    def row_region(self, key: Key) -> Region | None:
        index = self._row_index.get(key)
        if index is None:
            return None
        return Region(0, index + 1 - round(self.scroll_y), self.size.width, 1)

    def visible_row_texts(self) -> list[str]:
        """Plain text of the rows on screen (used by tests and the screenshot script)."""
        top = round(self.scroll_y)
        body = max(0, self.size.height - 1)
        return [self._row_text(k).plain for k in self._rows[top : top + body]]

    def row_plain(self, key: Key) -> str:
        return self._row_text(key).plain


def _thumb(bar: ScrollBar, position: float) -> tuple[int, int] | None:
    """Where a vertical scrollbar draws its thumb, in eighths of a cell (as Textual renders it)."""
    size, virtual, window = bar.size.height, bar.window_virtual_size, bar.window_size
    if not (window and size and virtual and size != virtual and virtual != window):
        return None
    thumb = max(1, window / (virtual / size))
    start = int((size - thumb) * (position / (virtual - window)) * 8)
    return start, start + ceil(thumb * 8)


def _joins(previous: Segment, style: Style) -> bool:
    """True when ``previous`` looks the same drawn in ``style`` (same style, or blank on the
    same background with nothing that shows on a space)."""
    before = previous.style
    if before == style:
        return True
    if previous.text.strip(" ") or before is None or before.bgcolor != style.bgcolor:
        return False
    return not any(_shows_on_space(s) for s in (before, style))


def _shows_on_space(style: Style) -> bool:
    return bool(
        style.reverse
        or style.underline
        or style.underline2
        or style.strike
        or style.overline
        or style.link
    )


def _sortable(value: Any) -> tuple[int, Any]:
    # None sorts last whatever the direction of the other values.
    if value is None:
        return (1, "")
    if isinstance(value, str):
        return (0, value.lower())
    return (0, value)
