"""Group B: malformed server responses. The client cases are mostly in ``tests/api`` (see
CASES.md); these add what was missing there and what the screens show for each."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from hostile_support import (
    LOGIN_PAGE,
    html_answer,
    json_answer,
    scripted,
    settle,
    spy_notes,
)
from ui_support import Harness, MakeApp

from tui.api.client import AlmClient
from tui.api.errors import MalformedResponse
from tui.api.models import Connection
from tui.api.responses import HTML_MESSAGE
from tui.api.secrets import MASK
from tui.api.vocab import ApiFamily
from tui.ui.export import screen_text
from tui.ui.forms.objects import connection_draft
from tui.ui.screens.edit_connection import EditConnectionScreen

BASE = "https://sde.example.test"
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


def _page(*items: Any) -> dict[str, Any]:
    return {"count": len(items), "next": None, "previous": None, "results": list(items)}


async def _client_get(route_body: bytes | None = None, **respond: Any) -> Any:
    with respx.mock(base_url=BASE) as api:
        api.get("/api/v2/connections/alm/1/").respond(**respond)
        async with AlmClient(
            BASE, "tok-malformed-1", trust_env=False, get_retries=0, api_family=ApiFamily.ALM
        ) as client:
            return await client.get_connection(1)


async def test_B1_wrong_types_skip_only_the_bad_items_with_a_visible_count(
    make_app: MakeApp, harness: Harness
) -> None:
    layer = scripted(harness)
    bad_id = _connection("twelve", "bad id")
    bad_params = _connection(12, "bad params", params="[]")
    bad_job = _connection(13, "bad job", last_job=[], frequency=3)
    layer.on(
        "GET",
        LIST,
        json_answer(
            _page(_connection(1), bad_id, bad_params, bad_job, _connection(2, "Also good"))
        ),
    )
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.table.total == 2
        title, message = next(n for n in notes if "could not be read" in n[0])
        assert title == "3 connection(s) could not be read"
        assert message.startswith("connection twelve: id: Input should be a valid integer")
        assert "Traceback" not in screen_text(app)
        assert app.is_running


async def test_B1_a_wrong_type_in_one_object_names_the_object_and_field() -> None:
    with pytest.raises(MalformedResponse) as caught:
        await _client_get(json={**_connection(1), "params": "[]"})
    assert "for a connection (params: Input should be a valid dictionary" in caught.value.message
    assert "[]" not in caught.value.message.split("(", 1)[1].split(":")[0]


async def test_B2_an_item_without_id_is_rejected_and_one_without_connector_is_shown() -> None:
    """Judged differently: a connection without ``connector`` is still listed (the documents
    show objects that omit optional keys; only ``id`` and ``alias`` identify a row)."""
    no_id = {k: v for k, v in _connection(0).items() if k != "id"}
    no_connector = {k: v for k, v in _connection(7).items() if k != "connector"}
    with respx.mock(base_url=BASE) as api:
        api.get("/api/v2/connections/alm/").respond(json=_page(no_id, no_connector))
        async with AlmClient(
            BASE, "tok-malformed-1", trust_env=False, api_family=ApiFamily.ALM
        ) as client:
            result = await client.list_connections()
    assert [c.id for c in result.items] == [7]
    (problem,) = result.problems
    assert problem.message == "connection #1: id: Field required"


async def test_B3_unknown_fields_are_shown_inertly_and_never_sent_back(
    make_app: MakeApp, harness: Harness
) -> None:
    layer = scripted(harness)
    extra = {"zz_new_field": "[/]\x1b]0;title\x07", "issue_tracker_thing": {"a": 1}}
    layer.on("GET", LIST, json_answer(_page(_connection(1, "Has extras", **extra))))
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        summary = app.screen.query_one("#detail-facts").render().plain
        assert "zz_new_field* [/]\\x1b]0;title\\x07" in summary
    connection = Connection.model_validate(_connection(1, "Has extras", **extra))
    draft = connection_draft(connection, None, connectors=[("J", 2)])
    draft.set_value("frequency", "weekly")
    assert draft.body() == {"frequency": "weekly"}  # the extras are never echoed back


async def test_B4_null_empty_or_absent_params_never_break_the_detail_or_the_form(
    make_app: MakeApp, harness: Harness
) -> None:
    """Judged: ``params: null`` and an absent ``params`` read the same (the model cannot tell
    them apart), and both mean "not returned", so the detail says so and param editing is
    disabled (E3); an empty ``{}`` is "No parameters" and the form is usable."""
    layer = scripted(harness)
    absent = {k: v for k, v in _connection(3, "absent").items() if k != "params"}
    layer.on(
        "GET",
        LIST,
        json_answer(
            _page(_connection(1, "empty", params={}), _connection(2, "null", params=None), absent)
        ),
    )
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert "No parameters" in screen_text(app), screen_text(app)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, EditConnectionScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        for connection_id in (2, 3):
            screen.table.move_to(connection_id)
            await settle(app, pilot)
            note = screen.query_one("#params-note").render().plain
            assert note.startswith("No permission to view parameters")
            assert screen.disabled_reason("edit_params") is not None
        assert app.is_running


async def test_B5_odd_param_values_are_tagged_and_secrets_masked_whatever_their_type(
    make_app: MakeApp, harness: Harness
) -> None:
    params = harness.state.connectors[2]["params"]
    params.update(
        {
            "alm_pass": 12345678,
            "alm_api_token": {"nested": "tok-in-a-dict"},
            "odd_float": 3.5,
            "odd_null": None,
            "odd_list": ["a", "[/]"],
            "odd_bool": True,
        }
    )
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        app.screen.table.move_to(2)
        await settle(app, pilot)
        table = app.screen.detail.params_table
        rows = {key: table.row_plain(key) for key in table.visible_keys}
        assert f"{MASK} set" in rows["alm_pass"] and "12345678" not in rows["alm_pass"]
        assert "tok-in-a-dict" not in rows["alm_api_token"]
        assert "3.5 (float)" in rows["odd_float"]
        assert "null" in rows["odd_null"]
        assert '["a", "[/]"] (list)' in rows["odd_list"]
        assert "true (bool)" in rows["odd_bool"]


async def test_B6_an_html_login_page_on_200_is_named_not_shown(
    make_app: MakeApp, harness: Harness
) -> None:
    scripted(harness).on("GET", LIST, html_answer(200))
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app) + repr(notes)
        assert HTML_MESSAGE.split(" (")[0] in shown
        assert "Sign in" not in shown and "<html" not in shown.lower()


async def test_B7_gateway_html_is_retried_for_reads_then_named(
    make_app: MakeApp, harness: Harness
) -> None:
    layer = scripted(harness)
    layer.on("GET", LIST, html_answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"))
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert any("Server or proxy unavailable (502)" in m for _, m in notes), notes
        assert "Bad Gateway" not in screen_text(app)
    list_calls = [r for r in layer.seen if r.url.path == "/api/v2/connections/alm/"]
    assert len(list_calls) == 3  # the first try and two bounded retries


async def test_B8_truncated_json_on_a_read_is_retried() -> None:
    with respx.mock(base_url=BASE) as api:
        api.get("/api/v2/connections/alm/1/").mock(
            side_effect=[
                httpx.Response(
                    200, content=b'{"id": 1, "al', headers={"content-type": "application/json"}
                ),
                httpx.Response(200, json=_connection(1)),
            ]
        )
        async with AlmClient(
            BASE, "tok-malformed-1", trust_env=False, api_family=ApiFamily.ALM
        ) as client:

            async def instant(_: float) -> None:
                return None

            client._caller._sleep = instant
            assert (await client.get_connection(1)).id == 1


async def test_B8_truncated_json_is_malformed_and_the_screen_keeps_its_rows(
    make_app: MakeApp, harness: Harness
) -> None:
    app = make_app()
    notes = spy_notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        before = app.screen.table.total
        truncated = httpx.Response(
            200,
            content=b'{"count": 44, "results": [{"id": 1, "al',
            headers={"content-type": "application/json"},
        )
        scripted(harness).on("GET", LIST, lambda request: truncated)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen.table.total == before
        assert any("Malformed response" in t for t, _ in notes), notes


@pytest.mark.parametrize(
    ("content_type", "body", "ok"),
    [
        ("text/plain", b'{"id": 1, "alias": "labelled text/plain"}', True),
        ("application/json", b"this is not json", False),
        ("application/octet-stream", b'{"id": 1, "alias": "x"}', True),
    ],
    ids=["json-as-text-plain", "non-json-as-json", "json-as-octet-stream"],
)
async def test_B9_a_strict_json_parse_decides_not_the_content_type(
    content_type: str, body: bytes, ok: bool
) -> None:
    respond = {"status_code": 200, "content": body, "headers": {"content-type": content_type}}
    if ok:
        assert (await _client_get(**respond)).id == 1
    else:
        with pytest.raises(MalformedResponse, match="Malformed JSON from server"):
            await _client_get(**respond)


async def test_B10_a_large_list_renders_only_visible_rows(
    harness: Harness, make_app: MakeApp
) -> None:
    from tui.emulator.generate import generate_connections

    generate_connections(harness.state, 1500)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table = app.screen.table
        assert table.total >= 1500
        assert len(table._cache) < 100  # the line-API table renders what is on screen
        await pilot.press("G")
        await settle(app, pilot)
        assert table.cursor == table.visible_count - 1


async def test_B14_duplicate_keys_keep_the_last_value() -> None:
    body = b'{"id": 1, "alias": "first", "alias": "last", "connector": 2}'
    connection = await _client_get(
        status_code=200, content=body, headers={"content-type": "application/json"}
    )
    assert connection.alias == "last"


async def test_B17_schema_drift_names_the_missing_fields_and_asks_about_the_version() -> None:
    drifted = {"id": 1, "name": "renamed alias", "issue_tracker_server": "jira.example"}
    with pytest.raises(MalformedResponse) as caught:
        await _client_get(json=drifted)
    assert "alias: Field required" in caught.value.message
    assert "server version" in caught.value.message
    assert LOGIN_PAGE not in caught.value.message


class _TruncateWrites(httpx.AsyncBaseTransport):
    """The emulator applies every write; the 2xx answer to a PATCH arrives cut in half."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method != "PATCH":
            return response
        body = await response.aread()
        return httpx.Response(
            response.status_code,
            content=body[: len(body) // 2],
            headers={"content-type": "application/json"},
        )


async def test_B8_a_truncated_answer_to_a_write_that_landed_is_not_called_not_saved(
    harness: Harness,
) -> None:
    from tui.ui.forms.save import Failed, connection_ops, save

    client = AlmClient(
        "http://emulator.test",
        harness.state.config.token,
        transport=_TruncateWrites(harness.transport.inner),
    )
    async with client:
        draft = connection_draft(await client.get_connection(3), None, connectors=[("J", 2)])
        draft.set_value("alias", "Landed despite a cut answer")
        result = await save(connection_ops(client), draft)
    assert harness.state.connections[3]["alias"] == "Landed despite a cut answer"
    assert not isinstance(result, Failed), result


async def test_B7_a_500_html_error_page_is_a_server_error_not_a_login_page() -> None:
    from tui.api.errors import ServerError

    page = "<!doctype html><html><head><title>Server Error (500)</title></head></html>"
    with pytest.raises(ServerError, match=r"Server error \(500\)"):
        await _client_get(status_code=500, html=page)
