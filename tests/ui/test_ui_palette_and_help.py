"""The palette keeps the keys typed right after ctrl+p, ranks jumps by score and marks the
profile in use; help names keys as their keycaps read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.command import CommandInput, CommandPalette
from textual.widgets import Static
from ui_support import MakeApp, settle

from tui.ui.commands import JUMP_LIMIT, JumpProvider
from tui.ui.export import screen_text
from tui.ui.screens.help import HelpScreen


async def test_keys_typed_in_one_burst_after_the_first_ctrl_p_reach_the_palette(
    make_app: MakeApp,
) -> None:
    """A real terminal delivers ctrl+p and the next letters in one read; none may go astray."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        requests = len(app.session.call_log)
        app.post_message(events.Key("ctrl+p", None))
        for char in "refresh":
            app.post_message(events.Key(char, char))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).value == "refresh"
        assert len(app.session.call_log) == requests  # `r` did not refresh the list behind


async def test_jumps_are_the_best_scored_matches_not_the_first_found(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nothing() -> None:
        return None

    weak = [(f"connection: g-a-t-e (#{i})", "", nothing) for i in range(1, 3 * JUMP_LIMIT)]
    best = ("connection: gate (#999)", "", nothing)
    candidates: list[tuple[str, str, Callable[[], object]]] = [*weak, best]
    monkeypatch.setattr(JumpProvider, "_candidates", lambda self: candidates)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        provider = JumpProvider(app.screen)
        hits = [hit async for hit in provider.search("gate")]
        assert len(hits) == JUMP_LIMIT
        assert hits[0].text == best[0]
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


async def test_switch_profile_marks_the_profile_in_use(make_app: MakeApp) -> None:
    app = make_app()
    app._profiles = ["prod", "test"]
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"switch profile")
        await settle(app, pilot)
        lines = screen_text(app).splitlines()
        assert any("Switch profile: test  ● in use" in line for line in lines)
        prod = [line for line in lines if "Switch profile: prod" in line]
        assert prod and "in use" not in prod[0]


async def test_help_names_keys_as_their_keycaps_and_lists_vim_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "".join(str(part.render()) for part in app.screen.query(Static))
        for shown in ("↑ / k", "↓ / j", "Home / g", "End / G", "PgUp", "PgDn", "Enter",
                      "Space", "Esc ", "? / F1"):
            assert shown in text, shown
        for raw in ("escape", "pageup", "pagedown", "question_mark", " space "):
            assert raw not in text, raw
