"""One exit code table for every headless command: each failure kind, each command (respx)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from tui.api.errors import ApiError
from tui.api.vocab import ApiFamily
from tui.cli.exits import CANNOT_RUN, EXIT_CODES, FAILED, OK, Finding, exit_code
from tui.config.settings import Settings

from .support import EMULATOR_TOKEN, Result

SERVER = "https://sde.example.test"
LIST = f"{SERVER}/api/v2/connections/alm/"
CONNECTION: dict[str, Any] = {
    "id": 1, "alias": "Rally", "system": {"id": "rally", "name": "Rally"}, "connector": 2,
    "project": 1, "params": {"alm_server": "rally.example.com"},
}


class FamilyNotFound(ApiError):
    """A kind the table has never heard of (another helper's error, added later)."""

    title = "API family not found"


def _endless_loop(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"count": None, "next": f"{LIST}?cursor=same",
                                     "results": [CONNECTION]})


KINDS: dict[str, Any] = {
    "network": httpx.ConnectError("connection refused"),
    "timeout": httpx.ReadTimeout("read timed out"),
    "html": httpx.Response(200, html="<html><body>Sign in</body></html>"),
    "redirect": httpx.Response(302, headers={"Location": "https://sso.example.test/login"}),
    "401": httpx.Response(401, json={"detail": "Invalid token."}),
    "403": httpx.Response(403, json={"detail": "You do not have permission."}),
    "malformed-json": httpx.Response(200, content=b'{"results": [',
                                     headers={"content-type": "application/json"}),
    "too-large": httpx.Response(200, json={"results": [CONNECTION] * 50}),
    "paging-loop": _endless_loop,
    "429-beyond-deadline": httpx.Response(429, json={"detail": "Request was throttled."},
                                          headers={"Retry-After": "86400"}),
    "500": httpx.Response(500, html="<h1>Server Error (500)</h1>"),
    "detail-only-200": httpx.Response(200, json={"detail": "Service temporarily disabled."}),
    "endpoint-not-found": httpx.Response(404, json={"detail": "Not found."}),
    "unknown-kind": FamilyNotFound("this server has no ALM API family"),
}
COMMANDS = {
    "check": ["check"],
    "list": ["connections", "list", "--json"],
    "export": ["export"],
    "test": ["connections", "test", "1"],
}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    """A mocked server the CLI reaches through its real client: no backoff, a 2 kB body cap."""
    monkeypatch.setenv("SDE_SERVER", SERVER)
    monkeypatch.setenv("SDE_API_TOKEN", EMULATOR_TOKEN)
    monkeypatch.setattr("tui.api.calls.backoff_delay", lambda attempt: 0.0)
    make = Settings.make_client
    monkeypatch.setattr(Settings, "make_client",
                        lambda self, **kw: make(self, **{"max_body_bytes": 2000,
                                                         "api_family": ApiFamily.ALM, **kw}))
    with respx.mock(assert_all_called=False) as router:
        yield router


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_failure_kind_is_could_not_run_for_every_command(
    server: respx.MockRouter, run: Callable[..., Result], kind: str, command: str
) -> None:
    fault = KINDS[kind]
    route = server.get(url__startswith=SERVER)
    if isinstance(fault, httpx.Response):
        route.mock(return_value=fault)
    else:  # an exception to raise, or a function that answers
        route.mock(side_effect=fault)
    result = run(*COMMANDS[command])
    assert result.code == CANNOT_RUN, (kind, command, result.err)
    assert result.err and "Traceback" not in result.err


def test_a_failed_test_is_1_and_a_passed_one_0(
    server: respx.MockRouter, run: Callable[..., Result]
) -> None:
    server.get(f"{SERVER}/api/v2/connections/alm/1/").respond(json=CONNECTION)
    tested = server.post(f"{SERVER}/api/v2/connections/testalm/")
    tested.respond(json={"success": False, "error": "bad credentials"})
    assert run("connections", "test", "1").code == FAILED
    tested.respond(json={"success": True})
    assert run("connections", "test", "1").code == OK


def test_the_table_worst_wins_and_unknown_errors_are_could_not_run() -> None:
    assert exit_code() == OK
    assert exit_code(Finding.ALL_GOOD, Finding.TEST_FAILED) == FAILED
    assert exit_code(Finding.TEST_FAILED, Finding.INCOMPLETE) == CANNOT_RUN
    assert exit_code(FamilyNotFound("x")) == CANNOT_RUN
    assert {finding: EXIT_CODES[finding] for finding in Finding} == {
        Finding.ALL_GOOD: 0, Finding.TEST_FAILED: 1, Finding.SYNC_FAILED: 1,
        Finding.INCOMPLETE: 2, Finding.STILL_RUNNING: 2, Finding.NEVER_RUN: 0,
    }


def test_the_readme_documents_the_table() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Exit codes", 1)[1].split("\n#", 1)[0]
    for code in (0, 1, 2, 130):
        assert f"| {code} |" in section
    for words in ("malformed", "too large", "paging", "throttl", '{"detail": ...}', "partial"):
        assert words in section, words


@pytest.mark.parametrize("tty", [True, False], ids=["tty", "pipe"])
def test_a_retry_wait_is_announced_on_stderr_only_on_a_terminal(
    server: respx.MockRouter, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
    tty: bool,
) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    make = Settings.make_client
    monkeypatch.setattr(Settings, "make_client",
                        lambda self, **kw: make(self, sleep=sleep, api_family=ApiFamily.ALM, **kw))
    monkeypatch.setattr("sys.stderr.isatty", lambda: tty)
    busy = httpx.Response(429, json={"detail": "throttled"}, headers={"Retry-After": "12"})
    server.get(f"{SERVER}/api/v2/connections/alm/1/").mock(
        side_effect=[busy, httpx.Response(200, json=CONNECTION)]
    )
    server.get(f"{SERVER}/api/v2/plugins/alm/").respond(json={"results": []})
    result = run("connections", "show", "1")
    assert result.code == OK and slept == [12.0]
    line = "server busy, retrying in 12 s... (Rate limited, HTTP 429)\n"
    assert (result.err == line) if tty else (result.err == "")
