"""The `/` filter input under a list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from tui.api.display import display_text

CLEAR_KEY = "ctrl+u"
"""Clears the filter from the list too: the same key empties the input (readline's kill-line)."""


def filter_label(text: str) -> str:
    """How a header shows the filter in force, once its input is closed too."""
    return f"filter: {display_text(text.strip(), max_chars=30)}"


class FilterBar(Input):
    """Narrows the list as you type (every space-separated term must match); `esc` clears it,
    `enter` closes it and goes back to the list, the filter still in force."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter.clear"),
        Binding("enter", "done", "Back to list", id="filter.done", show=False),
    ]

    DEFAULT_CSS = """
    FilterBar, FilterBar:focus { dock: bottom; border: none; height: 1;
        padding: 0 1; background: $boost; }
    """

    class Cleared(Message):
        pass

    class Done(Message):
        pass

    def __init__(self, *, placeholder: str, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, max_length=200, select_on_focus=False)

    def on_mount(self) -> None:
        self.display = False

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def open(self) -> None:
        self.display = True  # set inline, at once: it must be focusable in this same tick
        # Focus now, not after the next refresh: keys typed right after `/` must land here.
        self.screen.set_focus(self)

    def action_clear_filter(self) -> None:
        self.value = ""
        self.display = False
        self.post_message(self.Cleared())

    def action_done(self) -> None:
        self.display = False  # the header keeps showing the filter; `/` reopens it to edit
        self.post_message(self.Done())
