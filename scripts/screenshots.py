"""Generate the SVG screenshots in screenshots/ from the demo data (fixed clock and theme).

    .venv/bin/python scripts/screenshots.py

Each view is driven with Pilot against the in-process emulator, so the images are reproducible.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from tui.api.calllog import CallLog
from tui.api.client import AlmClient
from tui.emulator.app import create_app
from tui.emulator.state import EmulatorConfig, EmulatorState
from tui.ui.app import SdeAlmApp
from tui.ui.session import ServerInfo, Session

OUT = Path(__file__).resolve().parent.parent / "screenshots"
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
SERVER = "https://sde.granitebank.example"
TOKEN = "screenshot-token"

Steps = Callable[[SdeAlmApp, Any], Awaitable[None]]


def make_app() -> SdeAlmApp:
    state = EmulatorState(EmulatorConfig(token=TOKEN, test_latency_ms=0))
    state.epoch0 = NOW.timestamp()
    log = CallLog()
    client = AlmClient(SERVER, TOKEN, transport=httpx.ASGITransport(app=create_app(state)),
                       on_call=log.append)
    info = ServerInfo(SERVER, profile="prod-eu", demo=True)
    return SdeAlmApp(Session(info, client, log, now=lambda: NOW), theme="textual-dark")


async def settle(app: SdeAlmApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def shoot(name: str, size: tuple[int, int], steps: Steps) -> None:
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        await steps(app, pilot)
        await settle(app, pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"screenshots/{name}.svg")


async def failing_rows(app: SdeAlmApp, pilot: Any) -> None:
    await pilot.press("o")  # sort by status: failing first
    app.clear_notifications()


async def detail(app: SdeAlmApp, pilot: Any) -> None:
    app.screen.table.move_to(16)
    await pilot.press("enter")


async def test_results(app: SdeAlmApp, pilot: Any) -> None:
    for _ in range(6):
        await pilot.press("space")
    await pilot.press("T")
    await settle(app, pilot)
    await pilot.press("home")


async def narrow_list(app: SdeAlmApp, pilot: Any) -> None:
    await pilot.press("exclamation_mark")


async def narrow_detail(app: SdeAlmApp, pilot: Any) -> None:
    app.screen.table.move_to(9)
    await pilot.press("enter")


async def connectors(app: SdeAlmApp, pilot: Any) -> None:
    await pilot.press("1")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("connections", (120, 36), failing_rows)
    await shoot("detail", (120, 36), detail)
    await shoot("test-results", (120, 36), test_results)
    await shoot("connectors", (120, 36), connectors)
    await shoot("narrow-80x24", (80, 24), narrow_list)
    await shoot("narrow-detail-80x24", (80, 24), narrow_detail)


if __name__ == "__main__":
    asyncio.run(main())
