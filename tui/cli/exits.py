"""The one mapping from what a headless command found to its exit code (the README's table).

0 all good; 1 a tested thing failed (a connectivity test, a sync, a connection ``check`` tested);
2 the command could not run or could not finish: every API error of any kind (transport, TLS,
protocol, malformed or too large answers, paging, authentication, permission, throttling, not
found, a 200 answer holding only ``{"detail": ...}``, kinds added later too), configuration
errors, a listing the page budget stopped, items left out as unreadable, a sync still running
when ``--wait`` gave up; 130 interrupted. When a run finds several things, the highest code wins:
an incomplete check says so even if some tests failed.
"""

from __future__ import annotations

from enum import Enum

from tui.api.errors import ApiError, ConfigError

OK, FAILED, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130


class Finding(Enum):
    """What a command found besides an error."""

    ALL_GOOD = "all good"
    TEST_FAILED = "a connectivity test failed"
    SYNC_FAILED = "a sync failed"
    INCOMPLETE = "the result is incomplete (paging stopped, items left out, not tested)"
    STILL_RUNNING = "the sync had not finished when the wait ended"


EXIT_CODES: dict[Finding, int] = {
    Finding.ALL_GOOD: OK,
    Finding.TEST_FAILED: FAILED,
    Finding.SYNC_FAILED: FAILED,
    Finding.INCOMPLETE: CANNOT_RUN,
    Finding.STILL_RUNNING: CANNOT_RUN,
}


def exit_code(*found: Finding | ApiError | ConfigError) -> int:
    """The exit code of everything a run found (the worst wins; nothing found is 0).

    Any error is "could not run", whatever its kind: a kind this table has never heard of (a new
    API family's errors, say) must not read as "a tested thing failed".
    """
    codes = [EXIT_CODES[item] if isinstance(item, Finding) else CANNOT_RUN for item in found]
    return max(codes, default=OK)
