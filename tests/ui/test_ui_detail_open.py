"""Opening the detail shows it from its top (why it fails first) and every part of it is
reachable by keyboard, even on an 80x24 terminal."""

from __future__ import annotations

import pytest
from ui_support import MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.widgets.detail_section import DetailSection

LONG = "Synchronization failed: " + " ".join(f"word{i}" for i in range(60)) + " THE-END"


async def test_opening_the_detail_shows_its_top_and_focuses_the_pane(make_app: MakeApp) -> None:
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
        assert app.focused is detail


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["narrow", "wide"])
async def test_a_failed_connection_shows_why_before_its_params(
    make_app: MakeApp, harness: object, size: tuple[int, int]
) -> None:
    state = harness.state  # type: ignore[attr-defined]
    job = state.last_job(1)
    job["result_message"] = LONG
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # the first row: Rally Integration, its last sync failed
        await settle(app, pilot)
        text = screen_text(app)
        assert "✖ failed" in text.split("Parameters")[0]
        # The whole message, wrapped, is on the first screen and above the params.
        assert "THE-END" in text
        before_params = text.split("Parameters")[0] if "Parameters" in text else text
        assert "THE-END" in before_params


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["narrow", "wide"])
async def test_every_part_of_the_detail_is_reachable_by_keyboard(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        detail, params = screen.detail, screen.detail.params_table
        assert detail.max_scroll_y > 0, "the detail is longer than the screen"
        await pilot.press("end")
        await pilot.pause()
        assert detail.scroll_y == detail.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert detail.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert detail.scroll_y > 0
        await pilot.press("pageup", "ctrl+d")
        await pilot.pause()
        half = detail.scroll_y
        assert half > 0
        await pilot.press("ctrl+u", "j", "j")
        await pilot.pause()
        assert detail.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert detail.scroll_y == 1
        # Tab goes from section to section; on Parameters the table takes the keys (x reveals).
        titles = [
            str(w.render())
            for w in detail.query(".section-title")
            if isinstance(w, DetailSection) and w.display
        ]
        assert titles[0] == "Last job" and "Job history" in titles
        await pilot.press("g")
        seen = []
        for _ in titles:
            await pilot.press("tab")
            await pilot.pause()
            seen.append(app.focused)
        assert params in seen
        # PageDown and End from inside the params table do not stop at its last param.
        await pilot.press("g", "tab", "tab", "tab")
        await pilot.pause()
        assert app.focused is params
        await pilot.press("end")
        await pilot.pause()
        assert detail.scroll_y == detail.max_scroll_y
        assert app.focused is detail
        assert "Job history" in screen_text(app)


async def test_j_past_the_last_param_keeps_scrolling_the_detail(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        detail, params = screen.detail, screen.detail.params_table
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        assert app.focused is params
        for _ in range(params.total - 1):
            await pilot.press("j")
        await settle(app, pilot)
        row_y = params.region.y + 1 + params.cursor  # the cursor's row stays on screen
        assert detail.region.y <= row_y < detail.region.bottom
        before = detail.scroll_y
        await pilot.press("j", "j")
        await pilot.pause()
        assert app.focused is detail and detail.scroll_y > before
