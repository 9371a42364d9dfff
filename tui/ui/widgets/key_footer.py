"""The footer of key bindings, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's ``Footer``, minus the rebuilds that would draw the same keys again.

    ``Footer`` recomposes (a dozen widgets mounted and styled) whenever the screen announces that
    bindings may have changed: on every focus change and stack update, which start-up and a 10k
    load do several times while the keys stay the same (~0.1 s of a load, profiled). This one
    remembers what it last drew and only rebuilds when that differs.
    """

    _drawn: Hashable | None = None

    def _shown(self, screen: Screen[object]) -> Hashable:
        keys = tuple(
            (key, self.app.get_key_display(binding), binding.description, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show
        )
        return (keys, self.show_command_palette, self.compact)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._drawn = self._shown(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        if (
            self._bindings_ready
            and self._drawn is not None
            and self.is_attached
            and screen is self.screen
            and self._shown(screen) == self._drawn
        ):
            return
        super().bindings_changed(screen)
