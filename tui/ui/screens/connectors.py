"""System-level connectors: name, system, server, inaccessible, connections, last test."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType

from tui.api.errors import ApiError
from tui.ui.renderers.connectors import connector_columns, connector_search_text
from tui.ui.screens import edit_actions
from tui.ui.screens.resource_screen import ResourceScreen
from tui.ui.widgets.resource_table import Column

if TYPE_CHECKING:
    from tui.api.models import Connector, TestResult
    from tui.ui.screens.left_out import ListGaps


class ConnectorsScreen(ResourceScreen["Connector"]):
    KIND = "connector"
    TITLE = "Connectors"
    FILTER_HINT = "/ filter: name, system, server"

    # Connectors are not deleted from here (the documents only describe deleting connections).
    BINDINGS: ClassVar[list[BindingType]] = [
        edit_actions.NEW,
        edit_actions.EDIT,
        edit_actions.EDIT_PARAMS,
    ]

    def columns(self) -> list[Column[Connector]]:
        return connector_columns(self.session, self.palette)

    def key_of(self, item: Connector) -> int:
        return item.id

    def search_text(self, item: Connector) -> str:
        return connector_search_text(item)

    def is_failing(self, item: Connector) -> bool:
        last = self.session.last_test("connector", item.id)
        if last is not None and not last.success:
            return True
        return any(
            c.connector == item.id and c.status == "failed"
            for c in self.session.connections.values()
        )

    def why(self, item: Connector) -> tuple[str, str] | None:
        failed = [
            c for c in self.session.connections.values()
            if c.connector == item.id and c.status == "failed"
        ]
        if not failed:
            return super().why(item)
        lines = [
            f"#{c.id} {c.alias}: {c.last_job.result_message if c.last_job else ''}"
            for c in sorted(failed, key=lambda c: c.id)
        ]
        test = super().why(item)
        if test is not None:
            lines.insert(0, f"{test[0]}: {test[1]}")
        return f"{len(failed)} connection(s) using it failed their last sync", "\n".join(lines)

    async def fetch(self, gaps: ListGaps) -> None:
        client, session = self.session.client, self.session
        result = await client.list_connectors()
        gaps.take(result)
        session.connectors = {c.id: c for c in result.items}
        session.note_objects(result.items)
        self.refresh_bindings()
        self.table.set_items(result.items)
        if not session.connections:
            try:
                connections = await client.list_connections()
            except ApiError:
                return  # counts stay at 0; the connectors themselves are shown
            session.connections = {c.id: c for c in connections.items}
        self.table.invalidate()

    def show_detail(self, item: Connector) -> None:
        self.detail.show_connector(item, self.session)

    async def call_test(self, item: Connector) -> TestResult:
        body = {
            "name": item.name,
            "system": {"id": item.system.id},
            "params": dict(item.params or {}),
        }
        return await self.session.client.test_connector(body)

    # ----------------------------------------------------------- create, edit
    def disabled_reason(self, action: str) -> str | None:
        if action in ("new", "edit", "edit_params"):
            return edit_actions.edit_disabled_reason(self, action)
        return super().disabled_reason(action)

    def action_new(self) -> None:
        edit_actions.open_form(self, None)

    def action_edit(self) -> None:
        if self.table.current_item is not None:
            edit_actions.open_form(self, self.table.current_item)

    def action_edit_params(self) -> None:
        if self.table.current_item is not None:
            edit_actions.open_form(self, self.table.current_item, editor=True)
