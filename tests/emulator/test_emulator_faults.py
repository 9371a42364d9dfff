"""Fault injection: spec parsing, determinism, and what httpx sees over real loopback HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import httpx
import pytest

from tui.emulator.app import create_app
from tui.emulator.faults import FaultInjector, FaultPlan, FaultSpecError
from tui.emulator.server import EmulatorServer
from tui.emulator.state import EmulatorConfig, EmulatorState

AUTH = {"Authorization": "Token t"}


def test_spec_parses_every_kind() -> None:
    plan = FaultPlan.parse(
        "500:0.1,502:0.05,503:0.05,429:0.05,reset:0.02,truncate:0.02,drip:0.01,redirect:0.01,"
        "latency:200,jitter:100,retry-after:2"
    )
    assert dict(plan.chances) == {
        "500": 0.1,
        "502": 0.05,
        "503": 0.05,
        "429": 0.05,
        "reset": 0.02,
        "truncate": 0.02,
        "drip": 0.01,
        "redirect": 0.01,
    }
    assert (plan.latency_ms, plan.jitter_ms, plan.retry_after) == (200, 100, 2)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("500", "expected kind:value"),
        ("404:0.1", 'unknown kind "404"'),
        ("500:often", '"often" is not a number'),
        ("502:1.5", "between 0 and 1"),
        ("latency:-1", "must not be negative"),
        ("retry-after:1.5", "whole seconds"),
        ("500:0.6,502:0.6", "add up to 1.2"),
    ],
)
def test_bad_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        FaultPlan.parse(spec)


def test_draws_are_deterministic_and_follow_probabilities() -> None:
    plan = FaultPlan.parse("500:0.25,429:0.25,jitter:50")
    first = [FaultInjector(plan, seed=7).draw() for _ in range(1)]
    injector, again = FaultInjector(plan, seed=7), FaultInjector(plan, seed=7)
    draws = [injector.draw() for _ in range(2000)]
    assert draws == [again.draw() for _ in range(2000)]
    assert draws[0] == first[0]
    kinds = [kind for kind, _ in draws]
    assert 0.2 < kinds.count("500") / 2000 < 0.3 and 0.2 < kinds.count("429") / 2000 < 0.3
    assert all(0 <= delay <= 50 for _, delay in draws)


@pytest.fixture
def faulty() -> Iterator[Callable[[str], str]]:
    """Start a live emulator whose every /api/v2/ request gets one fault."""
    servers: list[EmulatorServer] = []

    def start(spec: str) -> str:
        server = EmulatorServer(EmulatorConfig(token="t", faults=spec, test_latency_ms=0))
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def test_502_is_an_html_page(faulty: Callable[[str], str]) -> None:
    url = faulty("502:1")
    response = httpx.get(f"{url}/api/v2/connectors/alm/", headers=AUTH)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in response.text


def test_429_has_retry_after_and_drf_detail(faulty: Callable[[str], str]) -> None:
    url = faulty("429:1,retry-after:4")
    response = httpx.get(f"{url}/api/v2/connections/alm/", headers=AUTH)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "4"
    assert response.json() == {"detail": "Request was throttled. Expected available in 4 seconds."}


def test_503_has_retry_after(faulty: Callable[[str], str]) -> None:
    response = httpx.get(f"{faulty('503:1')}/api/v2/jobs/alm/", headers=AUTH)
    assert (response.status_code, response.headers["retry-after"]) == (503, "1")


def test_truncate_sends_half_a_json_body(faulty: Callable[[str], str]) -> None:
    url = faulty("truncate:1")
    response = httpx.get(f"{url}/api/v2/connectors/alm/1/", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text.startswith('{"id": 1')
    with pytest.raises(ValueError):
        response.json()


def test_redirect_points_elsewhere(faulty: Callable[[str], str]) -> None:
    url = faulty("redirect:1")
    response = httpx.get(f"{url}/api/v2/connections/alm/?project=1", headers=AUTH)
    assert response.status_code == 302
    assert response.headers["location"] == (
        "http://elsewhere.invalid/api/v2/connections/alm/?project=1"
    )


def test_reset_drops_the_connection(faulty: Callable[[str], str]) -> None:
    url = faulty("reset:1")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.get(f"{url}/api/v2/connectors/alm/", headers=AUTH)


def test_drip_trips_a_read_timeout(faulty: Callable[[str], str]) -> None:
    url = faulty("drip:1")
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(
            f"{url}/api/v2/connectors/alm/", headers=AUTH, timeout=httpx.Timeout(5.0, read=0.2)
        )


def test_faults_spare_paths_outside_the_api(faulty: Callable[[str], str]) -> None:
    url = faulty("500:1")
    assert httpx.get(f"{url}/health", headers=AUTH).status_code == 404


async def test_reset_in_process_raises_what_httpx_would() -> None:
    state = EmulatorState(EmulatorConfig(token="t", faults="reset:1"))
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://e", headers=AUTH) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("/api/v2/connectors/alm/")
    assert state.requests[-1].status == 0


async def test_faulted_requests_are_recorded_and_change_nothing() -> None:
    state = EmulatorState(EmulatorConfig(token="t", faults="500:1"))
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://e", headers=AUTH) as client:
        response = await client.patch("/api/v2/connections/alm/1/", json={"alias": "Changed"})
    assert response.status_code == 500
    assert state.connection(1)["alias"] == "Rally Integration"
    assert (state.requests[-1].body, state.requests[-1].status) == ({"alias": "Changed"}, 500)


def test_shaping_kinds_parse_and_combine_with_the_others() -> None:
    plan = FaultPlan.parse("endless-next:1,lying-count:5,bad-item:1,slow-patch:2.5,429:0.1")
    assert (plan.endless_next, plan.lying_count, plan.bad_item, plan.slow_patch_s) == (
        True, 5, True, 2.5
    )
    assert plan.shapes_answers and dict(plan.chances) == {"429": 0.1}
    assert not FaultPlan.parse("endless-next:0,500:0.1").shapes_answers


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("endless-next:2", "endless-next is 1 \\(on\\) or 0 \\(off\\)"),
        ("bad-item:0.5", "bad-item is 1"),
        ("lying-count:1.5", "lying-count must be a whole number"),
        ("slow-patch:-1", "must not be negative"),
        ("endless:1", 'unknown kind "endless"'),
    ],
)
def test_bad_shaping_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message):
        FaultPlan.parse(spec)


def _in_process(spec: str) -> tuple[EmulatorState, httpx.AsyncClient]:
    state = EmulatorState(EmulatorConfig(token="t", faults=spec, test_latency_ms=0))
    transport = httpx.ASGITransport(app=create_app(state))
    return state, httpx.AsyncClient(transport=transport, base_url="http://e", headers=AUTH)


async def test_endless_next_links_a_new_page_forever_past_the_last() -> None:
    state, client = _in_process("endless-next:1")
    total = len(state.connections)
    url: str | None = "/api/v2/connections/alm/?page_size=100"
    seen: list[str] = []
    async with client:
        for _ in range(6):
            assert url is not None
            response = await client.get(url)
            assert response.status_code == 200
            body = response.json()
            assert body["count"] == total and len(body["results"]) == min(total, 100)
            seen.append(url)
            url = body["next"]
    pages = [httpx.URL(u).params.get("page", "1") for u in seen]
    assert pages == ["1", "2", "3", "4", "5", "6"]  # never the same page twice
    assert url is not None and url.startswith("http://e/api/v2/connections/alm/?")


async def test_lying_count_reports_the_given_number_on_paged_lists_only() -> None:
    _, client = _in_process("lying-count:7")
    async with client:
        paged = (await client.get("/api/v2/connectors/alm/?page_size=2")).json()
        whole = (await client.get("/api/v2/connectors/alm/")).json()
    assert paged["count"] == 7 and paged["next"] is not None
    assert "count" not in whole


async def test_bad_item_nulls_the_system_of_the_first_item_of_each_list() -> None:
    _, client = _in_process("bad-item:1")
    async with client:
        listed = (await client.get("/api/v2/connectors/alm/?page_size=2")).json()["results"]
        single = (await client.get("/api/v2/connectors/alm/1/")).json()
    assert listed[0]["system"] is None and listed[1]["system"] is not None
    assert single["system"] is not None  # lists only


async def test_slow_patch_stores_the_write_before_the_late_answer() -> None:
    state, client = _in_process("slow-patch:30")
    async with client:
        with pytest.raises(TimeoutError):  # in-process there is no socket timeout: the caller's
            async with asyncio.timeout(0.2):
                await client.patch("/api/v2/connections/alm/1/", json={"alias": "Landed"})
        fast_get = await client.get("/api/v2/connections/alm/1/")
    assert state.connection(1)["alias"] == "Landed"
    assert fast_get.json()["alias"] == "Landed"  # only PATCH answers are slow
