"""Connectors: seed shapes, create/patch/put/delete, and DRF-style validation errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tui.emulator.state import EmulatorState

GITHUB_PARAMS = {
    "alm_server": "api.github.com",
    "alm_api_token": "ghp_example",
    "github_repo_owner": "acme",
}


async def test_list_is_results_only_ordered_by_id(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = (await emulator_asgi_client.get("/api/v2/connectors/alm/")).json()
    assert list(body) == ["results"]
    ids = [c["id"] for c in body["results"]]
    assert ids == sorted(ids) and len(ids) >= 8
    assert list(body["results"][0]) == [
        "id",
        "name",
        "system",
        "inaccessible",
        "params",
    ]
    assert sum(c["inaccessible"] for c in body["results"]) == 1
    systems = {c["system"]["id"] for c in body["results"]}
    assert {"jira", "github", "gitlab", "tfs", "rally", "servicenow"} <= systems


async def test_create_returns_201_and_fills_system_names(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/connectors/alm/",
        json={"name": "New GitHub", "system": {"id": "github"}, "params": GITHUB_PARAMS},
    )
    assert response.status_code == 201
    created = response.json()
    assert created["system"] == {"id": "github", "short_name": "GitHub", "name": "GitHub"}
    assert created["inaccessible"] is False
    assert created["params"] == GITHUB_PARAMS
    again = await emulator_asgi_client.get(f"/api/v2/connectors/alm/{created['id']}/")
    assert again.json() == created


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {},
            {
                "name": ["This field is required."],
                "system": ["This field is required."],
                "params": ["This field is required."],
            },
        ),
        (
            {"name": "", "system": {"id": "github"}, "params": GITHUB_PARAMS},
            {"name": ["This field may not be blank."]},
        ),
        (
            {"name": "x", "system": {"id": "bugzilla"}, "params": {}},
            {"system": {"id": ['"bugzilla" is not a valid choice.']}},
        ),
        (
            {"name": "x", "system": "github", "params": {}},
            {"system": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}},
        ),
        (
            {"name": "x", "system": {"id": "github"}, "params": []},
            {"params": ['Expected a dictionary of items but got type "list".']},
        ),
        (
            {"name": "x", "system": {"id": "github"}, "params": {"alm_server": "api.github.com"}},
            {
                "params": {
                    "alm_api_token": ["This field is required."],
                    "github_repo_owner": ["This field is required."],
                }
            },
        ),
        (
            {
                "name": "x",
                "system": {"id": "jira"},
                "params": {
                    "alm_server": "j",
                    "alm_user": "u",
                    "alm_pass": "",
                    "sde_min_priority": "11",
                    "conflict_policy": "whoever",
                    "title_format": "$title",
                    "alm_method": "ftp",
                },
            },
            {
                "params": {
                    "alm_pass": ["This field may not be blank."],
                    "sde_min_priority": ["Ensure this value is between 1 and 10."],
                    "conflict_policy": ['"whoever" is not a valid choice.'],
                    "title_format": ["The title format must contain $task_id and $title."],
                    "alm_method": ['"ftp" is not a valid choice.'],
                }
            },
        ),
        (
            {
                "name": "x",
                "system": {"id": "github"},
                "params": {
                    **GITHUB_PARAMS,
                    "sde_min_priority": "high",
                    "alm_phases": "requirements,deployment",
                },
            },
            {
                "params": {
                    "sde_min_priority": ["A valid integer is required."],
                    "alm_phases": ['"deployment" is not a valid choice.'],
                }
            },
        ),
    ],
)
async def test_invalid_create_is_400_with_field_errors(
    emulator_asgi_client: httpx.AsyncClient, body: dict[str, Any], errors: dict[str, Any]
) -> None:
    response = await emulator_asgi_client.post("/api/v2/connectors/alm/", json=body)
    assert response.status_code == 400
    assert response.json() == errors


async def test_priority_accepts_int_and_digit_string(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    for priority in (1, "10"):
        response = await emulator_asgi_client.post(
            "/api/v2/connectors/alm/",
            json={
                "name": f"p{priority}",
                "system": {"id": "github"},
                "params": {**GITHUB_PARAMS, "sde_min_priority": priority},
            },
        )
        assert response.status_code == 201


async def test_patch_merges_params_key_by_key(
    emulator_asgi_client: httpx.AsyncClient, emulator_state: EmulatorState
) -> None:
    before = dict(emulator_state.connector(4)["params"])
    response = await emulator_asgi_client.patch(
        "/api/v2/connectors/alm/4/",
        json={
            "name": "Jira Cloud (renamed)",
            "params": {"alm_user": "new-user", "jira_custom_thing": None},
        },
    )
    assert response.status_code == 200
    params = response.json()["params"]
    expected = {**before, "alm_user": "new-user"}
    del expected["jira_custom_thing"]
    assert params == expected
    assert response.json()["name"] == "Jira Cloud (renamed)"


async def test_patch_cannot_change_system_or_break_params(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    response = await emulator_asgi_client.patch(
        "/api/v2/connectors/alm/4/", json={"system": {"id": "github"}}
    )
    assert response.status_code == 400
    assert response.json() == {"system": ["The system of an existing connector cannot be changed."]}
    response = await emulator_asgi_client.patch(
        "/api/v2/connectors/alm/4/", json={"params": {"sde_min_priority": 0}}
    )
    assert response.json() == {
        "params": {"sde_min_priority": ["Ensure this value is between 1 and 10."]}
    }


async def test_put_replaces_params(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.put(
        "/api/v2/connectors/alm/3/",
        json={"name": "Replaced", "system": {"id": "github"}, "params": GITHUB_PARAMS},
    )
    assert response.status_code == 200
    assert response.json()["params"] == GITHUB_PARAMS


async def test_delete_unused_connector_then_404(emulator_asgi_client: httpx.AsyncClient) -> None:
    created = (
        await emulator_asgi_client.post(
            "/api/v2/connectors/alm/",
            json={"name": "Temp", "system": {"id": "github"}, "params": GITHUB_PARAMS},
        )
    ).json()
    response = await emulator_asgi_client.delete(f"/api/v2/connectors/alm/{created['id']}/")
    assert response.status_code == 204 and response.content == b""
    assert (
        await emulator_asgi_client.get(f"/api/v2/connectors/alm/{created['id']}/")
    ).status_code == 404


async def test_delete_connector_in_use_is_refused(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.delete("/api/v2/connectors/alm/4/")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert (await emulator_asgi_client.get("/api/v2/connectors/alm/4/")).status_code == 200


async def test_new_ids_ascend_and_are_never_reused(emulator_asgi_client: httpx.AsyncClient) -> None:
    body = {"name": "A", "system": {"id": "github"}, "params": GITHUB_PARAMS}
    first = (await emulator_asgi_client.post("/api/v2/connectors/alm/", json=body)).json()["id"]
    await emulator_asgi_client.delete(f"/api/v2/connectors/alm/{first}/")
    second = (await emulator_asgi_client.post("/api/v2/connectors/alm/", json=body)).json()["id"]
    assert second == first + 1
