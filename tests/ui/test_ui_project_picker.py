"""The project picker: one enter picks the only or highlighted match, as in a palette."""

from __future__ import annotations

from typing import Any

from textual import events
from ui_support import MakeApp, settle

from tui.ui.screens.project_picker import ProjectPicker


async def _open(app: Any, pilot: Any, picked: list[Any]) -> ProjectPicker:
    await settle(app, pilot)
    picker = ProjectPicker(app.session.client)
    app.push_screen(picker, picked.append)
    await settle(app, pilot)
    assert app.screen is picker
    return picker


async def test_enter_typed_before_the_search_answers_picks_the_only_match(
    make_app: MakeApp,
) -> None:
    app = make_app()
    picked: list[Any] = []
    async with app.run_test(size=(120, 36)) as pilot:
        picker = await _open(app, pilot, picked)
        for char in "android":  # one burst, enter included: the search is still debouncing
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("enter", "\r"))
        await settle(app, pilot)
        assert app.screen is not picker
        assert [(p.id, p.name) for p in picked] == [(3, "Mobile Banking Android")]


async def test_down_moves_the_highlight_from_the_search_field_and_enter_picks_it(
    make_app: MakeApp,
) -> None:
    app = make_app()
    picked: list[Any] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(app, pilot, picked)
        await pilot.press(*"banking")
        await settle(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.query_one("#picker-search").has_focus
        await pilot.press("enter")
        await settle(app, pilot)
        assert [p.id for p in picked] == [3]  # iOS (2) first, Android (3) highlighted
