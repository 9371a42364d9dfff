"""The API log: enter shows a call in full (redacted), `/` filters, new calls are followed."""

from __future__ import annotations

from ui_support import MakeApp, settle

from tui.api.secrets import REDACTED
from tui.ui.app import SdeAlmApp
from tui.ui.export import screen_text
from tui.ui.screens.api_log import ApiLogScreen, LogRow
from tui.ui.screens.call_detail import CallDetailScreen
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.resource_table import ResourceTable

TYPED = "Typed-Pass-5519"


async def _open_log(app: SdeAlmApp, pilot: object) -> ApiLogScreen:
    await settle(app, pilot)
    await pilot.press("3")  # type: ignore[attr-defined]
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ApiLogScreen)
    return screen


def _path(table: ResourceTable[LogRow]) -> str:
    """The cursor's request path, without its query."""
    item = table.current_item
    assert item is not None
    return item.record.path.split("?", 1)[0]


def _footer(app: SdeAlmApp) -> str:
    return str(app.screen.query_one(KeyFooter).render())


async def test_enter_shows_what_a_save_sent_with_secrets_and_the_token_redacted(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await _open_log(app, pilot)
        await app.session.client.patch_connection(
            1, {"alias": "Renamed by test", "params": {"alm_pass": TYPED}}
        )
        await pilot.pause()
        assert screen.table.current_item is not None
        assert screen.table.current_item.record.method == "PATCH"  # followed: newest on top
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CallDetailScreen)
        text = screen_text(app)
        assert "PATCH http://emulator.test/api/v2/connections/alm/1/" in text
        assert "200 OK" in text and " ms, started " in text and "first try" in text
        assert "Request body (" in text and '"alias": "Renamed by test"' in text
        assert f'"alm_pass": "{REDACTED}"' in text
        assert f"authorization: Token {REDACTED}" in text
        assert "Response headers" in text and "content-type: application/json" in text
        assert TYPED not in text and "test-token" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_slash_filters_the_log_by_every_term_and_the_clear_key_resets_it(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_log(app, pilot)
        total = screen.table.total
        assert "Mark" not in _footer(app)  # the log has no marks: the key is not offered
        assert "Clear filter" not in _footer(app)
        await pilot.press("slash", *"get jobs")
        await pilot.pause()
        rows = [row.record for row in screen.table.items() if row.seq in screen.table.visible_keys]
        assert rows and all(r.method == "GET" and "/jobs/" in r.path for r in rows)
        assert screen.table.visible_count < total
        await pilot.press("enter")  # the input closes, the filter stays in force and in sight
        await pilot.pause()
        assert not screen.filter_bar.is_open and screen.table.has_focus
        assert f"[{len(rows)}/{total}] filter: get jobs" in screen_text(app)
        assert "Clear filter" in _footer(app)
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert screen.table.visible_count == total
        assert "filter:" not in screen_text(app)
        assert "Clear filter" not in _footer(app)


async def test_new_calls_are_followed_on_the_newest_row_and_counted_elsewhere(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_log(app, pilot)
        table = screen.table
        await app.session.client.get_connection(2)
        await pilot.pause()
        assert table.cursor == 0
        assert _path(table) == "/api/v2/connections/alm/2/"
        await pilot.press("j")
        await pilot.pause()
        watched = table.current_key
        await app.session.client.get_connection(3)
        await pilot.pause()
        assert table.current_key == watched  # the row being read does not move away
        assert "↑ 1 new" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert _path(table) == "/api/v2/connections/alm/3/"
        assert "new (g: newest)" not in screen_text(app)


async def test_status_and_time_stay_beside_the_method_on_a_wide_terminal(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(220, 30)) as pilot:
        await _open_log(app, pilot)
        header = next(line for line in screen_text(app).splitlines() if "Method" in line)
        assert header.index("Status") < 30 and header.index("ms") < 40
        assert header.index("Path") < 50


async def test_an_old_call_says_its_headers_and_bodies_were_not_kept(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_log(app, pilot)
        item = screen.table.current_item
        assert item is not None and item.record.exchange is not None
        item.record.exchange.release()
        await pilot.press("enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Headers and bodies are kept for the newest 500 requests only." in text
