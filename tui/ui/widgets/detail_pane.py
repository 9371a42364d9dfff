"""The detail of one connector or connection: status, last job, facts, params, tests, related.

It only shows what it is given; the screen that owns it fetches jobs and related objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget

from tui.api.display import (
    DETAIL_CHARS,
    display_text,
    looks_deceptive,
    punycode_host,
)
from tui.api.models import job_outcome
from tui.api.times import clock_time, human_time
from tui.api.vocab import tracker_value, vocabulary_for
from tui.ui.renderers.status import Palette, sync_status
from tui.ui.widgets.detail_section import DetailSection

if TYPE_CHECKING:
    from tui.api.errors import ApiError
    from tui.api.models import Connection, Connector, Job, LastJob
    from tui.ui.session import Session, TestRecord
    from tui.ui.widgets.params_table import ParamsTable


def _line(label: str, value: object, style: str = "") -> Text:
    text = Text(f"{label:<12} ", style="bold")  # a long (server-sent) label keeps its space
    text.append(display_text(value), style=style)
    return text


def _join(lines: Iterable[Text]) -> Text:
    return Text("\n").join(lines)


def _server_lines(params: dict[str, object] | None) -> list[Text]:
    server = str(tracker_value(params, "server") or "")
    if not server:
        return []
    lines = [_line("Server", server)]
    host = server.split("/", 1)[0]
    puny = punycode_host(host)
    if puny:
        lines.append(_line("  IDNA form", puny, "yellow"))
    if looks_deceptive(server):
        lines.append(Text("  ⚠ contains invisible or bidi characters", style="yellow"))
    return lines


def _look_alike_lines(c: Connection, session: Session) -> list[Text]:
    """A warning when another alias differs only in invisible, case or look-alike characters."""
    twins = session.connections.look_alikes(c)
    if not twins:
        return []
    shown = ", ".join(f"#{twin}" for twin in twins[:5])
    return [
        Text(
            f"⚠ looks like {shown}: the aliases differ only in invisible or look-alike characters",
            style="yellow",
        )
    ]


class DetailPane(VerticalScroll, can_focus=True):
    """Read-only detail of the selected item; long text scrolls.

    Why the item fails comes first (status, test, the last job and its whole message), then
    what it is, its params, tests and jobs. Every part is reachable by keyboard: the scroll keys,
    j/k, ctrl+d/ctrl+u, and Tab / shift+Tab from section to section (Tab on Parameters puts the
    cursor in the params table, where `x` reveals a secret).

    Showing another item repaints only the cells that differ and lays the pane out again only
    when a section grows past its tallest yet (see ``DetailSection``).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Up", show=False, id="detail.up"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="detail.half_down"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="detail.half_up"),
        Binding("g", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="detail.bottom"),
        Binding("tab", "section(1)", "Next section", id="detail.next_section"),
        Binding("shift+tab", "section(-1)", "Previous section", show=False,
                id="detail.previous_section"),
    ]

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > .section-title { text-style: bold; color: $accent; margin-top: 1; }
    DetailPane > #detail-summary { margin-top: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.palette = Palette()
        self.kind: str | None = None
        self.item_id: int | None = None
        self._built = False
        self._section = 0
        """The section Tab last went to (0: the top), valid while the pane stays where it put it."""
        self._section_y: float | None = None

    def compose(self) -> ComposeResult:
        # The other sections are mounted when the first item is shown (``_build``): start-up and
        # the first load do not wait for ten widgets nobody sees yet.
        yield DetailSection(Text("Select an item to see its detail."), id="detail-summary")

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        self.mount_all(self._sections())

    def _sections(self) -> ComposeResult:
        from tui.ui.widgets.params_table import ParamsTable  # with the sections, not at start-up

        table = ParamsTable(id="detail-params")
        table.set_palette(self.palette)
        # Why it failed before what it is: the last job and its whole message come first.
        yield DetailSection(Text("Last job"), classes="section-title", id="job-title")
        yield DetailSection(Text(""), id="detail-last-job")
        yield DetailSection(Text("About"), classes="section-title", id="facts-title")
        yield DetailSection(Text(""), id="detail-facts")
        yield DetailSection(Text("Parameters"), classes="section-title", id="params-title")
        yield table
        yield DetailSection(Text(""), id="params-note")
        yield DetailSection(Text("Connectivity tests (this session)"), classes="section-title")
        yield DetailSection(Text("No test run yet. Press t to test."), id="detail-tests")
        yield DetailSection(Text("Related"), classes="section-title", id="related-title")
        yield DetailSection(Text(""), id="detail-related")

    # ------------------------------------------------------------- keyboard
    def action_half_page(self, direction: int) -> None:
        self.scroll_relative(y=direction * max(1, self.size.height // 2), animate=False)

    def _stops(self) -> list[Widget]:
        """Where Tab goes: the top, then each section title shown."""
        titles = [w for w in self.query(".section-title") if w.display and w.parent is self]
        return [self.query_one("#detail-summary"), *titles]

    def action_section(self, direction: int) -> None:
        """Scroll the next (or previous) section to the top; on Parameters, focus the table."""
        self._build()
        stops = self._stops()
        tops = [stop.virtual_region.y for stop in stops]
        params = self.params_table
        if params.has_focus:
            here = stops.index(self.query_one("#params-title"))
        elif self._section_y == self.scroll_y and self._section < len(stops):
            here = self._section  # where the last Tab went (the end may hold several titles)
        else:
            here = max(i for i, top in enumerate(tops) if top <= self.scroll_y + 0.5)
        target = (here + direction) % len(stops)
        self.scroll_to(y=tops[target], animate=False, immediate=True)
        self._section, self._section_y = target, self.scroll_y
        if stops[target].id == "params-title" and params.display:
            params.focus(scroll_visible=False)
        elif self.app.focused is not self:
            self.focus(scroll_visible=False)

    # -------------------------------------------------------------- sections
    def _set(self, widget_id: str, text: Text) -> None:
        self._build()
        self.query_one(f"#{widget_id}", DetailSection).show(text)

    @property
    def params_table(self) -> ParamsTable:
        self._build()
        return cast("ParamsTable", self.query_one("#detail-params"))

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        if self._built:
            self.params_table.set_palette(palette)

    def hide_secret(self) -> None:
        if self._built:
            self.params_table.hide_secret()

    def compact(self) -> None:
        """Lay the sections out at their own heights again (when the detail is opened to be
        read: while the cursor moves, a section keeps the height of the tallest it showed)."""
        if not self._built:
            return
        for section in self.query(DetailSection):
            section.compact()
        self.params_table.compact()

    def show_connection(self, c: Connection, session: Session) -> None:
        self._build()
        another = (self.kind, self.item_id) != ("connection", c.id)
        self._show_all()
        self.kind, self.item_id = "connection", c.id
        connector = session.connectors.get(c.connector or -1)
        project = session.project_name(c.project)
        status = Text(f"{'Last sync':<13}", style="bold")
        status.append_text(sync_status(c.status, self.palette))
        self._set(
            "detail-summary",
            _join(
                [
                    Text(display_text(c.alias), style="bold"),
                    *_look_alike_lines(c, session),
                    status,
                    self._test_line(session.test_history("connection", c.id)),
                ]
            ),
        )
        self.query_one("#job-title", DetailSection).display = True
        self._set("detail-last-job", self._last_job(c.last_job, c.last_successful_run, session))
        lines = [
            _line("ID", c.id),
            _line("System", c.system.name or c.system.id if c.system else "—"),
            _line(
                "Connector",
                f"{connector.name} (#{c.connector})" if connector else f"#{c.connector}",
            ),
            _line("Project", f"{project} (#{c.project})" if project else f"#{c.project}"),
            _line("Frequency", c.frequency or "—"),
            _line("Command", c.command or "—"),
            _line("Debug mode", "on" if c.debug_mode else "off"),
            _line(
                "Inaccessible",
                "yes (manual sync unavailable)" if session.connector_inaccessible(c) else "no",
            ),
            *_server_lines(c.params),
        ]
        lines.extend(self._extras(c.extras()))
        self._set("detail-facts", _join(lines))
        masked = session.masked_fields(c.system.id if c.system else None)
        self._show_params(c.params, masked, session)
        self.show_tests(session.test_history("connection", c.id))
        self._set("related-title", Text("Job history"))
        if another:  # the same item shown again (a poll, a test) keeps its jobs until new ones
            self._set("detail-related", Text("Loading job history…", style="italic"))

    def show_connector(self, c: Connector, session: Session) -> None:
        self._build()
        self._show_all()
        self.kind, self.item_id = "connector", c.id
        related = [x for x in session.connections.values() if x.connector == c.id]
        failed = sum(1 for x in related if x.status == "failed")
        syncs = Text(f"{'Conn. syncs':<13}", style="bold")
        if failed:  # why it counts as failing (`!`), beside its own test below
            syncs.append(f"✖ {failed} of {len(related)} failed", style=self.palette.error)
        else:
            syncs.append(f"0 of {len(related)} failed")
        self._set(
            "detail-summary",
            _join(
                [
                    Text(display_text(c.name), style="bold"),
                    syncs,
                    self._test_line(session.test_history("connector", c.id)),
                ]
            ),
        )
        self.query_one("#job-title", DetailSection).display = False
        self.query_one("#detail-last-job", DetailSection).display = False
        lines = [
            _line("ID", c.id),
            _line("System", f"{c.system.name or c.system.id} ({c.system.id})"),
            _line(
                "Inaccessible",
                "yes (syncs run through the remote integration client)" if c.inaccessible else "no",
            ),
            *_server_lines(c.params),
        ]
        lines.extend(self._extras(c.extras()))
        self._set("detail-facts", _join(lines))
        self._show_params(c.params, session.masked_fields(c.system.id), session)
        self.show_tests(session.test_history("connector", c.id))
        self._set("related-title", Text(f"Connections using it ({len(related)})"))
        self.show_connections(related)

    def show_nothing(self, message: str) -> None:
        """No item: the detail says so instead of keeping the last one shown."""
        self.kind, self.item_id = None, None
        self._set_summary_only(Text(message, style="italic"))

    def _set_summary_only(self, text: Text) -> None:
        self.query_one("#detail-summary", DetailSection).show(text)
        if self._built:
            for child in self.children:
                if child.id != "detail-summary":
                    child.display = False

    def _show_all(self) -> None:
        for child in self.children:
            if child.id not in ("job-title", "detail-last-job", "detail-params", "params-note"):
                child.display = True

    def _test_line(self, records: list[TestRecord]) -> Text:
        line = Text(f"{'Last test':<13}", style="bold")
        if not records:
            line.append("— not tested", style=self.palette.muted)
            return line
        record = records[0]
        at = record.at.strftime("%H:%M:%S")
        if record.success:
            line.append(f"✔ ok {record.latency_ms:.0f}ms at {at}", style=self.palette.success)
        else:
            line.append(f"✖ failed at {at}: ", style=self.palette.error)
            line.append(display_text(record.message or "", max_chars=300))
        return line

    def _extras(self, extras: dict[str, object]) -> list[Text]:
        if not extras:
            return []
        return [_line(f"{key}*", value) for key, value in sorted(extras.items())[:20]]

    def _show_params(
        self, params: dict[str, object] | None, masked: frozenset[str], session: Session
    ) -> None:
        note = self.query_one("#params-note", DetailSection)
        if params is None:
            self.params_table.display = False
            permission = vocabulary_for(None, session.family).permission_text()
            note.show(
                Text(
                    "No permission to view parameters: the server did not return them "
                    f"(needs {permission}).",
                    style="italic",
                )
            )
            note.display = True
        else:
            self.params_table.display = True
            self.params_table.show(dict(params), masked)
            note.display = False

    def _last_job(
        self, job: LastJob | None, last_success: datetime | None, session: Session
    ) -> Text:
        self.query_one("#detail-last-job", DetailSection).display = True
        success = None
        if last_success is not None:
            success = Text("Last successful sync: ", style="bold")
            success.append(human_time(last_success, session.now()))
        if job is None:
            # Without the last_job include, the server's last_successful_run is the whole story.
            return success if success is not None else sync_status("never", self.palette)
        head = Text(f"{'Outcome':<13}", style="bold")
        head.append_text(sync_status(job_outcome(job), self.palette))
        lines = [
            head,
            _line("Run at", human_time(job.last_run, session.now())),
            _line(
                "Job",
                f"#{job.id}  {'automatic' if job.automatic else 'manual'}"
                f"  user {job.user if job.user is not None else '—'}",
            ),
            *([success] if success is not None else []),
            Text("Result message", style="bold"),
            Text(
                display_text(
                    job.result_message or "(none)", max_chars=DETAIL_CHARS, single_line=False
                )
            ),
        ]
        return _join(lines)

    def show_tests(self, records: list[TestRecord]) -> None:
        self._build()
        if not records:
            self._set("detail-tests", Text("No test run yet. Press t to test.", style="italic"))
            return
        lines = []
        for record in records:
            line = Text(f"{clock_time(record.at)} ")
            if record.success:
                line.append(f"✔ ok {record.latency_ms:.0f}ms", style=self.palette.success)
            else:
                line.append("✖ failed ", style=self.palette.error)
                line.append(display_text(record.message or "", max_chars=500))
            lines.append(line)
        self._set("detail-tests", _join(lines))

    def show_jobs(self, jobs: list[Job], now: datetime) -> None:
        self._build()
        if not jobs:
            self._set("detail-related", Text("No jobs yet.", style="italic"))
            return
        lines = []
        for job in jobs[:20]:
            mark = sync_status(job_outcome(job), self.palette)
            mark.pad_right(12 - len(mark.plain))
            line = Text(f"#{job.id:<5} ")
            line.append_text(mark)
            line.append(f"{human_time(job.last_run, now)} ")
            line.append("auto " if job.automatic else "manual ")
            line.append(display_text(job.result_message or "", max_chars=120))
            lines.append(line)
        self._set("detail-related", _join(lines))

    def show_connections(self, connections: list[Connection]) -> None:
        self._build()
        if not connections:
            self._set("detail-related", Text("No connection uses this connector.", style="italic"))
            return
        lines = []
        for c in sorted(connections, key=lambda x: x.id)[:50]:
            line = sync_status(c.status, self.palette)
            line.pad_right(12 - len(line.plain))
            line.append(f"#{c.id:<5} ")
            line.append(display_text(c.alias, max_chars=60))
            lines.append(line)
        if len(connections) > 50:
            lines.append(Text(f"… and {len(connections) - 50} more", style="italic"))
        self._set("detail-related", _join(lines))

    def show_related_error(self, error: ApiError) -> None:
        self._build()
        self._set(
            "detail-related",
            Text(f"⚠ {error.title}: {display_text(error.message)}", style=self.palette.error),
        )
