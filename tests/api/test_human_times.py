"""Times for humans: local time (``TZ``) with the age; one function for every screen and table."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tui.api.times import clock_time, human_time, relative_time

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def kolkata() -> Iterator[None]:
    """A half-hour offset, so a time printed in UTC can never pass for the local one."""
    os.environ["TZ"] = "Asia/Kolkata"
    time.tzset()
    yield  # the suite's autouse fixture puts UTC back


def test_human_time_is_local_with_the_age(kolkata: None) -> None:
    when = datetime(2026, 11, 30, 2, 9, tzinfo=UTC)
    assert human_time(when, NOW) == "2026-11-30 07:39 (4d ago)"


def test_human_time_follows_tz() -> None:
    when = datetime(2026, 11, 30, 11, 39, tzinfo=UTC)
    assert human_time(when, NOW) == "2026-11-30 11:39 (4d ago)"
    os.environ["TZ"] = "America/Toronto"
    time.tzset()
    assert human_time(when, NOW) == "2026-11-30 06:39 (4d ago)"


def test_a_naive_time_is_utc(kolkata: None) -> None:
    assert human_time(datetime(2026, 12, 4, 11, 30), NOW) == "2026-12-04 17:00 (30m ago)"


def test_no_time_is_a_dash() -> None:
    assert human_time(None, NOW) == relative_time(None, NOW) == "—"


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        (timedelta(seconds=30), "just now"),
        (timedelta(minutes=5), "5m ago"),
        (timedelta(hours=3, minutes=59), "3h ago"),
        (timedelta(days=2, hours=1), "2d ago"),
        (timedelta(seconds=-30), "just now"),  # a server clock a little ahead
        (timedelta(hours=-2), "in future"),
    ],
)
def test_relative_age(before: timedelta, expected: str) -> None:
    assert relative_time(NOW - before, NOW) == expected


def test_clock_time_is_local(kolkata: None) -> None:
    assert clock_time(datetime(2026, 12, 4, 11, 59, 58, tzinfo=UTC)) == "17:29:58"
