"""Params as a table: secrets show only as set / not set until revealed on purpose with `x`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.widget import Widget

from tui.api.display import display_text
from tui.api.secrets import MASK, is_secret_key
from tui.ui.renderers.status import Palette
from tui.ui.widgets.grow_only import GrowOnlyHeight
from tui.ui.widgets.resource_table import Column, ResourceTable


@dataclass(frozen=True)
class ParamRow:
    key: str
    value: Any
    secret: bool


def describe_value(value: Any) -> str:
    """A param value as one line, with a type tag for anything that is not a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return f"{str(value).lower()} (bool)"
    if isinstance(value, int | float):
        return f"{value} ({type(value).__name__})"
    if value is None:
        return "null"
    return f"{json.dumps(value, ensure_ascii=False)[:500]} ({type(value).__name__})"


class ParamsTable(GrowOnlyHeight, ResourceTable[ParamRow]):
    """The params of one connector or connection; ``x`` reveals the selected secret."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "reveal", "Reveal secret", id="params.reveal"),
        # Paging keys scroll the detail around the table, so they never stop at the last param.
        Binding("pagedown", "pane('page_down')", "Page down", show=False, id="params.page_down"),
        Binding("pageup", "pane('page_up')", "Page up", show=False, id="params.page_up"),
        Binding("home,g", "pane('scroll_home')", "Top", show=False, id="params.top"),
        Binding("end,G", "pane('scroll_end')", "Bottom", show=False, id="params.bottom"),
        Binding("ctrl+d", "pane('half_page(1)')", "Half page down", show=False,
                id="params.half_down"),
        Binding("ctrl+u", "pane('half_page(-1)')", "Half page up", show=False,
                id="params.half_up"),
    ]

    DEFAULT_CSS = """
    ParamsTable { height: auto; max-height: 24; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        self._revealed: str | None = None
        self._palette = Palette()
        super().__init__(
            self._columns_def(),
            key_of=lambda row: row.key,
            search_text=lambda row: row.key,
            markable=False,
            empty_message="No parameters",
            id=id,
        )

    def _columns_def(self) -> list[Column[ParamRow]]:
        return [
            Column(
                "key",
                "Parameter",
                23,
                self._key_cell,
                sort_key=lambda r: r.key,
            ),
            Column("value", "Value", 16, self._value_cell, flex=1),
        ]

    def _key_cell(self, row: ParamRow) -> Text:
        name = display_text(row.key, scrub_secrets=False)
        if row.key == self._revealed:
            return Text(f"⚠ {name}", style=self._palette.warning)
        return Text(name)

    def _value_cell(self, row: ParamRow) -> Text:
        if not row.secret:
            return Text(display_text(describe_value(row.value)))
        if row.key == self._revealed and row.value not in (None, ""):
            return Text(
                display_text(row.value, max_chars=500, scrub_secrets=False),
                style=self._palette.warning + Style(reverse=True),
            )
        if row.value in (None, ""):
            return Text("not set", style=self._palette.muted)
        return Text(f"{MASK} set", style=self._palette.muted)

    def show(self, params: dict[str, Any] | None, masked_fields: frozenset[str]) -> None:
        """Another item's params: only the cells that differ are repainted, and the table grows
        (a layout pass) only past the most rows it has shown at this width."""
        self._revealed = None
        rows = [
            ParamRow(key, value, is_secret_key(key, masked_fields))
            for key, value in sorted((params or {}).items())
        ]
        if not self.region:  # hidden: laid out afresh when it shows again
            self._floor = (0, 0)
        self.replace_items(rows)
        if not self.region or len(rows) + 1 > self.size.height:
            self.refresh(layout=True)

    def set_palette(self, palette: Palette) -> None:
        self._palette = palette
        self.invalidate()

    @property
    def revealed(self) -> str | None:
        return self._revealed

    def action_reveal(self) -> None:
        row = self.current_item
        if row is None or not row.secret:
            self.notify(
                "Only secret parameters are masked.", title="Nothing to reveal", markup=False
            )
            return
        self._revealed = None if self._revealed == row.key else row.key
        self.invalidate()

    def action_pane(self, action: str) -> None:
        """Give the keys back to the detail pane around the table and run ``action`` there."""
        pane = self.parent
        if isinstance(pane, Widget):
            pane.focus(scroll_visible=False)
            self.call_later(pane.run_action, action)

    def action_cursor(self, delta: int) -> None:
        # Past the first or last param, j/k go on scrolling the detail instead of stopping.
        if (delta < 0 and self.cursor == 0) or (delta > 0 and self.cursor >= self.total - 1):
            self.action_pane("scroll_up" if delta < 0 else "scroll_down")
            return
        super().action_cursor(delta)

    def hide_secret(self) -> None:
        if self._revealed is not None:
            self._revealed = None
            self.invalidate()

    def _scroll_cursor_into_view(self) -> None:
        super()._scroll_cursor_into_view()
        # As tall as its rows, the table never scrolls itself: the detail pane around it does.
        # Keep the cursor's row in the pane's view while the table has the focus (browsing the
        # list re-fills the table, and must not move the pane).
        pane = self.parent
        if self.has_focus and isinstance(pane, Widget) and self.region:
            where = self.virtual_region
            row = Region(where.x, where.y + 1 + self.cursor, where.width, 1)  # 1: the header
            pane.scroll_to_region(row, animate=False, immediate=True)

    def on_resource_table_highlighted(self, event: ResourceTable.Highlighted) -> None:
        if event.table is self and event.key != self._revealed:
            self.hide_secret()

    def on_blur(self) -> None:
        super().on_blur()
        self.hide_secret()
