"""Connectivity tests: both failure shapes (a 200 with success=false, or a 400) become a result."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx

from tui.api.client import AlmClient
from tui.api.errors import MalformedResponse, NotAuthenticated, ServerError
from tui.api.secrets import registry

CONNECTION_TEST = "/api/v2/connections/testalm/"
CONNECTOR_TEST = "/api/v2/connectors/testalm/"


async def test_success(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.post(CONNECTOR_TEST).respond(json={"success": True})
    body = {"name": "ALM Test", "system": {"id": "github"}, "params": {"alm_server": "x"}}
    result = await client.test_connector(body)
    assert result.success is True and result.message is None
    assert json.loads(route.calls.last.request.content) == body


@pytest.mark.parametrize("key", ["error", "detail", "message"])
async def test_failure_with_a_message(api: respx.MockRouter, client: AlmClient, key: str) -> None:
    api.post(CONNECTION_TEST).respond(json={"success": False, key: "Project 'x' not found"})
    result = await client.test_connection({"alias": "a"})
    assert result.success is False
    assert result.message == "Project 'x' not found"


async def test_failure_message_is_sanitised(api: respx.MockRouter, client: AlmClient) -> None:
    api.post(CONNECTION_TEST).respond(json={"success": False, "error": "bad\x1b[2J host"})
    result = await client.test_connection({"alias": "a"})
    assert result.message == "bad\\x1b[2J host"


async def test_400_is_a_failed_result_with_field_errors(
    api: respx.MockRouter, client: AlmClient
) -> None:
    errors = {"params": {"alm_project": ["This field is required."]}}
    api.post(CONNECTION_TEST).respond(400, json=errors)
    result = await client.test_connection({"alias": "a"})
    assert result.success is False
    assert result.field_errors == errors
    assert result.message == "params.alm_project: This field is required."


async def test_other_errors_raise(api: respx.MockRouter, client: AlmClient) -> None:
    api.post(CONNECTION_TEST).respond(401, json={"detail": "Invalid token."})
    with pytest.raises(NotAuthenticated):
        await client.test_connection({"alias": "a"})


async def test_answers_without_a_success_flag(api: respx.MockRouter, client: AlmClient) -> None:
    api.post(CONNECTION_TEST).respond(json={"detail": "Plugin crashed."})
    with pytest.raises(ServerError, match="Plugin crashed"):
        await client.test_connection({"alias": "a"})
    api.post(CONNECTOR_TEST).respond(json={"ok": 1})
    with pytest.raises(MalformedResponse):
        await client.test_connector({"name": "a"})


async def test_latency_is_measured(api: respx.MockRouter, client: AlmClient) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return httpx.Response(200, json={"success": True})

    api.post(CONNECTION_TEST).mock(side_effect=slow)
    result = await client.test_connection({"alias": "a"})
    assert 50 <= result.latency_ms < 2_000


async def test_secrets_typed_into_a_test_body_are_registered(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.post(CONNECTION_TEST).respond(json={"success": False, "error": "login as u/Typed-Pw-42"})
    result = await client.test_connection({"params": {"alm_pass": "Typed-Pw-42"}})
    assert "Typed-Pw-42" in registry
    assert result.message is not None and "Typed-Pw-42" not in result.message
