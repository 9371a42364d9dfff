"""One API call in full: method, URL, status, timing, retries, headers and bodies (redacted)."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.api.display import display_text
from tui.api.exchange import BODY_CHARS
from tui.ui.screens.base import BaseScreen
from tui.ui.widgets.app_header import AppHeader
from tui.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from tui.api.calllog import CallRecord
    from tui.api.exchange import Body, Headers

_SHOWN_CHARS = BODY_CHARS * 4
"""Pretty-printing adds indentation to the kept body; this only bounds a hostile one."""


def _status_line(record: CallRecord) -> str:
    if record.status is None:
        return f"no answer: {record.error or 'unknown error'}"
    try:
        phrase = HTTPStatus(record.status).phrase
    except ValueError:
        phrase = ""
    error = f" ({record.error})" if record.error else ""
    return f"{record.status} {phrase}{error}".strip()


def _attempt_line(record: CallRecord) -> str:
    line = "first try" if record.attempt == 1 else f"retry {record.attempt - 1}"
    if record.retry_in is not None:
        line += f"; tried again after {record.retry_in:g} s"
    return line


def _pretty(body: Body) -> str:
    if not body.is_json:
        return body.text
    try:
        return json.dumps(json.loads(body.text), indent=2, ensure_ascii=False)
    except ValueError:
        return body.text


def call_text(record: CallRecord, detail_kept: int) -> Text:
    """The whole detail of one call, every server string made safe for the terminal."""
    out = Text()

    def heading(title: str) -> None:
        out.append(f"\n{title}\n", style="bold underline")

    def field(name: str, value: str) -> None:
        out.append(f"{name:<9}", style="bold")
        out.append(f"{display_text(value, max_chars=2_000)}\n")

    exchange = record.exchange
    url = exchange.url if exchange is not None else record.path
    out.append(f"{record.method} ", style="bold")
    out.append(f"{display_text(url, max_chars=2_000)}\n")
    field("Status", _status_line(record))
    field("Time", f"{record.duration_ms:.0f} ms, started {record.started_at:%Y-%m-%d %H:%M:%S} UTC")
    field("Attempt", _attempt_line(record))
    if exchange is None or exchange.released:
        out.append(
            f"\nHeaders and bodies are kept for the newest {detail_kept} requests only.\n",
            style="italic",
        )
        return out

    def headers(title: str, items: Headers, missing: str) -> None:
        heading(title)
        if not items:
            out.append(f"  {missing}\n", style="italic")
        for name, value in items:
            out.append(f"  {display_text(name)}: ", style="bold")
            out.append(f"{display_text(value, max_chars=2_000)}\n")

    def body(title: str, kept: Body | None) -> None:
        if kept is None:
            heading(title)
            out.append("  (none)\n", style="italic")
            return
        note = f"{kept.size:,} bytes"
        if kept.truncated:
            note += f"; only the first ~{BODY_CHARS:,} characters were kept"
        heading(f"{title} ({note})")
        out.append(display_text(_pretty(kept), max_chars=_SHOWN_CHARS, single_line=False))
        out.append("\n")

    headers("Request headers", exchange.request_headers, "(none)")
    body("Request body", exchange.request_body)
    if exchange.response_headers or exchange.response_body is not None:
        headers("Response headers", exchange.response_headers, "(none)")
        body("Response body", exchange.response_body)
    else:
        heading("Response")
        out.append("  No answer arrived.\n", style="italic")
    return out


class CallDetailScreen(BaseScreen):
    """What one call sent and got back; esc goes back to the log."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="call.back"),
        Binding("j", "scroll(1)", "Down", show=False, id="call.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="call.up"),
        Binding("g", "edge(0)", "Top", show=False, id="call.top"),
        Binding("G", "edge(1)", "Bottom", show=False, id="call.bottom"),
    ]

    DEFAULT_CSS = """
    CallDetailScreen #call-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, record: CallRecord, detail_kept: int) -> None:
        super().__init__()
        self.record = record
        self._detail_kept = detail_kept

    def compose(self) -> ComposeResult:
        yield AppHeader(self.session.info, id="header")
        with VerticalScroll(id="call-body"):
            yield Static(call_text(self.record, self._detail_kept), id="call-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        record = self.record
        self.query_one(AppHeader).show(
            "API call", f"{record.method} {display_text(record.path, max_chars=60)}"
        )
        self.query_one("#call-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#call-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_edge(self, end: int) -> None:
        body = self.query_one("#call-body", VerticalScroll)
        if end:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)
