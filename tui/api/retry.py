"""Retry policy for safe reads: which failures are transient, backoff, and ``Retry-After``."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Answers to a GET that are worth asking again (the server or a proxy is briefly unable)."""

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0

_DELTA = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)


def backoff_delay(retry: int, *, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait before retry number ``retry`` (1-based): exponential, capped, jittered."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** (retry - 1))
    # Equal jitter: never less than half the ceiling, so retries stay spaced out.
    return ceiling / 2 + rand() * ceiling / 2


@dataclass(frozen=True, slots=True)
class RetryWait:
    """A wait before the next attempt of a read: what a countdown shows."""

    seconds: float
    until: float
    """When the wait ends, on the client's clock (``time.monotonic`` unless a test injects one)."""
    reason: str
    """The failure that is retried, e.g. ``Rate limited (HTTP 429)``."""
    server_asked: bool
    """True for a ``Retry-After`` the server sent, False for the client's own backoff."""
    method: str
    path: str


def parse_retry_after(
    value: str | None, *, cap: float = math.inf, now: Callable[[], datetime] | None = None
) -> float | None:
    """Seconds from a ``Retry-After`` header (delta or HTTP-date), clamped to ``[0, cap]``.

    Garbage gives None so the caller falls back to its own backoff.
    """
    if value is None:
        return None
    text = value.strip()
    if _DELTA.fullmatch(text):
        seconds = float(text)
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        current = now() if now is not None else datetime.now(UTC)
        seconds = (when - current).total_seconds()
    return min(max(seconds, 0.0), cap)
