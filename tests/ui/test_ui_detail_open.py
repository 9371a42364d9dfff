"""Opening the detail shows it from its top: what the item is comes first."""

from __future__ import annotations

from ui_support import MakeApp, settle

from tui.ui.screens.connections import ConnectionsScreen


async def test_opening_the_detail_shows_its_top_and_focuses_the_params(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:  # short: the detail pane scrolls
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()
        await settle(app, pilot)
        detail = screen.detail
        detail.scroll_end(animate=False)
        await pilot.pause()
        assert detail.scroll_y > 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert detail.scroll_y == 0
        assert app.focused is detail.params_table


async def test_the_pane_follows_the_params_cursor_past_its_bottom(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: the detail replaces the list
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        detail, params = screen.detail, screen.detail.params_table
        assert app.focused is params and detail.scroll_y == 0
        for _ in range(params.total - 1):
            await pilot.press("down")
        await settle(app, pilot)
        row_y = params.region.y + 1 + params.cursor  # the cursor's row on screen
        assert detail.scroll_y > 0
        assert detail.region.y <= row_y < detail.region.bottom
