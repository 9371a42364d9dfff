"""Shared fixtures. Emulator: an in-process state with a fake clock, and a live loopback server.

The emulator is imported inside the fixtures so other test folders never pay for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from tui.emulator.server import EmulatorServer
    from tui.emulator.state import EmulatorConfig, EmulatorState

EMULATOR_TOKEN = "test-token"
EMULATOR_READ_TOKEN = "read-only-token"


@pytest.fixture(autouse=True)
def _isolated_state_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash reports, logs, config, cache and remembered API families of each test go to
    temporary dirs of its own, never the user's real ones nor another test's (tests run side by
    side under xdist); no test sees the families another one found."""
    from tui.api.discovery import memory

    home = tmp_path_factory.mktemp("xdg")
    for variable in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        folder = home / variable.lower()
        folder.mkdir()
        monkeypatch.setenv(variable, str(folder))
    memory.clear()


@pytest.fixture(autouse=True)
def _utc_local_time() -> Iterator[None]:
    """Times for humans are local: every test runs in UTC unless it sets ``TZ`` itself (and
    calls ``time.tzset()``); the process's own zone comes back afterwards."""
    import os
    import time

    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Captured output as valid UTF-8: hostile tests log lone surrogates, and an xdist worker
    cannot send a report holding one (execnet encodes strictly; the run would stop)."""
    report: pytest.TestReport = yield
    report.sections = [
        (title, text.encode("utf-8", "backslashreplace").decode("utf-8"))
        for title, text in report.sections
    ]
    return report


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def emulator_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Quick syncs, instant connectivity tests, and a read-only token as well."""
    from tui.emulator.state import EmulatorConfig

    return EmulatorConfig(
        token=EMULATOR_TOKEN,
        read_token=EMULATOR_READ_TOKEN,
        sync_seconds=2.0,
        test_latency_ms=0,
    )


@pytest.fixture
def emulator_state(emulator_config: EmulatorConfig, emulator_clock: FakeClock) -> EmulatorState:
    from tui.emulator.state import EmulatorState

    return EmulatorState(emulator_config, clock=emulator_clock)


@pytest.fixture
async def emulator_asgi_client(emulator_state: EmulatorState) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to the emulator in-process, with the full token."""
    from tui.emulator.app import create_app

    transport = httpx.ASGITransport(app=create_app(emulator_state))
    headers = {"Authorization": f"Token {emulator_state.config.token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://emulator", headers=headers
    ) as client:
        yield client


@pytest.fixture
def live_emulator(emulator_config: EmulatorConfig) -> Iterator[tuple[str, EmulatorServer]]:
    """The emulator under uvicorn on a free loopback port: (base_url, server)."""
    from tui.emulator.server import EmulatorServer

    server = EmulatorServer(emulator_config)
    url = server.start()
    try:
        yield url, server
    finally:
        server.stop()
