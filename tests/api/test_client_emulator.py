"""Round trips of every client method against the real emulator over loopback HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tui.api.calllog import CallRecord
from tui.api.client import AlmClient
from tui.api.errors import (
    MalformedResponse,
    NotAuthenticated,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    RateLimited,
    Redirected,
    ServerError,
    TimedOut,
    TransportError,
    ValidationFailed,
)
from tui.api.models import Job
from tui.api.secrets import registry
from tui.api.vocab import ApiFamily

if TYPE_CHECKING:
    from tui.emulator.server import EmulatorServer
    from tui.emulator.state import EmulatorConfig

TOKEN = "test-token"
READ_TOKEN = "read-only-token"


async def _no_wait(_: float) -> None:
    return None


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """As the shared fixture, with syncs that finish quickly in real time."""
    from tui.emulator.state import EmulatorConfig

    return EmulatorConfig(token=TOKEN, read_token=READ_TOKEN, sync_seconds=0.3, test_latency_ms=0)


@pytest.fixture
async def client(live_emulator: tuple[str, EmulatorServer]) -> AsyncIterator[AlmClient]:
    url, _ = live_emulator
    async with AlmClient(url, TOKEN, trust_env=False, page_size=5) as alm:
        yield alm


@contextlib.contextmanager
def faulty_emulator(faults: str, **config: Any) -> Iterator[str]:
    from tui.emulator.server import EmulatorServer
    from tui.emulator.state import EmulatorConfig

    server = EmulatorServer(EmulatorConfig(token=TOKEN, faults=faults, **config))
    try:
        yield server.start()
    finally:
        server.stop()


async def test_reads_of_every_kind(client: AlmClient) -> None:
    connectors = await client.list_connectors()
    assert connectors.problems == [] and len(connectors.items) >= 10
    github = await client.get_connector(1)
    assert github.system.id == "github" and github.params is not None

    connections = await client.list_connections()
    assert connections.problems == []
    assert connections.count == len(connections.items) > 5  # several pages of 5
    assert [c.id for c in connections.items] == sorted(c.id for c in connections.items)
    one = await client.get_connection(1)
    assert one.alias == "Rally Integration"
    assert one.params is not None and one.params["sde_min_priority"] == 7

    in_project = await client.list_connections(project=one.project)
    assert in_project.items and all(c.project == one.project for c in in_project.items)

    plugins = await client.list_plugins()
    assert "jira" in {p.id for p in plugins.items}
    jira = await client.get_plugin("jira")
    assert "alm_pass" in jira.masked_fields()

    projects = await client.list_projects(search="bank")
    assert projects.items and projects.problems == []
    assert (await client.get_project(projects.items[0].id)).name == projects.items[0].name
    jobs = await client.list_jobs(connection=1)
    assert all(j.connection_id == 1 for j in jobs.items)


async def test_secrets_read_from_the_emulator_are_registered(client: AlmClient) -> None:
    await client.get_connector(4)
    assert "ATATT3xFfGF0T9qLm2Vw8KcZr5Yh1NbQ4sXe7PjUoA6D" in registry


async def test_connector_create_patch_and_test(client: AlmClient) -> None:
    body = {
        "name": "GitHub - API test",
        "system": {"id": "github"},
        "params": {
            "alm_server": "api.github.com",
            "github_repo_owner": "acme",
            "alm_api_token": "ghp_goodToken123",
        },
    }
    created = await client.create_connector(body)
    assert created.name == "GitHub - API test" and created.system.short_name == "GitHub"
    patched = await client.patch_connector(created.id, {"name": "GitHub - renamed"})
    assert patched.name == "GitHub - renamed"
    assert patched.params is not None and patched.params["github_repo_owner"] == "acme"

    ok = await client.test_connector(body)
    assert ok.success is True and ok.latency_ms > 0
    failing = {**body, "params": {**body["params"], "alm_api_token": "ghp_wrong_token"}}
    failed = await client.test_connector(failing)
    assert failed.success is False and failed.message == "401 Unauthorized: Bad credentials"


async def test_connection_lifecycle_with_a_sync(client: AlmClient) -> None:
    body = {
        "alias": "API lifecycle",
        "connector": 2,
        "project": 1,
        "frequency": "manually",
        "params": {"alm_project": "LIFE"},
    }
    created = await client.create_connection(body)
    assert created.alias == "API lifecycle" and created.connector == 2
    patched = await client.patch_connection(created.id, {"params": {"alm_project": "LIFE2"}})
    assert patched.params is not None and patched.params["alm_project"] == "LIFE2"

    tested = await client.test_connection({"connector": 2, "params": {"alm_project": "LIFE2"}})
    assert tested.success is True
    missing = await client.test_connection({"connector": 2, "params": {"alm_project": "nope"}})
    assert missing.success is False and "does not exist" in (missing.message or "")

    job = await client.start_sync(created.id)
    assert isinstance(job, Job) and job.ready is False and job.connection_id == created.id
    for _ in range(50):
        job = await client.get_job(job.id)
        if job.ready:
            break
        await asyncio.sleep(0.05)
    assert job.ready is True
    reread = await client.get_connection(created.id)
    assert reread.last_job is not None and reread.last_job.id == job.id
    assert job.id in {j.id for j in (await client.list_jobs(connection=created.id)).items}

    await client.delete_connection(created.id)
    with pytest.raises(NotFound):
        await client.get_connection(created.id)


async def test_validation_errors_keep_nested_params(client: AlmClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await client.create_connection({"connector": 2, "project": 1, "params": {}})
    assert "alias" in caught.value.field_errors
    with pytest.raises(ValidationFailed) as caught:
        await client.patch_connection(1, {"params": {"sde_min_priority": 11}})
    assert "sde_min_priority" in caught.value.field_errors["params"]


async def test_concurrent_pages_arrive_as_they_complete(client: AlmClient) -> None:
    pages = [p async for p in client.iter_connection_pages(concurrency=3)]
    assert len(pages) > 2
    assert pages[0].page == 1
    ids = [c.id for p in sorted(pages, key=lambda p: p.page) for c in p.items]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


async def test_wrong_token_names_the_server(live_emulator: tuple[str, EmulatorServer]) -> None:
    url, _ = live_emulator
    async with AlmClient(url, "not-the-token", trust_env=False) as alm:
        with pytest.raises(NotAuthenticated) as caught:
            await alm.list_connectors()
    assert caught.value.message == f"Token rejected by {url} (Invalid token.)"


async def test_read_only_token_sees_no_params_and_may_not_write(
    live_emulator: tuple[str, EmulatorServer],
) -> None:
    url, _ = live_emulator
    async with AlmClient(url, READ_TOKEN, trust_env=False) as alm:
        assert (await alm.get_connection(1)).params is None
        with pytest.raises(PermissionDenied):
            await alm.patch_connection(1, {"alias": "nope"})


async def test_400_style_test_failures_become_results() -> None:
    with faulty_emulator("", test_failure_style="400", test_latency_ms=0) as url:
        async with AlmClient(url, TOKEN, trust_env=False) as alm:
            result = await alm.test_connection({"connector": 2, "params": {"alm_project": "nope"}})
    assert result.success is False
    assert result.message == "Project 'nope' does not exist in JIRA"
    assert result.field_errors == {}


async def test_gateway_faults_are_retried_then_reported() -> None:
    calls: list[CallRecord] = []
    with faulty_emulator("502:1") as url:
        async with AlmClient(
            url, TOKEN, trust_env=False, on_call=calls.append, sleep=_no_wait,
            api_family=ApiFamily.ALM,  # the probe would meet the 502s before the PATCH
        ) as alm:
            with pytest.raises(ServerError, match=r"\(502\)"):
                await alm.get_connector(1)
            with pytest.raises(ServerError):
                await alm.patch_connector(1, {"name": "x"})
    assert [(c.method, c.attempt) for c in calls] == [
        ("GET", 1),
        ("GET", 2),
        ("GET", 3),
        ("PATCH", 1),
    ]


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        ("500:1", ServerError),
        ("503:1", ServerError),
        ("429:1", RateLimited),
        ("truncate:1", MalformedResponse),
        ("redirect:1", Redirected),
        ("reset:1", TransportError),
    ],
)
async def test_emulated_faults_map_to_typed_errors(faults: str, expected: type[Exception]) -> None:
    with faulty_emulator(faults) as url:
        async with AlmClient(url, TOKEN, trust_env=False, sleep=_no_wait) as alm:
            with pytest.raises(expected):
                await alm.get_connection(1)


async def test_reset_during_a_write_is_outcome_unknown() -> None:
    with faulty_emulator("reset:1") as url:
        async with AlmClient(url, TOKEN, trust_env=False, api_family=ApiFamily.ALM) as alm:
            with pytest.raises(OutcomeUnknown):
                await alm.start_sync(1)


async def test_dripping_emulator_is_cut_by_the_deadline() -> None:
    with faulty_emulator("drip:1") as url:
        async with AlmClient(url, TOKEN, trust_env=False, read_deadline=0.5, get_retries=0) as alm:
            with pytest.raises(TimedOut):
                await alm.get_connection(1)
