"""The browse-and-troubleshoot flows of the connections list, driven with Pilot on the emulator."""

from __future__ import annotations

import asyncio
import itertools
import json

import httpx
from ui_support import Harness, MakeApp, settle, until

from tui.api.secrets import MASK
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.widgets.params_table import ParamsTable


def connection_id(harness: Harness, **match: object) -> int:
    for cid, row in sorted(harness.state.connections.items()):
        connector = harness.state.connectors[row["connector"]]
        merged = {**row, "inaccessible": connector["inaccessible"]}
        if all(merged.get(k) == v for k, v in match.items()):
            return cid
    raise LookupError(match)


async def test_landing_screen_lists_connections_with_last_job_status(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        assert screen.table.total == 44
        text = screen_text(app)
        for word in ("✔ ok", "✖ failed", "· never run", "⟳ running"):
            assert word in text
        assert "Connections [44/44]" in text
        assert "emulator.test" in text


async def test_first_frame_shows_before_the_network_answers(
    make_app: MakeApp, harness: Harness
) -> None:
    gate = harness.transport.hold(lambda request: True)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Loading connections…" in screen_text(app)
        assert "[loading]" in screen_text(app)
        gate.set()
        await settle(app, pilot)
        assert app.screen.table.total == 44


async def test_enter_shows_detail_with_secrets_masked_and_x_reveals_on_purpose(
    make_app: MakeApp, harness: Harness
) -> None:
    secret = harness.state.connectors[harness.state.connections[1]["connector"]]["params"].get(
        "alm_pass"
    )
    assert secret, "connection 1 reaches a connector with a password"
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "tab", "tab", "tab")  # Last job, About, Parameters
        await settle(app, pilot)
        params = app.screen.query_one(ParamsTable)
        assert params.has_focus
        assert secret not in screen_text(app)
        assert f"{MASK} set" in params.row_plain("alm_pass")
        params.move_to("alm_pass")
        await pilot.press("x")
        await pilot.pause()
        assert secret in params.row_plain("alm_pass")
        assert params.row_plain("alm_pass").startswith("⚠ alm_pass")
        await pilot.press("down")
        await pilot.pause()
        assert params.revealed is None
        assert secret not in screen_text(app)


async def test_t_puts_the_test_result_in_the_row_and_the_detail(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("t")
        await settle(app, pilot)
        first = screen.table.current_key
        row = screen.table.row_plain(first)
        record = screen.session.last_test("connection", first)
        assert record is not None
        # Its own Test cell; Status still says how the last sync went (Rally: failed).
        assert row.split()[:2] == ["✖", "failed"]
        assert ("✔" in row and "ms" in row) if record.success else row.count("✖ failed") == 2
        assert "test:" not in row
        tests_section = str(screen.query_one("#detail-tests").render())
        assert record.at.strftime("%H:%M:%S") in tests_section
        assert any(
            r.path.startswith("/api/v2/connections/testalm") for r in screen.session.call_log
        )


async def test_failing_connection_test_shows_the_server_message(
    make_app: MakeApp, harness: Harness
) -> None:
    harness.state.connections[2]["params"]["alm_project"] = "missing-project"
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.table.move_to(2)
        await pilot.press("t")
        await settle(app, pilot)
        row = screen.table.row_plain(2)
        assert "✖ failed" in row
        record = screen.session.last_test("connection", 2)
        assert record is not None and not record.success and record.message


async def test_s_shows_running_then_the_new_result_without_a_key_press(
    make_app: MakeApp, harness: Harness, emulator_clock
) -> None:
    cid = connection_id(harness, inaccessible=False, frequency="manually")
    finished: list[ConnectionsScreen.SyncFinished] = []
    done = asyncio.Event()

    def hook(message: object) -> None:
        if isinstance(message, ConnectionsScreen.SyncFinished):
            finished.append(message)
            done.set()

    app = make_app()
    async with app.run_test(size=(160, 40), message_hook=hook) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.poll_seconds = screen._poll_delay = 0.05
        screen.table.move_to(cid)
        jobs_before = len(harness.state.jobs)
        await pilot.press("s")
        await settle(app, pilot)
        assert "⟳ running" in screen.table.row_plain(cid)
        assert len(harness.state.jobs) == jobs_before + 1
        emulator_clock.advance(harness.state.config.sync_seconds + 1)
        await asyncio.wait_for(done.wait(), timeout=10)
        await settle(app, pilot)
        assert finished[0].connection_id == cid
        row = screen.table.row_plain(cid)
        assert "running" not in row
        assert ("✔ ok" in row) == finished[0].succeeded
        assert "just now" in row


async def test_sync_key_is_dimmed_and_explains_for_an_inaccessible_connector(
    make_app: MakeApp, harness: Harness
) -> None:
    cid = connection_id(harness, inaccessible=True)
    app = make_app()
    notes: list[str] = []
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(str(message)), original(message, **kw))
        screen = app.screen
        screen.table.move_to(cid)
        await pilot.pause()
        assert screen.active_bindings["s"].enabled is False
        jobs_before = len(harness.state.jobs)
        await pilot.press("s")
        await settle(app, pilot)
        assert len(harness.state.jobs) == jobs_before
        assert any("inaccessible" in note for note in notes)


