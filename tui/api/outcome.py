"""Words and glyphs for sync outcomes, shared by the lists, detail, job history and CLI."""

from __future__ import annotations

OUTCOMES: dict[str, tuple[str, str, str]] = {
    "ok": ("✔", "ok", "success"),
    "failed": ("✖", "failed", "error"),
    "running": ("⟳", "running", "warning"),
    "unknown": ("?", "no result", "warning"),
    "never": ("·", "never run", "muted"),
}
"""Status key → (glyph, word, palette tone); the tone names a ``Palette`` field of the UI."""


def outcome_parts(status: str) -> tuple[str, str, str]:
    """(glyph, word, tone) for ``status``; an unexpected key is shown as sent, with ``?``."""
    return OUTCOMES.get(status, ("?", status, "muted"))


def outcome_word(status: str) -> str:
    """The word a human reads for ``status`` (plain output: no glyph)."""
    return outcome_parts(status)[1]
