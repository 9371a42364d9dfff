"""``sde-alm check`` exit codes from real situations, and ``export`` without secrets."""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.api.secrets import is_secret_key
from tui.emulator.config import EmulatorConfig
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result

CANARY = "canary-secret-{n}-q8Zr"


def test_check_demo_data_fails_with_exit_1(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("check", "--json")
    assert result.code == 1
    report = result.json()
    assert len(report["results"]) == len(emulator.state.connections)
    failed = {r["id"] for r in report["results"] if r["status"] == "fail"}
    assert failed and all(not r["success"] and r["message"] for r in report["results"]
                          if r["id"] in failed)
    assert report["summary"]["failed"] == len(failed)
    assert report["summary"]["passed"] + len(failed) == report["summary"]["total"]
    assert report["exit_code"] == 1


def test_check_of_a_project_where_all_pass_exits_0(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("check", "--project", "1", "--concurrency", "2")
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    project_1 = [i for i, c in emulator.state.connections.items() if c["project"] == 1]
    assert sum(line.startswith("PASS") for line in lines) == len(project_1)
    assert lines[-1].startswith(f"{len(project_1)} connections in project 1 on 127.0.0.1: ")


def test_check_with_a_wrong_token_exits_2(
    emulator: EmulatorServer, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDE_API_TOKEN", "not-the-right-token")
    result = run("check")
    assert result.code == 2
    assert result.err.startswith("Not authenticated: ")
    assert "env SDE_API_TOKEN" in result.err
    assert "not-the-right-token" not in result.out + result.err


def test_check_of_an_unreachable_server_exits_2(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("SDE_SERVER", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
    result = run("check")
    assert result.code == 2
    assert result.err.startswith("Cannot connect")
    assert "Traceback" not in result.err


def _canary_data(server: EmulatorServer) -> tuple[dict[str, Any], set[str]]:
    """The demo organisation, read through the API, with every secret replaced by a canary."""
    headers = {"Authorization": f"Token {EMULATOR_TOKEN}"}
    with httpx.Client(base_url=server.url, headers=headers) as http:
        connectors = http.get("/api/v2/connectors/alm/").json()["results"]
        connections = http.get("/api/v2/connections/alm/").json()["results"]
    canaries: set[str] = set()

    def plant(params: dict[str, Any]) -> None:
        for key in params:
            if is_secret_key(key):
                params[key] = CANARY.format(n=len(canaries))
                canaries.add(params[key])
        if "missing" in str(params.get("alm_project", "")).lower():
            params["alm_project"] = "EXISTS"

    for item in connectors + connections:
        plant(item["params"])
    return {"connectors": connectors, "connections": connections}, canaries


@pytest.fixture
def canary_emulator(
    emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    data, canaries = _canary_data(emulator)
    path = tmp_path / "org.json"
    path.write_text(json.dumps(data))
    config = EmulatorConfig(token=EMULATOR_TOKEN, test_latency_ms=0, data_file=str(path))
    with EmulatorServer(config) as server:
        monkeypatch.setenv("SDE_SERVER", server.url)
        yield server, canaries


def test_check_of_a_data_file_where_all_pass_exits_0(
    canary_emulator: Any, run: Callable[..., Result]
) -> None:
    server, _ = canary_emulator
    result = run("check")
    assert result.code == 0, result.out
    assert f"{len(server.state.connections)} passed, 0 failed" in result.out


def test_export_contains_no_secret(
    canary_emulator: Any, run: Callable[..., Result], tmp_path: Path
) -> None:
    server, canaries = canary_emulator
    assert len(canaries) > 10
    to_stdout = run("export")
    assert to_stdout.code == 0
    document = to_stdout.json()
    assert [c["id"] for c in document["connectors"]] == sorted(server.state.connectors)
    assert [c["id"] for c in document["connections"]] == sorted(server.state.connections)
    out_file = tmp_path / "backup" / "export.json"
    out_file.parent.mkdir()
    to_file = run("export", "--out", str(out_file))
    assert to_file.code == 0 and "secrets redacted" in to_file.out
    assert stat.S_IMODE(os.stat(out_file).st_mode) == 0o600
    for text in (to_stdout.out, out_file.read_text()):
        assert "<redacted>" in text
        for canary in canaries:
            assert canary not in text
    listed = run("connections", "list", "--json").out + run("connectors", "list", "--json").out
    assert not any(canary in listed for canary in canaries)


def test_check_with_a_token_that_cannot_see_params_exits_2(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = EmulatorConfig(token=EMULATOR_TOKEN, read_token="read-only-token-55",
                            test_latency_ms=0)
    with EmulatorServer(config) as server:
        monkeypatch.setenv("SDE_SERVER", server.url)
        monkeypatch.setenv("SDE_API_TOKEN", "read-only-token-55")
        result = run("check", "--project", "1")
        in_project = sum(c["project"] == 1 for c in server.state.connections.values())
    assert result.code == 2
    assert "'Edit ALM connections' permission" in result.out
    assert f"0 passed, 0 failed, {in_project} could not be tested" in result.out


def test_export_carries_each_connections_last_job(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    document = run("export").json()
    state = emulator.state
    for connection in document["connections"]:
        job = state.last_job(connection["id"])
        exported = connection["last_job"]
        if job is None:
            assert exported is None
        else:
            assert (exported["id"], exported["succeeded"]) == (job["id"], job["succeeded"])
    assert any(c["last_job"] for c in document["connections"])
