"""An Input that never holds a control, bidi or invisible character (security.md D8).

Textual's Input sends its value to the terminal as is, so an ESC pasted from a hostile
clipboard would reach the terminal. Here such text is refused with a notice, and a multi-line
paste keeps its first line with a notice instead of silently dropping the rest.

A length ``limit`` (D7) refuses, with a message, any typing or paste that would make the value
longer than the limit; unlike ``Input(max_length=...)`` it never cuts a paste silently, and a
server value already over the limit can still be shortened.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
SAFE_TEXT = f"[^{_UNSAFE}]*"
"""What a form field may hold: anything but control and invisible characters."""


class SafeInput(Input):
    """A single-line input restricted to visible characters."""

    def __init__(self, value: str = "", *, limit: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("restrict", SAFE_TEXT)
        super().__init__(value, **kwargs)
        self.limit = limit

    def replace(self, text: str, start: int, end: int) -> None:
        value = self.value
        low, high = sorted((max(0, start), min(len(value), end)))
        new_length = len(value) - (high - low) + len(text)
        if self.limit is not None and new_length > self.limit and new_length > len(value):
            self.app.bell()
            what = "Paste" if len(text) > 1 else "Input"
            self.notify(
                f"{what} refused: this field takes at most {self.limit} characters "
                f"(it would have {new_length}).",
                title="Too long",
                severity="warning",
                markup=False,
            )
            return
        super().replace(text, start, end)

    def restricted(self) -> None:
        self.app.bell()
        self.notify(
            "Control and invisible characters are not allowed here.",
            title="Refused",
            severity="warning",
            markup=False,
        )

    def prepare_paste(self, text: str) -> str | None:
        """The text to insert for a paste (None refuses it); only the first line is kept."""
        lines = text.splitlines()
        if len(lines) > 1:
            self.notify(
                f"Only the first of {len(lines)} pasted lines was kept.",
                title="Paste",
                severity="warning",
                markup=False,
            )
        return lines[0] if lines else ""

    def insert_pasted(self, text: str) -> None:
        prepared = self.prepare_paste(text)
        if prepared is None:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(prepared)
        else:
            self.replace(prepared, *self.selection)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        if event.text:
            self.insert_pasted(event.text)

    def action_paste(self) -> None:
        self.insert_pasted(self.app.clipboard)
