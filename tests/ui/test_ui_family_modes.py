"""Browse, detail, test and sync against every API family mode of the emulator.

``alm`` is the 2017 server; ``issue-tracker`` the current one; ``both`` serves both path sets in
the new names (the client finds the Issue Tracker paths first); ``both`` with the client forced
to ``alm`` is the risky alias case: /alm/ paths answering ``issue_tracker_*`` names.
"""

from __future__ import annotations

import asyncio

import httpx
from family_modes import Mode, show, writes
from ui_support import Harness, MakeApp, serve, settle

from tui.api.secrets import MASK
from tui.api.vocab import ISSUE_TRACKER, ApiFamily
from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.connectors import ConnectorsScreen
from tui.ui.widgets.detail_section import DetailSection

GITHUB_TOKEN = "ghp_4fQm8ZkT2vLx9RcP1nWb7HyJ0sAe3UdG6iKo"  # connector 3's, in the seed


def section(app: SdeAlmApp, widget_id: str) -> str:
    return app.screen.query_one(f"#{widget_id}", DetailSection).render().plain


async def test_browse_and_detail_read_the_servers_names(
    make_app: MakeApp, harness: Harness, mode: Mode
) -> None:
    harness.state.last_success[3] = -86400.0  # no job, yet the server says it synced a day ago
    pass_key = mode.names.key("pass")
    secret = harness.state.connectors[harness.state.connections[1]["connector"]]["params"][
        "alm_pass"  # the emulator stores the seed's names, whatever it answers in
    ]
    app = mode.start(make_app)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        assert screen.table.total == 44
        assert screen.session.family is ApiFamily(mode.segment)
        listed = [r.path for r in harness.state.requests if r.status == 200]
        assert mode.path("connections") in listed and mode.path("connectors") in listed
        rally = screen.session.connections[1]
        assert rally.params is not None and mode.names.key("server") in rally.params

        await pilot.press("slash", *"rallydev")  # the server is searchable under either name
        await pilot.pause()
        assert 1 in screen.table.visible_keys
        await pilot.press("escape")
        await show(app, pilot, 1)
        assert "Server       rally1.rallydev.com" in section(app, "detail-facts")
        text = screen_text(app)
        assert f"{pass_key}" in text and f"{MASK} set" in text and secret not in text

        # The LAST RUN column tells the run the status describes, job or not.
        row = screen.table.row_plain(3)
        if mode.names is ISSUE_TRACKER:
            assert "✔ ok" in row and "1d ago" in row
            await show(app, pilot, 3)
            assert section(app, "detail-last-job") == (
                "Last successful sync: 2026-11-27 12:00 (1d ago)"
            )
        else:  # the 2017 server records no last successful run
            assert "· never run" in row and "1d ago" not in row
            await show(app, pilot, 3)
            assert "Last successful sync" not in section(app, "detail-last-job")

        await pilot.press("1")
        await settle(app, pilot)
        connectors = app.screen
        assert isinstance(connectors, ConnectorsScreen)
        assert "granitebank.atlassian.net" in connectors.table.row_plain(4)  # server column
        await show(app, pilot, 3)
        text = screen_text(app)
        assert mode.names.key("api_token") in text and GITHUB_TOKEN not in text
        assert "Server       api.github.com" in section(app, "detail-facts")


async def test_t_tests_on_the_familys_test_endpoint(
    make_app: MakeApp, harness: Harness, mode: Mode
) -> None:
    app = mode.start(make_app)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        await pilot.press("t")
        await settle(app, pilot)
        record = screen.session.last_test("connection", 1)
        assert record is not None and record.success, record
        row = screen.table.row_plain(1)
        assert "✖ failed" in row and "✔ " in row  # the last sync stays failed; the test passed
        tested = [r for r in harness.state.requests if r.method == "POST"]
        assert [r.path for r in tested] == [f"/api/v2/connections/{mode.test_path}/"]
        assert mode.names.key("server") in tested[0].body["params"]  # sent back as received


async def test_s_syncs_and_the_row_ends_with_the_new_result(
    make_app: MakeApp, harness: Harness, mode: Mode, emulator_clock
) -> None:
    done = asyncio.Event()
    finished: list[ConnectionsScreen.SyncFinished] = []

    def hook(message: object) -> None:
        if isinstance(message, ConnectionsScreen.SyncFinished):
            finished.append(message)
            done.set()

    app = mode.start(make_app)
    async with app.run_test(size=(160, 40), message_hook=hook) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        screen.poll_seconds = screen._poll_delay = 0.05
        screen.table.move_to(3)  # never run, manual sync allowed
        await pilot.press("s")
        await settle(app, pilot)
        assert "⟳ running" in screen.table.row_plain(3)
        started = writes(harness)
        assert [(m, p) for m, p, _ in started] == [("POST", f"/api/v2/jobs/{mode.segment}/")]
        emulator_clock.advance(harness.state.config.sync_seconds + 1)
        await asyncio.wait_for(done.wait(), timeout=10)
        await settle(app, pilot)
        row = screen.table.row_plain(3)
        assert finished[0].connection_id == 3
        assert ("✔ ok" if finished[0].succeeded else "✖ failed") in row
        assert "running" not in row and "just now" in row


async def test_a_server_serving_neither_family_says_so_once_naming_both_paths(
    make_app: MakeApp, harness: Harness
) -> None:
    page = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"
    harness.transport.fault = lambda request: httpx.Response(
        404, content=page, headers={"content-type": "text/html"}
    )
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "[loading]" not in text and "Connections [load failed]" in text
        shown = " ".join(line.strip(" ▏") for line in text.splitlines()[2:5])
        assert (
            "⚠ SD Elements API not found: This server serves neither "
            "/api/v2/connections/issue-tracker/ nor /api/v2/connections/alm/" in shown
        )
        assert [n.title for n in app._notifications] == [
            "Refresh connections: SD Elements API not found"
        ]


async def test_a_bare_last_successful_run_is_shown_as_the_servers_utc(
    make_app: MakeApp, harness: Harness
) -> None:
    serve(harness, "issue-tracker")
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        params = {"issue_tracker_server": "x", "last_successful_run": "2026-11-26T12:00:00"}
        bare = screen.session.connections[3].model_copy(update={"params": params})
        screen.detail.show_connection(bare, screen.session)
        await pilot.pause()
        assert section(app, "detail-last-job") == (
            "Last successful sync: 2026-11-26 12:00 (2d ago)"
        )
