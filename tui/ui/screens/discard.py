"""Leaving a form with unsaved changes asks first; the safe answer is focused."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.api.display import display_text


class DiscardChanges(ModalScreen[bool]):
    """True discards; esc or 'Keep editing' answers False."""

    CSS_PATH = "edit_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep editing", id="discard.keep"),
    ]

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__()
        self.message = message
        self.details = details or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box", id="discard-box"):
            yield Static(Text(display_text(self.message, max_chars=300), style="bold"))
            for line in self.details[:12]:
                yield Static(Text(display_text(line, max_chars=300, single_line=False)))
            with Horizontal(classes="modal-buttons"):
                yield Button("Keep editing", id="keep")
                yield Button("Discard", id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_keep(self) -> None:
        self.dismiss(False)
