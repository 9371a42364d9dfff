"""Before any write: what will change (field: old -> new; a secret only as "changed")."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.api.display import display_text
from tui.ui.forms.draft import DiffLine


def diff_text(line: DiffLine) -> Text:
    text = Text()
    text.append(display_text(line.label, max_chars=60), style="bold")
    text.append(": ")
    if line.old:
        text.append(display_text(line.old, max_chars=300), style="strike")
        text.append(" → ")
    text.append(display_text(line.new, max_chars=300), style="bold")
    if line.secret:
        text.append("  (secret: value not shown)", style="italic")
    return text


class DiffScreen(ModalScreen[bool]):
    """Asks to confirm the listed changes; esc or Cancel answers False."""

    CSS_PATH = "edit_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel", id="diff.cancel"),
        Binding("ctrl+s", "answer(True)", "Confirm", id="diff.confirm"),
    ]

    def __init__(self, title: str, target: str, lines: list[DiffLine], confirm: str) -> None:
        super().__init__()
        self._title = title
        self._target = target
        self.lines = lines
        self._confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="diff-box", classes="modal-box"):
            yield Static(Text(display_text(self._title), style="bold"))
            yield Static(Text(display_text(self._target, max_chars=300)))
            with VerticalScroll(id="diff-lines"):
                for line in self.lines:
                    yield Static(diff_text(line), classes="diff-line")
            yield Static(
                Text(
                    f"{len(self.lines)} change(s). ctrl+s or '{self._confirm}' to go ahead; "
                    "esc cancels.",
                    style="italic",
                )
            )
            with Horizontal(classes="modal-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self._confirm, id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "ok")

    def action_answer(self, ok: bool) -> None:
        self.dismiss(ok)
