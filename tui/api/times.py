"""Times for humans: local time (``TZ`` respected) with the age, e.g. ``2026-11-30 07:39 (4d ago)``.

Machine output (``--json``, exports) keeps ISO 8601; everything a person reads goes through here.
A naive time is taken as UTC, as the models do with a server's offset-less timestamps.
"""

from __future__ import annotations

from datetime import UTC, datetime

NO_TIME = "—"


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def local(when: datetime) -> datetime:
    """``when`` in the local timezone (``TZ`` as the C library last read it, else the system's)."""
    return _aware(when).astimezone()


def relative_time(when: datetime | None, now: datetime) -> str:
    """ "5m ago" style, for columns too narrow for the whole time."""
    if when is None:
        return NO_TIME
    seconds = (_aware(now) - _aware(when)).total_seconds()
    if seconds < 0:
        return "just now" if seconds > -60 else "in future"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return "just now"


def human_time(when: datetime | None, now: datetime) -> str:
    """Local date and minute with the age: ``2026-11-30 07:39 (4d ago)``; ``—`` for none."""
    if when is None:
        return NO_TIME
    return f"{local(when):%Y-%m-%d %H:%M} ({relative_time(when, now)})"


def clock_time(when: datetime) -> str:
    """Local time of day to the second, for events of this session (tests, calls, refreshes)."""
    return f"{local(when):%H:%M:%S}"
