"""``check --format nagios|prometheus`` and ``--all-profiles`` against the emulator.

Prometheus output is parsed back with ``prometheus_client``'s parser of the text format.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tui.cli.exits import Finding, NagiosState, nagios_state
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result

HOSTILE_ALIAS = 'Say "hi" \\ to\nJira'
"""A label value needing every escape of the exposition format."""


def _samples(text: str) -> dict[str, list[Any]]:
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def _by_connection(samples: list[Any]) -> dict[int, Any]:
    return {int(sample.labels["connection"]): sample for sample in samples}


def _dead_server() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_the_nagios_table_worst_wins_and_errors_are_unknown() -> None:
    assert nagios_state() is NagiosState.OK
    assert nagios_state(Finding.ALL_GOOD) is NagiosState.OK
    assert nagios_state(Finding.NEVER_RUN, Finding.INCOMPLETE) is NagiosState.WARNING
    assert nagios_state(Finding.INCOMPLETE, Finding.SYNC_FAILED) is NagiosState.CRITICAL
    assert nagios_state(Finding.TEST_FAILED) is NagiosState.CRITICAL
    from tui.api.errors import ConfigError

    assert nagios_state(Finding.TEST_FAILED, ConfigError("x")) is NagiosState.UNKNOWN


def _project_syncs(emulator: EmulatorServer, project: int) -> dict[int, bool | None]:
    """Each connection of ``project``: its last sync's success, None when it never synced."""
    state = emulator.state
    found: dict[int, bool | None] = {}
    for ident, connection in state.connections.items():
        if connection["project"] == project:
            job = state.last_job(ident)
            found[ident] = None if job is None else bool(job["succeeded"])
    return found


@pytest.mark.parametrize(
    ("project", "syncs", "state"),
    [
        (2, {True}, NagiosState.OK),  # every test passes, every last sync succeeded
        (5, {True, None}, NagiosState.WARNING),  # one connection has never synced
        (3, {True, False}, NagiosState.CRITICAL),  # tests pass, a last sync failed
    ],
)
def test_nagios_state_and_exit_code(
    emulator: EmulatorServer, run: Callable[..., Result], project: int, syncs: set[bool | None],
    state: NagiosState,
) -> None:
    assert set(_project_syncs(emulator, project).values()) == syncs  # the demo data's situation
    result = run("check", "--project", str(project), "--format", "nagios")
    assert result.code == state.value
    (line,) = result.out.splitlines()
    text, perfdata = line.split(" | ")
    assert text.startswith(f"SDE-ALM {state.name} - ")
    perf = dict(item.split("=") for item in perfdata.split())
    assert perf["connections"] == f"{len(_project_syncs(emulator, project))};;;0"
    assert perf["time"].endswith("s;;;0")


