"""Connectivity tests: deterministic outcomes from params, in both failure styles."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tui.emulator.app import create_app
from tui.emulator.state import EmulatorConfig, EmulatorState

GITHUB = {"alm_server": "api.github.com", "github_repo_owner": "acme", "alm_api_token": "42"}


def connector_test(params: dict[str, Any], system: str = "github") -> dict[str, Any]:
    return {"name": "ALM Test", "system": {"id": system}, "params": params}


@pytest.mark.parametrize(
    ("params", "error"),
    [
        (
            {**GITHUB, "alm_server": "github.unreachable.example"},
            "Unable to connect to github.unreachable.example: Name or service not known",
        ),
        (
            {**GITHUB, "alm_server": "ghe.corp.invalid"},
            "Unable to connect to ghe.corp.invalid: Name or service not known",
        ),
        ({**GITHUB, "alm_api_token": "ghp_EXPIRED_token"}, "401 Unauthorized: Bad credentials"),
    ],
)
async def test_connector_test_failures(
    emulator_asgi_client: httpx.AsyncClient, params: dict[str, Any], error: str
) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/connectors/testalm/", json=connector_test(params)
    )
    assert response.status_code == 200
    assert response.json() == {"success": False, "error": error}


async def test_connector_test_ignores_the_project(emulator_asgi_client: httpx.AsyncClient) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/connectors/testalm/", json=connector_test({**GITHUB, "alm_project": "missing"})
    )
    assert response.json() == {"success": True}


async def test_user_password_systems_name_the_user(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    params = {"alm_server": "jira.example.com", "alm_user": "bob", "alm_pass": "wrong"}
    response = await emulator_asgi_client.post(
        "/api/v2/connectors/testalm/", json=connector_test(params, "jira")
    )
    assert response.json()["error"] == "401 Unauthorized: Invalid credentials for user 'bob'"


async def test_connection_test_merges_over_connector_and_checks_project(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    body = {
        "connector": 4,
        "alias": "ALM Test",
        "project": 2,
        "system": {"id": "jira"},
        "params": {"alm_project": "NOPE"},
    }
    response = await emulator_asgi_client.post("/api/v2/connections/testalm/", json=body)
    assert response.json() == {"success": False, "error": "Project 'NOPE' does not exist in JIRA"}
    body["params"] = {"alm_project": "MBI"}
    ok = await emulator_asgi_client.post("/api/v2/connections/testalm/", json=body)
    assert ok.json() == {"success": True}
    legacy = {**body, "connector": 6}  # its password is expired
    failed = await emulator_asgi_client.post("/api/v2/connections/testalm/", json=legacy)
    assert failed.json()["error"] == (
        "401 Unauthorized: Invalid credentials for user 'svc-sde-legacy'"
    )


async def test_missing_required_params_are_a_400_field_error(
    emulator_asgi_client: httpx.AsyncClient,
) -> None:
    response = await emulator_asgi_client.post(
        "/api/v2/connectors/testalm/", json=connector_test({"alm_server": "api.github.com"})
    )
    assert response.status_code == 400
    assert response.json() == {
        "params": {
            "alm_api_token": ["This field is required."],
            "github_repo_owner": ["This field is required."],
        }
    }
    response = await emulator_asgi_client.post(
        "/api/v2/connections/testalm/", json={"connector": 4, "params": {}}
    )
    assert response.json() == {"params": {"alm_project": ["This field is required."]}}
    response = await emulator_asgi_client.post("/api/v2/connectors/testalm/", json={})
    assert set(response.json()) == {"name", "system", "params"}


async def test_400_failure_style(emulator_clock: Any) -> None:
    config = EmulatorConfig(token="t", test_latency_ms=0, test_failure_style="400")
    state = EmulatorState(config, clock=emulator_clock)
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://e", headers={"Authorization": "Token t"}
    ) as client:
        failed = await client.post(
            "/api/v2/connectors/testalm/",
            json=connector_test({**GITHUB, "alm_server": "x.invalid"}),
        )
        passed = await client.post("/api/v2/connectors/testalm/", json=connector_test(GITHUB))
    assert failed.status_code == 400
    assert failed.json() == {
        "success": False,
        "detail": "Unable to connect to x.invalid: Name or service not known",
    }
    assert (passed.status_code, passed.json()) == (200, {"success": True})
