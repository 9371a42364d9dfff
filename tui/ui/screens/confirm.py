"""Confirmations: typed text before anything hard to undo (a host name, an alias)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.api.display import display_text


class TypeToConfirm(ModalScreen[bool]):
    """Asks the user to type ``expected`` exactly; esc or Cancel answers False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
    ]

    DEFAULT_CSS = """
    TypeToConfirm { align: center middle; }
    TypeToConfirm > Vertical { width: 70; max-width: 100%; height: auto;
        border: thick $error; background: $surface; padding: 1 2; }
    TypeToConfirm Horizontal { height: auto; margin-top: 1; }
    TypeToConfirm Button { margin-right: 2; }
    """

    def __init__(self, title: str, prompt: str, expected: str, action_label: str) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self.expected = expected
        self._action_label = action_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(display_text(self._title), style="bold"))
            yield Static(Text(display_text(self._prompt, max_chars=400, single_line=False)))
            yield Static(Text(f"Type: {display_text(self.expected)}", style="bold"))
            yield Input(id="confirm-input", max_length=1000)
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button(self._action_label, id="ok", variant="error", disabled=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#ok", Button).disabled = event.value != self.expected

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value == self.expected:
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "ok" and self.query_one(Input).value == self.expected)

    def action_cancel(self) -> None:
        self.dismiss(False)


class YesNo(ModalScreen[bool]):
    """A question answered with y / Enter (yes) or n / esc (no); the default button is No."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="yesno.no"),
        Binding("y", "answer(True)", "Yes", id="yesno.yes"),
    ]

    DEFAULT_CSS = """
    YesNo { align: center middle; }
    YesNo > Vertical { width: 70; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2; }
    YesNo Horizontal { height: auto; margin-top: 1; }
    YesNo Button { margin-right: 2; }
    """

    def __init__(self, title: str, prompt: str, yes_label: str) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(display_text(self._title), style="bold"))
            yield Static(Text(display_text(self._prompt, max_chars=400, single_line=False)))
            with Horizontal():
                yield Button("No (n)", id="no")
                yield Button(f"{display_text(self._yes_label)} (y)", id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
