"""The API family is found by the first list call, remembered per server, or forced; never by a
write. Each test's cache dir is a fresh temporary one and the process memory starts empty."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import respx

from tui.api.calllog import CallRecord
from tui.api.discovery import memory
from tui.api.errors import (
    FamilyNotFound,
    HtmlInsteadOfJson,
    NotFound,
    NotServed,
    ServerError,
)
from tui.api.responses import HTML_MESSAGE
from tui.api.vocab import ApiFamily

from .api_support import BASE, GITHUB_CONNECTOR, TRAC_PLUGIN, MakeClient, connection, page

IT_CONNECTIONS = "/api/v2/connections/issue-tracker/"
IT_CONNECTORS = "/api/v2/connectors/issue-tracker/"
ALM_CONNECTIONS = "/api/v2/connections/alm/"
ALM_CONNECTORS = "/api/v2/connectors/alm/"
NOT_FOUND = httpx.Response(404, json={"detail": "Not found."})
DJANGO_404 = httpx.Response(404, html="<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>")


def sent(calls: list[CallRecord]) -> list[str]:
    return [f"{c.method} {c.path.split('?')[0]}" for c in calls]


def cached() -> dict[str, str]:
    servers: dict[str, str] = json.loads(memory.path.read_text())["servers"]
    return servers


async def test_an_unknown_current_server_answers_the_first_list_call_itself(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    api.get(IT_CONNECTIONS).respond(json=page([connection(1)], count=1))
    client = make_client(api_family=None)
    assert (client.family, client.family_source) == (None, None)
    result = await client.list_connections()
    assert [c.id for c in result.items] == [1]
    assert sent(calls) == [f"GET {IT_CONNECTIONS}"]  # no request before the rows
    assert (client.family, client.family_source) == (ApiFamily.ISSUE_TRACKER, "probed")
    assert cached() == {BASE: "issue-tracker"}


@pytest.mark.parametrize("missing", [NOT_FOUND, DJANGO_404], ids=["json-404", "html-404"])
async def test_an_alm_era_server_costs_one_extra_request(
    api: respx.MockRouter,
    make_client: MakeClient,
    calls: list[CallRecord],
    missing: httpx.Response,
) -> None:
    api.get(IT_CONNECTIONS).mock(return_value=missing)
    api.get(ALM_CONNECTIONS).respond(json=page([connection(1)], count=1))
    client = make_client(api_family=None)
    result = await client.list_connections()
    assert [c.id for c in result.items] == [1]
    assert sent(calls) == [f"GET {IT_CONNECTIONS}", f"GET {ALM_CONNECTIONS}"]
    assert (client.family, client.family_source) == (ApiFamily.ALM, "probed")


async def test_a_known_server_gets_no_extra_request_in_this_process_or_the_next(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    it_route = api.get(IT_CONNECTIONS).mock(return_value=NOT_FOUND)
    api.get(ALM_CONNECTIONS).respond(json=page([connection(1)], count=1))
    await make_client(api_family=None).list_connections()
    calls.clear()

    again = make_client(api_family=None, server=BASE + "/")  # the same server, spelt otherwise
    assert (again.family, again.family_source) == (ApiFamily.ALM, "remembered")
    await again.list_connections()
    assert sent(calls) == [f"GET {ALM_CONNECTIONS}"]

    memory.clear()  # a new process: only the cache file remembers
    calls.clear()
    later = make_client(api_family=None)
    assert (later.family, later.family_source) == (ApiFamily.ALM, "remembered")
    await later.list_connections()
    assert sent(calls) == [f"GET {ALM_CONNECTIONS}"]
    assert it_route.call_count == 1
    assert later.family_source == "remembered"


async def test_a_remembered_family_that_is_gone_is_probed_again(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    memory.remember(BASE, ApiFamily.ALM)  # the server was upgraded since
    api.get(ALM_CONNECTIONS).mock(return_value=NOT_FOUND)
    api.get(IT_CONNECTIONS).respond(json=page([connection(1)], count=1))
    client = make_client(api_family=None)
    await client.list_connections()
    assert sent(calls) == [f"GET {ALM_CONNECTIONS}", f"GET {IT_CONNECTIONS}"]
    assert (client.family, client.family_source) == (ApiFamily.ISSUE_TRACKER, "probed")
    assert cached() == {BASE: "issue-tracker"}


async def test_a_forced_family_has_no_fallback_and_says_so(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    api.get(ALM_CONNECTIONS).mock(return_value=NOT_FOUND)
    current = api.get(IT_CONNECTIONS).respond(json=page([connection(1)], count=1))
    client = make_client(api_family=ApiFamily.ALM)
    assert (client.family, client.family_source) == (ApiFamily.ALM, "configured")
    with pytest.raises(NotServed) as caught:
        await client.list_connections()
    assert not current.called
    message = caught.value.message
    assert f"does not serve {ALM_CONNECTIONS}" in message and "forced to 'alm'" in message
    assert not memory.path.exists()  # a forced family is not learnt


@pytest.mark.parametrize("missing", [NOT_FOUND, DJANGO_404], ids=["json-404", "html-404"])
async def test_a_server_with_neither_family_names_both_paths(
    api: respx.MockRouter, make_client: MakeClient, missing: httpx.Response
) -> None:
    memory.remember(BASE, ApiFamily.ALM)
    api.get(url__startswith=f"{BASE}/api/v2/").mock(return_value=missing)
    client = make_client(api_family=None)
    with pytest.raises(FamilyNotFound) as caught:
        await client.list_connectors()
    message = caught.value.message
    assert message.startswith(
        f"This server serves neither {ALM_CONNECTORS} nor {IT_CONNECTORS}: check the server URL"
    )
    assert "context root" in message and HTML_MESSAGE not in message
    assert not isinstance(caught.value, HtmlInsteadOfJson)
    assert memory.recall(BASE) is None  # forgotten: the next run probes afresh
    assert client.family_source == "remembered"  # nothing better was found


async def test_object_calls_discover_with_a_read_before_any_write(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    api.get(IT_CONNECTIONS).mock(return_value=NOT_FOUND)
    api.get(ALM_CONNECTIONS).respond(json=page([connection(1)], count=3))
    api.post(ALM_CONNECTIONS).respond(201, json=connection(9))
    api.patch(f"{ALM_CONNECTIONS}9/").respond(json=connection(9, alias="x"))
    client = make_client(api_family=None)
    created = await client.create_connection({"alias": "conn 9"})
    await client.patch_connection(9, {"alias": "x"})
    assert created.id == 9
    assert sent(calls) == [
        f"GET {IT_CONNECTIONS}",
        f"GET {ALM_CONNECTIONS}",
        f"POST {ALM_CONNECTIONS}",
        f"PATCH {ALM_CONNECTIONS}9/",
    ]
    assert all(c.path.endswith("?page_size=1") for c in calls[:2])


async def test_no_write_is_sent_when_the_discovery_read_fails(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    api.get(IT_CONNECTORS).respond(503)
    writes = api.post(url__startswith=f"{BASE}/api/v2/")
    client = make_client(api_family=None)
    with pytest.raises(ServerError):
        await client.create_connector({"name": "x"})
    assert not writes.called
    assert {c.method for c in calls} == {"GET"}


async def test_an_object_404_on_a_known_family_is_still_not_found(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    api.get(IT_CONNECTORS).respond(json=page([GITHUB_CONNECTOR], count=1))
    api.get(f"{IT_CONNECTORS}5/").mock(return_value=NOT_FOUND)
    client = make_client(api_family=None)
    await client.list_connectors()
    with pytest.raises(NotFound) as caught:
        await client.get_connector(5)
    assert not isinstance(caught.value, NotServed)
    assert caught.value.message.startswith(f"Nothing at {IT_CONNECTORS}5/")


async def test_concurrent_first_calls_share_one_probe(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    it_connections = api.get(IT_CONNECTIONS).mock(return_value=NOT_FOUND)
    it_connectors = api.get(IT_CONNECTORS).mock(return_value=NOT_FOUND)
    api.get(ALM_CONNECTIONS).respond(json=page([connection(1)], count=1))
    api.get(ALM_CONNECTORS).respond(json=page([GITHUB_CONNECTOR], count=1))
    api.get("/api/v2/plugins/alm/").respond(json={"results": [TRAC_PLUGIN]})
    client = make_client(api_family=None)
    connections, connectors, plugins = await asyncio.gather(
        client.list_connections(), client.list_connectors(), client.list_plugins()
    )
    assert (len(connections.items), len(connectors.items), len(plugins.items)) == (1, 1, 1)
    assert it_connections.call_count + it_connectors.call_count == 1
    assert len(calls) == 4  # one probe that missed, then one request per list


async def test_a_404_on_a_forced_familys_list_root_reads_as_not_served(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    api.get("/api/v2/jobs/alm/").mock(return_value=NOT_FOUND)
    expected = r"does not serve sync jobs at any known path \(tried /api/v2/jobs/alm/\)"
    with pytest.raises(NotServed, match=expected):
        await make_client(api_family=ApiFamily.ALM).list_jobs(connection=1)


async def test_the_context_root_is_kept_in_every_discovered_path(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    api.get(f"/sde{IT_CONNECTIONS}").mock(return_value=NOT_FOUND)
    api.get(f"/sde{ALM_CONNECTIONS}").respond(json=page([connection(1)], count=1))
    client = make_client(api_family=None, server=f"{BASE}/sde")
    await client.list_connections()
    assert sent(calls) == [f"GET /sde{IT_CONNECTIONS}", f"GET /sde{ALM_CONNECTIONS}"]
    assert cached() == {f"{BASE}/sde": "alm"}
