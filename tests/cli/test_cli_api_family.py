"""The API family on the command line: ``--api-family`` / ``api_family``, what ``info`` says about
it, ``check`` when the API is not where it is looked for, and the ``--demo`` pass-through."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tui.api.client import AlmClient
from tui.api.vocab import ApiFamily
from tui.cli.common import no_params_message
from tui.cli.demo import emulator_options
from tui.cli.main import main
from tui.cli.parser import build_parser
from tui.config import ConfigError, load_settings
from tui.emulator.config import EmulatorConfig
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN, Result


class _NotSde(BaseHTTPRequestHandler):
    """Some other web site: Django's (or any) HTML 404 page for every path."""

    def do_GET(self) -> None:
        body = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def not_sde(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """SDE_SERVER / SDE_API_TOKEN pointing at a loopback site that serves neither family."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotSde)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("SDE_SERVER", url)
    monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def family_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("API family:"))


def test_info_shows_the_family_found_and_then_remembered(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    first = run("info")
    assert first.code == 0
    assert family_line(first.out).split(":", 1)[1].strip() == "alm (probed)"
    second = run("info", "--json")
    assert second.json()["api_family"] == {
        "setting": "auto", "source": "default", "value": "alm", "how": "remembered", "error": None,
    }


def test_info_shows_a_forced_family_and_where_it_was_set(
    emulator: EmulatorServer, run: Callable[..., Result], config_file: Callable[[str], Path]
) -> None:
    result = run("info", "--api-family", "issue-tracker")
    assert family_line(result.out).endswith("issue-tracker (configured in flag --api-family)")
    config_file('default_profile = "lab"\n[profiles.lab]\napi_family = "alm"\n')
    result = run("info")
    assert family_line(result.out).endswith("alm (configured in profile lab)")


def test_info_says_why_no_family_was_found(not_sde: str, run: Callable[..., Result]) -> None:
    result = run("info")
    assert result.code == 0
    line = family_line(result.out)
    assert "not found: SD Elements API not found: This server serves neither" in line


def test_check_exits_2_when_the_server_serves_neither_family(
    not_sde: str, run: Callable[..., Result]
) -> None:
    result = run("check")
    assert result.code == 2
    assert result.err == (
        "SD Elements API not found: This server serves neither "
        "/api/v2/connections/issue-tracker/ nor /api/v2/connections/alm/: check the server URL "
        f"(context root): SD Elements must answer at {not_sde}/api/v2/\n"
    )


def test_check_exits_2_when_a_forced_family_is_not_served(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("check", "--api-family", "issue-tracker")
    assert result.code == 2
    assert "does not serve /api/v2/connections/issue-tracker/" in result.err
    assert "forced to 'issue-tracker'" in result.err


def test_check_stops_with_one_line_when_tests_are_served_at_no_known_path(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = EmulatorConfig(
        token=EMULATOR_TOKEN, test_latency_ms=0, api_family="issue-tracker", side_endpoints="none"
    )
    with EmulatorServer(config, host="127.0.0.1", port=0) as server:
        monkeypatch.setenv("SDE_SERVER", server.url)
        monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
        result = run("check")
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "Not served by this server: This server does not serve connectivity tests at any known "
        "path (tried /api/v2/connections/test-issue-tracker/, "
        "/api/v2/connections/testissuetracker/, /api/v2/connections/testalm/)\n"
    )


def test_a_forced_family_that_is_served_works(
    emulator: EmulatorServer, run: Callable[..., Result]
) -> None:
    result = run("connections", "list", "--api-family", "alm")
    assert result.code == 0 and "Rally Integration" in result.out
    shown = run("connections", "show", "1", "--api-family", "alm")
    assert "alm_server" in shown.out and "Last success" not in shown.out  # not in this family


def test_both_families_need_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--api-family", "both", "info"]) == 2
    err = capsys.readouterr().err
    assert "--api-family both needs --demo" in err and "auto, alm or issue-tracker" in err


@pytest.mark.parametrize("family", ["alm", "issue-tracker", "both"])
def test_the_demo_passes_the_family_to_its_emulator(family: str) -> None:
    args = build_parser().parse_args(["--demo", "--api-family", family])
    assert emulator_options(args)[-2:] == ["--api-family", family]
    assert "--api-family" not in emulator_options(build_parser().parse_args(["--demo"]))


@pytest.mark.parametrize("family", ["issue-tracker", "both"])
def test_the_demo_serves_the_family_asked_for_and_the_client_finds_it(
    run: Callable[..., Result], family: str
) -> None:
    result = run("--demo", "--api-family", family, "connections", "show", "1")
    assert result.code == 0, result.err
    assert "issue_tracker_server" in result.out and "alm_server" not in result.out
    assert "Last success: 20" in result.out  # params' last_successful_run, as a time


def test_the_profile_key_is_checked_and_names_the_allowed_values(
    config_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
    config_file('default_profile = "p"\n[profiles.p]\nserver = "https://a.example.com"\n'
                'api_family = "both"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(None)
    allowed = "must be one of: 'auto', 'alm', 'issue-tracker'"
    assert f"profiles.p.api_family: {allowed}" in str(caught.value)


def test_the_flag_beats_the_profile_and_reaches_the_client(
    config_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
    config_file('default_profile = "p"\n[profiles.p]\nserver = "https://a.example.com"\n'
                'api_family = "issue-tracker"\n')
    from_profile = load_settings(None)
    assert from_profile.make_client().family is ApiFamily.ISSUE_TRACKER
    flagged = load_settings(build_parser().parse_args(["--api-family", "alm"]))
    assert (flagged.api_family, flagged.sources["api_family"]) == ("alm", "flag --api-family")
    assert (flagged.make_client().family_source) == "configured"
    automatic = load_settings(build_parser().parse_args(["--api-family", "auto"]))
    assert automatic.make_client().family is None


def test_permission_messages_name_the_servers_permission() -> None:
    current = AlmClient("https://a.example.com", "t", api_family=ApiFamily.ISSUE_TRACKER)
    assert "needs the 'Edit Issue Tracker connections' (formerly 'Edit ALM connections') " \
        "permission" in no_params_message("connection", 3, current)
    older = AlmClient("https://a.example.com", "t", api_family=ApiFamily.ALM)
    assert "needs the 'Edit ALM connections' permission" in no_params_message("connector", 1, older)


def test_demo_info_describes_the_demo_emulator_not_the_config(
    run: Callable[..., Result], config_file: Callable[[str], Path]
) -> None:
    config_file('default_profile = "prod"\n[profiles.prod]\nserver = "https://sde.example.com"\n')
    result = run("--demo", "--api-family", "issue-tracker", "info")
    assert result.code == 0, result.err
    rows = dict(line.split(":", 1) for line in result.out.splitlines() if ":" in line)
    assert "built-in SD Elements emulator" in rows["Demo"]
    assert "serving API family mode 'issue-tracker'" in rows["Demo"]
    assert rows["Server"].strip().startswith("http://127.0.0.1:")
    assert rows["Server"].endswith("(built-in emulator (--demo))")
    assert rows["Profile"].strip() == "demo (--demo)"
    assert family_line(result.out).endswith("issue-tracker (probed)")
    assert "sde.example.com" not in result.out and "Config file" not in rows
    report = run("--demo", "info", "--json").json()
    assert report["demo"]["api_family_mode"] == "alm"  # the emulator's own default
    assert report["api_family"]["value"] == "alm"


def test_demo_with_auto_lets_the_emulator_serve_its_default() -> None:
    args = build_parser().parse_args(["--demo", "--api-family", "auto"])
    assert "--api-family" not in emulator_options(args)
