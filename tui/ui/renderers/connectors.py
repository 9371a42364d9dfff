"""How the connectors list shows a connector."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.api.display import display_text
from tui.api.vocab import tracker_value
from tui.ui.renderers.status import Palette, test_cell
from tui.ui.widgets.resource_table import Column

if TYPE_CHECKING:
    from tui.api.models import Connector
    from tui.ui.session import Session


def _server(c: Connector) -> str:
    return str(tracker_value(c.params, "server") or "") or "—"


def connector_columns(session: Session, palette: Palette) -> list[Column[Connector]]:
    def plain(value: object) -> Text:
        return Text(display_text(value))

    def count(c: Connector) -> int:
        return session.connection_counts().get(c.id, 0)

    def conns(c: Connector) -> Text:
        # Why a connector counts as failing: its connections whose last sync failed.
        failed = session.failed_sync_counts().get(c.id, 0)
        cell = Text(str(count(c)))
        if failed:
            cell.append(f" ✖{failed}", style=palette.error)
        return cell


    return [
        Column("name", "Name", 16, lambda c: plain(c.name), sort_key=lambda c: c.name, flex=3),
        Column(
            "system",
            "System",
            9,
            lambda c: plain(c.system.label),
            sort_key=lambda c: c.system.label,
        ),
        Column(
            "server", "Server", 14, lambda c: plain(_server(c)), sort_key=_server, flex=2, drop=2
        ),
        Column(
            "inaccessible",
            "Inaccessible",
            12,
            lambda c: Text("⚠ yes", style=palette.warning) if c.inaccessible else Text("no"),
            sort_key=lambda c: c.inaccessible,
            drop=3,
        ),
        Column(
            "connections",
            "Conns ✖",
            7,
            conns,
            sort_key=lambda c: (session.failed_sync_counts().get(c.id, 0), count(c)),
            drop=1,
        ),
        Column(
            "test",
            "Test",
            9,
            lambda c: test_cell(session.last_test("connector", c.id), palette),
            sort_key=lambda c: (r := session.last_test("connector", c.id)) and r.success,
        ),
    ]


def connector_search_text(c: Connector) -> str:
    return f"{c.name} {c.system.id} {c.system.name} {c.system.short_name or ''} {_server(c)}"
