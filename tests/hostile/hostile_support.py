"""Shared support of the hostile-data, soak and leak tests: the hostile data set, screen capture.

``capture`` renders the current screen the way the driver does (segments through a terminal
console) and reports what a terminal would receive: the text, the escape sequences, and any
segment carrying a link or an ``@click`` action.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "ui"))  # ui_support: the app on the in-process emulator

from ui_support import FIXED_NOW, FaultTransport, Harness, until  # noqa: E402

from tui.api.secrets import registry  # noqa: E402
from tui.emulator.config import EmulatorConfig  # noqa: E402
from tui.emulator.state import EmulatorState  # noqa: E402
from tui.ui.textual_internals import render_screen  # noqa: E402

HOSTILE_DATA = HERE.parent / "fixtures" / "hostile-data.json"
HOSTILE_PASS = "Hunter2-hostile-pass-31337"
"""``alm_pass`` of connector 1; connection 21's last job echoes it (A22)."""
HOSTILE_TOKEN = "ghp-hostile-token-99887766"
API_TOKEN = "hostile-api-token-5150"
LOGIN_PAGE = (
    "<!doctype html><html><head><title>Sign in - Corp SSO</title></head>"
    "<body><form action='/login'>Sign in with your corp password</form></body></html>"
)

# What may reach the terminal: SGR styles and cursor positioning, nothing else with an ESC.
_SGR = re.compile(r"\x1b\[[0-9;:]*[mH]")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


async def settle(app: Any, pilot: Any) -> None:
    """Wait until no worker runs (a worker cancelled by a newer one is fine), then repaint."""
    for _ in range(100):
        await pilot.pause()
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not busy:
            break
        for worker in busy:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass  # a failed worker is reported by the screen; the test checks what it shows
    await pilot.pause()


def hostile_state(**config: Any) -> EmulatorState:
    """The emulator loaded with ``tests/fixtures/hostile-data.json`` on the fixed clock."""
    settings: dict[str, Any] = {
        "token": API_TOKEN,
        "test_latency_ms": 0,
        "sync_seconds": 0.0,
        "data_file": str(HOSTILE_DATA),
    }
    settings.update(config)
    state = EmulatorState(EmulatorConfig(**settings))
    state.epoch0 = FIXED_NOW.timestamp() - 3600
    return state


def harness_for(state: EmulatorState) -> Harness:
    from tui.emulator.app import create_app

    return Harness(state, FaultTransport(httpx.ASGITransport(app=create_app(state))))


@contextmanager
def isolated_registry() -> Iterator[None]:
    """The secret registry is process-wide: forget what a test registered."""
    saved = registry.values()
    try:
        yield
    finally:
        registry.reset(saved)


Answer = Callable[[httpx.Request], httpx.Response]


class Scripted(httpx.AsyncBaseTransport):
    """The emulator, except for requests a rule claims: those get the rule's answer (or error).

    A rule is (method, path regex, answer, times); ``times`` None means every match, and an
    answer of None lets the request land and then loses its answer.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.rules: list[list[Any]] = []  # [method, path regex, answer or None, times]
        self.seen: list[httpx.Request] = []

    def on(self, method: str, fragment: str, answer: Answer, times: int | None = None) -> None:
        self.rules.append([method, fragment, answer, times])

    def lose_answer(self, method: str, fragment: str, times: int | None = 1) -> None:
        """The request reaches the server and is applied; its answer is lost (read timeout)."""
        self.rules.append([method, fragment, None, times])

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        for rule in self.rules:
            method, fragment, answer, times = rule
            if request.method == method and re.search(fragment, request.url.path) and times != 0:
                if times is not None:
                    rule[3] = times - 1
                if answer is None:
                    landed = await self.inner.handle_async_request(request)
                    await landed.aread()
                    raise httpx.ReadTimeout("the answer was lost", request=request)
                response = answer(request)
                response.request = request
                return response
        return await self.inner.handle_async_request(request)


def json_answer(body: Any, status: int = 200) -> Answer:
    return lambda request: httpx.Response(status, json=body)


def html_answer(status: int, html: str = LOGIN_PAGE) -> Answer:
    return lambda request: httpx.Response(status, html=html)


def spy_notes(app: Any) -> list[tuple[str, str]]:
    """Record (title, message) of every toast the app shows."""
    notes: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, *, title: str = "", **kw: Any) -> None:
        notes.append((str(title), str(message)))
        original(message, title=title, **kw)

    app.notify = notify
    return notes


def scripted(harness: Harness) -> Scripted:
    """Put a ``Scripted`` layer between the harness's fault switch and the emulator."""
    layer = Scripted(harness.transport.inner)
    harness.transport.inner = layer
    return layer


@dataclass
class Capture:
    """One screen as a terminal would receive it."""

    text: str
    ansi: str
    links: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    def escapes(self) -> list[str]:
        """Control characters left once the SGR sequences are removed (should be none)."""
        return _FORBIDDEN.findall(_SGR.sub("", self.ansi).replace("\n", ""))


def capture(app: Any) -> Capture:
    """Render the whole screen (toasts and background screens included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = render_screen(app)
    console.print(update)
    links: list[str] = []
    actions: list[str] = []
    for segment in console._record_buffer:
        style = segment.style
        if style is None:
            continue
        if style.link:
            links.append(style.link)
        meta = style.meta
        if meta and "@click" in meta:
            actions.append(repr(meta))
    return Capture(
        text=console.export_text(clear=False, styles=False),
        ansi=console.export_text(clear=True, styles=True),
        links=links,
        actions=actions,
    )



async def open_form(app: Any, pilot: Any, key: str, item: int | None = None) -> Any:
    """Press ``key`` (n / e) on the list, with the cursor on ``item``; returns the form screen."""
    from tui.ui.screens.edit_form import EditFormScreen

    await settle(app, pilot)
    if item is not None:
        assert app.screen.table.move_to(item)
    await pilot.press(key)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, EditFormScreen) and screen.draft is not None
    return screen


def set_field(screen: Any, path: str, value: object) -> None:
    screen.form.widget_for(path).value = value


async def save_through_diff(app: Any, pilot: Any) -> None:
    """ctrl+s, then confirm the diff with ctrl+s."""
    from tui.ui.screens.diff import DiffScreen

    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, DiffScreen), "the diff")
    await pilot.press("ctrl+s")
    await settle(app, pilot)
