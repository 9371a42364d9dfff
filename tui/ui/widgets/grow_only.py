"""Widgets of the detail pane whose height only grows while their width stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.widget import Widget

# A mixin listed before the widget class, not a Widget: Textual takes CSS and component classes
# from the first widget base only, so a Widget here would hide the real widget's.
if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object


class GrowOnlyHeight(_Base):
    """A shorter content leaves blank lines instead of moving every widget below it: Textual
    repaints a moved widget whole, and a whole scroll container when its content height
    changes. ``compact`` drops the blank lines (one layout pass), when the pane is opened to be
    read; a hidden widget is laid out afresh when it shows again."""

    _floor: tuple[int, int] = (0, 0)
    """(width, height) of the tallest content laid out at that width."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        height = super().get_content_height(container, viewport, width)
        floor_width, floor = self._floor
        if floor_width == width:
            height = max(height, floor)
        self._floor = (width, height)
        return height

    def compact(self) -> None:
        """Lay out at the content's own height again (a layout pass)."""
        self._floor = (0, 0)
        self.refresh(layout=True)
