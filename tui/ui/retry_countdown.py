"""A visible countdown while the client waits out a Retry-After (or backoff) before retrying."""

from __future__ import annotations

import time
from collections.abc import Callable
from math import ceil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.api.calllog import CallLog, CallRecord
    from tui.ui.screens.base import BaseScreen

MIN_VISIBLE = 1.0
"""Shorter waits pass before anyone could read them."""


class RetryCountdown:
    """Follows a call log; while a retry wait runs, ``show`` gets "retrying in Ns" each second.

    Waits are kept by request (method and path): another call answering meanwhile (a page, the
    detail's jobs) ends nothing, and the line counts down to the soonest retry.
    """

    def __init__(
        self,
        screen: BaseScreen,
        show: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._screen = screen
        self._show = show
        self._clock = clock
        self._waits: dict[tuple[str, str], tuple[float, str]] = {}
        """(method, path) -> (when its retry goes out, why it waits)."""
        self._shown = ""
        self._timer: Timer | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def follow(self, log: CallLog) -> None:
        self.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = log.subscribe(self._on_call)

    @property
    def active(self) -> bool:
        return self._timer is not None

    def _on_call(self, record: CallRecord) -> None:
        request = (record.method, record.path)
        if record.retry_in is None or record.retry_in < MIN_VISIBLE:
            # This request answered (or gave up, or retries too soon to read): its wait is over.
            if self._waits.pop(request, None) is not None:
                self._tick()
            return
        reason = record.error or f"HTTP {record.status}"
        self._waits[request] = (self._clock() + record.retry_in, reason)
        if self._timer is None:
            self._timer = self._screen.set_interval(1.0, self._tick)
        self._tick()

    def _tick(self) -> None:
        now = self._clock()
        self._waits = {k: w for k, w in self._waits.items() if w[0] > now}
        if not self._waits:
            self.stop()
            return
        until, reason = min(self._waits.values())
        line = f"⏳ {reason}: retrying in {ceil(until - now)}s (esc cancels)"
        if line != self._shown:
            self._shown = line
            self._show(line)

    def stop(self) -> None:
        self._waits.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self._shown = ""
            self._show("")
