"""Shared UI test support: the app on the in-process emulator, a fixed clock, fault switch."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from textual.worker import WorkerCancelled

from tui.api.calllog import CallLog
from tui.api.client import AlmClient
from tui.api.vocab import ApiFamily
from tui.emulator.config import ApiFamilyMode, SideEndpoints
from tui.emulator.state import EmulatorState
from tui.ui.app import SdeAlmApp
from tui.ui.session import ServerInfo, Session

FIXED_NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SERVER = "http://emulator.test"


class FaultTransport(httpx.AsyncBaseTransport):
    """The emulator's ASGI transport, with a switch to answer the next requests with a fault,
    and a gate that holds chosen requests until the test opens it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.fault: Callable[[httpx.Request], httpx.Response] | None = None
        self.requests: list[httpx.Request] = []
        self.held: list[httpx.Request] = []
        self._hold: Callable[[httpx.Request], bool] | None = None
        self._gate = asyncio.Event()

    def hold(self, which: Callable[[httpx.Request], bool]) -> asyncio.Event:
        """Hold every request ``which`` accepts until the returned event is set."""
        self._hold, self._gate = which, asyncio.Event()
        return self._gate

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self._hold is not None and self._hold(request):
            self.held.append(request)
            await self._gate.wait()
        if self.fault is not None:
            return self.fault(request)
        return await self.inner.handle_async_request(request)


@dataclass
class Harness:
    state: EmulatorState
    transport: FaultTransport


MakeApp = Callable[..., SdeAlmApp]


def serve(
    harness: Harness, api_family: ApiFamilyMode, side_endpoints: SideEndpoints = "family"
) -> None:
    """Make the emulator serve this API family mode and side endpoints (before building apps)."""
    from tui.emulator.app import create_app

    harness.state.config.api_family = api_family
    harness.state.config.side_endpoints = side_endpoints
    harness.transport.inner = httpx.ASGITransport(app=create_app(harness.state))


def make_app_factory(harness: Harness) -> MakeApp:
    """Build apps on the emulator (default theme); ``api_family`` forces the client's family
    (None: discovered), other keyword arguments go to ``ServerInfo``."""

    def factory(
        token: str | None = None,
        *,
        keymap: dict[str, str] | None = None,
        api_family: ApiFamily | None = None,
        **info: Any,
    ) -> SdeAlmApp:
        log = CallLog()
        client = AlmClient(
            SERVER,
            token or harness.state.config.token,
            transport=harness.transport,
            on_call=log.append,
            sleep=_no_sleep,
            api_family=api_family,
        )
        session = Session(
            ServerInfo(SERVER, profile="test", **info), client, log, now=lambda: FIXED_NOW
        )
        return SdeAlmApp(session, keymap=keymap)

    return factory


async def _no_sleep(_: float) -> None:
    return None


async def settle(app: SdeAlmApp, pilot: Any) -> None:
    """Let every worker finish and the screen repaint.

    An exclusive worker replaced by a newer one ends cancelled (``wait_for_complete`` raises
    ``WorkerCancelled``): that is the app working as meant, so wait again for the newer one.
    """
    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("workers kept starting: the app never settled")


async def until(pilot: Any, done: Callable[[], bool], what: str) -> None:
    """Let messages flow until ``done`` holds (a modal opened by a waiting worker, say)."""
    for _ in range(300):
        if done():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


def palette_highlight(app: SdeAlmApp) -> str:
    """The command palette's highlighted command, or "" while none is (the search runs on)."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return ""
    options = found.first()
    index = options.highlighted
    return "" if index is None else str(options.get_option_at_index(index).prompt)
