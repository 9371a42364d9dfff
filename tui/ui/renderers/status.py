"""Status cells: a glyph and a word, never colour alone; colours come from the theme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError

from tui.api.outcome import outcome_parts

if TYPE_CHECKING:
    from tui.ui.session import TestRecord

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


@dataclass(frozen=True)
class Palette:
    """Theme colours resolved for Rich ``Text`` (rebuilt when the theme changes)."""

    success: Style = Style(color="green")
    error: Style = Style(color="red")
    warning: Style = Style(color="yellow")
    muted: Style = Style(dim=True)
    accent: Style = Style(color="cyan")

    @classmethod
    def from_variables(cls, variables: dict[str, str], *, no_color: bool = False) -> Palette:
        """The theme's colours for text (``$text-success`` ...: a theme picks them to read on
        its background and on its cursor row, where status cells are drawn too)."""
        if no_color:
            return cls(
                Style(bold=True),
                Style(bold=True, reverse=False),
                Style(italic=True),
                Style(dim=True),
                Style(),
            )
        def style(name: str, fallback: Style) -> Style:
            try:
                return Style(color=Color.parse(variables[name]).rich_color)
            except (KeyError, ColorParseError):  # not a plain colour: the terminal's palette
                return fallback

        return cls(
            style("text-success", cls.success),
            style("text-error", cls.error),
            style("text-warning", cls.warning),
            style("text-muted", cls.muted),
            style("text-accent", cls.accent),
        )


def sync_status(status: str, palette: Palette) -> Text:
    glyph, word, tone = outcome_parts(status)
    return Text(f"{glyph} {word}", style=getattr(palette, tone))


def testing(frame: int, palette: Palette) -> Text:
    return Text(f"{SPINNER[frame % len(SPINNER)]} testing", style=palette.warning)


def test_cell(record: TestRecord | None, palette: Palette) -> Text:
    """The Test column: the last connectivity test of this session, apart from the sync status."""
    if record is None:
        return Text("—", style=palette.muted)
    if record.success:
        return Text(f"✔ {record.latency_ms:.0f}ms", style=palette.success)
    return Text("✖ failed", style=palette.error)
