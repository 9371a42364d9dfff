"""Only GETs are retried; writes are sent once; every attempt has an overall deadline."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx

from tui.api.calllog import CallRecord
from tui.api.client import AlmClient
from tui.api.errors import (
    ApiError,
    AskedToWait,
    CannotConnect,
    OutcomeUnknown,
    RateLimited,
    ServerError,
    TimedOut,
    TransportError,
)
from tui.api.retry import BACKOFF_CAP, backoff_delay, parse_retry_after
from tui.api.vocab import ApiFamily

from .api_support import BASE, RALLY_CONNECTION, TOKEN, MakeClient, Sleeps

CONNECTION = "/api/v2/connections/alm/1/"


class Drip(httpx.AsyncByteStream):
    """A body that arrives one byte every 0.05 s for a long time (no per-read timeout fires)."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield b'{"id": 1, "alias": "'
        for _ in range(2_000):
            await asyncio.sleep(0.05)
            self.sent += 1
            yield b"x"


@pytest.mark.parametrize(
    "transient",
    [
        httpx.Response(503),
        httpx.Response(502, html="<html>bad gateway</html>"),
        httpx.Response(504),
        httpx.Response(429),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed connection"),
        httpx.ReadError("connection reset"),
    ],
    ids=["503", "502", "504", "429", "read-timeout", "protocol", "read-error"],
)
async def test_get_is_retried_after_transient_failures(
    api: respx.MockRouter, client: AlmClient, sleeps: Sleeps, transient: object
) -> None:
    ok = httpx.Response(200, json=RALLY_CONNECTION)
    route = api.get(CONNECTION).mock(side_effect=[transient, transient, ok])
    assert (await client.get_connection(1)).id == 1
    assert route.call_count == 3
    assert len(sleeps) == 2


async def test_get_gives_up_after_the_configured_retries(
    api: respx.MockRouter, make_client: MakeClient, sleeps: Sleeps
) -> None:
    route = api.get(CONNECTION).respond(503)
    with pytest.raises(ServerError):
        await make_client(get_retries=3).get_connection(1)
    assert route.call_count == 4
    assert len(sleeps) == 3


async def test_no_retries_when_disabled(api: respx.MockRouter, make_client: MakeClient) -> None:
    route = api.get(CONNECTION).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(TimedOut):
        await make_client(get_retries=0).get_connection(1)
    assert route.call_count == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500])
async def test_definite_answers_are_not_retried(
    api: respx.MockRouter, client: AlmClient, status: int
) -> None:
    route = api.get(CONNECTION).respond(status, json={"detail": "no"})
    with pytest.raises(ApiError):
        await client.get_connection(1)
    assert route.call_count == 1


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx.Response(503), ServerError),
        (httpx.Response(429, headers={"Retry-After": "1"}), RateLimited),
        (httpx.ReadTimeout("read timed out"), OutcomeUnknown),
        (httpx.WriteTimeout("write timed out"), OutcomeUnknown),
        (httpx.RemoteProtocolError("server disconnected"), OutcomeUnknown),
        (httpx.ReadError("connection reset"), OutcomeUnknown),
        (httpx.WriteError("broken pipe"), OutcomeUnknown),
    ],
    ids=["503", "429", "read-timeout", "write-timeout", "protocol", "read-error", "write-error"],
)
async def test_writes_are_sent_exactly_once(
    api: respx.MockRouter,
    client: AlmClient,
    sleeps: Sleeps,
    method: str,
    failure: object,
    expected: type[Exception],
) -> None:
    path = "/api/v2/connections/alm/" if method == "POST" else CONNECTION
    route = api.route(method=method, path=path).mock(side_effect=[failure, httpx.Response(200)])
    call = {
        "POST": lambda: client.create_connection({"alias": "a"}),
        "PATCH": lambda: client.patch_connection(1, {"alias": "a"}),
        "DELETE": lambda: client.delete_connection(1),
    }[method]
    with pytest.raises(expected) as caught:
        await call()
    assert route.call_count == 1
    assert sleeps == []
    if expected is OutcomeUnknown:
        assert "may or may not have been applied" in caught.value.message


