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
    "detail": "Detail pane",
    "filter": "Filter",
    "log": "List actions",
    "call": "Navigation",
    "picker": "Other",
}
ORDER = ["General", "Navigation", "List actions", "Edit", "Detail pane", "Filter", "Other"]


_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "exclamation_mark": "!",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "backspace": "Backspace",
    "delete": "Del",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}
_MODIFIERS = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "super": "Super"}


def key_name(key: str) -> str:
    """A key as its keycap reads (``Esc``, ``PgUp``, ``F1``, ``Ctrl+U``); letters as typed."""
    *modifiers, last = key.strip().split("+")
    if last in _NAMES:
        name = _NAMES[last]
    elif last[:1] == "f" and last[1:].isdigit():
        name = last.upper()
    else:
        name = last.upper() if modifiers and len(last) == 1 else last
    return "+".join([*(_MODIFIERS.get(m, m) for m in modifiers), name])


def key_label(key: str) -> str:
    return " / ".join(key_name(k) for k in key.split(","))


def help_text(bindings: list[tuple[str, Binding]]) -> Text:
    """Bindings grouped by the prefix of their id, every key of a binding on its line."""
    keys: dict[str, list[str]] = {}
    described: dict[str, Binding] = {}
    for key, binding in bindings:
        if not binding.description:
            continue
        ident = binding.id or binding.action
        described.setdefault(ident, binding)
        if key not in keys.setdefault(ident, []):
            keys[ident].append(key)
    grouped: dict[str, list[tuple[str, str]]] = {}
    for ident, binding in described.items():
        group = GROUPS.get((binding.id or "").split(".", 1)[0], "Other")
        label = key_label(",".join(keys[ident]))
        grouped.setdefault(group, []).append((label, binding.description))
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
    """Key help; Esc, `q`, `?` or F1 closes it."""

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
            yield Static(Text("sde-alm keys  (Esc to close)\n", style="bold"))
            yield Static(help_text(self._key_list))
