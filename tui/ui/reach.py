"""Whose problem a failed connectivity test is: SD Elements out of reach, or the tracker.

A test is a request to SD Elements, which then logs in to the tracker. When our request gets no
answer (connection refused, timeout: a transport error of our client), the tracker was never
tried: that is an SD Elements problem, not a failed test, and it ends with SD Elements' next answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.api.display import display_text
from tui.api.errors import ApiError, TransportError

if TYPE_CHECKING:
    from tui.api.calllog import CallRecord

UNREACHABLE = "could not reach SD Elements"


def unreachable_message(error: ApiError) -> str | None:
    """'could not reach SD Elements: ...' when ``error`` means the test never reached SD
    Elements; None when SD Elements answered (its answer is the test's result or an API error)."""
    if not isinstance(error, TransportError):
        return None
    return f"{UNREACHABLE}: {error.title}: {display_text(error.message, max_chars=300)}"


def sde_answered(record: CallRecord) -> bool:
    """A call SD Elements answered successfully: it can be reached again."""
    return record.status is not None and 200 <= record.status < 400
