"""`?` / F1: every key of the screen you came from, grouped, with what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GROUPS = {
    "app": "General",
    "table": "Navigation",
    "list": "List actions",
    "connections": "List actions",
    "edit": "Edit",
    "params": "Detail pane",
    "filter": "Filter",
}
ORDER = ["General", "Navigation", "List actions", "Edit", "Detail pane", "Filter", "Other"]


def key_label(key: str) -> str:
    names = {"slash": "/", "question_mark": "?", "exclamation_mark": "!", "space": "space"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def help_text(bindings: list[tuple[str, Binding]]) -> Text:
    """Bindings grouped by the prefix of their id."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for key, binding in bindings:
        ident = binding.id or binding.action
        if ident in seen or not binding.description:
            continue
        seen.add(ident)
        group = GROUPS.get((binding.id or "").split(".", 1)[0], "Other")
        grouped.setdefault(group, []).append((key_label(key), binding.description))
    out = Text()
    for group in ORDER:
        if group not in grouped:
            continue
        out.append(f"{group}\n", style="bold underline")
        for key, description in grouped[group]:
            out.append(f"  {key:<18}", style="bold")
            out.append(f"{description}\n")
        out.append("\n")
    return out


class HelpScreen(ModalScreen[None]):
    """Key help; `esc`, `q` or `?` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, bindings: list[tuple[str, Binding]]) -> None:
        super().__init__()
        self._key_list = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("sde-alm keys  (esc to close)\n", style="bold"))
            yield Static(help_text(self._key_list))
