"""Each call record keeps what was sent and received, redacted when captured and bounded."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
import respx

from tui.api.calllog import CallLog, CallRecord
from tui.api.client import AlmClient
from tui.api.errors import ApiError
from tui.api.exchange import BODY_CHARS, Exchange
from tui.api.secrets import MASK, REDACTED

from .api_support import BASE, RALLY_CONNECTION, RALLY_PASSWORD, TOKEN, TRAC_PLUGIN

CONNECTION = "/api/v2/connections/alm/1/"
TYPED = "Typed-Secret-4411"


def _exchange(record: CallRecord) -> Exchange:
    assert record.exchange is not None
    return record.exchange


async def test_a_patch_keeps_its_body_with_secrets_and_the_token_redacted(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.patch(CONNECTION).respond(json=RALLY_CONNECTION)
    await client.patch_connection(1, {"alias": "renamed", "params": {"alm_pass": TYPED}})
    (record,) = calls
    exchange = _exchange(record)
    assert exchange.url == f"{BASE}{CONNECTION}"
    sent = exchange.request_body
    assert sent is not None and sent.is_json and not sent.truncated
    assert json.loads(sent.text) == {"alias": "renamed", "params": {"alm_pass": REDACTED}}
    headers = dict(exchange.request_headers)
    assert headers["authorization"] == f"Token {REDACTED}"
    assert headers["content-type"] == "application/json"
    answer = exchange.response_body
    assert answer is not None
    assert json.loads(answer.text)["params"]["alm_pass"] == REDACTED
    for secret in (TOKEN, TYPED, RALLY_PASSWORD):
        assert secret not in repr(record)


async def test_secret_headers_and_echoed_secrets_in_error_bodies_are_redacted(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(CONNECTION).respond(
        500,
        text=f"Traceback ... Authorization: Token {TOKEN}",
        headers={"Set-Cookie": "sessionid=abc123456", "X-Request-Id": "r-1"},
    )
    with pytest.raises(ApiError):
        await client.get_connection(1)
    exchange = _exchange(calls[-1])
    headers = dict(exchange.response_headers)
    assert headers["set-cookie"] == REDACTED
    assert headers["x-request-id"] == "r-1"
    body = exchange.response_body
    assert body is not None and not body.is_json
    assert TOKEN not in body.text and MASK in body.text


async def test_schema_masked_params_are_redacted_in_bodies(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.get("/api/v2/plugins/alm/trac/").respond(json=TRAC_PLUGIN)
    api.get(CONNECTION).respond(json={**RALLY_CONNECTION, "params": {"trac_secret_word": "Xy-7"}})
    await client.get_plugin("trac")
    await client.get_connection(1)
    body = _exchange(calls[-1]).response_body
    assert body is not None
    assert json.loads(body.text)["params"]["trac_secret_word"] == REDACTED


async def test_a_large_body_is_cut_with_a_note_of_what_was_left_out(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    rows = [{**RALLY_CONNECTION, "id": i} for i in range(1, 1001)]
    api.get("/api/v2/connections/alm/").respond(json={"count": 1000, "results": rows})
    await client.list_connections()
    body = _exchange(calls[0]).response_body
    assert body is not None and body.truncated
    assert body.size > 100 * BODY_CHARS // 10
    assert len(body.text) < BODY_CHARS * 2
    kept = json.loads(body.text)["results"]
    assert kept[-1].endswith("more items not kept")
    assert RALLY_PASSWORD not in body.text


async def test_no_answer_keeps_the_request_only(
    api: respx.MockRouter, make_client: object, calls: list[CallRecord]
) -> None:
    api.get(CONNECTION).mock(side_effect=httpx.ConnectError("refused"))
    client = make_client(get_retries=0)  # type: ignore[operator]
    with pytest.raises(ApiError):
        await client.get_connection(1)
    exchange = _exchange(calls[-1])
    assert exchange.request_headers and exchange.response_headers == ()
    assert exchange.response_body is None


def test_only_the_newest_records_keep_their_headers_and_bodies() -> None:
    log = CallLog(maxlen=10, detail_kept=2)
    base = CallRecord("GET", "/", 200, 1.0, datetime.now(UTC), None, 1)
    records = [
        replace(base, attempt=i, exchange=Exchange(f"{BASE}/{i}", (("accept", "*/*"),), None))
        for i in range(4)
    ]
    for record in records:
        log.append(record)
    assert [_exchange(r).released for r in records] == [True, True, False, False]
    assert _exchange(records[0]).request_headers == ()
