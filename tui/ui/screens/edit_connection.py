"""Create or edit a connection: alias, connector, project, frequency, debug mode, params."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.api.display import display_text
from tui.ui.forms.objects import connection_draft, connection_values
from tui.ui.forms.save import Ops, connection_ops
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.screens.project_picker import ProjectPicker
from tui.ui.widgets.param_form import ParamForm

if TYPE_CHECKING:
    from tui.api.models import Connection, Project, TestResult
    from tui.ui.forms.draft import Draft


class EditConnectionScreen(EditFormScreen["Connection"]):
    """The connection form; a new connection's params start from its connector's."""

    KIND = "connection"

    def title_text(self) -> str:
        if self.item is None:
            return "New connection"
        return f"Edit connection #{self.item.id} {display_text(self.item.alias, max_chars=40)}"

    def target_text(self, draft: Draft) -> str:
        alias = draft.wire_value("alias") or "(no alias)"
        number = "" if draft.object_id is None else f" (#{draft.object_id})"
        return f'connection "{alias}"{number} on {self.session.info.host}'

    def saved_text(self, obj: Connection) -> str:
        return f'connection "{obj.alias}" (#{obj.id}) on {self.session.info.host}'

    def ops(self) -> Ops[Connection]:
        return connection_ops(self.session.client)

    def _describers(self) -> dict[str, Any]:
        session = self.session

        def project(value: Any) -> str:
            name = session.project_name(value) if isinstance(value, int) else None
            return f"{name} (#{value})" if name else f"#{value}"

        def connector(value: Any) -> str:
            found = session.connectors.get(value) if isinstance(value, int) else None
            return f"{found.name} (#{value})" if found else f"#{value}"

        return {"project": project, "connector": connector}

    async def _connectors(self) -> None:
        if not self.session.connectors:
            result = await self.session.client.list_connectors()
            self.session.connectors = {c.id: c for c in result.items}

    def _choices(self, system_id: str | None = None) -> list[tuple[str, int]]:
        return [
            (f"{c.name} · {c.system.label} (#{c.id})", c.id)
            for c in sorted(self.session.connectors.values(), key=lambda c: c.name.lower())
            if system_id is None or c.system.id == system_id
        ]

    def server_values(self) -> dict[str, Any] | None:
        cached = self.session.connections.get(self.item.id) if self.item is not None else None
        return connection_values(cached) if cached is not None else None

    async def build_draft(self) -> Draft:
        await self._connectors()
        if self.item is None:
            return await self._new_draft(None)
        fresh = await self.session.client.get_connection(self.item.id)
        self.item = fresh
        connector = self.session.connectors.get(fresh.connector or -1)
        system_id = fresh.system.id if fresh.system else connector.system.id if connector else ""
        plugin = await self.plugin_for(system_id) if system_id else None
        return connection_draft(
            fresh,
            plugin,
            connectors=self._choices(system_id or None),
            describers=self._describers(),
            family=self.session.family,
        )

    async def _new_draft(self, connector_id: int | None) -> Draft:
        connector = self.session.connectors.get(connector_id) if connector_id else None
        plugin = await self.plugin_for(connector.system.id) if connector else None
        return connection_draft(
            None,
            plugin,
            connectors=self._choices(),
            connector_id=connector_id,
            connector_params=connector.params if connector else None,
            describers=self._describers(),
            family=self.session.family,
            spoken=self.session.spoken_vocabulary(),
        )

    async def on_field_changed(self, path: str) -> None:
        draft = self.draft
        if path != "connector" or draft is None or not draft.creating:
            return
        chosen = draft.values.get("connector")
        fresh = await self._new_draft(chosen if isinstance(chosen, int) else None)
        fresh.carry_over(draft)
        await self.show_draft(fresh, focus="connector")

    def on_param_form_pick_requested(self, event: ParamForm.PickRequested) -> None:
        event.stop()
        path = event.path

        def picked(project: Project | None) -> None:
            form, draft = self.form, self.draft
            if project is None or form is None or draft is None:
                return
            self.session.projects[project.id] = project
            draft.set_value(path, project.id)
            form.refresh_field(path)
            form.post_message(ParamForm.Changed(path))

        self.app.push_screen(ProjectPicker(self.session.client), picked)

    async def call_test(self, draft: Draft) -> TestResult:
        connector = self.session.connectors.get(draft.values.get("connector") or -1)  # type: ignore[arg-type]
        body = {
            "connector": draft.values.get("connector"),
            "alias": draft.wire_value("alias"),
            "project": draft.values.get("project"),
            "system": {"id": connector.system.id if connector else None},
            "params": draft.effective_params(),
        }
        return await self.session.client.test_connection(body)
