"""Choose an SD Elements project: type to search (``list_projects(search=)``), enter to pick.

As in a command palette, the first match is highlighted, up and down move the highlight from the
search field, and one enter picks it (after the search for what was typed, if it is still on
its way).
"""

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
        Binding("down", "move(1)", "Next match", show=False, id="picker.next"),
        Binding("up", "move(-1)", "Previous match", show=False, id="picker.previous"),
    ]

    def __init__(self, client: AlmClient) -> None:
        super().__init__()
        self.client = client
        self.found: dict[str, Project] = {}
        self._searched: str | None = None
        """The search text the list shows the answer to (None: none arrived yet)."""
        self._pick_when_found = False

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
        if self._searched != event.value.strip():
            self._pick_when_found = True  # the list is for older text: pick from the answer
            return
        self._pick_highlighted()

    def _pick_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if not options.option_count:
            return
        option = options.get_option_at_index(options.highlighted or 0)
        project = self.found.get(option.id or "")
        if project is not None:
            self.dismiss(project)

    @work(group="search", exclusive=True, exit_on_error=False, description="Project search")
    async def search(self, text: str) -> None:
        await asyncio.sleep(SEARCH_DELAY if text else 0)  # a newer keystroke cancels this
        status = self.query_one("#picker-status", Static)
        status.update(Text("Searching…", style="italic"))
        try:
            result = await self.client.list_projects(search=text.strip() or None)
        except ApiError as error:
            self._pick_when_found = False
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
        if options.option_count:
            options.highlighted = 0
        more = f" (first 500 of {len(result.items)})" if len(result.items) > 500 else ""
        status.update(Text(f"{len(result.items)} project(s){more}; enter picks", style="italic"))
        self._searched = text.strip()
        if self._pick_when_found and self._searched == self.query_one(Input).value.strip():
            self._pick_when_found = False
            self._pick_highlighted()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        project = self.found.get(event.option.id or "")
        if project is not None:
            self.dismiss(project)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted
            options.highlighted = max(0, min(options.option_count - 1, (current or 0) + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
