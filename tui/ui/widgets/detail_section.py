"""One block of text in the detail pane, repainted cell by cell when another item is shown."""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from tui.ui.widgets.grow_only import GrowOnlyHeight
from tui.ui.widgets.repaint import changed_regions


class DetailSection(GrowOnlyHeight, Widget):
    """Text that repaints only the cells a new text changes.

    Its height only grows while the width stays (``GrowOnlyHeight``).
    """

    DEFAULT_CSS = "DetailSection { height: auto; }"

    def __init__(self, text: Text, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text

    def render(self) -> Text:
        return self._text

    def show(self, text: Text) -> None:
        old, self._text = self._text, text
        if old.plain == text.plain and old.spans == text.spans and old.style == text.style:
            return
        width, height = self.content_size
        if not self.region or not width:  # hidden: laid out afresh when it shows again
            self.compact()
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
