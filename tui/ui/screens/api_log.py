"""Every request the app made: method, path, status, duration, time (no headers, no bodies)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult

from tui.api.display import display_text
from tui.ui.renderers.status import Palette
from tui.ui.screens.base import BaseScreen
from tui.ui.widgets.app_header import AppHeader
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
    return [
        Column(
            "time",
            "Time",
            8,
            lambda r: Text(r.record.started_at.strftime("%H:%M:%S")),
            sort_key=lambda r: r.seq,
        ),
        Column("method", "Method", 6, lambda r: Text(r.record.method)),
        Column("path", "Path", 20, lambda r: Text(display_text(r.record.path)), flex=1),
        Column("status", "Status", 12, lambda r: _status(r.record, palette)),
        Column(
            "duration",
            "ms",
            7,
            lambda r: Text(f"{r.record.duration_ms:.0f}", justify="right"),
            sort_key=lambda r: r.record.duration_ms,
        ),
        Column("attempt", "Try", 3, lambda r: Text(str(r.record.attempt)), drop=1),
    ]


class ApiLogScreen(BaseScreen):
    """The API-call log, newest first, like lazygit's command log."""

    def __init__(self) -> None:
        super().__init__()
        self._seq = 0
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader(self.session.info, id="header")
        yield ResourceTable(
            log_columns(Palette()),
            key_of=lambda r: r.seq,
            search_text=lambda r: r.record.path,
            markable=False,
            empty_message="No requests yet",
            id="log",
        )
        yield KeyFooter()

    @property
    def table(self) -> ResourceTable[LogRow]:
        return self.query_one("#log", ResourceTable)

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
        for record in self.session.call_log:
            self._seq += 1
            rows.append(LogRow(self._seq, record))
        self.table.set_items(rows)
        self._unsubscribe = self.session.call_log.subscribe(self._append)
        self.query_one(AppHeader).set_info(self.session.info)
        self._header()

    def reset(self) -> None:
        self.attach()

    def _append(self, record: CallRecord) -> None:
        self._seq += 1
        self.table.update_item(LogRow(self._seq, record))
        self._header()

    def _header(self) -> None:
        self.query_one(AppHeader).show("API log", f"[{self.table.total}]")

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
