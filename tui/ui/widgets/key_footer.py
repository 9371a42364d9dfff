"""The footer of key bindings: one line drawn as text, redrawn only when its keys change."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

PALETTE_EDGE = "▏"
PINNED = frozenset({"app.help", "app.quit"})
"""Shown whatever the width: the way to every other key, and the way out."""
TROUBLESHOOTING = ("list.left_out", "table.open", "list.test", "connections.sync",
                   "params.reveal", "list.failing", "list.filter", "list.refresh")
"""After those, the key to what a list left out (shown only then), and the keys of the
find-test-fix loop, most used first; then every other key in the order it is declared; the
app's own (1 2 3: switch lists, also in the palette) make way first."""


class FooterKey(NamedTuple):
    key: str
    """The key to simulate when the item is clicked."""
    display: str
    description: str
    enabled: bool
    rank: int = 0
    """Keys with a higher rank make way first when the line is too narrow for all."""

    @property
    def width(self) -> int:
        return cell_len(self.display) + cell_len(self.description) + 3  # " k " "description "


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
        "key-footer--disabled",
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
                keys.append(FooterKey(key, app.get_key_display(binding), binding.description,
                                      enabled, _rank(binding.id, len(keys))))
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
        # A theme colour rather than the terminal's faint text, which is not readable everywhere
        disabled = self.get_component_rich_style("key-footer--disabled", partial=True)
        for item in _fitting(self._keys, width - tail.cell_len):
            off = Style() if item.enabled else disabled
            start = line.cell_len
            line.append(f" {item.display} ", key_style + off)
            line.append(f"{item.description} ", description_style + off)
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


def _rank(binding_id: str | None, position: int) -> int:
    if binding_id in PINNED:
        return 0
    if binding_id in TROUBLESHOOTING:
        return 1 + TROUBLESHOOTING.index(binding_id)
    if binding_id and binding_id.startswith("app."):
        return 1000 + position
    return 100 + position


def _fitting(keys: tuple[FooterKey, ...], room: int) -> list[FooterKey]:
    """The keys that fit in ``room`` cells, taken by rank (not from the left), in their order."""
    kept: set[int] = set()
    used = 0
    for index in sorted(range(len(keys)), key=lambda i: keys[i].rank):  # pinned ones first
        if keys[index].rank == 0 or used + keys[index].width <= room:
            kept.add(index)
            used += keys[index].width
    return [key for index, key in enumerate(keys) if index in kept]
