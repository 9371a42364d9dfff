"""A secret revealed with `x` hides again on anything that takes the eye away from it."""

from __future__ import annotations

import pytest
from ui_support import Harness, MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen


@pytest.mark.parametrize(
    "keys",
    [("question_mark",), ("ctrl+p",), ("1",), ("3",), ("T",), ("e",)],
    ids=["help", "palette", "connectors view", "api log", "bulk question", "edit form"],
)
async def test_a_revealed_secret_hides_when_another_screen_covers_it(
    make_app: MakeApp, harness: Harness, keys: tuple[str, ...]
) -> None:
    connector = harness.state.connectors[harness.state.connections[1]["connector"]]
    secret = connector["params"]["alm_pass"]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        await pilot.press("enter", "tab", "tab", "tab")
        await settle(app, pilot)
        params = screen.detail.params_table
        assert app.focused is params
        params.move_to("alm_pass")
        await pilot.press("x")
        await pilot.pause()
        assert params.revealed == "alm_pass" and secret in screen_text(app)
        await pilot.press(*keys)
        await pilot.pause()
        assert app.screen is not screen
        assert params.revealed is None
        await pilot.press("escape")
        if keys == ("1",) or keys == ("3",):
            await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        assert secret not in screen_text(app)
