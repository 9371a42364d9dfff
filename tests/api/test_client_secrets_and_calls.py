"""The token never leaks; every HTTP attempt is recorded, its headers and bodies redacted."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import respx

from tui.api.calllog import CallLog, CallRecord
from tui.api.client import AlmClient
from tui.api.display import display_text
from tui.api.errors import ApiError
from tui.api.secrets import MASK, registry
from tui.api.vocab import ApiFamily

from .api_support import BASE, JOB, RALLY_CONNECTION, RALLY_PASSWORD, TOKEN, TRAC_PLUGIN, MakeClient

CONNECTION = "/api/v2/connections/alm/1/"


def test_repr_hides_the_token(client: AlmClient) -> None:
    assert TOKEN not in repr(client) and TOKEN not in str(client)
    assert repr(client) == "AlmClient(server='https://sde.example.test')"
    assert TOKEN in registry


@pytest.mark.parametrize(
    "effect",
    [
        httpx.Response(401, json={"detail": f"Invalid token {TOKEN}."}),
        httpx.Response(400, json={"alias": [f"token {TOKEN} is wrong"]}),
        httpx.Response(500, text=f"Traceback ... Authorization: Token {TOKEN}"),
        httpx.Response(302, headers={"Location": f"https://login.corp/?t={TOKEN}"}),
        httpx.Response(200, json={"detail": f"echo {TOKEN}"}),
        httpx.ConnectError(f"failed for {TOKEN}"),
        httpx.ReadTimeout(f"timeout {TOKEN}"),
    ],
    ids=["401", "400", "500-text", "redirect", "envelope", "connect", "read-timeout"],
)
async def test_no_error_shows_the_token_even_when_the_server_echoes_it(
    api: respx.MockRouter, make_client: MakeClient, effect: object
) -> None:
    api.get(CONNECTION).mock(side_effect=[effect])
    with pytest.raises(ApiError) as caught:
        await make_client(get_retries=0).get_connection(1)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caught.value.message


async def test_secret_params_received_are_registered_and_scrubbed_from_text(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get("/api/v2/connections/alm/").respond(json={"results": [RALLY_CONNECTION]})
    await client.list_connections()
    assert RALLY_PASSWORD in registry
    assert display_text(f"login failed with {RALLY_PASSWORD}") == f"login failed with {MASK}"


async def test_secrets_nested_in_jobs_and_bad_items_are_registered(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get("/api/v2/jobs/alm/").respond(json={"results": [JOB]})
    api.get("/api/v2/connections/alm/").respond(
        json={"results": [{"id": "bad", "params": {"alm_api_token": "Bad-Item-Tok-1"}}]}
    )
    await client.list_jobs()
    result = await client.list_connections()
    assert RALLY_PASSWORD in registry and "Bad-Item-Tok-1" in registry
    assert len(result.problems) == 1


async def test_masked_plugin_fields_count_as_secrets(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get("/api/v2/plugins/alm/trac/").respond(json=TRAC_PLUGIN)
    api.get(CONNECTION).respond(
        json={**RALLY_CONNECTION, "params": {"trac_secret_word": "Xyzzy-77"}}
    )
    await client.get_plugin("trac")
    await client.get_connection(1)
    assert "Xyzzy-77" in registry


async def test_one_record_per_attempt(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(CONNECTION).mock(
        side_effect=[
            httpx.Response(503),
            httpx.ReadTimeout("slow"),
            httpx.Response(200, json=RALLY_CONNECTION),
        ]
    )
    await client.get_connection(1)
    assert [(c.attempt, c.status, c.error) for c in calls] == [
        (1, 503, "Server error"),
        (2, None, "Timed out"),
        (3, 200, None),
    ]
    for record in calls:
        assert record.method == "GET"
        assert record.path == "/api/v2/connections/alm/1/?include=last_job"
        assert record.started_at.tzinfo is UTC
        assert record.duration_ms >= 0


async def test_records_of_failed_writes(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.patch(CONNECTION).respond(400, json={"alias": ["bad"]})
    with pytest.raises(ApiError):
        await client.patch_connection(1, {"alias": "x", "params": {"alm_pass": "Typed-2"}})
    assert [(c.method, c.status, c.error) for c in calls] == [("PATCH", 400, "Validation failed")]


async def test_records_hold_no_secrets(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.get("/api/v2/jobs/alm/").respond(json={"results": []})
    await client.list_jobs(api_key="Query-Secret-9", user="a@b.c")
    (record,) = calls
    assert "Query-Secret-9" not in record.path
    assert "api_key=<redacted>" in record.path and "user=a@b.c" in record.path
    assert TOKEN not in repr(record)
    assert set(vars(type(record))["__slots__"]) == {
        "method",
        "path",
        "status",
        "duration_ms",
        "started_at",
        "error",
        "attempt",
        "retry_in",
        "exchange",
    }


async def test_a_failing_listener_does_not_fail_the_call(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    def broken(record: CallRecord) -> None:
        raise RuntimeError("listener bug")

    api.get(CONNECTION).respond(json=RALLY_CONNECTION)
    assert (await make_client(on_call=broken).get_connection(1)).id == 1


def test_call_log_is_bounded_and_notifies_subscribers() -> None:
    assert len(CallLog()) == 0
    log = CallLog(maxlen=3)
    seen: list[int] = []
    unsubscribe = log.subscribe(lambda r: seen.append(r.attempt))
    record = CallRecord("GET", "/", 200, 1.0, datetime.now(UTC), None, 1)
    for attempt in range(1, 6):
        log.append(replace(record, attempt=attempt))
    assert len(log) == 3
    assert [r.attempt for r in log] == [3, 4, 5]
    assert seen == [1, 2, 3, 4, 5]
    unsubscribe()
    unsubscribe()
    log.append(record)
    assert seen == [1, 2, 3, 4, 5]


async def test_call_log_plugs_into_the_client(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    log = CallLog()
    api.get(CONNECTION).respond(json=RALLY_CONNECTION)
    await make_client(on_call=log.append).get_connection(1)
    assert [r.status for r in log] == [200]


def test_importing_the_client_loads_no_textual() -> None:
    code = textwrap.dedent(
        """
        import sys
        import tui.api.client
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(",".join(loaded))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == ""


