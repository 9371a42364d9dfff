"""Every request the app made, newest first: `/` filters, enter shows what was sent and received."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input

from tui.api.display import display_text
from tui.api.times import clock_time
from tui.ui.renderers.status import Palette
from tui.ui.screens.base import BaseScreen
from tui.ui.widgets.app_header import AppHeader
from tui.ui.widgets.filter_bar import CLEAR_KEY, FilterBar, filter_label
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.resource_table import Column, ResourceTable

if TYPE_CHECKING:
    from tui.api.calllog import CallRecord


@dataclass(frozen=True)
class LogRow:
    seq: int
    record: CallRecord


def _status(record: CallRecord, palette: Palette) -> Text:
    if record.status is None:
        return Text(display_text(record.error or "no answer"), style=palette.error)
    tone = (
        palette.success
        if record.status < 300
        else (palette.warning if record.status < 500 else palette.error)
    )
    return Text(str(record.status), style=tone)


def log_columns(palette: Palette) -> list[Column[LogRow]]:
    # The path comes last: it takes the spare width without pushing status and time to the far
    # right of a wide terminal, away from the method they belong to.
    return [
        Column(
            "time",
            "Time",
            8,
            lambda r: Text(clock_time(r.record.started_at)),
            sort_key=lambda r: r.seq,
        ),
        Column("method", "Method", 6, lambda r: Text(r.record.method)),
        Column("status", "Status", 12, lambda r: _status(r.record, palette)),
        Column(
            "duration",
            "ms",
            7,
            lambda r: Text(f"{r.record.duration_ms:>7.0f}"),
            sort_key=lambda r: r.record.duration_ms,
        ),
        Column("attempt", "Try", 3, lambda r: Text(str(r.record.attempt)), drop=1),
        Column("path", "Path", 20, lambda r: Text(display_text(r.record.path)), flex=1),
    ]


def _search_text(row: LogRow) -> str:
    record = row.record
    status = str(record.status) if record.status is not None else "no answer"
    return f"{record.method} {record.path} {status} {record.error or ''}"


class ApiLogScreen(BaseScreen):
    """The API-call log, newest first, like lazygit's command log; follows new calls like
    ``tail -f`` while the cursor is on the newest one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: it must move focus before the keys typed right after it are routed
        Binding("slash", "filter", "Filter", id="log.filter", priority=True),
        Binding(CLEAR_KEY, "clear_filter", "Clear filter", id="log.clear_filter"),
        Binding("escape", "back", "Back", show=False, id="log.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._seq = 0
        self._first_seq = 1
        self._unseen = 0
        """New calls that arrived while the cursor was away from the newest one."""
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader(self.session.info, id="header")
        with Vertical(id="list-pane"):  # the filter input docks under the rows, not the footer
            yield ResourceTable(
                log_columns(Palette()),
                key_of=lambda r: r.seq,
                search_text=_search_text,
                markable=False,
                empty_message="No requests yet",
                id="log",
            )
            yield FilterBar(placeholder="filter: method, path, status", id="filter")
        yield KeyFooter()

    @property
    def table(self) -> ResourceTable[LogRow]:
        return self.query_one("#log", ResourceTable)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.apply_theme())
        self.apply_theme()
        self.table.set_sort("time", reverse=True)
        self.table.focus()
        self.attach()

    def apply_theme(self) -> None:
        palette = Palette.from_variables(self.app.theme_variables, no_color=self.sde.no_color)
        self.table.set_columns(log_columns(palette))

    def attach(self) -> None:
        """Show the current session's log and follow it (called again after a profile switch)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        rows = []
        self._first_seq = self._seq + 1
        for record in self.session.call_log:
            self._seq += 1
            rows.append(LogRow(self._seq, record))
        self.table.set_items(rows)
        self.table.action_edge(0)
        self._unseen = 0
        self._unsubscribe = self.session.call_log.subscribe(self._append)
        self.query_one(AppHeader).set_info(self.session.info)
        self._header()

    def reset(self) -> None:
        self.attach()

    def _append(self, record: CallRecord) -> None:
        table = self.table
        following = table.cursor == 0
        top = round(table.scroll_y)
        shown = table.visible_count
        self._seq += 1
        table.update_item(LogRow(self._seq, record))
        if table.total > len(self.session.call_log):  # the log dropped its oldest: so do we
            table.remove_item(self._first_seq)
            self._first_seq += 1
        if table.visible_count > shown:  # the new call passes the filter: it is on top
            if following:
                table.action_edge(0)
            else:
                # The rows on screen stay where they are; the header counts what came above.
                self._unseen += 1
                if top > 0:
                    table.scroll_to(y=top + 1, animate=False, immediate=True)
        self._header()

    def _header(self) -> None:
        table = self.table
        parts = [f"[{table.total}]"]
        if table.filter_text:
            parts = [f"[{table.visible_count}/{table.total}]", filter_label(self.filter_bar.value)]
        status = f"↑ {self._unseen} new (g: newest)" if self._unseen else ""
        self.query_one(AppHeader).show("API log", " ".join(parts), status)

    def on_resource_table_highlighted(self, event: ResourceTable.Highlighted) -> None:
        if self._unseen and self.table.cursor == 0:
            self._unseen = 0
            self._header()

    def on_resource_table_selected(self, event: ResourceTable.Selected) -> None:
        from tui.ui.screens.call_detail import CallDetailScreen

        row = self.table.get(event.key)
        if row is not None:
            self.app.push_screen(CallDetailScreen(row.record, self.session.call_log.detail_kept))

    # --------------------------------------------------------------- filter
    def action_filter(self) -> None:
        self.filter_bar.open()

    def action_clear_filter(self) -> None:
        self.filter_bar.action_clear_filter()

    def action_back(self) -> None:
        bar = self.filter_bar
        if bar.value or bar.is_open:
            bar.action_clear_filter()

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FilterBar):
            self._apply_filter()

    def on_filter_bar_cleared(self) -> None:
        self._apply_filter()
        self.table.focus()

    def on_filter_bar_done(self) -> None:
        self.table.focus()

    def _apply_filter(self) -> None:
        table = self.table
        table.set_filter(self.filter_bar.value.strip())
        table.empty_message = (
            f"No requests match (esc or {CLEAR_KEY} clears the filter)"
            if table.total
            else "No requests yet"
        )
        self._header()
        self.refresh_bindings()  # "Clear filter" is offered only while a filter is in force

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and isinstance(self.focused, Input):
            return False  # a `/` typed into an input is text
        if action == "clear_filter" and not self.table.filter_text:
            return False
        return super().check_action(action, parameters)

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
