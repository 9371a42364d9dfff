"""The live server (thread + uvicorn) and the `python -m tui.emulator` command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tui.api.vocab import ISSUE_TRACKER
from tui.emulator.server import EmulatorServer
from tui.emulator.state import EmulatorConfig

REPO = Path(__file__).resolve().parents[2]


def test_live_emulator_serves_and_records(live_emulator: tuple[str, EmulatorServer]) -> None:
    url, server = live_emulator
    assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
    response = httpx.get(
        f"{url}/api/v2/connectors/alm/", headers={"Authorization": f"Token {server.config.token}"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert server.state.requests[-1].status == 200


def test_server_answers_once_started_and_stops_as_a_context_manager() -> None:
    # How fast it starts is measured in bench/ (demo figure), not asserted here.
    with EmulatorServer(EmulatorConfig(token="t")) as server:
        url = server.url
        assert httpx.get(f"{url}/api/v2/users/me/", headers={"Authorization": "Token t"}).is_success
    try:
        httpx.get(f"{url}/api/v2/users/me/", timeout=1)
        raise AssertionError("the server still answers after stop()")
    except httpx.ConnectError:
        pass


def test_latency_delays_answers() -> None:
    with EmulatorServer(EmulatorConfig(token="t", latency_ms=150)) as server:
        started = time.perf_counter()
        httpx.get(f"{server.url}/api/v2/users/me/", headers={"Authorization": "Token t"})
        assert time.perf_counter() - started >= 0.15


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.emulator", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def stop(process: subprocess.Popen[str], signum: int = signal.SIGINT) -> str:
    """Signal the command and return the rest of its output."""
    assert process.stdout is not None
    process.send_signal(signum)
    rest = process.stdout.read()
    process.wait(timeout=10)
    return rest


def test_command_prints_url_first_and_serves_until_interrupted() -> None:
    process = run_cli("--port", "0", "--token", "T")
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        response = httpx.get(f"{url}/api/v2/connectors/alm/", headers={"Authorization": "Token T"})
        assert response.status_code == 200 and response.json()["results"]
        note = stop(process)
    finally:
        process.kill()
    assert process.returncode == 0
    assert f"SDE_SERVER={url}" in note


def test_command_defaults_the_token_and_never_prints_a_passed_one() -> None:
    process = run_cli("--port", "0", env={"SDE_API_TOKEN": ""})
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        ok = httpx.get(f"{url}/api/v2/users/me/", headers={"Authorization": "Token demo-token"})
        assert ok.status_code == 200
        note = stop(process, signal.SIGTERM)
    finally:
        process.kill()
    assert process.returncode == 0
    assert '"demo-token"' in note
    secret = run_cli("--port", "0", "--token", "s3cret-value")
    try:
        assert secret.stdout is not None
        note = secret.stdout.readline() + stop(secret)
    finally:
        secret.kill()
    assert secret.returncode == 0
    assert "s3cret-value" not in note


def test_command_rejects_a_bad_fault_spec() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui.emulator", "--faults", "500:2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=10,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2
    assert "probability must be between 0 and 1" in result.stderr


def test_emulator_imports_no_textual_and_no_client_code() -> None:
    # The one shared module is tui.api.vocab, the names of the two API families (data only).
    code = (
        "import sys, tui.emulator.server, tui.emulator.cli\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith(('tui.ui', 'tui.api.')) and m != 'tui.api.vocab']\n"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_command_serves_the_api_family_and_side_endpoints_it_is_given() -> None:
    process = run_cli(
        "--port", "0", "--token", "T", "--api-family", "issue-tracker", "--side-endpoints", "alm"
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        headers = {"Authorization": "Token T"}
        new = httpx.get(f"{url}/api/v2/connectors/issue-tracker/", headers=headers)
        assert new.status_code == 200
        assert ISSUE_TRACKER.key("server") in new.json()["results"][0]["params"]
        assert httpx.get(f"{url}/api/v2/connectors/alm/", headers=headers).status_code == 404
        test = httpx.options(f"{url}/api/v2/connections/testalm/", headers=headers)
        assert test.status_code == 200
        note = stop(process)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Issue Tracker API emulator" in note


def test_command_refuses_an_unknown_api_family() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui.emulator", "--api-family", "jira"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=10,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2
    assert "--api-family" in result.stderr and "issue-tracker" in result.stderr
