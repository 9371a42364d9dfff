"""Faults as the screens tell them (issue 14): a save sends what the form froze and says what the
server holds, items left out of a list are announced and listed, a failed first load says so,
and a 401 on save asks for a new token and offers the save again with the draft intact."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import httpx
from hostile_support import (
    json_answer,
    open_form,
    save_through_diff,
    scripted,
    set_field,
    settle,
    spy_notes,
    until,
)
from ui_support import Harness, MakeApp

from tui.api.paging import ListResult
from tui.emulator import render
from tui.ui.export import screen_text
from tui.ui.screens.connections import ConnectionsScreen
from tui.ui.screens.diff import DiffScreen
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.screens.help import HelpScreen, help_text
from tui.ui.screens.left_out import LeftOutScreen
from tui.ui.screens.reauth import ReauthScreen

LIST = r"^/api/v2/connections/alm/$"


def _connection(id: Any, alias: str = "Good", **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "alias": alias,
        "connector": 2,
        "project": 1,
        "frequency": "manually",
        "params": {"alm_server": "jira.example"},
        "last_job": None,
        **extra,
    }


def _page(*items: Any, next: str | None = None) -> dict[str, Any]:
    return {"count": len(items), "next": next, "previous": None, "results": list(items)}


def _header(app: Any) -> str:
    return screen_text(app).splitlines()[0]


# ------------------------------------------------------------------------------------- saves
async def test_typing_while_a_save_is_in_flight_changes_nothing_and_the_toast_says_what_was_sent(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        alias = screen.form.widget_for("alias")
        set_field(screen, "alias", "Sent alias")
        alias.focus()
        await pilot.pause()
        gate = harness.transport.hold(lambda request: request.method == "PATCH")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(harness.transport.held), "the PATCH in flight")
        assert screen.form.disabled
        assert "read-only until the server answers" in screen_text(app)
        alias.focus()  # a disabled field takes no focus, so no key reaches it
        await pilot.press("end", *" EXTRA")
        await pilot.click(alias)
        await pilot.press(*"MORE")
        assert alias.value == "Sent alias"
        assert screen.draft.values["alias"] == "Sent alias"
        gate.set()
        await settle(app, pilot)
        assert not isinstance(app.screen, EditFormScreen)
    assert harness.state.connections[3]["alias"] == "Sent alias"
    saved = [message for title, message in notes if title == "Saved"]
    assert len(saved) == 1
    assert saved[0].startswith('connection "Sent alias" (#3) on emulator.test')
    assert "Alias: Sent alias" in saved[0]
    assert "EXTRA" not in saved[0] and "MORE" not in saved[0]


async def test_the_saved_toast_names_the_servers_answer_not_the_form(
    make_app: MakeApp, harness: Harness
) -> None:
    state = harness.state
    answer = render.connection_json(
        state, state.connections[3], show_params=True, include_last_job=False
    )
    answer["alias"] = "What the server kept"
    scripted(harness).on("PATCH", r"/connections/alm/3/$", json_answer(answer))
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "alias", "What the form sent")
        await pilot.pause()
        await save_through_diff(app, pilot)
    saved = next(message for title, message in notes if title == "Saved")
    assert saved.startswith('connection "What the server kept" (#3)')
    assert "What the form sent" not in saved
    check = [message for title, message in notes if title == "Saved, but check"]
    assert check == ["Alias: the server shows What the server kept"]


async def test_after_a_lost_answer_the_toast_names_the_re_read_copy(
    make_app: MakeApp, harness: Harness
) -> None:
    scripted(harness).lose_answer("PATCH", r"/connections/alm/3/$")
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "frequency", "weekly")
        await pilot.pause()
        await save_through_diff(app, pilot)
    saved = next(message for title, message in notes if title == "Saved")
    assert "Sync frequency: weekly" in saved.splitlines()
    assert ("Saved, but check", "The change took effect.") in notes


async def test_a_failed_save_gives_the_form_back_editable_with_the_focus_where_it_was(
    make_app: MakeApp, harness: Harness
) -> None:
    scripted(harness).on("PATCH", r"/connections/alm/3/$", json_answer({"detail": "boom"}, 500))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "alias", "Kept")
        screen.form.widget_for("alias").focus()
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert app.screen is screen and not screen.form.disabled
        await until(pilot, lambda: app.focused is screen.form.widget_for("alias"), "focus back")
        await pilot.press("end", "!")
        assert screen.draft.values["alias"] == "Kept!"


async def test_a_401_on_save_asks_for_a_token_then_offers_the_same_save_with_the_draft_intact(
    make_app: MakeApp, harness: Harness
) -> None:
    unauthorized = httpx.Response(401, json={"detail": "Invalid token."})
    scripted(harness).on("PATCH", r"/connections/alm/3/$", lambda _: unauthorized, times=1)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, "e", 3)
        set_field(screen, "params.alm_project", "TYPED-BEFORE-401")
        await pilot.pause()
        await save_through_diff(app, pilot)
        assert isinstance(app.screen, ReauthScreen)
        banner = str(screen.query_one("#form-banner").render())
        assert "Not authenticated" in banner and "offered again" in banner
        assert screen.draft.values["params.alm_project"] == "TYPED-BEFORE-401"
        harness.state.config.token = "rotated-token-F4-2121"
        await pilot.press(*"rotated-token-F4-2121", "enter")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the save offered again")
        assert [(d.old, d.new) for d in app.screen.lines] == [("DEMO", "TYPED-BEFORE-401")]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, EditFormScreen)
    patches = [r for r in harness.transport.requests if r.method == "PATCH"]
    assert len(patches) == 2
    assert patches[-1].headers["Authorization"] == "Token rotated-token-F4-2121"
    assert harness.state.connections[3]["params"]["alm_project"] == "TYPED-BEFORE-401"


# ------------------------------------------------------------------------------------- lists
async def test_items_left_out_get_a_header_badge_and_a_list_behind_a_key(
    make_app: MakeApp, harness: Harness
) -> None:
    hostile_id = "9\x1b]0;pwned\x07[b]"
    layer = scripted(harness)
    layer.on(
        "GET",
        LIST,
        json_answer(
            _page(
                _connection(1),
                _connection(2, "Null system", system=None),
                _connection(3, "Bad job", last_job="x"),
                {k: v for k, v in _connection(0).items() if k != "id"},
                _connection(hostile_id, "Hostile id"),
                _connection(4, "Also good"),
            )
        ),
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ConnectionsScreen)
        assert screen.table.total == 3
        assert "Connections [3/3] ⚠ 3 left out" in _header(app)
        assert "w Left out" in screen_text(app).splitlines()[-1]  # the footer offers the key
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # and help lists it
        assert "w                 Left out" in help_text(app.screen._key_list).plain
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, LeftOutScreen)
        shown = screen_text(app)
        assert "3 connection(s) left out" in shown
        assert "id 3" in shown and "last_job" in shown
        assert "item 4 of the listing (no usable id)" in shown and "id: Field required" in shown
        assert "id 9\\x1b]0;pwned\\x07[b]" in shown  # escaped and literal, never markup
        assert "\x1b]0;" not in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_left_out_key_is_hidden_while_nothing_is_left_out(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert "w" not in app.screen.active_bindings
        assert "left out" not in _header(app)
        await pilot.press("w")
        await pilot.pause()
        assert not isinstance(app.screen, LeftOutScreen)


async def test_a_list_that_stopped_paging_is_labelled_partial_with_its_reason(
    make_app: MakeApp, harness: Harness
) -> None:
    outside = "http://elsewhere.invalid/api/v2/connections/alm/?page=2"
    scripted(harness).on("GET", LIST, json_answer(_page(_connection(1), next=outside)))
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert "[1/1] ⚠ partial" in _header(app)
        await pilot.press("w")
        await pilot.pause()
        shown = screen_text(app)
        assert "Partial list: Loading stopped" in shown and "elsewhere.invalid" in shown


@dataclass(slots=True)
class _PartialResult(ListResult[Any]):
    """A page as the client marks a walk it stopped early (``ListResult.partial``)."""

    partial: bool = True
    partial_reason: str = "Stopped after 1 pages (the page limit)"


async def test_a_result_marked_partial_by_the_client_is_labelled_with_its_reason(
    make_app: MakeApp,
) -> None:
    app = make_app()
    client = app.session.client
    real = client.iter_connection_pages

    def first_page_only(**options: Any) -> AsyncGenerator[ListResult[Any], None]:
        async def pages() -> AsyncGenerator[ListResult[Any], None]:
            async with aclosing(real(**options)) as walk:
                async for page in walk:
                    yield _PartialResult(page.items, page.problems, page.count, page.page)
                    return

        return pages()

    client.iter_connection_pages = first_page_only  # type: ignore[method-assign]
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert "⚠ partial" in _header(app)
        await pilot.press("w")
        await pilot.pause()
        assert "Partial list: Stopped after 1 pages (the page limit)" in screen_text(app)


async def test_a_failed_first_load_says_load_failed_and_r_loads(
    make_app: MakeApp, harness: Harness
) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    harness.transport.fault = refused
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        header = _header(app)
        assert "Connections [load failed]" in header and "Cannot connect" in header
        assert "loading" not in screen_text(app).lower()
        assert "refresh failed" not in header
        harness.transport.fault = None
        await pilot.press("r")
        await settle(app, pilot)
        header = _header(app)
        assert "Connections [44/44]" in header and "failed" not in header
