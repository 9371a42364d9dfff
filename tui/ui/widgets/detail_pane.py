"""The detail of one connector or connection: summary, params, last job, tests, related items.

It only shows what it is given; the screen that owns it fetches jobs and related objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from tui.api.display import (
    DETAIL_CHARS,
    display_text,
    looks_deceptive,
    punycode_host,
)
from tui.api.vocab import tracker_value, vocabulary_for
from tui.ui.renderers.status import Palette, relative_time, sync_status
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


class DetailPane(VerticalScroll, can_focus=False):
    """Read-only detail of the selected item; long text scrolls.

    Showing another item repaints only the cells that differ and lays the pane out again only
    when a section grows past its tallest yet (see ``DetailSection``).
    """

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
        yield DetailSection(Text("Parameters"), classes="section-title", id="params-title")
        yield table
        yield DetailSection(Text(""), id="params-note")
        yield DetailSection(Text("Last job"), classes="section-title", id="job-title")
        yield DetailSection(Text(""), id="detail-last-job")
        yield DetailSection(Text("Connectivity tests (this session)"), classes="section-title")
        yield DetailSection(Text("No test run yet. Press t to test."), id="detail-tests")
        yield DetailSection(Text("Related"), classes="section-title", id="related-title")
        yield DetailSection(Text(""), id="detail-related")

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
        self.kind, self.item_id = "connection", c.id
        connector = session.connectors.get(c.connector or -1)
        project = session.project_name(c.project)
        status = Text(f"{'Status':<13}", style="bold")
        status.append_text(sync_status(c.status, self.palette))
        lines = [
            Text(display_text(c.alias), style="bold"),
            *_look_alike_lines(c, session),
            status,
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
        self._set("detail-summary", _join(lines))
        masked = session.masked_fields(c.system.id if c.system else None)
        self._show_params(c.params, masked, session)
        self.query_one("#job-title", DetailSection).display = True
        self._set("detail-last-job", self._last_job(c.last_job, c.last_successful_run, session))
        self.show_tests(session.test_history("connection", c.id))
        self._set("related-title", Text("Job history"))
        if another:  # the same item shown again (a poll, a test) keeps its jobs until new ones
            self._set("detail-related", Text("Loading job history…", style="italic"))

    def show_connector(self, c: Connector, session: Session) -> None:
        self._build()
        self.kind, self.item_id = "connector", c.id
        lines = [
            Text(display_text(c.name), style="bold"),
            _line("ID", c.id),
            _line("System", f"{c.system.name or c.system.id} ({c.system.id})"),
            _line(
                "Inaccessible",
                "yes (syncs run through the remote integration client)" if c.inaccessible else "no",
            ),
            *_server_lines(c.params),
        ]
        lines.extend(self._extras(c.extras()))
        self._set("detail-summary", _join(lines))
        self._show_params(c.params, session.masked_fields(c.system.id), session)
        self.query_one("#job-title", DetailSection).display = False
        self.query_one("#detail-last-job", DetailSection).display = False
        self.show_tests(session.test_history("connector", c.id))
        related = [x for x in session.connections.values() if x.connector == c.id]
        self._set("related-title", Text(f"Connections using it ({len(related)})"))
        self.show_connections(related)

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
            when = relative_time(last_success, session.now())
            success.append(f"{last_success.isoformat()} ({when})")
        if job is None:
            # Without the last_job include, the server's last_successful_run is the whole story.
            return success if success is not None else Text("Never run.", style="italic")
        if job.ready is False:
            outcome = Text("⟳ running", style=self.palette.warning)
        elif job.succeeded:
            outcome = Text("✔ succeeded", style=self.palette.success)
        else:
            outcome = Text("✖ failed", style=self.palette.error)
        head = Text(f"{'Outcome':<13}", style="bold")
        head.append_text(outcome)
        when = job.last_run.isoformat() if job.last_run else "—"
        lines = [
            head,
            _line("Run at", f"{when} ({relative_time(job.last_run, session.now())})"),
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
            line = Text(record.at.strftime("%H:%M:%S "))
            if record.success:
                line.append(f"✔ ok {record.latency_ms:.0f}ms", style=self.palette.success)
            else:
                line.append("✖ failed ", style=self.palette.error)
                line.append(display_text(record.message or "", max_chars=500))
            lines.append(line)
        self._set("detail-tests", _join(lines))

    def show_jobs(self, jobs: list[Job]) -> None:
        self._build()
        if not jobs:
            self._set("detail-related", Text("No jobs yet.", style="italic"))
            return
        lines = []
        for job in jobs[:20]:
            if job.ready is False:
                mark = Text("⟳ running ", style=self.palette.warning)
            elif job.succeeded:
                mark = Text("✔ ok      ", style=self.palette.success)
            else:
                mark = Text("✖ failed  ", style=self.palette.error)
            line = Text(f"#{job.id:<5} ")
            line.append_text(mark)
            line.append(job.last_run.strftime("%Y-%m-%d %H:%M ") if job.last_run else "—  ")
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
