"""Bulk tests an admin can trust (asks before many logins, clears marks) and a cursor that
lands on the first match of a filter."""

from __future__ import annotations

from ui_support import Harness, MakeApp, settle

from tui.ui.screens.confirm import YesNo
from tui.ui.screens.connections import ConnectionsScreen


def count_testalm(harness: Harness) -> int:
    return sum("testalm" in r.url.path for r in harness.transport.requests)


async def test_T_with_nothing_marked_asks_before_testing_many_rows(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("T")
        await pilot.pause()  # not settle: the question waits for an answer
        assert isinstance(app.screen, YesNo)
        assert "44" in str(app.screen.query_one("Static").render())
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, ConnectionsScreen)
        assert count_testalm(harness) == 0
        await pilot.press("T", "y")
        await settle(app, pilot)
        assert count_testalm(harness) == 44


async def test_T_on_a_few_rows_runs_at_once(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"Rally", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        assert 1 < screen.table.visible_count <= 5
        await pilot.press("T")
        await settle(app, pilot)
        assert isinstance(app.screen, ConnectionsScreen)
        assert count_testalm(harness) == screen.table.visible_count


async def test_marks_are_cleared_after_a_run_and_a_marks_all_or_none(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        await pilot.press("a")
        await pilot.pause()
        assert screen.table.marked == frozenset(screen.table.visible_keys)
        await pilot.press("a")
        await pilot.pause()
        assert screen.table.marked == frozenset()
        await pilot.press("space", "space")
        await pilot.press("T")  # marked rows: no question, whatever their number
        await settle(app, pilot)
        assert count_testalm(harness) == 2
        assert screen.table.marked == frozenset()


async def test_a_filter_and_failing_put_the_cursor_on_the_first_match(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(20)
        await settle(app, pilot)
        await pilot.press("slash", *"jira")
        await settle(app, pilot)
        screen.flush_detail()  # typing waits for the cursor to rest before the detail follows
        assert screen.table.cursor == 0
        assert screen.detail.item_id == screen.table.visible_keys[0]
        await pilot.press("escape")
        await settle(app, pilot)
        screen.table.move_to(2)  # ok: not failing
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert screen.table.cursor == 0
        assert screen.detail.item_id == screen.table.visible_keys[0]


async def test_a_filter_matching_nothing_clears_the_detail(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()
        await settle(app, pilot)
        assert screen.detail.item_id == 1
        await pilot.press("slash", *"zzz-nothing")
        await settle(app, pilot)
        screen.flush_detail()
        assert screen.table.visible_count == 0
        assert screen.detail.item_id is None
        text = str(screen.query_one("#detail-summary").render())
        assert "match" in text and "Rally" not in text
        assert not screen.query_one("#detail-params").display
        await pilot.press(*["backspace"] * len("zzz-nothing"))
        await settle(app, pilot)
        screen.flush_detail()
        assert screen.detail.item_id == screen.table.current_key
        assert screen.query_one("#detail-params").display
