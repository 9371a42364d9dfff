"""Lists and detail on a current server: every tracker param read under its Issue Tracker name."""

from __future__ import annotations

from datetime import datetime

import pytest
from ui_support import FIXED_NOW, Harness, MakeApp, settle

from tui.api.times import human_time
from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.connectors import ConnectorsScreen
from tui.ui.widgets.detail_section import DetailSection

pytestmark = pytest.mark.usefixtures("issue_tracker")


def section(app: SdeAlmApp, widget_id: str) -> str:
    return app.screen.query_one(f"#{widget_id}", DetailSection).render().plain


async def test_server_column_search_and_detail_read_issue_tracker_names(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        rally = screen.session.connections[1]
        assert rally.params is not None and "issue_tracker_server" in rally.params
        assert not any(key.startswith("alm_") for key in rally.params)
        assert "rally1.rallydev.com" in screen.search_text(rally)
        await pilot.press("slash", *"rallydev")
        await pilot.pause()
        assert list(screen.table.visible_keys) == [
            c.id for c in screen.session.connections.values() if c.connector == 9
        ]
        await pilot.press("escape")
        screen.table.move_to(1)
        screen.flush_detail()
        await settle(app, pilot)
        assert "Server       rally1.rallydev.com" in section(app, "detail-facts")
        text = screen_text(app)
        assert "rally_password" not in text and "issue_tracker_pass" in text

        await pilot.press("1")
        await settle(app, pilot)
        connectors = app.screen
        assert isinstance(connectors, ConnectorsScreen)
        assert "granitebank.atlassian.net" in connectors.table.row_plain(4)
        connectors.table.move_to(3)
        connectors.flush_detail()
        await settle(app, pilot)
        text = screen_text(app)
        assert "issue_tracker_api_token" in text
        assert "ghp_4fQm8ZkT2vLx9RcP1nWb7HyJ0sAe3UdG6iKo" not in text
        assert "Server       api.github.com" in section(app, "detail-facts")


async def test_a_deceptive_issue_tracker_server_is_flagged_in_the_detail(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.connectors[9]["params"]["alm_server"] = "rally1.rallydev.com\u202emoc.live"
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(1)
        screen.flush_detail()
        await settle(app, pilot)
        summary = section(app, "detail-facts")
        assert "⚠ contains invisible or bidi characters" in summary
        assert "\u202e" not in summary


async def test_without_params_the_detail_names_the_issue_tracker_permission(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app(token=harness.state.config.read_token)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.flush_detail()
        await settle(app, pilot)
        note = section(app, "params-note")
        assert "'Edit Issue Tracker connections' (formerly 'Edit ALM connections')" in note
        reason = screen.disabled_reason("edit_params") or ""
        assert "'Edit Issue Tracker connections'" in reason


async def test_last_successful_run_stands_for_the_last_sync_without_last_job(
    make_app: MakeApp, harness: Harness
) -> None:
    # Connection 3 has no job (so no last_job), yet the server says it synced a day ago.
    harness.state.last_success[3] = -86400.0
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.table.move_to(3)
        screen.flush_detail()
        await settle(app, pilot)
        assert section(app, "detail-last-job") == (
            "Last successful sync: 2026-11-27 12:00 (1d ago)"
        )
        screen.table.move_to(2)  # it ran, and says so in last_job: the line joins the job's
        screen.flush_detail()
        await settle(app, pilot)
        last_run = harness.state.last_successful_run(2)
        assert last_run is not None
        last_job = section(app, "detail-last-job")
        assert "Outcome" in last_job
        when = human_time(datetime.fromisoformat(last_run), FIXED_NOW)
        assert f"Last successful sync: {when}" in last_job


async def test_copied_urls_name_the_issue_tracker_family(make_app: MakeApp) -> None:
    app = make_app()
    copied: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.press("c")
        await pilot.pause()
        assert copied == ["1 http://emulator.test/api/v2/connections/issue-tracker/1/"]
