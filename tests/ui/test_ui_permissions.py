"""Write keys follow what the server says the token may do, as they follow --read-only."""

from __future__ import annotations

from typing import Any

from ui_support import Harness, MakeApp, settle

from tui.ui.screens.connections import ConnectionsScreen

WRITE_KEYS = {"e": "edit", "n": "new", "d": "delete", "E": "edit_params", "s": "sync"}


def spy_notes(app: Any) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, *, title: str = "", **kw: Any) -> None:
        notes.append((str(title), str(message)))
        original(message, title=title, **kw)

    app.notify = notify
    return notes


async def test_hidden_params_dim_every_write_key_and_say_why(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(token=harness.state.config.read_token)
    notes = spy_notes(app)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(2)  # a connection that can sync
        await settle(app, pilot)
        for key, action in WRITE_KEYS.items():
            assert screen.active_bindings[key].enabled is False, key
            assert "Edit ALM connections" in (screen.disabled_reason(action) or "") or (
                action == "edit_params"
            ), key
        await pilot.press("s")
        await settle(app, pilot)
        assert notes[-1][0] == "Sync unavailable"
        assert "token lacks 'Edit ALM connections'" in notes[-1][1]
        assert not [r for r in harness.transport.requests if r.method == "POST"]


async def test_a_403_on_a_write_dims_the_write_keys(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(2)
        await settle(app, pilot)
        assert all(screen.active_bindings[k].enabled for k in WRITE_KEYS)
        app.session.client.replace_token(harness.state.config.read_token)
        await pilot.press("s")  # the server answers 403
        await settle(app, pilot)
        for key, action in WRITE_KEYS.items():
            assert screen.active_bindings[key].enabled is False, key
            assert "refused a sync" in (screen.disabled_reason(action) or ""), key


async def test_a_full_token_keeps_the_write_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(2)
        await settle(app, pilot)
        assert app.session.write_denied is None
        assert all(screen.active_bindings[k].enabled for k in WRITE_KEYS)