async def test_filter_narrows_as_you_type_and_esc_clears(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", "j", "i", "r", "a")
        await pilot.pause()
        matches = screen.table.visible_count
        assert 0 < matches < 44
        assert f"[{matches}/44] filter: jira" in screen_text(app)
        for key in screen.table.visible_keys:
            assert "jira" in screen.search_text(screen.table.get(key)).lower()
        await pilot.press("escape")
        await pilot.pause()
        assert screen.table.visible_count == 44
        assert screen.table.has_focus


async def test_bang_shows_failing_only_and_o_sorts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("exclamation_mark")
        await pilot.pause()
        statuses = {screen.table.get(k).status for k in screen.table.visible_keys}
        assert statuses == {"failed"}
        await pilot.press("exclamation_mark", "o")
        await pilot.pause()
        assert screen.table.sort_column == "status"
        first = screen.table.get(screen.table.visible_keys[0])
        assert first.status == "failed"
        await pilot.press("O")
        await pilot.pause()
        assert screen.table.get(screen.table.visible_keys[0]).status == "ok"


async def test_refresh_keeps_the_cursor_on_the_same_item(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.table.move_to(7)
        harness.state.connections[7]["alias"] = "Renamed meanwhile"
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.table.current_key == 7
        assert "Renamed me" in screen.table.row_plain(7)
        assert screen.session.connections[7].alias == "Renamed meanwhile"


async def test_a_500_during_refresh_leaves_the_list_intact(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        original = app.notify
        app.notify = lambda message, **kw: (
            notes.append((kw.get("title", ""), str(message))),
            original(message, **kw),
        )
        harness.transport.fault = lambda request: httpx.Response(
            500, text="<html>boom</html>", headers={"content-type": "text/html"}
        )
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.table.total == 44
        assert any("Refresh" in title for title, _ in notes)
        assert "refresh failed" in screen_text(app)
        assert "<html>" not in screen_text(app)


async def test_a_rejected_token_says_which_server(make_app: MakeApp) -> None:
    app = make_app(token="not-the-token")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Not authenticated" in text
        assert "emulator.test" in text
        assert "not-the-token" not in text


async def test_t_on_marked_rows_tests_only_those(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("space", "space", "space")
        await pilot.pause()
        marked = set(screen.table.marked)
        assert len(marked) == 3
        await pilot.press("T")
        await settle(app, pilot)
        tested = {cid for (kind, cid) in screen.session.tests}
        assert tested == marked
        assert "tests: " in screen_text(app)


async def test_bulk_test_can_be_cancelled_with_esc(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        tests = itertools.count()
        # The first three tests answer; the next ten stay in flight; the rest wait their turn.
        gate = harness.transport.hold(
            lambda request: "testalm" in request.url.path and next(tests) >= 3
        )
        screen = app.screen
        before = {k: screen.table.row_plain(k) for k in screen.table.visible_keys}
        await pilot.press("T", "y")  # 44 rows, none marked: it asks first
        await pilot.pause()
        while len(harness.transport.held) < 10 or len(screen.session.tests) < 3:
            await pilot.pause()
        await pilot.pause()
        assert "testing 3/44" in screen_text(app)
        in_flight = [k for k in screen.table.visible_keys if "testing" in screen.table.row_plain(k)]
        assert len(in_flight) == 10
        await pilot.press("escape")
        await settle(app, pilot)
        gate.set()
        await settle(app, pilot)
        assert not [w for w in app.workers if w.group == "bulk" and w.is_running]
        done = {cid for (_, cid) in screen.session.tests}
        assert len(done) == 3
        # Every row it touched and did not finish (in flight or queued) is back as it was, and
        # so is the header; the three finished keep their results.
        after = {k: screen.table.row_plain(k) for k in screen.table.visible_keys}
        assert {k: v for k, v in after.items() if k not in done} == {
            k: v for k, v in before.items() if k not in done
        }
        assert all(after[k] != before[k] for k in done)
        assert "testing" not in screen_text(app)
        await pilot.press("r")
        await settle(app, pilot)
        assert "testing" not in screen_text(app)


async def test_number_keys_switch_between_lists_and_the_api_log(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        assert "Connectors [10/10]" in screen_text(app)
        await pilot.press("3")
        await settle(app, pilot)
        log_text = screen_text(app)
        assert "API log" in log_text
        assert "/api/v2/connections/alm/" in log_text
        assert app.session.client is not None
        assert harness_token_absent(log_text)
        await pilot.press("2")
        await settle(app, pilot)
        assert "Connections [44/44]" in screen_text(app)


def harness_token_absent(text: str) -> bool:
    return "test-token" not in text


async def test_c_copies_id_and_url_and_the_toast_shows_it(make_app: MakeApp) -> None:
    app = make_app()
    copied: list[str] = []
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        app.copy_to_clipboard = copied.append
        await pilot.press("c")
        await pilot.pause()
        assert copied == ["1 http://emulator.test/api/v2/connections/alm/1/"]
        assert "http://emulator.test/api/v2/connections/alm/1/" in screen_text(app)


async def test_help_lists_keys_by_group(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for expected in ("General", "Navigation", "List actions", "Refresh", "Sync", "Filter"):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConnectionsScreen)


async def test_narrow_terminal_opens_detail_in_place_of_the_list(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert not screen.detail.display or screen.detail.region.width == 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.detail.region.width > 70
        assert "Last job" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.table.has_focus
        assert screen.table.region.width > 70


async def test_api_log_never_shows_secrets_from_request_bodies(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        sent = [r for r in harness.transport.requests if r.method == "POST"]
        body = json.loads(sent[-1].content)
        secrets = [v for k, v in body["params"].items() if "pass" in k or "token" in k]
        text = screen_text(app)
        for value in secrets:
            if len(value) >= 6:
                assert value not in text


async def test_keys_typed_in_one_burst_after_slash_land_in_the_filter(make_app: MakeApp) -> None:
    """A real terminal delivers "/jira" in one read; no key may be lost to the old focus."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for key in ("slash", "j", "i", "r", "a"):
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(app, pilot)
        assert "filter: jira" in screen_text(app)
        await pilot.press("slash")
        await pilot.pause()
        assert "filter: jira/" in screen_text(app)  # inside the input, `/` is text


async def test_a_newer_cursor_move_cancels_the_older_detail_request(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        gate = harness.transport.hold(lambda r: r.url.path.startswith("/api/v2/jobs/alm"))
        screen = app.screen
        await pilot.press("down")
        screen.flush_detail()  # the cursor rests: the request for row 2 goes out and is held
        await until(pilot, lambda: len(harness.transport.held) == 1, "row 2 asked")
        await pilot.press("down")
        screen.flush_detail()
        await until(pilot, lambda: len(harness.transport.held) == 2, "row 3 asked")
        assert screen.table.current_key == 3  # the cursor never waited for the network
        gate.set()
        await settle(app, pilot)
        asked = [r.url.params.get("connection") for r in harness.transport.held]
        assert asked[:2] == ["2", "3"]
        assert screen.detail.item_id == 3
        related = str(screen.query_one("#detail-related").render())
        assert "Loading" not in related


async def test_one_rows_test_never_cancels_another(make_app: MakeApp, harness: Harness) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        gate = harness.transport.hold(lambda request: "testalm" in request.url.path)
        screen = app.screen
        await pilot.press("t", "down", "t")
        await pilot.pause()
        assert "testing" in screen.table.row_plain(1)
        assert "testing" in screen.table.row_plain(2)
        gate.set()
        await settle(app, pilot)
        assert screen.session.last_test("connection", 1) is not None
        assert screen.session.last_test("connection", 2) is not None


async def test_a_sync_already_running_at_start_is_polled_to_its_end(
    make_app: MakeApp, harness: Harness, emulator_clock
) -> None:
    running = [cid for cid in harness.state.connections if harness.state.in_progress(cid)]
    assert running, "the demo data has a connection in progress"
    done = asyncio.Event()
    app = make_app()
    hook = lambda m: done.set() if isinstance(m, ConnectionsScreen.SyncFinished) else None  # noqa: E731
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen._poll_timer is not None
        screen.poll_seconds = screen._poll_delay = 0.05
        emulator_clock.advance(3600)
        await asyncio.wait_for(done.wait(), timeout=10)
        await settle(app, pilot)
        assert "running" not in screen.table.row_plain(running[0])


async def test_polling_backs_off_on_429_with_retry_after(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        harness.transport.fault = lambda request: httpx.Response(
            429, json={"detail": "Request was throttled."}, headers={"Retry-After": "17"})
        screen._poll_running()
        await settle(app, pilot)
        assert screen._poll_delay == 17
        harness.transport.fault = lambda request: httpx.Response(503, text="down")
        screen._poll_running()
        await settle(app, pilot)
        assert screen._poll_delay == 30  # doubled, capped
        assert screen.table.total == 44


async def test_a_filter_matching_nothing_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"zzzz-nothing")
        await pilot.pause()
        text = screen_text(app)
        assert "No connections match" in text and "Loading" not in text


async def test_the_rows_are_indexed_for_the_filter_once_the_list_is_on_screen(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table = app.screen.table
        assert table.total > 0
        assert table.index_pending == 0  # the idle-time worker indexed every row
