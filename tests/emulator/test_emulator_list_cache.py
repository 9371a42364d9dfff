"""The connection list serves items encoded once and reused: byte for byte what rendering them
afresh gives, and never stale, whatever changed the state (the API, the clock, a direct write)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tui.emulator import render
from tui.emulator.paging import paginate
from tui.emulator.state import EmulatorState

LIST = "/api/v2/connections/alm/"
ALL = {"include": "last_job"}


def fresh_body(state: EmulatorState, url: str, *, full: bool = True) -> bytes:
    """The list body rendered from scratch, the way the emulator answered before it cached."""
    state.advance()
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    items = sorted(state.connections.values(), key=lambda c: c["id"])
    if "project" in query:
        items = [c for c in items if c["project"] == int(query["project"][-1])]
    head, page = paginate(items, query, f"{parts.scheme}://{parts.netloc}{parts.path}")
    with_job = "last_job" in query.get("include", [""])[-1].split(",")
    results = [
        render.connection_json(state, c, show_params=full, include_last_job=with_job) for c in page
    ]
    return json.dumps({**head, "results": results}, ensure_ascii=False).encode("utf-8")


async def listed(client: httpx.AsyncClient, **params: str) -> dict[int, dict[str, Any]]:
    """Every connection of the list (the demo organisation fits one page), by id."""
    response = await client.get(LIST, params={**ALL, **params})
    assert response.status_code == 200
    return {c["id"]: c for c in response.json()["results"]}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"include": "last_job"},
        {"include": "last_job", "page_size": "7", "page": "2"},
        {"page_size": "5", "page": "last"},
        {"include": "last_job", "project": "4"},
    ],
    ids=["plain", "last-job", "page-2", "last-page", "project"],
)
async def test_cached_pages_are_byte_for_byte_a_fresh_rendering(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, params: dict[str, str]
) -> None:
    for _ in range(2):  # the first fills the cache, the second is served from it
        response = await emulator_asgi_client.get(LIST, params=params)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.content == fresh_body(emulator_state, str(response.request.url))


async def test_the_read_token_gets_its_own_items_without_params(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    await emulator_asgi_client.get(LIST, params=ALL)  # cache the full token's items first
    read = {"Authorization": f"Token {emulator_state.config.read_token}"}
    response = await emulator_asgi_client.get(LIST, params=ALL, headers=read)
    assert all("params" not in c for c in response.json()["results"])
    assert response.content == fresh_body(emulator_state, str(response.request.url), full=False)


async def test_a_patch_is_in_the_next_list(emulator_asgi_client: httpx.AsyncClient) -> None:
    before = await listed(emulator_asgi_client)
    patch = {"alias": "Renamed by PATCH", "params": {"alm_project": "PATCHED"}}
    assert (await emulator_asgi_client.patch(f"{LIST}3/", json=patch)).status_code == 200
    after = await listed(emulator_asgi_client)
    assert before[3]["alias"] != "Renamed by PATCH"
    assert after[3]["alias"] == "Renamed by PATCH"
    assert after[3]["params"]["alm_project"] == "PATCHED"
    assert {k: v for k, v in after.items() if k != 3} == {k: v for k, v in before.items() if k != 3}


async def test_a_sync_shows_running_then_its_result_when_the_clock_finishes_it(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    await listed(emulator_asgi_client)
    started = await emulator_asgi_client.post(
        "/api/v2/jobs/alm/", json={"connection": 2, "automatic": False, "ready": False}
    )
    job_id = started.json()["id"]
    running = (await listed(emulator_asgi_client))[2]
    assert running["in_progress"] is True
    assert (running["last_job"]["id"], running["last_job"]["ready"]) == (job_id, False)

    emulator_clock.advance(emulator_state.config.sync_seconds)  # no request finishes it: the clock
    finished = (await listed(emulator_asgi_client))[2]
    assert finished["in_progress"] is False
    assert (finished["last_job"]["id"], finished["last_job"]["ready"]) == (job_id, True)
    assert finished["last_job"]["result_message"].startswith("Synchronized ")
    assert finished["last_job"]["last_run"] != running["last_job"]["last_run"]


async def test_a_delete_and_a_create_are_in_the_next_list(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    before = await listed(emulator_asgi_client)
    assert (await emulator_asgi_client.delete(f"{LIST}5/")).status_code == 204
    body = {"alias": "Brand new", "connector": 1, "project": 1, "params": {"alm_project": "NEW"}}
    created = (await emulator_asgi_client.post(LIST, json=body)).json()
    response = await emulator_asgi_client.get(LIST, params={**ALL, "page_size": "100"})
    after = {c["id"]: c for c in response.json()["results"]}
    assert 5 in before and 5 not in after
    assert after[created["id"]]["alias"] == "Brand new"
    assert response.json()["count"] == len(before)


async def test_a_connector_change_reaches_every_connection_using_it(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    inheriting = [
        c["id"]
        for c in emulator_state.connections.values()
        if c["connector"] == 1 and "alm_server" not in c["params"]
    ]
    assert inheriting
    before = await listed(emulator_asgi_client)
    patch = {"params": {"alm_server": "jira.moved.example"}}
    assert (await emulator_asgi_client.patch("/api/v2/connectors/alm/1/", json=patch)).is_success
    after = await listed(emulator_asgi_client)
    for connection_id in inheriting:
        assert before[connection_id]["params"]["alm_server"] != "jira.moved.example"
        assert after[connection_id]["params"]["alm_server"] == "jira.moved.example"


async def test_direct_writes_into_the_state_are_never_served_stale(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    """Tests (and the "another administrator" scenarios) write into the state directly."""
    await listed(emulator_asgi_client)
    connection = emulator_state.connections[3]
    connection["params"]["alm_project"] = "NESTED-WRITE"
    emulator_state.projects[connection["project"]]["name"] = "Renamed project"
    connection["debug_mode"] = 0  # equal to False, but JSON writes 0: must not be reused
    after = (await listed(emulator_asgi_client))[3]
    assert after["params"]["alm_project"] == "NESTED-WRITE"
    assert after["params"]["sde_project"] == "Renamed project"
    assert after["debug_mode"] == 0 and after["debug_mode"] is not False

    ran = next(i for i in emulator_state.connections if emulator_state.last_job(i))
    stamp = (await listed(emulator_asgi_client))[ran]["last_job"]["last_run"]
    emulator_state.epoch0 += 3600  # every timestamp moves
    assert (await listed(emulator_asgi_client))[ran]["last_job"]["last_run"] != stamp


async def test_a_value_marshal_cannot_write_is_rendered_every_time(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    class Alias(str):
        pass

    emulator_state.connections[3]["alias"] = Alias("first")
    assert (await listed(emulator_asgi_client))[3]["alias"] == "first"
    emulator_state.connections[3]["alias"] = Alias("second")
    assert (await listed(emulator_asgi_client))[3]["alias"] == "second"
