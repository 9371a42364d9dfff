"""One deadline per call: retries and Retry-After waits fit inside it or are not made."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import respx

from tui.api.client import AlmClient
from tui.api.errors import AskedToWait, RateLimited, TimedOut
from tui.api.retry import RetryWait
from tui.api.vocab import ApiFamily

from .api_support import BASE, RALLY_CONNECTION, TOKEN, FakeTime

CONNECTION = "/api/v2/connections/alm/1/"
OK = httpx.Response(200, json=RALLY_CONNECTION)


def throttled(seconds: str, status: int = 429) -> httpx.Response:
    return httpx.Response(status, json={"detail": "slow down"}, headers={"Retry-After": seconds})


def client_at(time: FakeTime, **kwargs: object) -> AlmClient:
    # An ALM-era server: the mocked paths are /alm/ (no family probe among the counted calls).
    return AlmClient(BASE, TOKEN, sleep=time.sleep, clock=time.clock, trust_env=False,
                     api_family=ApiFamily.ALM, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [429, 503])
async def test_a_retry_after_beyond_the_deadline_fails_at_once_naming_the_wait(
    api: respx.MockRouter, status: int
) -> None:
    time = FakeTime()
    route = api.get(CONNECTION).mock(return_value=throttled("86400", status))
    with pytest.raises(AskedToWait) as caught:
        await client_at(time).get_connection(1)
    assert time.sleeps == [] and route.call_count == 1  # no wait, no second request
    assert "The server asks to wait 86,400 s" in caught.value.message
    assert "30 s left before this request's deadline" in caught.value.message
    assert caught.value.retry_after == 86400 and caught.value.status == status
    assert isinstance(caught.value, RateLimited)  # what callers that back off already catch


async def test_waits_that_fit_are_made_and_the_next_one_that_does_not_fails(
    api: respx.MockRouter,
) -> None:
    time = FakeTime()
    route = api.get(CONNECTION).mock(side_effect=[throttled("20"), throttled("20"), OK])
    with pytest.raises(AskedToWait, match=r"wait 20 s .*the 10 s left"):
        await client_at(time).get_connection(1)
    assert time.sleeps == [20.0] and route.call_count == 2


async def test_read_timeouts_stop_at_the_calls_deadline_not_after_every_retry(
    api: respx.MockRouter,
) -> None:
    time = FakeTime()
    started = time.now

    def slow_timeout(request: httpx.Request) -> httpx.Response:
        time.now += 15  # httpx's read timeout fired after 15 s
        raise httpx.ReadTimeout("read timed out")

    route = api.get(CONNECTION).mock(side_effect=slow_timeout)
    with pytest.raises(TimedOut):
        await client_at(time, read_deadline=30.0, get_retries=2).get_connection(1)
    assert route.call_count == 2  # the third attempt would start after the deadline
    assert time.now - started <= 31  # was 47 s: three 15 s timeouts and two backoffs


async def test_an_attempt_after_a_wait_gets_only_the_time_that_is_left(
    api: respx.MockRouter,
) -> None:
    time = FakeTime()
    asked: list[httpx.Request] = []

    async def answers(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if len(asked) == 1:
            time.now += 29.9
            return throttled("0")
        await asyncio.sleep(5)  # with a fresh 30 s deadline this would succeed
        return OK

    api.get(CONNECTION).mock(side_effect=answers)
    with pytest.raises(TimedOut, match="within 30 s"):
        await client_at(time).get_connection(1)
    assert len(asked) == 2


async def test_a_wait_is_announced_with_its_end_and_visible_while_it_runs(
    api: respx.MockRouter,
) -> None:
    time = FakeTime()
    announced: list[RetryWait] = []
    seen_during: list[float | None] = []
    client = client_at(time, on_wait=announced.append)

    async def sleep(seconds: float) -> None:
        seen_during.append(client.waiting_until)
        await time.sleep(seconds)

    client._caller._sleep = sleep
    api.get(CONNECTION).mock(side_effect=[throttled("12"), OK])
    await client.get_connection(1)
    [wait] = announced
    assert (wait.seconds, wait.until, wait.server_asked) == (12.0, 1012.0, True)
    assert wait.reason == "Rate limited, HTTP 429" and wait.path.startswith(CONNECTION)
    assert seen_during == [1012.0] and client.waiting_until is None


async def test_a_backoff_that_does_not_fit_gives_the_failure_at_once(
    api: respx.MockRouter,
) -> None:
    time = FakeTime()

    def late_gateway(request: httpx.Request) -> httpx.Response:
        time.now += 29.9
        return httpx.Response(502, html="<html>bad gateway</html>")

    route = api.get(CONNECTION).mock(side_effect=late_gateway)
    with pytest.raises(Exception, match="Server or proxy unavailable"):
        await client_at(time).get_connection(1)
    assert route.call_count == 1 and time.sleeps == []
