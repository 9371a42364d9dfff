"""The detail follows the cursor once it rests: one update and one jobs request per resting item."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import events
from ui_support import Harness, MakeApp, settle

from tui.ui.screens.connections import ConnectionsScreen


class DetailSpy:
    """Records every item the screen shows in its detail, and wakes a waiting test."""

    def __init__(self, screen: ConnectionsScreen, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[int] = []
        self.changed = asyncio.Event()
        original = screen.show_detail

        def show_detail(item: Any) -> None:
            original(item)
            self.shown.append(item.id)
            self.changed.set()

        monkeypatch.setattr(screen, "show_detail", show_detail)

    async def next_update(self) -> None:
        await asyncio.wait_for(self.changed.wait(), timeout=30)  # a guard, not a timing check
        self.changed.clear()


def jobs_asked(harness: Harness) -> list[str | None]:
    return [
        r.url.params.get("connection")
        for r in harness.transport.requests
        if r.url.path.startswith("/api/v2/jobs/alm")
    ]


def summary(screen: ConnectionsScreen) -> str:
    return str(screen.query_one("#detail-summary").render())


async def test_a_burst_of_cursor_keys_updates_the_detail_once_for_the_last_item(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        spy = DetailSpy(screen, monkeypatch)
        asked_before = len(jobs_asked(harness))
        screen.detail_delay = 3600.0  # the cursor never rests during the burst
        for _ in range(4):
            app.post_message(events.Key("down", None))
        await settle(app, pilot)
        assert screen.table.current_key == 5
        assert spy.shown == [] and screen.detail.item_id == 1
        assert jobs_asked(harness)[asked_before:] == []

        screen.detail_delay = 0.001  # the last key of the burst: now the cursor rests
        app.post_message(events.Key("down", None))
        await spy.next_update()
        await settle(app, pilot)
        assert spy.shown == [6]
        assert screen.detail.item_id == 6
        assert harness.state.connections[6]["alias"][:20] in summary(screen)
        assert jobs_asked(harness)[asked_before:] == ["6"]


async def test_a_single_key_shows_the_next_item_and_fetches_only_its_jobs(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        spy = DetailSpy(screen, monkeypatch)
        asked_before = len(jobs_asked(harness))
        await pilot.press("down")  # the default delay: the detail follows by itself
        await spy.next_update()
        await settle(app, pilot)
        assert spy.shown == [2]
        assert harness.state.connections[2]["alias"][:20] in summary(screen)
        assert "Loading" not in str(screen.query_one("#detail-related").render())
        assert jobs_asked(harness)[asked_before:] == ["2"]


async def test_enter_during_a_burst_opens_the_item_under_the_cursor(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        spy = DetailSpy(screen, monkeypatch)
        asked_before = len(jobs_asked(harness))
        screen.detail_delay = 3600.0
        for key in ("down", "down", "down", "enter"):
            app.post_message(events.Key(key, None))
        await settle(app, pilot)
        assert screen.detail_open
        assert spy.shown == [4]
        assert harness.state.connections[4]["alias"][:20] in summary(screen)
        assert jobs_asked(harness)[asked_before:] == ["4"]


async def test_a_jump_shows_its_item_at_once(
    make_app: MakeApp, harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        spy = DetailSpy(screen, monkeypatch)
        screen.detail_delay = 3600.0  # only a cursor key would wait for the cursor to rest
        assert screen.table.move_to(7)  # what the palette and a saved edit do
        await settle(app, pilot)
        assert spy.shown == [7]
        assert harness.state.connections[7]["alias"][:20] in summary(screen)
