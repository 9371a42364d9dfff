"""Re-authentication: the server rejected the token mid-session; take a new one, keep everything.

The new token lives in memory only (it is never written anywhere); drafts and lists stay as they
are, and the operation that failed is offered again once.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.api.display import display_text
from tui.ui.forms.validation import normalise_secret
from tui.ui.widgets.secret_input import SecretInput


class ReauthScreen(ModalScreen[str | None]):
    """Asks for a new API token; esc keeps working offline with what is on screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Not now", id="reauth.cancel"),
    ]

    DEFAULT_CSS = """
    ReauthScreen { align: center middle; }
    ReauthScreen > Vertical { width: 76; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2; }
    ReauthScreen Horizontal { height: auto; margin-top: 1; }
    ReauthScreen Button { margin-right: 2; }
    ReauthScreen #reauth-error { color: $error; }
    """

    def __init__(self, server: str, reason: str | None, token_source: str | None) -> None:
        super().__init__()
        self._server = server
        self._reason = reason
        self._source = token_source

    def compose(self) -> ComposeResult:
        source = self._source or "unknown"
        with Vertical():
            if self._reason is None:
                yield Static(Text("Re-enter API token", style="bold"))
                why = f"A new token for {display_text(self._server)}."
            else:
                yield Static(Text("API token rejected", style="bold"))
                why = rejected_by(self._server, self._reason)
            yield Static(Text(
                f"{why}\n"
                f"The token came from: {display_text(source)}.\n"
                "Paste a new token to carry on: it is kept in memory only, and drafts and lists "
                "stay as they are. Background polling is paused until then."
            ))
            yield SecretInput(id="reauth-token", placeholder="(paste a new API token)")
            yield Static(Text(""), id="reauth-error")
            with Horizontal():
                yield Button("Not now", id="cancel")
                yield Button("Use this token", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one(SecretInput).focus()

    def _submit(self) -> None:
        raw = self.query_one(SecretInput).value
        token, _ = normalise_secret(raw)
        if not token or any(ch.isspace() for ch in token) or not token.isascii():
            self.query_one("#reauth-error", Static).update(
                Text("A token is one word of printable ASCII characters."))
            return
        self.dismiss(token)

    def on_input_submitted(self) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def rejected_by(server: str, reason: str) -> str:
    """Which server rejected the token, said once (the client's message usually names it)."""
    reason = display_text(reason, max_chars=200).rstrip(".")
    if display_text(server) in reason:
        return f"{reason}."
    return f"Token rejected by {display_text(server)} ({reason})."
