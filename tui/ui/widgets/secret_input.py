"""An input for secrets: masked, never copied or cut to the clipboard, pastes checked.

Textual's Input copies the plaintext selection through OSC 52 even with ``password=True``
(security.md section 2.3), so copy and cut do nothing here. A single trailing newline from a
paste is cut (with a notice); a paste of several lines is refused, so a secret never silently
loses or gains characters.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from tui.ui.forms.validation import normalise_secret
from tui.ui.widgets.safe_input import SafeInput


class SecretInput(SafeInput):
    """A masked input; ctrl+r shows what was typed until focus leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "toggle_reveal", "Reveal typed", show=False, id="secret.reveal"),
    ]

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        super().__init__(value, password=True, **kwargs)

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

    def prepare_paste(self, text: str) -> str | None:
        value, cut = normalise_secret(text)
        if "\n" in value or "\r" in value:
            self.notify(
                "Paste refused: it holds more than one line.",
                title="Secret",
                severity="warning",
                markup=False,
            )
            return None
        if cut:
            self.notify(
                "Removed one trailing newline from the pasted secret.", title="Secret", markup=False
            )
        return value
