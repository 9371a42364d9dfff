"""Shared fixtures for the API client tests: a mocked server, a client wired to it, call records."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import respx

from tui.api.calllog import CallRecord
from tui.api.client import AlmClient
from tui.api.secrets import registry
from tui.api.vocab import ApiFamily

from .api_support import BASE, TOKEN, MakeClient, Sleeps


@pytest.fixture(autouse=True)
def isolated_secret_registry() -> Iterator[None]:
    """The registry is process-wide: keep what one test registers from leaking into the next."""
    saved = registry.values()
    yield
    registry.reset(saved)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router


@pytest.fixture
def calls() -> list[CallRecord]:
    return []


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def make_client(calls: list[CallRecord], sleeps: Sleeps) -> AsyncIterator[MakeClient]:
    made: list[AlmClient] = []

    def factory(**overrides: Any) -> AlmClient:
        # The mocked server is an ALM-era one unless a test asks for discovery (api_family=None).
        kwargs: dict[str, Any] = {
            "on_call": calls.append,
            "sleep": sleeps,
            "trust_env": False,
            "api_family": ApiFamily.ALM,
        }
        kwargs.update(overrides)
        server = kwargs.pop("server", BASE)
        client = AlmClient(server, kwargs.pop("token", TOKEN), **kwargs)
        made.append(client)
        return client

    yield factory
    for client in made:
        await client.aclose()


@pytest.fixture
def client(make_client: MakeClient) -> AlmClient:
    return make_client()
