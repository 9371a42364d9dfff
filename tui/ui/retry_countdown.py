"""A visible countdown while the client waits out a Retry-After (or backoff) before retrying."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.api.calllog import CallLog, CallRecord
    from tui.ui.screens.base import BaseScreen

MIN_VISIBLE = 1.0
"""Shorter waits pass before anyone could read them."""


class RetryCountdown:
    """Follows a call log; while a retry wait runs, ``show`` gets "retrying in Ns" each second."""

    def __init__(self, screen: BaseScreen, show: Callable[[str], None]) -> None:
        self._screen = screen
        self._show = show
        self._until = 0.0
        self._reason = ""
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
        if record.retry_in is None or record.retry_in < MIN_VISIBLE:
            if record.retry_in is None and self.active:
                self.stop()
            return
        self._until = time.monotonic() + record.retry_in
        self._reason = record.error or f"HTTP {record.status}"
        if self._timer is None:
            self._timer = self._screen.set_interval(1.0, self._tick)
        self._tick()

    def _tick(self) -> None:
        left = self._until - time.monotonic()
        if left <= 0:
            self.stop()
            return
        self._show(f"⏳ {self._reason}: retrying in {left:.0f}s (esc cancels)")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self._show("")
