"""``sde-alm watch``: state-change lines from the emulator (its clock moved, never slept on), an
outage with backoff and recovery, and a clean stop on SIGTERM in a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tui.api.errors import CannotConnect
from tui.api.paging import ListResult
from tui.cli.watch import MAX_BACKOFF, Event, follow
from tui.config.resolve import load_settings
from tui.emulator.server import EmulatorServer

from .support import EMULATOR_TOKEN

ROOT = Path(__file__).resolve().parents[2]
INTERVAL = 30.0
SYNCING = 2  # demo data: connection 2 (project 1) syncs successfully
PROBE = """
import json, sys
from tui.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "tui.ui")))
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


class Done(Exception):
    """Raised by a fake sleep to end ``follow`` after the scripted looks."""


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _script(steps: list[Callable[[], Awaitable[None]]], slept: list[float], clock: FakeClock
            ) -> Callable[[float], Awaitable[None]]:
    """A fake sleep: records the wait, moves the clock, runs the next step; then ends."""
    remaining = iter(steps)

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += timedelta(seconds=seconds)
        step = next(remaining, None)
        if step is None:
            raise Done
        await step()

    return sleep


async def test_watch_prints_sync_started_finished_and_connection_changes(
    emulator: EmulatorServer,
) -> None:
    state = emulator.state
    tick = [0.0]
    state.clock = lambda: tick[0]
    settings = load_settings()
    events: list[Event] = []
    slept: list[float] = []
    clock = FakeClock()
    async with settings.make_client() as client:

        async def start() -> None:
            await client.start_sync(SYNCING)

        async def finish() -> None:
            tick[0] += state.config.sync_seconds + 1

        async def remove_and_add() -> None:
            gone = state.connections.pop(5)
            state.connections[999] = {**gone, "id": 999, "alias": "New one"}

        sleep = _script([start, finish, remove_and_add], slept, clock)
        with pytest.raises(Done):
            await follow(client, project=None, interval=INTERVAL, emit=events.append,
                         sleep=sleep, now=clock)
    assert slept == [INTERVAL] * 4
    kinds = [(e["event"], e.get("connection")) for e in events]
    assert kinds == [
        ("watch_started", None),
        ("sync_started", SYNCING),
        ("sync_finished", SYNCING),
        ("connection_disappeared", 5),
        ("connection_appeared", 999),
    ]
    assert events[0]["connections"] == len(state.connections)
    finished = events[2]
    assert finished["succeeded"] is True and finished["alias"] == "GitHub Issues"
    assert finished["project"] == 1 and finished["system"] == "github"
    assert events[1]["time"] == "2026-01-01T00:00:30+00:00"


class FlakyClient:
    """Answers a listing, then fails ``outage`` times, then answers again."""

    def __init__(self, outage: int) -> None:
        self.calls = 0
        self.outage = outage

    async def list_connections(self, *, project: int | None = None) -> ListResult[Any]:
        self.calls += 1
        if 1 < self.calls <= 1 + self.outage:
            raise CannotConnect("connection refused")
        return ListResult(items=[])


async def test_watch_keeps_trying_with_backoff_and_reports_outage_and_recovery() -> None:
    events: list[Event] = []
    slept: list[float] = []
    clock = FakeClock()
    nothing: list[Callable[[], Awaitable[None]]] = [_noop] * 6
    with pytest.raises(Done):
        await follow(FlakyClient(outage=5), project=None, interval=100.0,  # type: ignore[arg-type]
                     emit=events.append, sleep=_script(nothing, slept, clock), now=clock)
    assert slept == [100.0, 100.0, 200.0, MAX_BACKOFF, MAX_BACKOFF, MAX_BACKOFF, 100.0]
    assert [e["event"] for e in events] == ["watch_started", "server_unreachable",
                                             "server_reachable"]
    assert events[1]["error"] == "Cannot connect" and events[1]["retry_in"] == 100.0
    assert events[2]["down_seconds"] == 100.0 + 200.0 + 3 * MAX_BACKOFF


async def _noop() -> None:
    return None


def test_watch_interval_has_a_minimum(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.main import main

    assert main(["watch", "--interval", "1"]) == 2
    assert "5 or more" in capsys.readouterr().err


def test_watch_stops_cleanly_on_sigterm_without_textual(emulator: EmulatorServer) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SDE_")}
    env.update(PYTHONPATH=str(ROOT), SDE_SERVER=emulator.url, SDE_API_TOKEN=EMULATOR_TOKEN,
               SDE_ALM_CONFIG=os.environ["SDE_ALM_CONFIG"])
    process = subprocess.Popen(
        [sys.executable, "-c", PROBE, "watch", "--interval", "5"], env=env, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = json.loads(process.stdout.readline())  # the watch is running
        assert first["event"] == "watch_started"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert json.loads(out.splitlines()[-1])["event"] == "watch_stopped"
    assert "Traceback" not in err
    report = json.loads(err.strip().splitlines()[-1])
    assert report == {"code": 0, "loaded": []}
    assert EMULATOR_TOKEN not in out + err
