"""Choose an SD Elements project: type to search (``list_projects(search=)``), enter to pick."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.api.display import display_text
from tui.api.errors import ApiError
from tui.ui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from tui.api.client import AlmClient
    from tui.api.models import Project

SEARCH_DELAY = 0.25


class ProjectPicker(ModalScreen["Project | None"]):
    """Search projects on the server; the answer is the chosen project or None."""

    CSS_PATH = "edit_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "to_list", "Results", show=False, id="picker.results"),
    ]

    def __init__(self, client: AlmClient) -> None:
        super().__init__()
        self.client = client
        self.found: dict[str, Project] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="picker-box"):
            yield Static(Text("Choose a project", style="bold"))
            yield SafeInput(placeholder="(type to search project names)", id="picker-search")
            yield Static("", id="picker-status")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.search("")

    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.search(event.value)

    @on(Input.Submitted, "#picker-search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.option_count:
            options.focus()
            options.highlighted = 0

    @work(group="search", exclusive=True, exit_on_error=False, description="Project search")
    async def search(self, text: str) -> None:
        await asyncio.sleep(SEARCH_DELAY if text else 0)  # a newer keystroke cancels this
        status = self.query_one("#picker-status", Static)
        status.update(Text("Searching…", style="italic"))
        try:
            result = await self.client.list_projects(search=text.strip() or None)
        except ApiError as error:
            status.update(Text(f"⚠ {error.title}: {display_text(error.message)}"))
            return
        self.found = {str(p.id): p for p in result.items}
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Content(
                    display_text(f"{p.name} (#{p.id})" + (" [archived]" if p.archived else ""))
                ),
                id=str(p.id),
            )
            for p in result.items[:500]
        )
        more = f" (first 500 of {len(result.items)})" if len(result.items) > 500 else ""
        status.update(Text(f"{len(result.items)} project(s){more}; enter picks", style="italic"))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        project = self.found.get(event.option.id or "")
        if project is not None:
            self.dismiss(project)

    def action_to_list(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
