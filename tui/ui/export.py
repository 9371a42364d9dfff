"""The current screen as plain text or SVG (screenshots, text snapshots, the leak audit)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App

from tui.ui.textual_internals import render_screen


def screen_text(app: App[object]) -> str:
    """What the terminal shows now, as plain text, one line per row."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(render_screen(app))
    return console.export_text(styles=False)
