"""Endpoints whose current names are undocumented (tests, jobs, plugins): found by OPTIONS or a
GET among candidate paths, never by a trial POST, and kept for the client's lifetime."""

from __future__ import annotations

import httpx
import pytest
import respx

from tui.api.calllog import CallRecord
from tui.api.client import AlmClient
from tui.api.errors import EndpointUnavailable
from tui.api.vocab import ApiFamily

from .api_support import JOB, TRAC_PLUGIN, MakeClient, connection, page

IT_TESTS = "/api/v2/connections/test-issue-tracker/"
IT_TESTS_JOINED = "/api/v2/connections/testissuetracker/"
ALM_TESTS = "/api/v2/connections/testalm/"
CONNECTOR_TESTS = "/api/v2/connectors/test-issue-tracker/"
IT_JOBS = "/api/v2/jobs/issue-tracker/"
ALM_JOBS = "/api/v2/jobs/alm/"
IT_PLUGINS = "/api/v2/plugins/issue-tracker/"
ALM_PLUGINS = "/api/v2/plugins/alm/"
NOT_FOUND = httpx.Response(404, json={"detail": "Not found."})
PASSED = {"success": True}


def sent(calls: list[CallRecord]) -> list[str]:
    return [f"{c.method} {c.path.split('?')[0]}" for c in calls]


@pytest.fixture
def current(make_client: MakeClient) -> AlmClient:
    """A client of a current server (its connection lists are at ``/issue-tracker/``)."""
    return make_client(api_family=ApiFamily.ISSUE_TRACKER)


async def test_test_endpoints_are_probed_with_options_before_the_one_post(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.options(IT_TESTS).mock(return_value=NOT_FOUND)
    api.options(IT_TESTS_JOINED).respond(200, headers={"Allow": "POST, OPTIONS"})
    posted = api.post(IT_TESTS_JOINED).respond(json=PASSED)
    wrong = api.post(IT_TESTS).respond(json=PASSED)
    assert (await current.test_connection({"alias": "a"})).success
    assert (await current.test_connection({"alias": "b"})).success
    assert sent(calls) == [
        f"OPTIONS {IT_TESTS}",
        f"OPTIONS {IT_TESTS_JOINED}",
        f"POST {IT_TESTS_JOINED}",
        f"POST {IT_TESTS_JOINED}",  # the path found is kept: no second probe
    ]
    assert posted.call_count == 2 and not wrong.called


@pytest.mark.parametrize("status", [405, 403])
async def test_an_options_refusal_still_proves_the_path_exists(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord], status: int
) -> None:
    api.options(CONNECTOR_TESTS).respond(status, json={"detail": "no"})
    api.post(CONNECTOR_TESTS).respond(json=PASSED)
    assert (await current.test_connector({"name": "x"})).success
    assert sent(calls) == [f"OPTIONS {CONNECTOR_TESTS}", f"POST {CONNECTOR_TESTS}"]


async def test_the_alm_test_name_is_the_last_candidate_of_a_current_server(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.options(IT_TESTS).mock(return_value=NOT_FOUND)
    api.options(IT_TESTS_JOINED).mock(return_value=NOT_FOUND)
    api.options(ALM_TESTS).respond(200)
    api.post(ALM_TESTS).respond(json={"success": False, "error": "no"})
    result = await current.test_connection({"alias": "a"})
    assert result.success is False
    assert [c.method for c in calls] == ["OPTIONS", "OPTIONS", "OPTIONS", "POST"]


async def test_no_test_path_answering_is_one_clear_error_and_the_rest_still_works(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.options(url__regex=r"/api/v2/connections/test").mock(return_value=NOT_FOUND)
    posts = api.post(url__regex=r"/api/v2/").respond(json=PASSED)
    api.get("/api/v2/connections/issue-tracker/").respond(json=page([connection(1)], count=1))
    with pytest.raises(EndpointUnavailable) as caught:
        await current.test_connection({"alias": "a"})
    assert caught.value.message == (
        "This server does not serve connectivity tests at any known path (tried "
        f"{IT_TESTS}, {IT_TESTS_JOINED}, {ALM_TESTS})"
    )
    probes = len(calls)
    with pytest.raises(EndpointUnavailable):
        await current.test_connection({"alias": "a"})
    assert len(calls) == probes  # known to be missing: not asked again
    assert not posts.called
    assert len((await current.list_connections()).items) == 1


async def test_an_alm_server_posts_to_the_documented_testalm_without_a_probe(
    api: respx.MockRouter, make_client: MakeClient, calls: list[CallRecord]
) -> None:
    api.post(ALM_TESTS).respond(json=PASSED)
    assert (await make_client(api_family=ApiFamily.ALM).test_connection({"alias": "a"})).success
    assert sent(calls) == [f"POST {ALM_TESTS}"]


async def test_jobs_fall_back_to_the_alm_name_and_the_list_is_the_probe(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(IT_JOBS).mock(return_value=NOT_FOUND)
    api.get(ALM_JOBS).respond(json=page([JOB], count=1))
    api.get(f"{ALM_JOBS}7/").respond(json=JOB)
    jobs = await current.list_jobs(connection=1)
    assert [j.id for j in jobs.items] == [7]
    assert (await current.get_job(7)).id == 7
    assert sent(calls) == [f"GET {IT_JOBS}", f"GET {ALM_JOBS}", f"GET {ALM_JOBS}7/"]


async def test_a_sync_finds_the_jobs_path_with_a_small_get_before_posting(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(IT_JOBS).respond(json=page([], count=0))
    api.post(IT_JOBS).respond(201, json=JOB)
    assert (await current.start_sync(1)).id == 7
    assert sent(calls) == [f"GET {IT_JOBS}", f"POST {IT_JOBS}"]
    assert calls[0].path.endswith("?page_size=1")


async def test_jobs_at_no_known_path_are_reported_as_not_served(
    api: respx.MockRouter, current: AlmClient
) -> None:
    api.get(url__regex=r"/api/v2/jobs/").mock(return_value=NOT_FOUND)
    posts = api.post(url__regex=r"/api/v2/jobs/")
    with pytest.raises(EndpointUnavailable, match=r"does not serve sync jobs at any known path"):
        await current.start_sync(1)
    assert not posts.called


async def test_plugins_fall_back_and_a_schema_uses_the_path_found(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(IT_PLUGINS).mock(return_value=NOT_FOUND)
    api.get(ALM_PLUGINS).respond(json={"results": [TRAC_PLUGIN]})
    api.get(f"{ALM_PLUGINS}trac/").respond(json=TRAC_PLUGIN)
    assert (await current.get_plugin("trac")).id == "trac"
    assert sent(calls) == [f"GET {IT_PLUGINS}", f"GET {ALM_PLUGINS}", f"GET {ALM_PLUGINS}trac/"]


async def test_plugins_served_under_the_current_name(
    api: respx.MockRouter, current: AlmClient, calls: list[CallRecord]
) -> None:
    api.get(IT_PLUGINS).respond(json={"results": [TRAC_PLUGIN]})
    result = await current.list_plugins()
    assert [p.id for p in result.items] == ["trac"]
    assert sent(calls) == [f"GET {IT_PLUGINS}"]
