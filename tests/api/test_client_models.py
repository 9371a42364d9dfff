"""Every variant the SD Elements documents show is accepted when it arrives through the client."""

from __future__ import annotations

from datetime import UTC, datetime

import respx

from tui.api.client import AlmClient
from tui.api.models import Connection
from tui.api.vocab import LAST_SUCCESSFUL_RUN

from .api_support import GITHUB_CONNECTOR, JOB, LAST_JOB, RALLY_CONNECTION, connection

LIST = "/api/v2/connections/alm/"
STAMP = "2025-03-04T05:06:07.891011+00:00"


async def test_system_with_and_without_short_name_and_as_a_string(
    api: respx.MockRouter, client: AlmClient
) -> None:
    variants = [
        connection(1),
        connection(2, system={"id": "rally", "name": "Rally"}),
        connection(3, system="Rally"),
    ]
    api.get(LIST).respond(json={"results": variants})
    result = await client.list_connections()
    assert result.problems == []
    first, second, third = result.items
    assert first.system is not None and first.system.short_name == "CA Agile Central"
    assert second.system is not None and second.system.short_name is None
    assert second.system.label == "Rally"
    assert third.system is not None and (third.system.id, third.system.name) == ("rally", "Rally")


async def test_min_priority_as_string_or_int_is_kept_as_sent(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get("/api/v2/connectors/alm/1/").respond(json=GITHUB_CONNECTOR)
    api.get("/api/v2/connections/alm/1/").respond(json=RALLY_CONNECTION)
    connector = await client.get_connector(1)
    conn = await client.get_connection(1)
    assert connector.params is not None and connector.params["sde_min_priority"] == "7"
    assert conn.params is not None and conn.params["sde_min_priority"] == 7


async def test_unknown_keys_are_kept_in_objects_and_params(
    api: respx.MockRouter, client: AlmClient
) -> None:
    body = connection(1, sync_window="night")
    body["params"] = {**body["params"], "issue_tracker_auth_mode": "api_token"}
    api.get(LIST).respond(json={"results": [body]})
    item = (await client.list_connections()).items[0]
    assert item.extras() == {"sync_window": "night"}
    assert item.params is not None and item.params["issue_tracker_auth_mode"] == "api_token"


async def test_last_successful_run_inside_params_as_documented_or_top_level(
    api: respx.MockRouter, client: AlmClient
) -> None:
    documented = connection(1)  # issue-tracker-api.md 2.4: inside params, with microseconds
    documented["params"] = {**documented["params"], LAST_SUCCESSFUL_RUN: STAMP}
    top_level = connection(2, last_successful_run="2026-01-01T00:00:00Z")
    api.get(LIST).respond(json={"results": [documented, top_level, connection(3)]})
    inside, outside, absent = (await client.list_connections()).items
    assert inside.last_successful_run == datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    assert outside.last_successful_run == datetime(2026, 1, 1, tzinfo=UTC)
    assert outside.extras() == {"last_successful_run": "2026-01-01T00:00:00Z"}  # kept as sent
    assert absent.last_successful_run is None
    assert inside.params is not None and inside.params[LAST_SUCCESSFUL_RUN] == STAMP


def test_without_a_last_job_a_successful_run_is_ok_at_its_time() -> None:
    ran = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    params = {"alm_server": "x", LAST_SUCCESSFUL_RUN: STAMP}
    only_run = Connection.model_validate(connection(1, params=params))
    assert (only_run.status, only_run.last_run) == ("ok", ran)

    failed_since = Connection.model_validate(connection(2, params=params, last_job=LAST_JOB))
    assert failed_since.status == "failed"  # the last job's outcome decides when there is one
    assert failed_since.last_run == datetime(2016, 12, 15, 22, 45, 27, 412000, tzinfo=UTC)

    never = Connection.model_validate(connection(3, params={"alm_server": "x"}))
    assert (never.status, never.last_run) == ("never", None)

    running = Connection.model_validate(connection(4, params=params, in_progress=True))
    assert running.status == "running"


def test_an_unreadable_last_successful_run_is_no_run() -> None:
    for value in ("yesterday", 17, None, ""):
        item = Connection.model_validate(connection(1, params={LAST_SUCCESSFUL_RUN: value}))
        assert (item.last_successful_run, item.status) == (None, "never")
    bare = Connection.model_validate(connection(2, last_successful_run="2026-01-01T08:00:00"))
    assert bare.last_successful_run == datetime(2026, 1, 1, 8, tzinfo=UTC)


async def test_params_absent_and_last_job_absent_or_null(
    api: respx.MockRouter, client: AlmClient
) -> None:
    no_params = {k: v for k, v in RALLY_CONNECTION.items() if k != "params"}
    api.get(LIST).respond(
        json={
            "results": [
                {**no_params, "id": 1},
                connection(2, last_job=None),
                connection(3, last_job=LAST_JOB),
            ]
        }
    )
    result = await client.list_connections()
    assert result.problems == []
    absent, null, present = result.items
    assert absent.params is None and absent.last_job is None
    assert null.last_job is None and null.status == "never"
    assert present.last_job is not None and present.last_job.succeeded is False
    assert present.status == "failed"


async def test_job_connection_nested_with_system_string(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get("/api/v2/jobs/alm/7/").respond(json=JOB)
    job = await client.get_job(7)
    assert job.connection_id == 1
    api.get("/api/v2/jobs/alm/8/").respond(json={**JOB, "id": 8, "connection": 3, "user": 1})
    assert (await client.get_job(8)).connection_id == 3
