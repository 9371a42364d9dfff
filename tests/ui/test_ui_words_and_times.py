"""One vocabulary and one time format on screen: the list, the detail, job history, the header."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import httpx
import pytest
from ui_support import FIXED_NOW, Harness, MakeApp, settle

from tui.api.models import job_outcome
from tui.api.outcome import outcome_parts
from tui.api.times import human_time
from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.widgets.app_header import AppHeader
from tui.ui.widgets.detail_section import DetailSection


@pytest.fixture(autouse=True)
def kolkata() -> Iterator[None]:
    """A half-hour offset: a time printed in UTC can never pass for the local one."""
    os.environ["TZ"] = "Asia/Kolkata"
    time.tzset()
    yield  # the suite's autouse fixture puts UTC back


def section(app: SdeAlmApp, widget_id: str) -> str:
    return app.screen.query_one(f"#{widget_id}", DetailSection).render().plain


def header(app: SdeAlmApp) -> str:
    widget = app.screen.query_one(AppHeader)
    return f"{widget.counts} {widget.status}"


async def test_the_detail_shows_local_time_with_the_age_and_the_lists_word(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        failed = next(c for c in screen.session.connections.values() if c.status == "failed")
        assert failed.last_job is not None and failed.last_job.last_run is not None
        screen.table.move_to(failed.id)
        screen.flush_detail()
        await settle(app, pilot)
        last_job = section(app, "detail-last-job")
        stamp = human_time(failed.last_job.last_run, FIXED_NOW)
        assert f"Run at       {stamp}" in last_job
        assert "ago)" in stamp and "+00:00" not in last_job and "T" not in stamp
        # The detail's outcome reads as the list's Status cell does.
        assert "Outcome      ✖ failed" in last_job
        assert "✖ failed" in screen.table.row_plain(failed.id)


async def test_job_history_uses_the_same_words_and_times(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        c = next(c for c in screen.session.connections.values() if c.last_job is not None)
        screen.table.move_to(c.id)
        screen.flush_detail()
        await settle(app, pilot)
        history = section(app, "detail-related")
        jobs = await screen.session.client.list_jobs(connection=c.id)
        assert jobs.items
        for job in jobs.items:
            glyph, word, _ = outcome_parts(job_outcome(job))
            line = next(line for line in history.splitlines() if line.startswith(f"#{job.id} "))
            assert f"{glyph} {word}" in line
            assert human_time(job.last_run, FIXED_NOW) in line


async def test_a_failed_first_load_never_says_loading(make_app: MakeApp, harness: Harness) -> None:
    harness.transport.fault = lambda request: httpx.Response(503, text="down")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        said = header(app)
        assert "[load failed]" in said and "loading" not in said
        assert "at 17:30:00" in said  # FIXED_NOW (12:00 UTC) in Kolkata


async def test_a_failed_refresh_keeps_the_counts_and_says_so_once(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        harness.transport.fault = lambda request: httpx.Response(503, text="down")
        await pilot.press("r")
        await settle(app, pilot)
        said = header(app)
        assert said.startswith("[44/44]")
        assert "refresh failed at 17:30:00" in said
        assert "loading" not in said and "refreshing" not in said
        assert "loading" not in screen_text(app).lower().split("\n")[0]


async def test_esc_during_the_first_loads_retry_wait_says_not_loaded(
    make_app: MakeApp, harness: Harness
) -> None:
    transport = harness.transport
    transport.fault = lambda request: httpx.Response(
        503, text="busy", headers={"Retry-After": "5"}
    )
    # A retry (a URL asked before) waits at the gate, so the countdown is still on screen.
    gate = transport.hold(lambda r: [x.url for x in transport.requests].count(r.url) > 1)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        for _ in range(200):
            if screen.retry_wait.active and transport.held:
                break
            await pilot.pause()
        assert screen.retry_wait.active
        await pilot.press("escape")
        await pilot.pause()
        said = header(app)
        assert "[not loaded]" in said and "refresh cancelled" in said
        assert "loading" not in said
        gate.set()
