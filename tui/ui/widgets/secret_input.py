"""An Input for secrets: masked, never copied or cut to the clipboard, pastes checked.

Textual's Input copies the plaintext selection through OSC 52 even with ``password=True``
(security.md section 2.3), so copy and cut do nothing here. A paste keeps its first line only
in a plain Input; here a single trailing newline is cut (with a notice) and anything longer is
refused, so a secret never silently loses or gains characters.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.ui.forms.validation import normalise_secret


class SecretInput(Input):
    """A masked input; ctrl+r shows what was typed until focus leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_reveal", "Reveal typed", show=False, id="secret.reveal"),
    ]

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__(value, password=True, **kwargs)  # type: ignore[arg-type]

    def action_copy(self) -> None:
        self.notify("Copying a secret is disabled.", severity="warning", markup=False)

    def action_cut(self) -> None:
        self.notify("Cutting a secret is disabled.", severity="warning", markup=False)

    def action_toggle_reveal(self) -> None:
        self.password = not self.password
        self.set_class(not self.password, "-revealed")
        self.border_title = None if self.password else "REVEALED"

    def on_blur(self) -> None:
        if not self.password:
            self.action_toggle_reveal()

    def _insert_pasted(self, text: str) -> None:
        value, cut = normalise_secret(text)
        if "\n" in value or "\r" in value:
            self.notify(
                "Paste refused: it holds more than one line.",
                title="Secret",
                severity="warning",
                markup=False,
            )
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(value)
        else:
            self.replace(value, *self.selection)
        if cut:
            self.notify(
                "Removed one trailing newline from the pasted secret.",
                title="Secret",
                markup=False,
            )

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        if event.text:
            self._insert_pasted(event.text)

    def action_paste(self) -> None:
        self._insert_pasted(self.app.clipboard)
