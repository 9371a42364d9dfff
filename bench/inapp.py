"""Drive the real ``SdeAlmApp`` headless (120x40) in this process and time frames.

Frames are timed where Textual hands a composed update to the driver (``App._display``); keys go
in the way the terminal driver sends them (``driver.send_message``), never through Pilot's
``press``, which waits at least 40 ms per key.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from textual import events
from textual.app import App

SIZE = (120, 40)


class FrameClock:
    """Records the time of every frame any app in this process composes."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.watch: Callable[[], bool] | None = None
        """Checked at each frame; the first frame where it is true is kept in ``hit``."""
        self.hit: float | None = None
        self._event = asyncio.Event()
        display = App._display

        def display_probe(app: Any, screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            self.times.append(now)
            if self.hit is None and self.watch is not None and self.watch():
                self.hit = now
            self._event.set()

        App._display = display_probe  # type: ignore[method-assign]

    def reset_event(self) -> None:
        self._event = asyncio.Event()

    async def frame_after(self, t: float, timeout: float = 5.0) -> float:
        """The time of the first frame composed after ``t``."""
        deadline = time.perf_counter() + timeout
        while True:
            later = [f for f in self.times[-8:] if f > t]
            if later:
                return later[0]
            if time.perf_counter() > deadline:
                raise TimeoutError("no frame")
            self._event.clear()
            try:
                await asyncio.wait_for(self._event.wait(), timeout=deadline - time.perf_counter())
            except TimeoutError:
                pass

    async def settled_after(self, t: float, quiet: float = 0.06, timeout: float = 10.0) -> float:
        """The last frame after ``t`` once no frame has come for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        await self.frame_after(t, timeout)
        while time.perf_counter() < deadline:
            last = self.times[-1]
            idle = time.perf_counter() - last
            if idle >= quiet:
                return last
            await asyncio.sleep(quiet - idle + 0.001)
        raise TimeoutError("frames never settled")

    async def watch_for(self, predicate: Callable[[], bool], timeout: float = 60.0) -> float:
        """The first frame at which ``predicate`` holds (checked inside the frame)."""
        self.hit, self.watch = None, predicate
        deadline = time.perf_counter() + timeout
        try:
            while self.hit is None:
                if time.perf_counter() > deadline:
                    raise TimeoutError("the awaited frame never came")
                await asyncio.sleep(0.002)
            return self.hit
        finally:
            self.watch = None


def make_app(url: str, token: str) -> Any:
    """The app as ``sde-alm`` builds it (settings -> session), fixed theme, no cursor blink."""
    from tui.config.secret import Secret
    from tui.config.settings import Settings
    from tui.gc_tuning import tune_gc
    from tui.ui.app import SdeAlmApp
    from tui.ui.launch import build_session

    settings = Settings(server=url, token=Secret(token), profile="bench")
    app = SdeAlmApp(build_session(settings))
    # As run_tui does before it runs the app; earlier runs' objects are released first.
    gc.unfreeze()
    gc.collect()
    tune_gc(again=True)
    return app


@asynccontextmanager
async def running(app: Any) -> AsyncIterator[Any]:
    async with app.run_test(headless=True, size=SIZE) as pilot:
        yield pilot


def send_key(app: Any, key: str, char: str | None = None) -> float:
    """Hand a key to the app as the terminal driver does; returns the time it was sent."""
    if char is None and len(key) == 1:
        char = key
    event = events.Key(key, char)
    event.set_sender(app)
    sent = time.perf_counter()
    app._driver.send_message(event)
    return sent


async def workers_done(app: Any) -> None:
    """Wait for the app's workers (a worker cancelled by a newer one counts as done)."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
