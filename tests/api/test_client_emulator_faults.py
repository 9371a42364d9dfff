"""The client against the emulator's answer-shaping faults (in-process): bounded, typed, counted."""

from __future__ import annotations

import httpx
import pytest

from tui.api.client import AlmClient
from tui.api.errors import AskedToWait, OutcomeUnknown
from tui.api.vocab import ApiFamily
from tui.emulator.app import create_app
from tui.emulator.state import EmulatorConfig, EmulatorState

from .api_support import FakeTime

TOKEN = "fault-token-1"


def emulated(spec: str, **kwargs: object) -> tuple[EmulatorState, AlmClient]:
    state = EmulatorState(EmulatorConfig(token=TOKEN, faults=spec, test_latency_ms=0))
    transport = httpx.ASGITransport(app=create_app(state))
    # The emulator's ALM family, known in advance: the counted requests hold no family probe.
    client = AlmClient("http://emulator.test", TOKEN, transport=transport,
                       api_family=ApiFamily.ALM, **kwargs)  # type: ignore[arg-type]
    return state, client


async def test_endless_next_ends_in_a_partial_listing_with_what_was_loaded() -> None:
    state, client = emulated("endless-next:1")
    total = len(state.connections)
    async with client:
        result = await client.list_connections()
    assert result.partial and result.partial_reason is not None
    assert result.partial_reason.startswith(f"The server said the list has {total} items but")
    assert len(result.items) >= total  # every real row, then page 1 again until the budget
    assert len(state.requests) <= 2 + (total + 100) // total  # bounded by the count, not 5,000


async def test_endless_next_with_a_lying_count_stops_within_its_slack() -> None:
    state, client = emulated("endless-next:1,lying-count:3", first_page_size=10)
    async with client:
        result = await client.list_connections()
    assert result.partial and "has 3 items" in (result.partial_reason or "")
    assert len(result.items) <= 3 + 100 + 10  # count + slack, to the end of the last page
    assert len(state.requests) <= 13  # the first page, the big page 1 tried, 11 small pages


async def test_a_bad_item_is_left_out_and_counted_the_rest_kept() -> None:
    state, client = emulated("bad-item:1")
    async with client:
        connectors = await client.list_connectors()
        connections = await client.list_connections()
    assert [p.item_id for p in connectors.problems] == [min(state.connectors)]
    assert "system" in connectors.problems[0].message
    assert len(connectors.items) == len(state.connectors) - 1
    assert not connections.problems and connections.items[0].system is None  # allowed there


async def test_a_slow_patch_that_landed_is_an_unknown_outcome_not_a_failure() -> None:
    state, client = emulated("slow-patch:30", write_deadline=0.2)
    async with client:
        with pytest.raises(OutcomeUnknown, match="reload and check"):
            await client.patch_connection(1, {"alias": "Landed late"})
    assert state.connection(1)["alias"] == "Landed late"
    assert [r.method for r in state.requests] == ["PATCH"]  # never resent


async def test_a_retry_after_of_a_day_fails_at_once() -> None:
    time = FakeTime()
    state, client = emulated("429:1,retry-after:86400", sleep=time.sleep, clock=time.clock)
    async with client:
        with pytest.raises(AskedToWait, match="asks to wait 86,400 s"):
            await client.get_connection(1)
    assert time.sleeps == [] and len(state.requests) == 1
