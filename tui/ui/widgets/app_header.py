"""The header: where you are, how many items, which server and profile, and any warning badges."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.api.display import display_text
from tui.ui.session import ServerInfo


class AppHeader(Static):
    """One line that always says which server and profile this is."""

    DEFAULT_CSS = """
    AppHeader { height: 1; background: $primary-background; color: $text; }
    AppHeader.-production { background: $error; }
    AppHeader.-insecure { background: $warning; }
    """

    def __init__(self, info: ServerInfo, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = info
        self.view = ""
        self.counts = ""
        self.status = ""

    def on_mount(self) -> None:
        self.set_class(self.info.production, "-production")
        self.set_class(self.info.insecure, "-insecure")
        self._paint()

    def set_info(self, info: ServerInfo) -> None:
        self.info = info
        self.on_mount()

    def show(self, view: str, counts: str = "", status: str = "") -> None:
        self.view, self.counts, self.status = view, counts, status
        self._paint()

    def _paint(self) -> None:
        info = self.info
        line = Text(" sde-alm ", style="bold reverse")
        line.append(f" {self.view}", style="bold")
        if self.counts:
            line.append(f" {self.counts}")
        if self.status:
            line.append(f"  {self.status}", style="italic")
        right = Text()
        for flag, label in (
            (info.demo, " DEMO "),
            (info.production, " PRODUCTION "),
            (info.read_only, " READ-ONLY "),
            (info.insecure, " TLS OFF "),
        ):
            if flag:
                right.append(label, style="bold reverse")
                right.append(" ")
        profile = f"{info.profile} @ " if info.profile else ""
        right.append(display_text(f"{profile}{info.host}", max_chars=60))
        width = self.size.width or 80
        gap = max(1, width - line.cell_len - right.cell_len - 1)
        line.append(" " * gap)
        line.append_text(right)
        line.truncate(width, overflow="ellipsis")
        # One line high whatever it says: without a layout pass only the header is repainted.
        self.update(line, layout=False)

    def on_resize(self) -> None:
        self._paint()