async def test_start_sync_is_never_replayed(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.post("/api/v2/jobs/alm/").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(OutcomeUnknown):
        await client.start_sync(1)
    assert route.call_count == 1


async def test_write_that_never_connected_says_so(api: respx.MockRouter, client: AlmClient) -> None:
    api.patch(CONNECTION).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(CannotConnect):
        await client.patch_connection(1, {"alias": "a"})


async def test_a_test_call_that_times_out_is_timed_out_not_unknown(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.post("/api/v2/connections/testalm/").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(TimedOut):
        await client.test_connection({"alias": "a"})
    assert route.call_count == 1


async def test_exhausted_get_read_errors_are_transport_errors(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get(CONNECTION).mock(side_effect=httpx.RemoteProtocolError("peer closed"))
    with pytest.raises(TransportError, match="broke off"):
        await client.get_connection(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), ("0", 0.0), ("60", 60.0), ("-5", 0.0), ("1.5", 1.5)],
)
async def test_retry_after_seconds_are_honoured_and_capped(
    api: respx.MockRouter, make_client: MakeClient, sleeps: Sleeps, header: str, expected: float
) -> None:
    ok = httpx.Response(200, json=RALLY_CONNECTION)
    api.get(CONNECTION).mock(side_effect=[httpx.Response(429, headers={"Retry-After": header}), ok])
    await make_client(read_deadline=120.0).get_connection(1)
    assert sleeps == [expected]


async def test_retry_after_http_date_is_honoured(
    api: respx.MockRouter, client: AlmClient, sleeps: Sleeps
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    ok = httpx.Response(200, json=RALLY_CONNECTION)
    api.get(CONNECTION).mock(side_effect=[httpx.Response(503, headers={"Retry-After": when}), ok])
    await client.get_connection(1)
    assert 17 <= sleeps[0] <= 20


async def test_garbage_retry_after_falls_back_to_backoff(
    api: respx.MockRouter, client: AlmClient, sleeps: Sleeps
) -> None:
    ok = httpx.Response(200, json=RALLY_CONNECTION)
    garbage = httpx.Response(429, headers={"Retry-After": "banana"})
    api.get(CONNECTION).mock(side_effect=[garbage, ok])
    await client.get_connection(1)
    assert 0.25 <= sleeps[0] <= 0.5


async def test_retry_after_cap_is_configurable(
    api: respx.MockRouter, make_client: MakeClient, sleeps: Sleeps
) -> None:
    api.get(CONNECTION).respond(429, headers={"Retry-After": "6"})
    with pytest.raises(AskedToWait, match=r"wait 6 s .*the longest wait sde-alm accepts \(5 s\)"):
        await make_client(retry_after_cap=5.0, get_retries=1).get_connection(1)
    assert sleeps == []


def test_parse_retry_after() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", cap=60, now=lambda: now) == 30
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", cap=60, now=lambda: now) == 0
    assert parse_retry_after("Fri, 02 Jan 2026 12:00:00 GMT", cap=60, now=lambda: now) == 60
    for garbage in (None, "", "banana", "1e3", "٣", "inf", "nan", "Mon, 99 Foo 2026"):
        assert parse_retry_after(garbage, cap=60) is None


def test_backoff_is_exponential_jittered_and_capped() -> None:
    assert backoff_delay(1, rand=lambda: 0.0) == 0.25
    assert backoff_delay(1, rand=lambda: 1.0) == 0.5
    assert backoff_delay(3, rand=lambda: 1.0) == 2.0
    assert backoff_delay(30, rand=lambda: 1.0) == BACKOFF_CAP
    assert backoff_delay(30, rand=lambda: 0.0) == BACKOFF_CAP / 2


async def test_slow_drip_is_stopped_by_the_overall_deadline(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    drip = Drip()
    api.get(CONNECTION).respond(200, stream=drip, headers={"content-type": "application/json"})
    client = make_client(read_deadline=0.3, get_retries=0)
    started = time.perf_counter()
    with pytest.raises(TimedOut, match=r"within 0\.3 s"):
        await client.get_connection(1)
    assert time.perf_counter() - started < 2.0
    assert drip.sent < 20
    assert calls[-1].error == "Timed out"


async def test_slow_drip_on_a_write_is_outcome_unknown(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    api.patch(CONNECTION).respond(200, stream=Drip())
    with pytest.raises(OutcomeUnknown):
        await make_client(write_deadline=0.2).patch_connection(1, {"alias": "a"})


async def test_hung_server_is_stopped_by_the_deadline(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200, json=RALLY_CONNECTION)

    api.get(CONNECTION).mock(side_effect=hang)
    with pytest.raises(TimedOut):
        await make_client(read_deadline=0.1, get_retries=0).get_connection(1)


async def test_a_retried_attempt_records_how_long_the_client_waits(
    api: respx.MockRouter, sleeps: Sleeps
) -> None:
    from tui.api.calllog import CallLog

    log = CallLog()
    ok = httpx.Response(200, json=RALLY_CONNECTION)
    api.get(CONNECTION).mock(side_effect=[httpx.Response(429, headers={"Retry-After": "9"}), ok])
    async with AlmClient(
        BASE, TOKEN, on_call=log.append, sleep=sleeps, api_family=ApiFamily.ALM
    ) as client:
        await client.get_connection(1)
    assert [(r.status, r.retry_in) for r in log] == [(429, 9.0), (200, None)]
