"""Generate the SVG screenshots in screenshots/ from the demo data (fixed clock and theme).

    .venv/bin/python scripts/screenshots.py

Each view is driven with Pilot against the in-process emulator, so the images are reproducible.
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from rich.terminal_theme import TerminalTheme

from tui.api.calllog import CallLog
from tui.api.client import AlmClient
from tui.emulator.app import create_app
from tui.emulator.config import ApiFamilyMode
from tui.emulator.state import EmulatorConfig, EmulatorState
from tui.ui.app import SdeAlmApp
from tui.ui.session import ServerInfo, Session

OUT = Path(__file__).resolve().parent.parent / "screenshots"
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
SERVER = "https://sde.granitebank.example"
TOKEN = "screenshot-token"

Steps = Callable[[SdeAlmApp, Any], Awaitable[None]]

PUTTY = TerminalTheme(
    (0, 0, 0),
    (187, 187, 187),
    [(0, 0, 0), (187, 0, 0), (0, 187, 0), (187, 187, 0), (0, 0, 187), (187, 0, 187),
     (0, 187, 187), (187, 187, 187)],
    [(85, 85, 85), (255, 85, 85), (85, 255, 85), (255, 255, 85), (85, 85, 255), (255, 85, 255),
     (85, 255, 255), (255, 255, 255)],
)
"""PuTTY's default 16 colours: what a 16-colour terminal (TERM=screen, PuTTY) shows."""


def make_app(theme: str = "sde-dark", api_family: ApiFamilyMode = "alm") -> SdeAlmApp:
    state = EmulatorState(EmulatorConfig(token=TOKEN, test_latency_ms=0, api_family=api_family))
    state.epoch0 = NOW.timestamp()
    log = CallLog()
    client = AlmClient(SERVER, TOKEN, transport=httpx.ASGITransport(app=create_app(state)),
                       on_call=log.append)
    info = ServerInfo(SERVER, profile="prod-eu", demo=True)
    return SdeAlmApp(Session(info, client, log, now=lambda: NOW), theme=theme)


async def settle(app: SdeAlmApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def _sixteen(style: Style | None) -> Style | None:
    """``style`` with its colours downgraded as the terminal receives them on 16 colours."""
    if style is None:
        return None
    fg = style.color.downgrade(ColorSystem.STANDARD) if style.color else None
    bg = style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None
    return style.without_color + Style(color=fg, bgcolor=bg)


def save_sixteen_colours(app: SdeAlmApp, name: str) -> None:
    """The screen as a 16-colour terminal draws it (PuTTY's palette), as an SVG."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="standard", record=True, legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    segments: list[Segment] = []
    for y, line in enumerate(update.strips):  # type: ignore[union-attr]
        if y:
            segments.append(Segment.line())
        segments += [Segment(seg.text, _sixteen(seg.style)) for strip in line for seg in strip]
    console.print(Segments(segments), end="")
    (OUT / f"{name}.svg").write_text(console.export_svg(title=f"{app.title} (16 colours)",
                                                       theme=PUTTY))


async def shoot(
    name: str, size: tuple[int, int], steps: Steps, *, theme: str = "sde-dark",
    sixteen: bool = False, api_family: ApiFamilyMode = "alm",
) -> None:
    app = make_app(theme, api_family)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        await steps(app, pilot)
        await settle(app, pilot)
        if sixteen:
            save_sixteen_colours(app, name)
        else:
            app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"screenshots/{name}.svg")


async def failing_rows(app: SdeAlmApp, pilot: Any) -> None:
    await pilot.press("o")  # sort by status: failing first
    app.clear_notifications()


async def detail(app: SdeAlmApp, pilot: Any) -> None:
    app.screen.table.move_to(16)
    await pilot.press("enter")


async def synced_detail(app: SdeAlmApp, pilot: Any) -> None:
    app.screen.table.move_to(2)  # synced: the server notes its last successful run
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
    if sys.argv[1:] == ["--new"]:  # only the colour ones added last
        await shoot("connections-16-colours-80x24", (80, 24), failing_rows, sixteen=True)
        await shoot("connections-light", (120, 36), failing_rows, theme="sde-light")
        return
    await shoot("connections", (120, 36), failing_rows)
    await shoot("detail", (120, 36), detail)
    # Tall enough for the Last job section under the params.
    await shoot("detail-issue-tracker", (120, 52), synced_detail, api_family="issue-tracker")
    await shoot("test-results", (120, 36), test_results)
    await shoot("connectors", (120, 36), connectors)
    await shoot("narrow-80x24", (80, 24), narrow_list)
    await shoot("narrow-detail-80x24", (80, 24), narrow_detail)
    await shoot("connections-16-colours-80x24", (80, 24), failing_rows, sixteen=True)
    await shoot("connections-light", (120, 36), failing_rows, theme="sde-light")


if __name__ == "__main__":
    asyncio.run(main())
