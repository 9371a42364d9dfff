"""What goes on the wire: paths, query, headers and exact JSON bodies."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from pydantic import SecretStr

from tui.api.client import AlmClient, normalise_server
from tui.api.errors import ConfigError, ValidationFailed

from .api_support import (
    BASE,
    GITHUB_CONNECTOR,
    JOB,
    PROJECT,
    RALLY_CONNECTION,
    TOKEN,
    TRAC_PLUGIN,
    MakeClient,
    page,
)


def sent_json(route: respx.Route) -> object:
    return json.loads(route.calls.last.request.content)


async def test_every_request_carries_the_token_without_quotes_and_asks_for_json(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.get("/api/v2/connectors/alm/1/").respond(json=GITHUB_CONNECTOR)
    await client.get_connector(1)
    headers = route.calls.last.request.headers
    assert headers["authorization"] == f"Token {TOKEN}"
    assert headers["accept"] == "application/json"
    assert "content-type" not in headers


async def test_writes_declare_a_json_body(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.post("/api/v2/connectors/alm/").respond(201, json=GITHUB_CONNECTOR)
    await client.create_connector({"name": "n", "system": {"id": "github"}, "params": {}})
    assert route.calls.last.request.headers["content-type"] == "application/json"


async def test_token_may_be_given_as_secretstr(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = api.get("/api/v2/projects/1/").respond(json=PROJECT)
    await make_client(token=SecretStr("abcd-1234")).get_project(1)
    assert route.calls.last.request.headers["authorization"] == "Token abcd-1234"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://sde.example.test", "https://sde.example.test"),
        ("https://sde.example.test/", "https://sde.example.test"),
        ("https://sde.example.test/api/v2", "https://sde.example.test"),
        ("https://sde.example.test/api/v2/", "https://sde.example.test"),
        ("  https://sde.example.test:8443/sde/api/v2/ ", "https://sde.example.test:8443/sde"),
    ],
)
def test_server_url_is_reduced_to_the_origin(given: str, expected: str) -> None:
    assert normalise_server(given) == expected


@pytest.mark.parametrize(
    "bad",
    ["https://sde.example.test/?pw=1", "ftp://sde.example.test", "https://u:pw@sde.example.test"],
)
def test_unusable_server_urls_are_configuration_errors(bad: str) -> None:
    with pytest.raises(ConfigError) as caught:
        AlmClient(bad, TOKEN)
    assert "pw" not in str(caught.value)


@pytest.mark.parametrize("bad", ["", "   ", "abc def", "abc\n", "tökén"])
def test_unsendable_tokens_are_configuration_errors_that_do_not_echo_them(bad: str) -> None:
    with pytest.raises(ConfigError) as caught:
        AlmClient(BASE, bad)
    if bad.strip():
        assert bad.strip() not in str(caught.value)


async def test_list_connections_pages_and_includes_last_job(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.get("/api/v2/connections/alm/").respond(json={"results": [RALLY_CONNECTION]})
    result = await client.list_connections(project=3)
    params = route.calls.last.request.url.params
    assert params["page_size"] == "100"
    assert params["include"] == "last_job"
    assert params["project"] == "3"
    assert [c.id for c in result.items] == [1]


async def test_last_job_include_can_be_left_out(api: respx.MockRouter, client: AlmClient) -> None:
    lists = api.get("/api/v2/connections/alm/").respond(json={"results": []})
    one = api.get("/api/v2/connections/alm/5/").respond(json={**RALLY_CONNECTION, "id": 5})
    await client.list_connections(include_last_job=False)
    await client.get_connection(5, include_last_job=False)
    assert "include" not in lists.calls.last.request.url.params
    assert "include" not in one.calls.last.request.url.params


async def test_get_connection_asks_for_last_job(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.get("/api/v2/connections/alm/1/").respond(json=RALLY_CONNECTION)
    assert (await client.get_connection(1)).alias == "Rally Integration"
    assert route.calls.last.request.url.params["include"] == "last_job"


async def test_page_size_is_configurable(api: respx.MockRouter, make_client: MakeClient) -> None:
    route = api.get("/api/v2/connectors/alm/").respond(json={"results": [GITHUB_CONNECTOR]})
    await make_client(page_size=25).list_connectors()
    assert route.calls.last.request.url.params["page_size"] == "25"


async def test_create_connector_sends_the_body_as_given(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.post("/api/v2/connectors/alm/").respond(201, json=GITHUB_CONNECTOR)
    body = {"name": "GitHub", "system": {"id": "github"}, "inaccessible": False, "params": {"a": 1}}
    created = await client.create_connector(body)
    assert sent_json(route) == body
    assert created.id == 1


async def test_patch_sends_exactly_the_changes(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.patch("/api/v2/connections/alm/1/").respond(json=RALLY_CONNECTION)
    await client.patch_connection(1, {"alias": "new"})
    assert sent_json(route) == {"alias": "new"}
    connector = api.patch("/api/v2/connectors/alm/1/").respond(json=GITHUB_CONNECTOR)
    await client.patch_connector(1, {"params": {"alm_server": "ghe.corp"}})
    assert sent_json(connector) == {"params": {"alm_server": "ghe.corp"}}


async def test_patch_answered_with_no_body_reads_the_object_back(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.patch("/api/v2/connections/alm/1/").respond(200, content=b"")
    reread = api.get("/api/v2/connections/alm/1/").respond(json=RALLY_CONNECTION)
    assert (await client.patch_connection(1, {"alias": "x"})).id == 1
    assert reread.call_count == 1
    assert reread.calls.last.request.url.params["include"] == "last_job"


async def test_bodies_whose_params_are_not_a_dict_are_still_sent(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.post("/api/v2/connections/alm/").respond(400, json={"params": ["Not a dict."]})
    with pytest.raises(ValidationFailed):
        await client.create_connection({"alias": "a", "params": "oops"})
    assert sent_json(route) == {"alias": "a", "params": "oops"}


async def test_create_connection_and_delete(api: respx.MockRouter, client: AlmClient) -> None:
    created = api.post("/api/v2/connections/alm/").respond(201, json={**RALLY_CONNECTION, "id": 5})
    deleted = api.delete("/api/v2/connections/alm/5/").respond(204)
    body = {"alias": "Example", "connector": 1, "project": 1, "params": {"alm_project": "P"}}
    assert (await client.create_connection(body)).id == 5
    assert await client.delete_connection(5) is None
    assert sent_json(created) == body
    assert deleted.call_count == 1


async def test_start_sync_posts_the_documented_job_body(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.post("/api/v2/jobs/alm/").respond(201, json=JOB)
    job = await client.start_sync(1)
    assert sent_json(route) == {"connection": 1, "automatic": False, "ready": False}
    assert job.id == 7
    assert job.connection_id == 1


async def test_list_jobs_passes_filters(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.get("/api/v2/jobs/alm/").respond(json={"results": [JOB]})
    result = await client.list_jobs(connection=1, ready=False, user="a@b.c", succeeded=None)
    params = route.calls.last.request.url.params
    assert (params["connection"], params["ready"], params["user"]) == ("1", "false", "a@b.c")
    assert "succeeded" not in params
    assert result.items[0].id == 7
    api.get("/api/v2/jobs/alm/7/").respond(json=JOB)
    assert (await client.get_job(7)).result_message == ""


async def test_plugins_and_projects(api: respx.MockRouter, client: AlmClient) -> None:
    api.get("/api/v2/plugins/alm/").respond(json={"results": [TRAC_PLUGIN]})
    api.get("/api/v2/plugins/alm/trac/").respond(json=TRAC_PLUGIN)
    projects = api.get("/api/v2/projects/").respond(json=page([PROJECT], count=1))
    api.get("/api/v2/projects/1/").respond(json=PROJECT)
    assert [p.id for p in (await client.list_plugins()).items] == ["trac"]
    assert (await client.get_plugin("trac")).masked_fields() == {"trac_secret_word"}
    result = await client.list_projects(search="demo app")
    assert projects.calls.last.request.url.params["search"] == "demo app"
    assert result.count == 1
    assert (await client.get_project(1)).name == "Demo Project"


async def test_path_segments_are_escaped(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.get(url__regex=r".*/plugins/alm/.*").respond(json=TRAC_PLUGIN)
    await client.get_plugin("../x?y")
    assert route.calls.last.request.url.raw_path == b"/api/v2/plugins/alm/..%2Fx%3Fy/"


async def test_one_http_client_is_reused_and_closed(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    api.get("/api/v2/projects/1/").respond(json=PROJECT)
    async with make_client() as client:
        await client.get_project(1)
        first = client._transport._client
        await client.get_project(1)
        assert client._transport._client is first
        assert first is not None and first.follow_redirects is False
    assert first.is_closed


def test_default_transport_retries_connects_and_uses_the_documented_timeouts() -> None:
    client = AlmClient(BASE, TOKEN, trust_env=False)
    http = client._transport._http()
    transport = http._transport
    assert isinstance(transport, httpx.AsyncHTTPTransport)
    assert transport._pool._retries == 2
    assert http.timeout == httpx.Timeout(connect=5.0, read=15.0, write=15.0, pool=5.0)


async def test_session_cookies_are_never_sent_back(
    api: respx.MockRouter, client: AlmClient
) -> None:
    route = api.get("/api/v2/projects/1/").respond(
        json=PROJECT, headers={"Set-Cookie": "sessionid=abc123; Path=/"}
    )
    await client.get_project(1)
    await client.get_project(1)
    assert "cookie" not in route.calls.last.request.headers
