"""Opt-in pagination: count/next/previous with absolute URLs, 404 for invalid pages."""

from __future__ import annotations

import httpx
import pytest

from tui.emulator.state import EmulatorConfig, EmulatorState


async def test_without_page_size_everything_comes_back(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    body = (await emulator_asgi_client.get("/api/v2/connections/alm/?page=2")).json()
    assert list(body) == ["results"]
    assert len(body["results"]) == len(emulator_state.connections)


async def test_pages_link_to_each_other(emulator_asgi_client: httpx.AsyncClient) -> None:
    first = (await emulator_asgi_client.get("/api/v2/connections/alm/?page_size=20")).json()
    assert list(first) == ["count", "next", "previous", "results"]
    assert first["count"] == 44 and len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == "http://emulator/api/v2/connections/alm/?page=2&page_size=20"
    second = (await emulator_asgi_client.get(first["next"])).json()
    assert second["previous"] == "http://emulator/api/v2/connections/alm/?page_size=20"
    third = (await emulator_asgi_client.get(second["next"])).json()
    assert third["next"] is None and len(third["results"]) == 4
    ids = [c["id"] for page in (first, second, third) for c in page["results"]]
    assert ids == sorted(ids) and len(set(ids)) == 44


async def test_links_keep_filters_and_includes(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = (
        await emulator_asgi_client.get(
            "/api/v2/connections/alm/?project=1&include=last_job&page_size=1"
        )
    ).json()
    assert body["next"] == (
        "http://emulator/api/v2/connections/alm/?include=last_job&page=2&page_size=1&project=1"
    )
    assert "last_job" in body["results"][0]


async def test_last_page_keyword(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = (
        await emulator_asgi_client.get("/api/v2/connections/alm/?page_size=10&page=last")
    ).json()
    assert [c["id"] for c in body["results"]] == [41, 42, 43, 44]


@pytest.mark.parametrize("page", ["0", "6", "-1", "two"])
async def test_invalid_page_is_404(emulator_asgi_client: httpx.AsyncClient, page: str) -> None:
    response = await emulator_asgi_client.get(f"/api/v2/connections/alm/?page_size=10&page={page}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


@pytest.mark.parametrize("size", ["abc", "0", "-5"])
async def test_bad_page_size_falls_back_to_100(
    emulator_asgi_client: httpx.AsyncClient, size: str
) -> None:
    body = (await emulator_asgi_client.get(f"/api/v2/jobs/alm/?page_size={size}")).json()
    assert body["count"] > 100 and len(body["results"]) == 100


async def test_page_size_is_capped_at_1000() -> None:
    from tui.emulator.app import create_app

    state = EmulatorState(EmulatorConfig(token="t", connections=1500))
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://e") as client:
        response = await client.get(
            "/api/v2/connections/alm/?page_size=5000", headers={"Authorization": "Token t"}
        )
    body = response.json()
    assert body["count"] == 1500 and len(body["results"]) == 1000
    assert body["next"] == "http://e/api/v2/connections/alm/?page=2&page_size=5000"


async def test_empty_list_has_a_first_page(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = (await emulator_asgi_client.get("/api/v2/jobs/alm/?connection=3&page_size=5")).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
