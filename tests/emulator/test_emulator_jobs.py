"""Sync jobs: start, in_progress, lazy finishing on the fake clock, rejections, filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tui.emulator.state import EmulatorState


async def start_sync(client: httpx.AsyncClient, connection_id: int) -> httpx.Response:
    return await client.post(
        "/api/v2/jobs/alm/", json={"connection": connection_id, "automatic": False, "ready": False}
    )


async def connection_with_job(client: httpx.AsyncClient, connection_id: int) -> dict[str, Any]:
    response = await client.get(f"/api/v2/connections/alm/{connection_id}/?include=last_job")
    result: dict[str, Any] = response.json()
    return result


async def test_sync_lifecycle_runs_on_the_clock(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    response = await start_sync(emulator_asgi_client, 2)
    assert response.status_code == 201
    job = response.json()
    assert (job["ready"], job["succeeded"], job["automatic"]) == (False, False, False)
    assert job["connection"]["id"] == 2 and job["connection"]["system"] == "GitHub"
    assert job["user"] == emulator_state.users[1]
    running = await connection_with_job(emulator_asgi_client, 2)
    assert running["in_progress"] is True and running["last_job"]["id"] == job["id"]

    emulator_clock.advance(emulator_state.config.sync_seconds - 0.01)
    assert (await connection_with_job(emulator_asgi_client, 2))["in_progress"] is True

    emulator_clock.advance(0.02)
    done = await connection_with_job(emulator_asgi_client, 2)
    assert done["in_progress"] is False
    last = done["last_job"]
    assert (last["id"], last["ready"], last["succeeded"]) == (job["id"], True, True)
    assert last["result_message"].startswith("Synchronized ")
    assert last["last_run"] > job["last_run"]
    finished = (await emulator_asgi_client.get(f"/api/v2/jobs/alm/{job['id']}/")).json()
    assert finished["ready"] is True and finished["result_message"] == last["result_message"]


async def test_sync_with_expired_credentials_fails_with_the_remote_error(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    await start_sync(emulator_asgi_client, 9)  # on the legacy Jira connector
    emulator_clock.advance(emulator_state.config.sync_seconds)
    last = (await connection_with_job(emulator_asgi_client, 9))["last_job"]
    assert last["succeeded"] is False
    assert "401 Unauthorized" in last["result_message"]


async def test_second_sync_while_running_is_rejected(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    assert (await start_sync(emulator_asgi_client, 2)).status_code == 201
    response = await start_sync(emulator_asgi_client, 2)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A synchronization is already in progress for this connection."]
    }


async def test_manual_sync_of_inaccessible_connector_is_rejected(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    remote = next(c for c in emulator_state.connections.values() if c["connector"] == 10)
    response = await start_sync(emulator_asgi_client, remote["id"])
    assert response.status_code == 400
    assert "inaccessible" in response.json()["non_field_errors"][0]
    assert not emulator_state.in_progress(remote["id"])


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {},
            {
                "connection": ["This field is required."],
                "automatic": ["This field is required."],
                "ready": ["This field is required."],
            },
        ),
        (
            {"connection": 999, "automatic": False, "ready": False},
            {"connection": ['Invalid pk "999" - object does not exist.']},
        ),
        (
            {"connection": 2, "automatic": False, "ready": True},
            {"ready": ["Must be false to start a synchronization."]},
        ),
    ],
)
async def test_invalid_sync_requests_are_400(
    emulator_asgi_client: httpx.AsyncClient, body: dict[str, Any], errors: dict[str, Any]
) -> None:
    response = await emulator_asgi_client.post("/api/v2/jobs/alm/", json=body)
    assert response.status_code == 400
    assert response.json() == errors


async def test_seeded_running_sync_finishes_later(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    (running_id,) = emulator_state.running
    emulator_clock.advance(14 * emulator_state.config.sync_seconds)
    assert (await connection_with_job(emulator_asgi_client, running_id))["in_progress"] is True
    emulator_clock.advance(emulator_state.config.sync_seconds)
    done = await connection_with_job(emulator_asgi_client, running_id)
    assert done["in_progress"] is False and done["last_job"]["ready"] is True


async def test_remote_client_can_post_a_result(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/jobs/alm/",
        json={
            "connection": 20,
            "result_message": "Remote sync OK",
            "succeeded": True,
            "automatic": True,
        },
    )
    assert response.status_code == 201
    assert response.json()["ready"] is True
    last = (await connection_with_job(emulator_asgi_client, 20))["last_job"]
    assert (last["succeeded"], last["result_message"]) == (True, "Remote sync OK")


async def test_job_shape_and_filters(emulator_asgi_client: httpx.AsyncClient) -> None:
    jobs = (await emulator_asgi_client.get("/api/v2/jobs/alm/?connection=1")).json()["results"]
    assert jobs and {j["connection"]["id"] for j in jobs} == {1}
    job = jobs[0]
    assert list(job) == [
        "id",
        "connection",
        "user",
        "succeeded",
        "ready",
        "automatic",
        "result_message",
        "last_run",
    ]
    assert list(job["connection"]) == [
        "id",
        "alias",
        "command",
        "frequency",
        "params",
        "project",
        "system",
    ]
    assert "@" in job["user"] and job["last_run"].endswith("Z")
    failed = (await emulator_asgi_client.get("/api/v2/jobs/alm/?succeeded=false")).json()
    assert failed["results"] and all(not j["succeeded"] for j in failed["results"])
    pending = (await emulator_asgi_client.get("/api/v2/jobs/alm/?ready=false")).json()
    assert len(pending["results"]) == 1
    scheduled = (await emulator_asgi_client.get("/api/v2/jobs/alm/?automatic=true")).json()
    assert scheduled["results"] and all(j["automatic"] for j in scheduled["results"])
