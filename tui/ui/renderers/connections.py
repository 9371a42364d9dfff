"""How the connections list shows a connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.api.display import display_text
from tui.api.times import relative_time
from tui.api.vocab import tracker_value
from tui.ui.renderers.status import Palette, sync_status, test_cell
from tui.ui.widgets.resource_table import Column

if TYPE_CHECKING:
    from tui.api.models import Connection
    from tui.ui.session import Session


def _project(session: Session, c: Connection) -> str:
    name = session.project_name(c.project)
    if name is not None:
        return name
    return f"#{c.project}" if c.project is not None else "—"


def _message(c: Connection) -> str:
    if c.last_job is None or not c.last_job.result_message:
        return ""
    return c.last_job.result_message


def _test_order(session: Session, c: Connection) -> int:
    record = session.last_test("connection", c.id)
    return 2 if record is None else int(record.success)


def connection_columns(session: Session, palette: Palette) -> list[Column[Connection]]:
    def plain(value: object) -> Text:
        return Text(display_text(value))

    return [
        Column(
            "status",
            "Status",
            11,
            lambda c: sync_status(c.status, palette),
            sort_key=lambda c: ("failed", "unknown", "running", "never", "ok").index(c.status),
        ),
        # Its own column: a test never changes what Status (the last sync) says.
        Column(
            "test",
            "Test",
            9,
            lambda c: test_cell(session.last_test("connection", c.id), palette),
            sort_key=lambda c: _test_order(session, c),
        ),
        Column("alias", "Alias", 12, lambda c: plain(c.alias), sort_key=lambda c: c.alias, flex=3),
        Column(
            "system",
            "System",
            8,
            lambda c: plain(c.system.label if c.system else "—"),
            sort_key=lambda c: c.system.label if c.system else None,
            drop=5,
        ),
        Column(
            "project",
            "Project",
            10,
            lambda c: plain(_project(session, c)),
            sort_key=lambda c: _project(session, c),
            flex=2,
            drop=2,
        ),
        Column(
            "frequency",
            "Freq",
            8,
            lambda c: plain(c.frequency or "—"),
            sort_key=lambda c: c.frequency,
            drop=4,
        ),
        Column(
            "last_run",
            "Last run",
            8,
            # Not muted: a colour change costs ~50 bytes a row each way, every scroll frame.
            # The run the Status column describes: the job's, else the last successful one.
            lambda c: plain(relative_time(c.last_run, session.now())),
            sort_key=lambda c: c.last_run.timestamp() if c.last_run else None,
            drop=1,
        ),
        Column(
            "message", "Last message", 16, lambda c: plain(_message(c)), sort_key=_message, flex=4
        ),
    ]


def connection_search_text(session: Session, c: Connection) -> str:
    """What `/` matches: alias, system, project, server and last message."""
    server = tracker_value(c.params, "server") or ""
    connector = session.connectors.get(c.connector or -1)
    if not server and connector is not None:
        server = tracker_value(connector.params, "server") or ""
    system = f"{c.system.id} {c.system.name} {c.system.short_name or ''}" if c.system else ""
    return " ".join(
        str(part) for part in (c.alias, system, _project(session, c), server, _message(c)[:500])
    )
