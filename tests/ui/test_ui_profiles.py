"""Switching profiles from the command palette reloads the lists from the other server."""

from __future__ import annotations

import httpx
from textual.command import CommandPalette
from ui_support import FIXED_NOW, Harness, MakeApp, palette_highlight, settle, until

from tui.api.calllog import CallLog
from tui.api.client import AlmClient
from tui.emulator.app import create_app
from tui.emulator.state import EmulatorConfig, EmulatorState
from tui.ui.export import screen_text
from tui.ui.session import ServerInfo, Session


def other_server_session() -> Session:
    state = EmulatorState(EmulatorConfig(token="staging-token", connections=7, test_latency_ms=0))
    state.epoch0 = FIXED_NOW.timestamp()
    log = CallLog()
    client = AlmClient("https://staging.example.test", "staging-token",
                       transport=httpx.ASGITransport(app=create_app(state)), on_call=log.append)
    info = ServerInfo("https://staging.example.test", profile="staging", production=True)
    return Session(info, client, log, now=lambda: FIXED_NOW)


async def test_palette_switches_profile_and_reloads_lists(
    make_app: MakeApp, harness: Harness
) -> None:
    asked: list[str] = []

    async def switch(name: str) -> Session:
        asked.append(name)
        return other_server_session()

    app = make_app()
    app._profiles = ["prod", "staging"]
    app._switch_profile = switch
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")  # make the connectors screen live too
        await settle(app, pilot)
        await pilot.press("2")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "palette open")
        await pilot.press(*"Switch profile: staging")
        await until(
            pilot, lambda: "staging" in palette_highlight(app), "the profile command highlighted"
        )
        await pilot.press("enter")
        await settle(app, pilot)
        await settle(app, pilot)
        assert asked == ["staging"]
        text = screen_text(app)
        assert "staging @ staging.example.test" in text
        assert "PRODUCTION" in text
        total = app.screen.table.total
        assert total != 44 and f"[{total}/{total}]" in text
        await pilot.press("1")
        await settle(app, pilot)
        assert app.screen.session.info.host == "staging.example.test"
        assert "staging.example.test" in screen_text(app)


async def test_a_write_on_a_production_profile_asks_for_the_host_name(
    make_app: MakeApp, harness: Harness
) -> None:
    from tui.ui.screens.confirm import TypeToConfirm

    app = make_app(production=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.table.move_to(2)
        jobs = len(harness.state.jobs)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TypeToConfirm)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(harness.state.jobs) == jobs
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"emulator.tes")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TypeToConfirm)  # not the host yet
        await pilot.press("t", "enter")
        await settle(app, pilot)
        assert len(harness.state.jobs) == jobs + 1
