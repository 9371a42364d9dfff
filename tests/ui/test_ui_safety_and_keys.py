"""Hostile strings shown literally, keys discoverable and remappable, themes and NO_COLOR."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from ui_support import Harness, MakeApp, palette_highlight, settle, until

from tui.config.appearance import THEME_NAMES
from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.connectors import ConnectorsScreen
from tui.ui.screens.resource_screen import ResourceScreen
from tui.ui.widgets.params_table import ParamsTable
from tui.ui.widgets.resource_table import ResourceTable

HOSTILE = "[@click=app.quit]Refresh[/] [/x] [link=https://evil.example]x[/link] :warning:"


async def test_hostile_alias_and_message_render_literally_and_inertly(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.connections[1]["alias"] = HOSTILE
    harness.state.connectors[1]["name"] = "ok\x1b]52;c;Y3VybCBldmls\x07\x1b]0;title\x1b\\"
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert "[@click=app.quit]Refre" in screen.table.row_plain(1)
        await pilot.press("enter")
        await settle(app, pilot)
        summary = str(screen.query_one("#detail-summary").render())
        assert HOSTILE in summary
        await pilot.press("escape")
        await pilot.click("#list", offset=(20, 2))  # a click on the hostile cell runs nothing
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("1")
        await settle(app, pilot)
        text = screen_text(app)
        assert "\x1b" not in text
        assert "\\x1b]52;c;Y3VybCBldmls\\x07" in text
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"refresh")
        await settle(app, pilot)
        assert app.is_running


async def test_palette_jumps_to_a_connection_by_name(make_app: MakeApp, harness: Harness) -> None:
    target = harness.state.connections[12]["alias"]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "palette open")
        await pilot.press(*f"connection: {target}")
        await until(
            pilot, lambda: target in palette_highlight(app), "the connection highlighted"
        )
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        assert screen.table.current_key == 12
        assert screen.detail_open


def _all_bindings() -> list[tuple[str, Binding]]:
    owners = [SdeAlmApp, ConnectionsScreen, ConnectorsScreen, ResourceScreen, ResourceTable,
              ParamsTable]
    found = []
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding), f"{owner.__name__}: use Binding(..., id=)"
            found.append((owner.__name__, binding))
    return found


def test_every_binding_has_an_id() -> None:
    missing = [f"{owner}:{b.key}" for owner, b in _all_bindings() if not b.id]
    assert missing == []


async def test_a_keymap_remaps_a_binding_by_id(make_app: MakeApp) -> None:
    app = make_app(keymap={"list.refresh": "f5"})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        before = len(screen.session.call_log)
        await pilot.press("f5")
        await settle(app, pilot)
        assert len(screen.session.call_log) > before
        assert "f5" in screen.active_bindings


@pytest.mark.parametrize("theme", THEME_NAMES)
async def test_status_words_show_on_every_theme(make_app: MakeApp, theme: str) -> None:
    app = make_app()
    app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "failed" in text and "ok" in text


async def test_no_color_keeps_glyphs_and_words(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "✖ failed" in text and "✔ ok" in text


async def test_disabled_sync_is_dimmed_in_read_only_mode(make_app: MakeApp) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.disabled_reason("sync") == "Read-only mode: syncs are writes."
        assert screen.active_bindings["s"].enabled is False
        assert "READ-ONLY" in screen_text(app)
