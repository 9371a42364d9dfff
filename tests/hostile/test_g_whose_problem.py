"""Errors where they belong (issue 17, item 7): SD Elements out of reach is not the tracker's
failure, and a rejected token names its server once and ends the app with exit code 2."""

from __future__ import annotations

import httpx
from hostile_support import open_form, scripted, settle, spy_notes
from textual.widgets import Static
from ui_support import Harness, MakeApp

from tui.api.errors import CannotConnect, NotAuthenticated, TimedOut, ValidationFailed
from tui.ui.export import screen_text
from tui.ui.reach import unreachable_message
from tui.ui.screens.reauth import ReauthScreen

TEST_PATH = r"/testalm/$"


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def _unauthorized(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json={"detail": "Invalid token."})


def test_only_our_own_transport_errors_are_sde_out_of_reach() -> None:
    assert unreachable_message(CannotConnect("refused")) == (
        "could not reach SD Elements: Cannot connect: refused"
    )
    assert unreachable_message(TimedOut("no answer in 30 s")) is not None
    assert unreachable_message(ValidationFailed("bad host")) is None  # SD Elements answered
    assert unreachable_message(NotAuthenticated("no")) is None


async def test_a_test_that_cannot_reach_sde_is_not_the_trackers_failure(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        healthy = next(
            c for c in screen.session.connections.values() if not screen.is_failing(c)
        )
        assert screen.table.move_to(healthy.id)
        rules = scripted(harness)
        rules.on("POST", TEST_PATH, _refused)
        await pilot.press("t")
        await settle(app, pilot)
        row = screen.table.row_plain(healthy.id)
        assert "⚠ no SDE" in row and "✖ failed" not in row
        # In the Test cell only: Status and Last message still say how the last sync went.
        assert row.split()[:2] == ["✔", "ok"] and "could not reach SD" not in row
        assert ("Not tested", notes[-1][1]) == notes[-1] and "could not reach SD" in notes[-1][1]
        assert screen.session.last_test("connection", healthy.id) is None
        assert not screen.is_failing(healthy)  # ! does not count it
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert healthy.id not in screen.table.visible_keys
        await pilot.press("exclamation_mark")
        await settle(app, pilot)

        rules.rules.clear()  # SD Elements is back: its next answer clears the row
        await pilot.press("r")
        await settle(app, pilot)
        row = screen.table.row_plain(healthy.id)
        assert "no SDE" not in row and "could not reach" not in row


async def test_the_form_test_says_sde_could_not_be_reached(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        scripted(harness).on("POST", TEST_PATH, _refused)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        banner = str(screen.query_one("#form-banner").render())
        assert "could not reach SD Elements: Cannot connect" in banner
        assert "tracker was not tried" in banner and "Test failed" not in banner


async def test_the_reauth_prompt_names_the_server_once(make_app: MakeApp) -> None:
    app = make_app(token="wrong-token-G-1", token_source="env SDE_API_TOKEN")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReauthScreen)
        prompt = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert prompt.count("emulator.test") == 1
        assert "Token rejected by http://emulator.test (Invalid token.)." in prompt


async def test_a_rejected_token_at_start_up_declined_leaves_a_clear_state_and_exits_2(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(token="wrong-token-G-2", token_source="env SDE_API_TOKEN")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReauthScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Connections [token rejected]" in text
        assert "Re-enter API token" in text and "loading" not in text.lower()
        await pilot.press("1")  # another list meets the same 401: no second prompt
        await settle(app, pilot)
        assert not isinstance(app.screen, ReauthScreen)
        assert "Connectors [token rejected]" in screen_text(app)
        assert "loading" not in screen_text(app).lower()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2
    assert "wrong-token-G-2" not in repr(app._exit_renderables)


async def test_a_token_accepted_after_a_rejection_quits_with_0(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(token="wrong-token-G-3")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReauthScreen)
        await pilot.press(*harness.state.config.token, "enter")
        await settle(app, pilot)
        assert "Connections [44/44]" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_re_enter_token_from_the_palette_does_not_say_rejected(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.request_reauth(None)
        await pilot.pause()
        text = screen_text(app)
        assert "Re-enter API token" in text and "rejected" not in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
