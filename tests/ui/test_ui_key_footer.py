"""The key footer redraws when the keys it shows change, and only then."""

from __future__ import annotations

from typing import Any

from ui_support import MakeApp, settle

from tui.ui.export import screen_text
from tui.ui.widgets.key_footer import KeyFooter


def count_rebuilds(footer: KeyFooter) -> list[int]:
    calls = [0]
    recompose = footer.recompose

    async def counted() -> Any:
        calls[0] += 1
        return await recompose()

    footer.recompose = counted  # type: ignore[method-assign]
    return calls


async def test_same_keys_announced_again_do_not_rebuild_the_footer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        rebuilds = count_rebuilds(footer)
        for _ in range(3):
            app.screen.refresh_bindings()  # what every focus change and stack update does
            await pilot.pause()
        assert rebuilds[0] == 0
        assert "r Refresh" in screen_text(app)


async def test_changed_keys_rebuild_the_footer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyFooter)
        rebuilds = count_rebuilds(footer)
        assert "Clear filter" not in screen_text(app)
        await pilot.press("slash")  # the filter input has the focus: its keys join the footer
        await settle(app, pilot)
        assert rebuilds[0] >= 1
        assert "esc Clear filter" in screen_text(app)
