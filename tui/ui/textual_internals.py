"""Every private Textual attribute sde-alm touches, each with why there is no public way.

textual is pinned below 9; ``tests/ui/test_textual_internals.py`` fails loudly if an upgrade
removes or renames any of them. Two private hooks are overridden rather than called, so they
cannot live here; ``OVERRIDDEN_HOOKS`` names them for that test:

- ``App._handle_exception`` (``tui/ui/app.py``): Textual's crash report prints every local,
  secrets too; the app hands it a scrubbed error instead.
- ``ScrollView._size_updated`` (``ResourceTable``): a layout pass anywhere on the screen would
  otherwise repaint the table's scrollbar; only a change of the table's own size counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from rich.console import RenderableType
from textual.app import App
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView

OVERRIDDEN_HOOKS: tuple[tuple[type[Any], str], ...] = (
    (App, "_handle_exception"),
    (ScrollView, "_size_updated"),
)


def css_generation(node: DOMNode) -> int | None:
    """How many times ``node``'s CSS was invalidated (``_css_update_count``); None if unknown.

    A new screen starts a generation behind the app, which costs a full restyle before its first
    frame; ``BaseScreen`` compares the two to skip that while nothing changed. Read with a
    default: if the attribute went away, start-up is only slower.
    """
    count = getattr(node, "_css_update_count", None)
    return count if isinstance(count, int) else None


def mark_css_current(screen: Screen[Any], generation: int) -> None:
    """Tell Textual ``screen``'s styles match the app's CSS ``generation`` (see css_generation)."""
    screen._css_update_count = generation


def render_screen(app: App[Any]) -> RenderableType:
    """The whole terminal as Rich segments, background screens included.

    Textual's public export is an SVG; the plain text that screenshots, text snapshots and the
    leak audit read needs the compositor's own update.
    """
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return cast(RenderableType, update)  # None only for a partial update, never for full=True


def all_screens(app: App[Any]) -> Iterator[Screen[Any]]:
    """Every screen on every mode's stack (``App.screen_stack`` is the current mode's only)."""
    for stack in app._screen_stacks.values():
        yield from stack


def update_scrollbars(view: ScrollView, virtual_size: Size) -> None:
    """Re-measure ``view``'s scrollbars for ``virtual_size`` without a layout of the screen.

    Setting ``virtual_size`` as a reactive lays the whole screen out again; Textual's own
    ``_size_updated`` calls ``_scroll_update`` for just this.
    """
    view._scroll_update(virtual_size)
