"""Group E: authentication and authorization faults, on the screens and the command line.

Token files, token env values and cookies are covered in ``tests/config`` and ``tests/api``
(see CASES.md); these check what the app does when the server says no.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hostile_support import (
    json_answer,
    open_form,
    save_through_diff,
    scripted,
    set_field,
    settle,
    spy_notes,
)
from ui_support import Harness, MakeApp

from tui.emulator.server import EmulatorServer
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.reauth import ReauthScreen

READ_TOKEN = "read-only-token"  # tests/conftest.py gives the emulator this read-only token
UNAUTHORIZED = {"detail": "Invalid token."}


def _unauthorized(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json=UNAUTHORIZED, headers={"WWW-Authenticate": "Token"})


async def _running_screen(app: object, pilot: object) -> ConnectionsScreen:
    await settle(app, pilot)
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ConnectionsScreen)
    await pilot.press("s")  # type: ignore[attr-defined]
    await settle(app, pilot)
    assert screen.running_ids()
    return screen


async def test_E1_a_401_is_not_retried_in_a_loop(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        harness.transport.fault = _unauthorized
        before = len(harness.transport.requests)
        await pilot.press("r")
        await settle(app, pilot)
        lists = [
            r
            for r in harness.transport.requests[before:]
            if r.url.path == "/api/v2/connections/alm/"
        ]
        assert len(lists) == 1
        listing = app.screen_stack[0]  # under the re-authentication prompt
        assert listing.table.total == 44  # what was shown stays


async def test_E1_a_401_during_a_save_keeps_the_form_and_the_draft(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        scripted(harness).on("PATCH", r"/connections/alm/3/$", _unauthorized)
        set_field(screen, "params.alm_project", "TYPED-BEFORE-401")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert isinstance(app.screen, ReauthScreen)  # over the form, which keeps the draft
        assert app.screen_stack[-2] is screen
        assert screen.draft.values["params.alm_project"] == "TYPED-BEFORE-401"
        banner = str(screen.query_one("#form-banner").render())
        assert "Not authenticated" in banner and "still here" in banner


async def test_E1_a_401_stops_background_polling(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _running_screen(app, pilot)
        harness.transport.fault = _unauthorized
        screen._poll_running()
        await settle(app, pilot)
        assert screen._poll_timer is None


async def test_E1_a_401_mid_session_opens_a_re_authentication_prompt(
    make_app: MakeApp, harness: Harness
) -> None:
    """The prompt takes a new token (memory only) and runs the failed refresh again, once."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        harness.transport.fault = _unauthorized
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReauthScreen)
        assert "token came from" in screen_text(app).lower()
        harness.transport.fault = None
        harness.state.config.token = "fresh-token-E1-4444"  # the server's token was rotated
        before = len(harness.transport.requests)
        await pilot.press(*"fresh-token-E1-4444", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ReauthScreen)
        again = [
            r
            for r in harness.transport.requests[before:]
            if r.url.path == "/api/v2/connections/alm/"
        ]
        assert len(again) == 1
        assert again[0].headers["Authorization"] == "Token fresh-token-E1-4444"
        assert "fresh-token-E1-4444" not in screen_text(app)


async def test_E2_a_rejected_token_names_the_server_never_the_token(
    make_app: MakeApp,
) -> None:
    wrong = "wrong-token-E2-55555"
    app = make_app(token=wrong)
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app) + repr(notes)
    assert "Token rejected by http://emulator.test" in shown
    assert wrong not in shown


def test_E2_the_command_line_says_where_the_token_came_from(
    live_emulator: tuple[str, EmulatorServer],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from tui.cli.main import main

    url, _ = live_emulator
    wrong = "wrong-token-E2-cli-777"
    monkeypatch.setenv("SDE_ALM_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("SDE_SERVER", url)
    monkeypatch.setenv("SDE_API_TOKEN", wrong)
    for name in ("SDE_PROFILE", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert main(["connections", "list"]) == 2
    err = capsys.readouterr().err
    assert f"Token rejected by {url}" in err and "SDE_API_TOKEN" in err
    assert wrong not in err


async def test_E2_the_app_says_where_the_token_came_from(make_app: MakeApp) -> None:
    app = make_app(token="wrong-token-E2-66666", token_source="env SDE_API_TOKEN")
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
    assert any("token came from env SDE_API_TOKEN" in message for _, message in notes)


async def test_E3_no_permission_for_params_shows_the_rest_and_blocks_param_edits(
    make_app: MakeApp,
) -> None:
    app = make_app(token=READ_TOKEN)
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.table.total == 44  # not treated as a logout
        note = screen.query_one("#params-note").render().plain
        assert note.startswith("No permission to view parameters")
        assert "Frequency" in screen.query_one("#detail-facts").render().plain
        await pilot.press("E")
        await settle(app, pilot)
        assert isinstance(app.screen, ConnectionsScreen)
        assert any("editing them is disabled rather than sending blanks" in m for _, m in notes)


async def test_E4_a_403_on_save_keeps_the_draft_and_names_the_permission(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        app.session.client.replace_token(READ_TOKEN)  # the permission went while typing
        set_field(screen, "alias", "Typed while not allowed")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert app.screen is screen
        assert screen.draft.values["alias"] == "Typed while not allowed"
        text = screen_text(app)
        assert "Permission denied" in text and "Edit ALM connections" in text
    assert harness.state.connections[3]["alias"] != "Typed while not allowed"


async def test_E8_a_connection_deleted_meanwhile_is_reported_and_the_draft_kept(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "alias", "Draft of a deleted connection")
        await pilot.pause()
        del harness.state.connections[3]
        await save_through_diff(app, pilot)
        assert app.screen is screen
        assert "deleted by someone else" in screen_text(app)
        assert screen.draft.values["alias"] == "Draft of a deleted connection"


async def test_E8_a_404_for_a_listed_connection_refreshes_the_list(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        scripted(harness).on(
            "POST", r"/jobs/alm/$", json_answer({"detail": "Not found."}, status=404)
        )
        del harness.state.connections[1]
        screen.table.move_to(1)
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.table.get(1) is None
