"""The list filter: every term must match, the filter stays in sight, a key clears it."""

from __future__ import annotations

from ui_support import Harness, MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.widgets.key_footer import KeyFooter


async def test_every_space_separated_term_must_match_in_any_case(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.connections[1]["alias"] = "Fraud desk 12"
    harness.state.connections[2]["alias"] = "Fraud desk 3"
    harness.state.connections[3]["alias"] = "Payments 12"
    harness.state.connections[4]["alias"] = "Fraud ops 12"
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *"FRAUD  12")
        await settle(app, pilot)
        shown = screen.table.visible_keys
        assert {1, 4} <= set(shown) and 2 not in shown and 3 not in shown
        for key in shown:
            text = screen.search_text(screen.table.get(key)).lower()
            assert "fraud" in text and "12" in text
        await pilot.press(*" Desk")  # a third term narrows further
        await settle(app, pilot)
        shown = screen.table.visible_keys
        assert 1 in shown and 4 not in shown


async def test_the_filter_stays_in_the_header_after_enter_and_the_clear_key_resets_it(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        assert "Clear filter" not in str(footer.render())
        await pilot.press("slash", *"jira")
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.table.has_focus
        assert not screen.query_one("#filter").display  # the input closed...
        filtered = screen.table.visible_count
        assert f"Connections [{filtered}/44] filter: jira" in screen_text(app)  # ...not the filter
        assert "^u Clear filter" in str(footer.render())
        await pilot.press("ctrl+u")
        await settle(app, pilot)
        assert screen.table.visible_count == 44
        assert "filter:" not in screen_text(app)
        assert "Clear filter" not in str(footer.render())


async def test_esc_still_clears_a_filter_whose_input_is_closed(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"jira", "enter")
        await settle(app, pilot)
        assert app.screen.table.visible_count < 44
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.table.visible_count == 44
