"""The one mapping from what a headless command found to its exit code (the README's table).

0 all good; 1 a tested thing failed (a connectivity test, a sync, a connection ``check`` tested);
2 the command could not run or could not finish: every API error of any kind (transport, TLS,
protocol, malformed or too large answers, paging, authentication, permission, throttling, not
found, a 200 answer holding only ``{"detail": ...}``, kinds added later too), configuration
errors, a listing the page budget stopped, items left out as unreadable, a sync still running
when ``--wait`` gave up; 130 interrupted. When a run finds several things, the highest code wins:
an incomplete check says so even if some tests failed.

``check --format nagios`` speaks the Nagios plugin convention instead (``NAGIOS_STATES``): a
failed test or last sync is CRITICAL, an incomplete result (a partial listing, items left out,
connections that could not be tested) or a connection that has never synced is WARNING, and a
check that could not run at all is UNKNOWN.
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
    NEVER_RUN = "a connection has never synced"


class NagiosState(Enum):
    """The Nagios plugin states, valued by their exit codes."""

    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3


EXIT_CODES: dict[Finding, int] = {
    Finding.ALL_GOOD: OK,
    Finding.TEST_FAILED: FAILED,
    Finding.SYNC_FAILED: FAILED,
    Finding.INCOMPLETE: CANNOT_RUN,
    Finding.STILL_RUNNING: CANNOT_RUN,
    Finding.NEVER_RUN: OK,  # nothing has failed yet; monitoring hears of it as a WARNING
}

NAGIOS_STATES: dict[Finding, NagiosState] = {
    Finding.ALL_GOOD: NagiosState.OK,
    Finding.TEST_FAILED: NagiosState.CRITICAL,
    Finding.SYNC_FAILED: NagiosState.CRITICAL,
    Finding.INCOMPLETE: NagiosState.WARNING,
    Finding.STILL_RUNNING: NagiosState.WARNING,
    Finding.NEVER_RUN: NagiosState.WARNING,
}


def exit_code(*found: Finding | ApiError | ConfigError) -> int:
    """The exit code of everything a run found (the worst wins; nothing found is 0).

    Any error is "could not run", whatever its kind: a kind this table has never heard of (a new
    API family's errors, say) must not read as "a tested thing failed".
    """
    codes = [EXIT_CODES[item] if isinstance(item, Finding) else CANNOT_RUN for item in found]
    return max(codes, default=OK)


def nagios_state(*found: Finding | ApiError | ConfigError) -> NagiosState:
    """The Nagios state of everything a check found: any error is UNKNOWN, else the worst wins.

    UNKNOWN outranks CRITICAL as the exit codes do (3 > 2): a check that could not run knows
    nothing about the rest.
    """
    states = [NAGIOS_STATES[item] if isinstance(item, Finding) else NagiosState.UNKNOWN
              for item in found]
    return max(states, key=lambda state: state.value, default=NagiosState.OK)


def worst_nagios(states: list[NagiosState]) -> NagiosState:
    """The worst of several servers' states (UNKNOWN > CRITICAL > WARNING > OK)."""
    return max(states, key=lambda state: state.value, default=NagiosState.OK)
