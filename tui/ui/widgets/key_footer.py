"""The footer of key bindings: one line drawn as text, redrawn only when its keys change."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

PALETTE_EDGE = "▏"


class FooterKey(NamedTuple):
    key: str
    """The key to simulate when the item is clicked."""
    display: str
    description: str
    enabled: bool


class KeyFooter(Widget, can_focus=False):
    """The keys the focused widget and its screen offer, and the command palette's on the right.

    Textual's ``Footer`` mounts a widget per key and rebuilds them all whenever the screen
    announces that bindings may have changed (every focus change and stack update): a dozen
    widgets styled, laid out and drawn again while the keys stay the same, in the middle of the
    first load (its start-up layout pass fell from 26 to 9 ms without them). This one draws the
    same line of text, cropped to its width, and repaints only when the keys it shows change.
    Clicking a key presses it (a disabled one then says why, as when it is typed).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--edge",
    }

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        self._spans: list[tuple[int, int, FooterKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and self._read(screen):
            self.refresh()

    def _read(self, screen: Screen[object]) -> bool:
        """Take the screen's current keys; True when they differ from those drawn."""
        app = self.app
        keys: list[FooterKey] = []
        actions: set[str] = set()
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if binding.show and binding.action not in actions:  # one key per action
                actions.add(binding.action)
                keys.append(
                    FooterKey(key, app.get_key_display(binding), binding.description, enabled)
                )
        palette = None
        if app.ENABLE_COMMAND_PALETTE:
            active = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if active is not None:
                _node, binding, enabled, _tooltip = active
                palette = FooterKey(
                    binding.key, app.get_key_display(binding), binding.description, enabled
                )
        if tuple(keys) == self._keys and palette == self._palette:
            return False
        self._keys, self._palette = tuple(keys), palette
        return True

    def render(self) -> Text:
        if not self._keys and self._palette is None:
            self._read(self.screen)
        key_style = self.get_component_rich_style("key-footer--key", partial=True)
        description_style = self.get_component_rich_style(
            "key-footer--description", partial=True
        )
        width = self.size.width
        tail = Text()
        if self._palette is not None:
            tail.append(PALETTE_EDGE, self.get_component_rich_style("key-footer--edge"))
            tail.append(self._palette.display, key_style)
            tail.append(f" {self._palette.description} ", description_style)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for item in self._keys:
            dim = Style(dim=not item.enabled)
            start = line.cell_len
            line.append(f" {item.display} ", key_style + dim)
            line.append(f"{item.description} ", description_style + dim)
            self._spans.append((start, line.cell_len, item))
        room = max(0, width - tail.cell_len)
        line.truncate(room, pad=True)
        self._spans = [(start, min(end, room), item) for start, end, item in self._spans
                       if start < room]  # a cropped key is not clickable under the palette's
        if self._palette is not None:
            self._spans.append((room, width, self._palette))
        line.append_text(tail)
        return line

    def on_click(self, event: events.Click) -> None:
        event.stop()
        for start, end, item in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(item.key)  # a disabled key then says why, as when typed
                return
