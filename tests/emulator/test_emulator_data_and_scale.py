"""Alternative organisations: --connections N for scale, --data FILE from API-shaped JSON."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.emulator.app import create_app
from tui.emulator.errors import DataFileError
from tui.emulator.seed_data import slugify
from tui.emulator.state import EmulatorConfig, EmulatorState, iso_at


def test_ten_thousand_connections_build_quickly() -> None:
    started = time.perf_counter()
    state = EmulatorState(EmulatorConfig(connections=10_000))
    elapsed = time.perf_counter() - started
    assert len(state.connections) == 10_000
    assert len(state.projects) == 2_000
    assert elapsed < 1.0
    assert state.connections[10_000]["connector"] in state.connectors


def test_generated_organisation_is_deterministic() -> None:
    first = EmulatorState(EmulatorConfig(connections=500, seed=3))
    second = EmulatorState(EmulatorConfig(connections=500, seed=3))
    assert first.connections == second.connections
    assert [j["succeeded"] for j in first.jobs.values()] == [
        j["succeeded"] for j in second.jobs.values()
    ]


def test_fifty_thousand_connections_work() -> None:
    state = EmulatorState(EmulatorConfig(connections=50_000))
    assert len(state.connections) == 50_000
    assert state.read_params(state.connections[50_000])["alm_project"] == "PRJ50000"


async def get(state: EmulatorState, path: str) -> Any:
    transport = httpx.ASGITransport(app=create_app(state))
    headers = {"Authorization": f"Token {state.config.token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://e", headers=headers) as c:
        return (await c.get(path)).json()


async def test_data_file_round_trips_the_api_shapes(
    tmp_path: Path, emulator_state: EmulatorState, emulator_clock: Any
) -> None:
    connectors = await get(emulator_state, "/api/v2/connectors/alm/")
    connections = await get(emulator_state, "/api/v2/connections/alm/?include=last_job")
    projects = await get(emulator_state, "/api/v2/projects/")
    data = {
        "connectors": connectors["results"],
        "connections": connections["results"],
        "projects": projects["results"],
        "applications": list(emulator_state.applications.values()),
    }
    path = tmp_path / "org.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = EmulatorState(
        EmulatorConfig(token=emulator_state.config.token, data_file=str(path)), clock=emulator_clock
    )
    assert loaded.connections == emulator_state.connections
    again = await get(loaded, "/api/v2/connections/alm/?include=last_job")
    for before, after in zip(connections["results"], again["results"], strict=True):
        assert {**after, "last_job": None} == {**before, "last_job": None}
        if before["last_job"] is not None:
            assert after["last_job"]["id"] == before["last_job"]["id"]
            assert after["last_job"]["result_message"] == before["last_job"]["result_message"]


async def test_data_file_minimal_objects(tmp_path: Path) -> None:
    data = {
        "connectors": [
            {
                "id": 5,
                "name": "Bugzilla",
                "system": {"id": "bugzilla", "name": "Bugzilla"},
                "params": {"alm_server": "bz.example.com"},
            }
        ],
        "connections": [
            {
                "id": 7,
                "alias": "BZ",
                "connector": 5,
                "project": 3,
                "params": {"alm_project": "Core"},
            }
        ],
        "jobs": [
            {
                "id": 40,
                "connection": {"id": 7},
                "user": "ops@example.com",
                "succeeded": False,
                "ready": True,
                "result_message": "boom",
                "last_run": "2024-01-02T03:04:05.678Z",
            }
        ],
    }
    path = tmp_path / "org.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    state = EmulatorState(EmulatorConfig(token="t", data_file=str(path)))
    connection = await get(state, "/api/v2/connections/alm/7/?include=last_job")
    assert connection["system"] == {"id": "bugzilla", "short_name": "Bugzilla", "name": "Bugzilla"}
    assert connection["command"] == "sync_bugzilla"
    assert connection["params"]["sde_project"] == "Project 3"
    assert connection["last_job"]["last_run"] == "2024-01-02T03:04:05.678Z"
    job = await get(state, "/api/v2/jobs/alm/40/")
    assert job["user"] == "ops@example.com"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read data file"),
        ("[]", "expected a JSON object"),
        ('{"connectors": [{"name": "x"}]}', "KeyError"),
        ('{"connections": [{"alias": "x", "connector": 1, "project": 1}]}', "unknown connector"),
    ],
)
def test_bad_data_files_say_why(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        EmulatorState(EmulatorConfig(data_file=str(path)))


@pytest.mark.parametrize(
    ("epoch_seconds", "written"),
    [
        (1481841927.412, "2016-12-15T22:45:27.412Z"),  # the seed's own example
        (0.9999, "1970-01-01T00:00:00.999Z"),  # milliseconds are truncated, never rounded up
        (-0.5, "1969-12-31T23:59:59.500Z"),
        (1700000000.0, "2023-11-14T22:13:20.000Z"),
    ],
)
def test_timestamps_are_written_as_the_api_writes_them(epoch_seconds: float, written: str) -> None:
    assert iso_at(epoch_seconds) == written


def test_generated_projects_have_slugs_and_dates_like_the_demo_ones() -> None:
    state = EmulatorState(EmulatorConfig(connections=200))
    generated = [p for p in state.projects.values() if p["id"] > 13]
    assert generated
    for project in generated:
        assert project["slug"] == slugify(project["name"])
        assert project["created"] == state.iso(-86400.0 * (400 - project["id"] % 300))
        assert project["updated"] == state.iso(-86400.0 * (project["id"] % 30))
