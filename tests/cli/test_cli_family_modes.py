"""Headless ``connections list``, ``connections show``, ``check`` and ``export`` against every API
family mode of the emulator, secrets masked under either vocabulary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tui.api.vocab import ALM, ISSUE_TRACKER, Vocabulary, param_suffix
from tui.emulator.config import ApiFamilyMode, EmulatorConfig
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result


@dataclass(frozen=True)
class Mode:
    served: ApiFamilyMode
    flags: tuple[str, ...]
    """What the client is told (nothing: it finds the family)."""
    names: Vocabulary
    """The names the server answers in."""


MODES = [
    pytest.param(Mode("alm", (), ALM), id="alm"),
    pytest.param(Mode("issue-tracker", (), ISSUE_TRACKER), id="issue-tracker"),
    pytest.param(Mode("both", (), ISSUE_TRACKER), id="both"),
    pytest.param(Mode("both", ("--api-family", "alm"), ISSUE_TRACKER), id="both-forced-alm"),
]
CREDENTIALS = ("pass", "api_token")


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> Mode:
    chosen: Mode = request.param
    return chosen


@pytest.fixture
def emulator_config(mode: Mode) -> EmulatorConfig:
    return EmulatorConfig(
        token=EMULATOR_TOKEN, test_latency_ms=0, sync_seconds=0.3, api_family=mode.served
    )


def secrets_of(server: EmulatorServer) -> list[str]:
    """Every credential the emulator holds (stored under the seed's names), but for the few
    placeholder words ("pass", "token") any output may hold."""
    found = [
        value
        for item in (*server.state.connectors.values(), *server.state.connections.values())
        for key, value in (item.get("params") or {}).items()
        if param_suffix(key) in CREDENTIALS and isinstance(value, str) and len(value) > 5
    ]
    assert len(found) >= 8
    return found


def test_list_and_show_read_the_servers_names_and_mask_secrets(
    emulator: EmulatorServer, run: Callable[..., Result], mode: Mode
) -> None:
    listed = run("connections", "list", *mode.flags)
    assert listed.code == 0, listed.err
    rows = [line for line in listed.out.splitlines() if line[:1].isdigit()]
    assert len(rows) == 44 and "Rally Integration" in rows[0]
    shown = run("connections", "show", "1", *mode.flags)
    assert shown.code == 0, shown.err
    other = ALM if mode.names is ISSUE_TRACKER else ISSUE_TRACKER
    assert mode.names.key("server") in shown.out and other.key("server") not in shown.out
    assert f"{mode.names.key('pass')}" in shown.out and "<set>" in shown.out
    for secret in secrets_of(emulator):
        assert secret not in listed.out + shown.out


def test_check_tests_every_connection(
    emulator: EmulatorServer, run: Callable[..., Result], mode: Mode
) -> None:
    result = run("check", *mode.flags)
    assert result.code == 1, result.err  # the demo organisation has failing connections
    assert "44 connections on 127.0.0.1: 40 passed, 4 failed, 0 could not be tested" in result.out
    for secret in secrets_of(emulator):
        assert secret not in result.out + result.err


def test_export_keeps_the_servers_names_and_redacts_their_secrets(
    emulator: EmulatorServer, run: Callable[..., Result], mode: Mode
) -> None:
    result = run("export", *mode.flags)
    assert result.code == 0, result.err
    document = result.json()
    jira = next(c for c in document["connectors"] if c["id"] == 4)
    assert jira["params"][mode.names.key("server")] == "granitebank.atlassian.net"
    assert jira["params"][mode.names.key("pass")] == "<redacted>"
    github = next(c for c in document["connectors"] if c["id"] == 3)
    assert github["params"][mode.names.key("api_token")] == "<redacted>"
    for secret in secrets_of(emulator):
        assert secret not in result.out
