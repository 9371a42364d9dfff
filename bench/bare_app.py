"""The baseline for start-up figures: a bare Textual app (one static line, nothing imported)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """What any Textual app costs before it does anything of its own."""

    def compose(self) -> ComposeResult:
        yield Static("bare Textual app")


def main() -> int:
    BareApp().run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
