"""The header's polling and retry lines stay true: a wait counts down, a warning goes away once
polling answers again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from ui_support import Harness, MakeApp, settle

from tui.api.calllog import CallRecord
from tui.ui.retry_countdown import RetryCountdown
from tui.ui.screens.connections import ConnectionsScreen


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def record(path: str, retry_in: float | None, error: str | None = "Rate limited") -> CallRecord:
    return CallRecord("GET", path, 429, 1.0, datetime.now(UTC), error, 1, retry_in)


async def test_the_retry_countdown_counts_down_and_ends(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        shown: list[str] = []
        clock = Clock()
        countdown = RetryCountdown(screen, shown.append, clock=clock)
        countdown._on_call(record("/a", 5.0))
        assert shown[-1] == "⏳ Rate limited: retrying in 5s (esc cancels)"
        for left in (4, 3, 2, 1):
            clock.now += 1
            countdown._tick()  # what the one-second interval does
            assert shown[-1] == f"⏳ Rate limited: retrying in {left}s (esc cancels)"
        # Another request answering meanwhile does not end this wait.
        countdown._on_call(record("/b", None, None))
        assert countdown.active and shown[-1].endswith("in 1s (esc cancels)")
        clock.now += 1
        countdown._tick()
        assert not countdown.active and shown[-1] == ""


async def test_the_countdown_ends_when_its_request_answers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        shown: list[str] = []
        countdown = RetryCountdown(app.screen, shown.append, clock=Clock())
        countdown._on_call(record("/a", 5.0))
        countdown._on_call(record("/a", None, None))
        assert not countdown.active and shown[-1] == ""


async def test_a_polling_warning_clears_when_the_next_poll_answers(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen: Any = app.screen
        assert isinstance(screen, ConnectionsScreen)
        assert screen.running_ids()  # the demo has a running sync: polling is on
        if screen._poll_timer is not None:
            screen._poll_timer.stop()
            screen._poll_timer = None
        harness.transport.fault = lambda request: httpx.Response(500, text="boom")
        screen._poll_running()  # the poll timer's work, now
        await settle(app, pilot)
        assert "⚠ polling failed" in screen.header.status
        harness.transport.fault = None
        if screen._poll_timer is not None:
            screen._poll_timer.stop()
            screen._poll_timer = None
        screen._poll_running()
        await settle(app, pilot)
        assert "polling" not in screen.header.status