def test_base_constant_is_what_the_client_reports() -> None:
    assert AlmClient(BASE + "/api/v2/", TOKEN).server == BASE


async def test_a_cancelled_attempt_is_recorded(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    asked = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        asked.set()
        await asyncio.sleep(30)
        return httpx.Response(200)

    api.get(CONNECTION).mock(side_effect=hang)
    task = asyncio.ensure_future(client.get_connection(1))
    await asyncio.wait_for(asked.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [(c.status, c.error) for c in calls] == [(None, "Cancelled")]


async def test_recorded_paths_are_percent_encoded_and_inert(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(url__startswith=f"{BASE}/api/v2/").respond(404, json={"detail": "Not found."})
    with pytest.raises(ApiError) as caught:
        await client.get_plugin("\x1b[2Jx")
    assert "\x1b" not in calls[0].path and "%1B%5B2Jx" in calls[0].path
    assert "\x1b" not in caught.value.message


async def test_recorded_query_values_are_encoded(
    api: respx.MockRouter, client: AlmClient, calls: list[CallRecord]
) -> None:
    api.get("/api/v2/projects/").respond(json={"results": []})
    await client.list_projects(search="a&b=c d")
    assert calls[0].path == "/api/v2/projects/?page_size=100&search=a%26b%3Dc%20d"


async def test_replace_token_sends_the_new_token_from_the_next_request() -> None:
    import httpx
    import respx

    from tui.api.client import AlmClient

    with respx.mock(base_url="https://sde.example.test") as router:
        route = router.get("/api/v2/connectors/alm/").mock(
            return_value=httpx.Response(200, json={"results": []})
        )
        async with AlmClient(
            "https://sde.example.test", "old-token-111", api_family=ApiFamily.ALM
        ) as client:
            await client.list_connectors()
            client.replace_token("new-token-222")
            await client.list_connectors()
            assert "new-token-222" not in repr(client)
    sent = [call.request.headers["Authorization"] for call in route.calls]
    assert sent == ["Token old-token-111", "Token new-token-222"]


async def test_secrets_of_a_valid_page_are_registered_wherever_params_hide(
    api: respx.MockRouter, client: AlmClient
) -> None:
    item = {
        **RALLY_CONNECTION,
        "params": {**RALLY_CONNECTION["params"], "alm_pass": "Page-Pw-123456"},
        "embedded": {"params": {"password": "Nested-Pw-98765"}},
        "system": {**RALLY_CONNECTION["system"], "params": {"api_token": "Sys-Tok-55555"}},
        "last_job": {"id": 9, "succeeded": False, "params": {"secret": "Job-Secret-4242"}},
    }
    api.get("/api/v2/connections/alm/").respond(
        json={"count": 1, "next": None, "previous": None, "results": [item]}
    )
    result = await client.list_connections()
    assert result.problems == []
    for secret in ("Page-Pw-123456", "Nested-Pw-98765", "Sys-Tok-55555", "Job-Secret-4242"):
        assert secret in registry, secret
