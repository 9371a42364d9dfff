"""Create or edit a connector: name, system (from the plugin list), inaccessible, params."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.api.display import display_text
from tui.ui.forms.objects import connector_draft, connector_values
from tui.ui.forms.save import Ops, connector_ops
from tui.ui.screens.edit_form import EditFormScreen

if TYPE_CHECKING:
    from tui.api.models import Connector, TestResult
    from tui.ui.forms.draft import Draft


class EditConnectorScreen(EditFormScreen["Connector"]):
    """The connector form; its system is chosen once, on create."""

    KIND = "connector"

    def title_text(self) -> str:
        if self.item is None:
            return "New connector"
        return f"Edit connector #{self.item.id} {display_text(self.item.name, max_chars=40)}"

    def target_text(self, draft: Draft) -> str:
        name = draft.wire_value("name") or "(no name)"
        number = "" if draft.object_id is None else f" (#{draft.object_id})"
        return f'connector "{name}"{number} on {self.session.info.host}'

    def saved_text(self, obj: Connector) -> str:
        return f'connector "{obj.name}" (#{obj.id}) on {self.session.info.host}'

    def ops(self) -> Ops[Connector]:
        return connector_ops(self.session.client)

    async def _systems(self) -> list[tuple[str, str]]:
        if not self.session.plugins:
            result = await self.session.client.list_plugins()
            self.session.plugins = {p.id: p for p in result.items}
        return sorted(
            ((p.name or p.id, p.id) for p in self.session.plugins.values()),
            key=lambda pair: pair[0].lower(),
        )

    def server_values(self) -> dict[str, Any] | None:
        cached = self.session.connectors.get(self.item.id) if self.item is not None else None
        return connector_values(cached) if cached is not None else None

    async def build_draft(self) -> Draft:
        if self.item is None:
            return connector_draft(
                None,
                None,
                systems=await self._systems(),
                family=self.session.family,
                spoken=self.session.spoken_vocabulary(),
            )
        fresh = await self.session.client.get_connector(self.item.id)
        self.item = fresh
        plugin = await self.plugin_for(fresh.system.id)
        return connector_draft(fresh, plugin, family=self.session.family)

    async def on_field_changed(self, path: str) -> None:
        draft = self.draft
        if path != "system" or draft is None or not draft.creating:
            return
        chosen = draft.values.get("system")
        system_id = chosen if isinstance(chosen, str) and chosen else None
        plugin = await self.plugin_for(system_id) if system_id else None
        fresh = connector_draft(
            None,
            plugin,
            systems=await self._systems(),
            system_id=system_id,
            family=self.session.family,
            spoken=self.session.spoken_vocabulary(),
        )
        fresh.carry_over(draft)
        await self.show_draft(fresh, focus="system")

    async def call_test(self, draft: Draft) -> TestResult:
        body = {
            "name": draft.wire_value("name"),
            "system": {"id": draft.values.get("system") or draft.base.get("system")},
            "params": draft.effective_params(),
        }
        return await self.session.client.test_connector(body)
