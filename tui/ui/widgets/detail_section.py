"""One block of text in the detail pane, repainted cell by cell when another item is shown."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from tui.ui.widgets.repaint import changed_regions


class DetailSection(Widget):
    """Text that repaints only the cells a new text changes.

    Its height only grows while the width stays: a shorter text leaves blank lines instead of
    moving every section below it (Textual repaints a moved widget whole, and a whole scroll
    container when the height of its content changes).
    """

    DEFAULT_CSS = "DetailSection { height: auto; }"

    def __init__(self, text: Text, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self._floor = (0, 0)  # (width, height)

    def render(self) -> Text:
        return self._text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        height = super().get_content_height(container, viewport, width)
        floor_width, floor = self._floor
        if floor_width == width:
            height = max(height, floor)
        self._floor = (width, height)
        return height

    def compact(self) -> None:
        """Drop the blank lines kept from taller texts (a layout pass: the pane moves)."""
        self._floor = (0, 0)
        self.refresh(layout=True)

    def show(self, text: Text) -> None:
        old, self._text = self._text, text
        if old.plain == text.plain and old.spans == text.spans and old.style == text.style:
            return
        width, height = self.content_size
        if not self.region or not width:  # hidden: laid out afresh when it shows again
            self._floor = (0, 0)
            self.refresh(layout=True)
            return
        after = self._lines(text, width)
        if len(after) > height:
            self.refresh(layout=True)
            return
        before = self._lines(old, width)
        blank = Strip.blank(width)
        pad = [blank] * height
        regions = changed_regions((before + pad)[:height], (after + pad)[:height])
        if regions:
            self.refresh(*regions)

    def _lines(self, text: Text, width: int) -> list[Strip]:
        visual: Visual = visualize(self, text, markup=False)
        return Visual.to_strips(self, visual, width, None, self.visual_style, pad=True)
