"""Discovery against the real emulator in each family mode (``--api-family``) and with each set of
side endpoints (``--side-endpoints``), over loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tui.api.calllog import CallRecord
from tui.api.client import AlmClient
from tui.api.errors import EndpointUnavailable
from tui.api.vocab import LAST_SUCCESSFUL_RUN, ApiFamily, tracker_value

if TYPE_CHECKING:
    from tui.emulator.server import EmulatorServer

TOKEN = "test-token"


def sent(calls: list[CallRecord]) -> list[str]:
    return [f"{c.method} {c.path.split('?')[0]}" for c in calls]


@pytest.fixture
def family_mode() -> str:
    return "issue-tracker"


@pytest.fixture
def side_endpoints() -> str:
    return "family"


@pytest.fixture
def server(family_mode: Any, side_endpoints: Any) -> Iterator[EmulatorServer]:
    from tui.emulator.server import EmulatorServer
    from tui.emulator.state import EmulatorConfig

    config = EmulatorConfig(
        token=TOKEN,
        sync_seconds=0.2,
        test_latency_ms=0,
        api_family=family_mode,
        side_endpoints=side_endpoints,
    )
    emulator = EmulatorServer(config)
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def calls() -> list[CallRecord]:
    return []


@pytest.fixture
async def client(server: EmulatorServer, calls: list[CallRecord]) -> AsyncIterator[AlmClient]:
    async with AlmClient(server.url, TOKEN, trust_env=False, on_call=calls.append) as alm:
        yield alm


@pytest.mark.parametrize(
    ("family_mode", "family", "first_requests"),
    [
        ("issue-tracker", ApiFamily.ISSUE_TRACKER, ["GET /api/v2/connections/issue-tracker/"]),
        ("both", ApiFamily.ISSUE_TRACKER, ["GET /api/v2/connections/issue-tracker/"]),
        (
            "alm",
            ApiFamily.ALM,
            ["GET /api/v2/connections/issue-tracker/", "GET /api/v2/connections/alm/"],
        ),
    ],
)
async def test_the_first_list_finds_the_family(
    client: AlmClient,
    calls: list[CallRecord],
    family: ApiFamily,
    first_requests: list[str],
) -> None:
    pages = client.iter_connection_pages()
    first = await anext(pages)
    await pages.aclose()
    assert first.items and sent(calls) == first_requests
    assert (client.family, client.family_source) == (family, "probed")
    server_name = tracker_value(first.items[0].params, "server")
    assert server_name  # the params speak the family's names, read by suffix


async def test_every_call_of_a_current_server_on_its_own_paths(
    client: AlmClient, calls: list[CallRecord]
) -> None:
    connection = await client.get_connection(1)
    assert connection.params is not None and "issue_tracker_server" in connection.params
    result = await client.test_connection(
        {"connector": connection.connector, "alias": connection.alias,
         "project": connection.project, "params": connection.params}
    )
    assert isinstance(result.success, bool)
    job = await client.start_sync(1)
    assert (await client.get_job(job.id)).id == job.id
    assert (await client.list_plugins()).items
    paths = sent(calls)
    assert paths[:2] == [
        "GET /api/v2/connections/issue-tracker/",  # the discovery read (page_size=1)
        "GET /api/v2/connections/issue-tracker/1/",
    ]
    assert paths[2:4] == [
        "OPTIONS /api/v2/connections/test-issue-tracker/",
        "POST /api/v2/connections/test-issue-tracker/",
    ]
    assert paths[4:] == [
        "GET /api/v2/jobs/issue-tracker/",  # finds the jobs path before the POST
        "POST /api/v2/jobs/issue-tracker/",
        f"GET /api/v2/jobs/issue-tracker/{job.id}/",
        "GET /api/v2/plugins/issue-tracker/",
    ]


async def test_without_last_job_the_last_successful_run_in_params_decides(
    client: AlmClient,
) -> None:
    bare = (await client.list_connections(include_last_job=False)).items
    with_jobs = {c.id: c for c in (await client.list_connections()).items}
    succeeded_once = [c for c in bare if c.params and LAST_SUCCESSFUL_RUN in c.params]
    assert succeeded_once and any(c.last_job is None for c in succeeded_once)
    for connection in bare:
        if connection.in_progress:
            continue
        ran = connection.last_successful_run
        assert connection.status == ("ok" if ran is not None else "never")
        assert connection.last_run == ran
        job = with_jobs[connection.id].last_job
        if job is not None and job.succeeded is not None:  # the last job decides when included
            assert with_jobs[connection.id].status == ("ok" if job.succeeded else "failed")


@pytest.mark.parametrize("side_endpoints", ["alm"])
async def test_a_current_server_with_the_alm_side_endpoints(
    client: AlmClient, calls: list[CallRecord]
) -> None:
    await client.discover()
    calls.clear()
    result = await client.test_connector({"name": "x", "system": {"id": "github"}, "params": {}})
    assert isinstance(result.success, bool)
    assert (await client.list_jobs(connection=1)).count is not None
    assert (await client.list_plugins()).items
    assert sent(calls) == [
        "OPTIONS /api/v2/connectors/test-issue-tracker/",
        "OPTIONS /api/v2/connectors/testissuetracker/",
        "OPTIONS /api/v2/connectors/testalm/",
        "POST /api/v2/connectors/testalm/",
        "GET /api/v2/jobs/issue-tracker/",
        "GET /api/v2/jobs/alm/",
        "GET /api/v2/plugins/issue-tracker/",
        "GET /api/v2/plugins/alm/",
    ]


@pytest.mark.parametrize("side_endpoints", ["none"])
async def test_a_server_without_side_endpoints_still_lists_and_edits(client: AlmClient) -> None:
    with pytest.raises(EndpointUnavailable, match="does not serve connectivity tests"):
        await client.test_connection({"alias": "a"})
    with pytest.raises(EndpointUnavailable, match="does not serve sync jobs"):
        await client.start_sync(1)
    with pytest.raises(EndpointUnavailable, match="does not serve plugin schemas"):
        await client.list_plugins()
    assert (await client.list_connectors()).items
    patched = await client.patch_connection(1, {"alias": "Renamed"})
    assert patched.alias == "Renamed"
