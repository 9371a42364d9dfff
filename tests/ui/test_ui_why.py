"""Why a row fails: sync status and test result keep their own places, `!` says which failed,
`m` shows (and copies) the whole message without opening the detail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from ui_support import Harness, MakeApp, settle

from tui.api.models import Connection, LastJob, job_outcome
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.widgets.detail_section import DetailSection

LONG = "Synchronization failed: " + " ".join(f"word{i}" for i in range(80)) + " THE-END"


def spy_notes(app: Any) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, *, title: str = "", **kw: Any) -> None:
        notes.append((str(title), str(message)))
        original(message, title=title, **kw)

    app.notify = notify
    return notes


def section(screen: ConnectionsScreen, name: str) -> str:
    return str(screen.query_one(f"#{name}", DetailSection).render())


def test_one_rule_decides_a_job_outcome() -> None:
    assert job_outcome(LastJob(ready=False, succeeded=False)) == "running"
    assert job_outcome(LastJob(ready=True, succeeded=True)) == "ok"
    assert job_outcome(LastJob(ready=True, succeeded=False)) == "failed"
    assert job_outcome(LastJob(ready=True, succeeded=None)) == "unknown"
    ran = datetime(2026, 11, 27, tzinfo=UTC)
    unknown = Connection(
        id=1, alias="a", last_job=LastJob(id=3, ready=True, succeeded=None, last_run=ran)
    )
    assert unknown.status == "unknown"  # not "never run": a job ran; not "failed" either
    # A job that says neither how nor when it ran is no job at all.
    assert Connection(id=1, alias="a", last_job=LastJob(id=3)).status == "never"
    assert Connection(id=1, alias="a").status == "never"


async def test_a_null_outcome_reads_the_same_in_the_row_and_the_detail(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.last_job(1)["succeeded"] = None
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()
        await settle(app, pilot)
        assert screen.table.row_plain(1).split()[:3] == ["?", "no", "result"]
        assert "? no result" in section(screen, "detail-summary")
        assert "? no result" in section(screen, "detail-last-job")


async def test_a_passing_test_never_hides_a_failed_sync(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        message = screen.table.row_plain(1).split("ago", 1)[1].strip()
        await pilot.press("t")  # Rally Integration: its last sync failed, its test passes
        await settle(app, pilot)
        assert screen.session.last_test("connection", 1).success
        row = screen.table.row_plain(1)
        assert row.split()[:2] == ["✖", "failed"] and "✔" in row
        assert row.split("ago", 1)[1].strip() == message  # Last message stays the sync's
        assert "✖ failed" in section(screen, "detail-summary")
        assert "✔ ok" in section(screen, "detail-summary")
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert 1 in screen.table.visible_keys
        for key in screen.table.visible_keys:  # every failing row says what failed
            assert "✖ failed" in screen.table.row_plain(key)


async def test_a_failing_test_counts_as_failing_and_the_row_says_so(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(2)  # GitHub Issues: its last sync succeeded
        await settle(app, pilot)
        harness.transport.fault = lambda request: httpx.Response(
            200, json={"success": False, "message": "401 Bad credentials"}
        )
        await pilot.press("t")
        await settle(app, pilot)
        harness.transport.fault = None
        row = screen.table.row_plain(2)
        assert row.split()[:2] == ["✔", "ok"] and "✖ failed" in row
        assert "401" not in row  # the message column keeps the last sync's message
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert 2 in screen.table.visible_keys
        screen.table.move_to(2)
        await settle(app, pilot)
        summary = section(screen, "detail-summary")
        assert "✔ ok" in summary and "✖ failed" in summary and "401 Bad credentials" in summary


async def test_m_shows_and_copies_the_whole_failure_message(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.last_job(1)["result_message"] = LONG
    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    notes = spy_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert copied == [LONG]
        assert notes[-1] == ("Last sync failed (copied, OSC 52)", LONG)
        assert isinstance(app.screen, ConnectionsScreen) and not app.screen.detail_open


async def test_z_gives_the_list_the_full_width(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        narrow = len(screen.table.row_plain(1).rstrip())
        await pilot.press("z")
        await settle(app, pilot)
        assert screen.table.region.width > 130
        assert len(screen.table.row_plain(1).rstrip()) > narrow
        await pilot.press("enter")  # the detail opens over the list
        await settle(app, pilot)
        assert screen.detail.region.width > 130
        assert "Last job" in screen_text(app)
