"""Generate the SVG screenshots of the edit form in screenshots/ (fixed clock and theme).

    .venv/bin/python scripts/screenshots_forms.py

Each picture is driven with Pilot against the in-process emulator: the form with two valid
changes, the form with errors, the diff shown before saving, and a conflict with another admin.
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
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.diff import DiffScreen
from tui.ui.screens.edit_form import EditFormScreen
from tui.ui.session import ServerInfo, Session

OUT = Path(__file__).resolve().parent.parent / "screenshots"
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
SERVER = "https://sde.granitebank.example"
TOKEN = "screenshot-token"
CONNECTION = 8  # "Portal Jira": Jira, daily, with a parent issue

Steps = Callable[[SdeAlmApp, EmulatorState, Any], Awaitable[None]]


def make_app() -> tuple[SdeAlmApp, EmulatorState]:
    state = EmulatorState(EmulatorConfig(token=TOKEN, test_latency_ms=0))
    state.epoch0 = NOW.timestamp()
    log = CallLog()
    client = AlmClient(
        SERVER, TOKEN, transport=httpx.ASGITransport(app=create_app(state)), on_call=log.append
    )
    info = ServerInfo(SERVER, profile="prod-eu", demo=True)
    return SdeAlmApp(Session(info, client, log, now=lambda: NOW)), state


async def settle(app: SdeAlmApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Any, done: Callable[[], bool]) -> None:
    """Let messages flow until ``done`` (a modal opened by a worker that is still waiting)."""
    for _ in range(200):
        if done():
            await pilot.pause()
            return
        await pilot.pause()
    raise RuntimeError("the expected screen never appeared")


async def open_edit(app: SdeAlmApp, pilot: Any) -> EditFormScreen[Any]:
    app.screen.table.move_to(CONNECTION)
    await pilot.press("e")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, EditFormScreen) and screen.form is not None
    return screen


def type_into(screen: EditFormScreen[Any], path: str, value: object) -> None:
    assert screen.form is not None
    widget = screen.form.widget_for(path)
    widget.value = value  # type: ignore[union-attr]


async def valid_form(app: SdeAlmApp, state: EmulatorState, pilot: Any) -> None:
    screen = await open_edit(app, pilot)
    type_into(screen, "frequency", "weekly")
    type_into(screen, "params.alm_project", "OBP2")
    await settle(app, pilot)
    screen.form.widget_for("params.alm_project").focus()  # type: ignore[union-attr]


async def form_with_errors(app: SdeAlmApp, state: EmulatorState, pilot: Any) -> None:
    screen = await open_edit(app, pilot)
    type_into(screen, "alias", "   ")
    type_into(screen, "params.alm_project", "P" * 260)
    type_into(screen, "params.alm_title_format", "$title ($project)")
    await settle(app, pilot)
    screen.form.widget_for("params.alm_project").focus()  # type: ignore[union-attr]


async def diff(app: SdeAlmApp, state: EmulatorState, pilot: Any) -> None:
    screen = await open_edit(app, pilot)
    type_into(screen, "frequency", "weekly")
    type_into(screen, "params.alm_project", "OBP2")
    type_into(screen, "params.alm_pass", "a-new-password")
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, DiffScreen))


async def conflict(app: SdeAlmApp, state: EmulatorState, pilot: Any) -> None:
    screen = await open_edit(app, pilot)
    type_into(screen, "params.alm_project", "OBP2")
    await settle(app, pilot)
    state.connections[CONNECTION]["params"]["alm_project"] = "PORTAL"  # another administrator
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, DiffScreen))
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, ConflictScreen))


async def shoot(name: str, size: tuple[int, int], steps: Steps) -> None:
    app, state = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await steps(app, state, pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
        app.exit()
    print(f"screenshots/{name}.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("edit-form", (120, 36), valid_form)
    await shoot("edit-form-errors", (120, 36), form_with_errors)
    await shoot("edit-diff", (120, 36), diff)
    await shoot("edit-conflict", (120, 36), conflict)


if __name__ == "__main__":
    asyncio.run(main())
