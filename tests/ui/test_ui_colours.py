"""Text is drawn in a colour that shows on its background (a start-up shortcut once drew the
first screen foreground-on-background: every row invisible; text snapshots cannot see that)."""

from __future__ import annotations

import pytest
from ui_support import MakeApp, settle

from tui.config.appearance import THEME_NAMES
from tui.ui.widgets.resource_table import ResourceTable


# The ansi-* themes leave text and background to the terminal ("default" on "default"):
# test_ui_readable_colours.py judges those.
@pytest.mark.parametrize("theme", [name for name in THEME_NAMES if name.startswith("sde-")])
async def test_list_rows_and_detail_text_have_a_visible_foreground(
    make_app: MakeApp, theme: str
) -> None:
    app = make_app()
    app.theme = theme
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for widget in (app.screen.query_one(ResourceTable), app.screen.detail):
            assert widget.visual_style.foreground is not None
            assert widget.visual_style.foreground.a > 0, f"{widget!r} text is transparent"
        table = app.screen.query_one(ResourceTable)
        row = table.render_line(3)  # a row below the cursor
        styles = [segment.style for segment in row if segment.text.strip()]
        assert styles
        for style in styles:
            assert style is not None and style.color is not None
            assert style.color != style.bgcolor, f"text drawn in its background colour: {style}"