def test_nagios_failed_test_is_critical(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("check", "--project", "8", "--format", "nagios")  # connection 16 fails its test
    assert result.code == NagiosState.CRITICAL.value
    assert "failed=1;;;0" in result.out


def test_nagios_could_not_run_is_unknown(
    emulator: EmulatorServer, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDE_API_TOKEN", "not-the-right-token")
    result = run("check", "--format", "nagios")
    assert result.code == NagiosState.UNKNOWN.value
    assert result.out.startswith("SDE-ALM UNKNOWN - Not authenticated: ")
    assert len(result.out.splitlines()) == 1


def test_nagios_without_settings_is_unknown(run: Callable[..., Result]) -> None:
    result = run("check", "--format", "nagios")
    assert result.code == NagiosState.UNKNOWN.value
    assert result.out.startswith("SDE-ALM UNKNOWN - ")


def test_prometheus_output_parses_and_escapes_label_values(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    emulator.state.connections[4]["alias"] = HOSTILE_ALIAS
    result = run("check", "--project", "3", "--format", "prometheus")
    also = run("check", "--project", "2", "--format", "prometheus")
    assert result.code == 0 and also.code == 0
    assert '\\"hi\\" \\\\ to\\nJira' in also.out  # the exposition format's own escapes
    families = _samples(result.out)
    assert families["sde_alm_check_success"][0].value == 1
    assert families["sde_alm_check_duration_seconds"][0].value >= 0
    in_project = _project_syncs(emulator, 3)
    tests = _by_connection(families["sde_alm_connection_test_success"])
    assert {ident: s.value for ident, s in tests.items()} == dict.fromkeys(in_project, 1)
    syncs = _by_connection(families["sde_alm_connection_last_sync_success"])
    assert {ident: s.value for ident, s in syncs.items()} == {
        ident: int(ok) for ident, ok in in_project.items() if ok is not None}
    assert syncs[6].value == 0
    assert syncs[7].labels == {"connection": "7", "alias": "Android Security Backlog",
                               "project": "3", "system": "jira"}
    latency = _by_connection(families["sde_alm_connection_test_latency_seconds"])
    assert set(latency) == set(in_project)
    runs = _by_connection(families["sde_alm_connection_last_run_timestamp_seconds"])
    job = emulator.state.last_job(7)
    assert job is not None
    expected = datetime.fromisoformat(emulator.state.iso(job["last_run"])).astimezone(UTC)
    assert runs[7].value == pytest.approx(expected.timestamp(), abs=1e-3)
    hostile = _by_connection(_samples(also.out)["sde_alm_connection_test_success"])[4]
    assert hostile.labels["alias"] == HOSTILE_ALIAS


def test_prometheus_could_not_run_reports_check_success_0(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDE_SERVER", _dead_server())
    monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
    result = run("check", "--format", "prometheus")
    assert result.code == 2
    assert result.err.startswith("Cannot connect")
    families = _samples(result.out)
    assert families["sde_alm_check_success"][0].value == 0
    assert "sde_alm_connection_test_success" not in families


def test_json_flag_and_format_json_are_the_same(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    flag = run("check", "--project", "2", "--json")
    option = run("check", "--project", "2", "--format", "json")
    assert flag.code == option.code == 0
    assert [r["id"] for r in flag.json()["results"]] == [r["id"] for r in option.json()["results"]]


@pytest.fixture
def live_and_dead(
    emulator: EmulatorServer, config_file: Callable[[str], Path], tmp_path: Path
) -> Path:
    token = tmp_path / "live.token"
    token.write_text(EMULATOR_TOKEN + "\n")
    token.chmod(0o600)
    return config_file(f"""
[profiles.live]
server = "{emulator.url}"
token_file = "{token}"
[profiles.dead]
server = "{_dead_server()}"
token_file = "{token}"
""")


def test_all_profiles_reports_each_server_and_exits_with_the_worst(
    live_and_dead: Path, emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    count = len(_project_syncs(emulator, 2))
    text = run("check", "--all-profiles", "--project", "2")
    assert text.code == 2
    assert "== profile live (http://127.0.0.1:" in text.out
    assert f"{count} connections in project 2 on 127.0.0.1: {count} passed" in text.out
    assert "== profile dead (http://127.0.0.1:" in text.out
    assert "could not check: Cannot connect" in text.out
    assert "profile dead: " in text.err

    document = run("check", "--all-profiles", "--project", "2", "--json")
    assert document.code == 2
    profiles = document.json()["profiles"]
    assert profiles["live"]["exit_code"] == 0 and len(profiles["live"]["results"]) == count
    assert profiles["dead"]["exit_code"] == 2 and profiles["dead"]["error"]["title"]

    nagios = run("check", "--all-profiles", "--project", "2", "--format", "nagios")
    assert nagios.code == NagiosState.UNKNOWN.value
    assert nagios.out.startswith("SDE-ALM UNKNOWN - 2 profiles: ")
    assert "live OK" in nagios.out and "dead UNKNOWN (Cannot connect" in nagios.out
    assert f"live_connections={count};;;0" in nagios.out

    metrics = run("check", "--all-profiles", "--project", "2", "--format", "prometheus")
    assert metrics.code == 2
    success = {s.labels["profile"]: s.value
               for s in _samples(metrics.out)["sde_alm_check_success"]}
    assert success == {"live": 1, "dead": 0}
    tests = _samples(metrics.out)["sde_alm_connection_test_success"]
    assert {s.labels["profile"] for s in tests} == {"live"}


def test_all_profiles_without_profiles_is_a_configuration_error(
    config_file: Callable[[str], Path], run: Callable[..., Result]
) -> None:
    config_file('theme = "sde-dark"\n')
    result = run("check", "--all-profiles", "--format", "nagios")
    assert result.code == NagiosState.UNKNOWN.value
    assert "has no profiles" in result.err
