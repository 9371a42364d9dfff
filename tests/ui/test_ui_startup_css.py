"""The first screen is styled once: no second parse of every stylesheet before it shows."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet
from ui_support import MakeApp, settle


def count_reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        calls[0] += 1
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


async def test_start_up_does_not_reparse_the_stylesheet(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    reparses = count_reparses(monkeypatch)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert reparses[0] == 0
        await pilot.press("1")  # another mode's first screen: no re-parse either
        await settle(app, pilot)
        assert reparses[0] == 0


async def test_a_theme_chosen_before_start_still_restyles(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    reparses = count_reparses(monkeypatch)
    app = make_app()
    app.theme = "sde-light"  # the stylesheet was built for the default theme
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert reparses[0] >= 1
        assert app.stylesheet._variables["foreground"] == app.get_css_variables()["foreground"]
