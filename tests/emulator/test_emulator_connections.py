"""Connections: merged params on read, create/patch/delete, filters, includes, validation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tui.emulator.state import EmulatorState

SEED_RALLY_PARAM_KEYS = {
    "sde_project",
    "alm_user",
    "sde_verification_filter",
    "rally_workspace",
    "alm_method",
    "alm_validate_cert",
    "alm_title_format",
    "alm_server",
    "sde_businessunit",
    "sde_application",
    "alm_project",
    "alm_pass",
    "alm_phases",
    "sde_statuses_in_scope",
    "conflict_policy",
    "sde_min_priority",
    "alm_reference_context",
}


async def test_read_merges_connector_params_and_sde_keys(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    connection = (await emulator_asgi_client.get("/api/v2/connections/alm/1/")).json()
    params = connection["params"]
    assert set(params) == SEED_RALLY_PARAM_KEYS
    assert params["alm_project"] == "Rally Project"  # the connection's own
    assert params["rally_workspace"] == "Rally Workspace"  # from the connector
    assert params["alm_title_format"] == "$task_id $title"  # connectors say title_format
    assert params["sde_min_priority"] == 7  # a string "7" on the connector
    assert params["alm_validate_cert"] is True
    assert (params["sde_project"], params["sde_application"], params["sde_businessunit"]) == (
        "Demo Project",
        "Demo Application",
        "General",
    )
    assert isinstance(params["alm_reference_context"], int)
    assert emulator_state.connection(1)["params"] == {"alm_project": "Rally Project"}
    assert connection["command"] == "sync_rally"
    assert connection["system"]["id"] == "rally"


async def test_list_key_order_and_project_filter(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = (await emulator_asgi_client.get("/api/v2/connections/alm/?project=2")).json()
    assert list(body) == ["results"]
    assert body["results"] and {c["project"] for c in body["results"]} == {2}
    assert list(body["results"][0]) == [
        "id",
        "alias",
        "system",
        "frequency",
        "command",
        "debug_mode",
        "params",
        "inaccessible",
        "in_progress",
        "connector",
        "project",
    ]
    everything = (await emulator_asgi_client.get("/api/v2/connections/alm/")).json()["results"]
    assert len(everything) >= 40
    assert len({c["project"] for c in everything}) >= 8
    assert {c["frequency"] for c in everything} == {
        "manually",
        "hourly",
        "daily",
        "weekly",
        "monthly",
    }


@pytest.mark.parametrize("value", ["999", "abc"])
async def test_filter_on_unknown_project_is_400(
    emulator_asgi_client: httpx.AsyncClient, value: str
) -> None:
    response = await emulator_asgi_client.get(f"/api/v2/connections/alm/?project={value}")
    assert response.status_code == 400
    assert response.json() == {
        "project": ["Select a valid choice. That choice is not one of the available choices."]
    }


async def test_last_job_only_with_include(emulator_asgi_client: httpx.AsyncClient) -> None:
    plain = (await emulator_asgi_client.get("/api/v2/connections/alm/")).json()["results"]
    assert all("last_job" not in c for c in plain)
    included = (await emulator_asgi_client.get("/api/v2/connections/alm/?include=last_job")).json()[
        "results"
    ]
    by_id = {c["id"]: c for c in included}
    assert list(by_id[1]["last_job"]) == [
        "succeeded",
        "last_run",
        "result_message",
        "user",
        "ready",
        "automatic",
        "id",
    ]
    assert by_id[1]["last_job"]["succeeded"] is False
    assert isinstance(by_id[1]["last_job"]["user"], int)
    assert by_id[3]["last_job"] is None  # never run
    outcomes = [c["last_job"]["succeeded"] for c in included if c["last_job"]]
    assert True in outcomes and False in outcomes
    running = [c for c in included if c["in_progress"]]
    assert len(running) == 1 and running[0]["last_job"]["ready"] is False
    detail = (await emulator_asgi_client.get("/api/v2/connections/alm/1/?include=last_job")).json()
    assert detail["last_job"] == by_id[1]["last_job"]


async def test_create_stores_own_params_and_reads_merged(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    body = {
        "alias": "Example Connection",
        "connector": 4,
        "project": 5,
        "frequency": "hourly",
        "debug_mode": True,
        "params": {"alm_project": "EX", "alm_parent_issue": "EX-1", "sde_project": "ignored"},
    }
    response = await emulator_asgi_client.post("/api/v2/connections/alm/", json=body)
    assert response.status_code == 201
    created = response.json()
    assert created["command"] == "sync_jira" and created["frequency"] == "hourly"
    assert created["debug_mode"] is True and created["in_progress"] is False
    assert created["params"]["alm_server"] == "granitebank.atlassian.net"
    assert created["params"]["sde_project"] == "Open Banking API"
    assert emulator_state.connection(created["id"])["params"] == {
        "alm_project": "EX",
        "alm_parent_issue": "EX-1",
    }


async def test_create_defaults_frequency_and_debug_mode(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/connections/alm/",
        json={"alias": "Defaults", "connector": "4", "project": 5, "params": {"alm_project": "D"}},
    )
    assert response.status_code == 201
    assert (response.json()["frequency"], response.json()["debug_mode"]) == ("manually", False)


async def test_patch_sends_one_key_and_gets_all_params_back(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    before = (await emulator_asgi_client.get("/api/v2/connections/alm/8/")).json()
    patch = {"params": {"alm_project": "OBP2"}}
    response = await emulator_asgi_client.patch("/api/v2/connections/alm/8/", json=patch)
    assert response.status_code == 200
    after = response.json()
    assert after["params"] == {**before["params"], "alm_project": "OBP2"}
    assert after["alias"] == before["alias"]
    assert emulator_state.requests[-1].body == patch
    assert emulator_state.connection(8)["params"] == {
        "alm_project": "OBP2",
        "alm_parent_issue": "OBP-1200",
    }


async def test_patch_null_param_falls_back_to_connector_value(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    await emulator_asgi_client.patch(
        "/api/v2/connections/alm/8/", json={"params": {"conflict_policy": "alm"}}
    )
    response = await emulator_asgi_client.patch(
        "/api/v2/connections/alm/8/", json={"params": {"conflict_policy": None}}
    )
    assert response.json()["params"]["conflict_policy"] == "sde"  # connector 4's


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {},
            {
                "alias": ["This field is required."],
                "connector": ["This field is required."],
                "project": ["This field is required."],
                "params": ["This field is required."],
            },
        ),
        (
            {"alias": "x", "connector": 99, "project": 1, "frequency": "every-day", "params": {}},
            {
                "connector": ['Invalid pk "99" - object does not exist.'],
                "frequency": ['"every-day" is not a valid choice.'],
            },
        ),
        (
            {"alias": "x", "connector": True, "project": "one", "params": {}},
            {
                "connector": ["Incorrect type. Expected pk value, received bool."],
                "project": ["Incorrect type. Expected pk value, received str."],
            },
        ),
        (
            {"alias": "x", "connector": 4, "project": 1, "debug_mode": "maybe", "params": {}},
            {"debug_mode": ["Must be a valid boolean."]},
        ),
        (
            {"alias": "x", "connector": 4, "project": 1, "params": {"sde_min_priority": 11}},
            {
                "params": {
                    "alm_project": ["This field is required."],
                    "sde_min_priority": ["Ensure this value is between 1 and 10."],
                }
            },
        ),
        (
            {"alias": "x", "connector": 4, "project": 1, "params": {"alm_project": "P" * 256}},
            {"params": {"alm_project": ["Ensure this field has no more than 255 characters."]}},
        ),
        (
            {
                "alias": "x",
                "connector": 4,
                "project": 1,
                "params": {"alm_project": "P", "alm_title_format": "[$context] $task_id $title"},
            },
            {
                "params": {
                    "alm_context": ["This field is required when the title format uses $context."]
                }
            },
        ),
        (
            {
                "alias": "Rally Integration",
                "connector": 9,
                "project": 1,
                "params": {"alm_project": "P"},
            },
            {"non_field_errors": ["The fields project, alias must make a unique set."]},
        ),
        (
            {"alias": "Remote", "connector": 10, "project": 1, "params": {"alm_project": "CHG1"}},
            {
                "non_field_errors": [
                    "Connections using an inaccessible connector cannot use the "
                    '"manually" frequency.'
                ]
            },
        ),
    ],
)
async def test_invalid_create_is_400_with_field_errors(
    emulator_asgi_client: httpx.AsyncClient, body: dict[str, Any], errors: dict[str, Any]
) -> None:
    response = await emulator_asgi_client.post("/api/v2/connections/alm/", json=body)
    assert response.status_code == 400
    assert response.json() == errors


async def test_non_object_body_is_non_field_error(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.post("/api/v2/connections/alm/", json=[1])
    assert response.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


async def test_delete_is_204_then_404_and_jobs_go(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    assert any(j["connection"] == 2 for j in emulator_state.jobs.values())
    response = await emulator_asgi_client.delete("/api/v2/connections/alm/2/")
    assert response.status_code == 204 and response.content == b""
    assert (await emulator_asgi_client.get("/api/v2/connections/alm/2/")).status_code == 404
    assert (await emulator_asgi_client.delete("/api/v2/connections/alm/2/")).status_code == 404
    assert not any(j["connection"] == 2 for j in emulator_state.jobs.values())


async def test_put_replaces_own_params(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    response = await emulator_asgi_client.put(
        "/api/v2/connections/alm/8/",
        json={"alias": "Portal", "connector": 4, "project": 4, "params": {"alm_project": "NEW"}},
    )
    assert response.status_code == 200
    assert emulator_state.connection(8)["params"] == {"alm_project": "NEW"}
    assert response.json()["frequency"] == "manually"
