"""Someone else changed a field this user is changing: show original / theirs / yours."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.api.display import display_text
from tui.ui.forms.draft import Conflict

Choice = Literal["mine", "theirs"]


def conflict_text(conflict: Conflict) -> Text:
    text = Text()
    text.append(display_text(conflict.label, max_chars=80), style="bold")
    for name, value in (
        ("original", conflict.original),
        ("theirs  ", conflict.theirs),
        ("yours   ", conflict.mine),
    ):
        text.append(f"\n  {name}  ")
        text.append(display_text(value, max_chars=300))
    return text


class ConflictScreen(ModalScreen[Choice | None]):
    """Keep mine (overwrite theirs knowingly), take theirs, or cancel (nothing is sent)."""

    CSS_PATH = "edit_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose(None)", "Cancel", id="conflict.cancel"),
    ]

    def __init__(
        self, kind: str, conflicts: list[Conflict], *, after_unknown: bool = False
    ) -> None:
        super().__init__()
        self.kind = kind
        self.conflicts = conflicts
        self.after_unknown = after_unknown

    def compose(self) -> ComposeResult:
        if self.after_unknown:
            intro = (
                "The save's answer was lost, and the server now shows values that are neither "
                "the originals nor yours. Nothing was resent."
            )
        else:
            intro = (
                f"Someone changed this {self.kind} after you opened it. Nothing was saved. "
                "Fields you did not touch keep their changes either way."
            )
        with Vertical(id="conflict-box", classes="modal-box"):
            yield Static(Text(f"Conflict: {len(self.conflicts)} field(s)", style="bold"))
            yield Static(Text(intro))
            with VerticalScroll(id="conflict-lines"):
                for conflict in self.conflicts:
                    yield Static(conflict_text(conflict), classes="conflict-line")
            with Horizontal(classes="modal-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Take theirs", id="theirs")
                yield Button("Keep mine", id="mine", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice: Choice | None = (
            "mine"
            if event.button.id == "mine"
            else ("theirs" if event.button.id == "theirs" else None)
        )
        self.dismiss(choice)

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)
