"""The `/` filter input under a list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """Narrows the list as you type; `esc` clears it, `enter` goes back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter.clear"),
        Binding("enter", "done", "Back to list", id="filter.done", show=False),
    ]

    DEFAULT_CSS = """
    FilterBar { dock: bottom; display: none; border: none; height: 1; padding: 0 1; }
    FilterBar.-active { display: block; }
    """

    class Cleared(Message):
        pass

    class Done(Message):
        pass

    def __init__(self, *, placeholder: str, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, max_length=200, select_on_focus=False)

    def open(self) -> None:
        self.add_class("-active")
        self.focus()

    def action_clear_filter(self) -> None:
        self.value = ""
        self.remove_class("-active")
        self.post_message(self.Cleared())

    def action_done(self) -> None:
        if not self.value:
            self.remove_class("-active")
        self.post_message(self.Done())
