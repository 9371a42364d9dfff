"""One logical API call: attempts with an overall deadline, read-only retries, a record per attempt.

A GET (or OPTIONS) is tried again after a transient failure (read timeout, dropped connection,
429/502/503/504), waiting ``Retry-After`` when the server gave one and jittered backoff otherwise.
The call's deadline (``read_deadline`` for a read) bounds every attempt and wait together: a wait
that would not end before it is not started; when the server asked for it, that is ``AskedToWait``
at once. A write is sent once: after it may have reached the server, its outcome is reported as
unknown, never replayed.

A 2xx answer whose JSON cannot be parsed (typically cut short by a proxy) is tried once more for a
GET; for a write it means the server accepted the request, so the outcome is reported as unknown
(re-read, never resend) rather than as a malformed answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Set
from datetime import UTC, datetime
from typing import Any

import httpx

from tui.api.calllog import CallRecord, loggable_path
from tui.api.certdates import peer_validity
from tui.api.errors import (
    ApiError,
    AskedToWait,
    CertificateExpired,
    MalformedResponse,
    OutcomeUnknown,
)
from tui.api.exchange import NOT_PARSED, capture
from tui.api.responses import Reply, interpret
from tui.api.retry import RETRY_STATUSES, RetryWait, backoff_delay, parse_retry_after
from tui.api.transport import (
    Attempt,
    Failure,
    Origin,
    RawResponse,
    Transport,
    classify_failure,
    expired_certificate,
)
from tui.api.wirelog import log_attempt, logging_bodies, logging_requests

log = logging.getLogger(__name__)
_READS = frozenset({"GET", "OPTIONS"})
"""Methods without effects: read deadline, retried after a transient failure."""


def _seconds(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def _asked_to_wait(error: ApiError, asked: float, left: float, cap: float) -> AskedToWait:
    """The server's ``Retry-After`` does not fit in what is left of the call (or the cap)."""
    limit = (
        f"the {_seconds(max(left, 0.0))} s left before this request's deadline"
        if left <= cap
        else f"the longest wait sde-alm accepts ({_seconds(cap)} s)"
    )
    return AskedToWait(
        f"The server asks to wait {_seconds(asked)} s before trying again ({error.title}, "
        f"HTTP {error.status}), more than {limit}; not waiting. Try again later.",
        retry_after=asked,
        status=error.status,
        url=error.url,
    )


def _unreadable_write(at: Attempt, status: int, exc: MalformedResponse) -> OutcomeUnknown:
    """A write answered 2xx with a body that cannot be read: it most likely took effect."""
    return OutcomeUnknown(
        f"{at.origin.label} answered {status} to {at.method} {at.path}, but the answer could "
        f"not be read ({exc.message}). The change was probably applied: reload and check "
        "before trying again.",
        status=status,
        url=at.origin.label,
    )


class Caller:
    """Sends requests through ``transport`` under the client's deadlines and retry policy."""

    def __init__(
        self,
        transport: Transport,
        *,
        origin: Origin,
        read_deadline: float,
        write_deadline: float,
        get_retries: int,
        retry_after_cap: float,
        on_call: Callable[[CallRecord], None] | None,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float] = time.monotonic,
        on_wait: Callable[[RetryWait], None] | None = None,
        masked_fields: Set[str] = frozenset(),
    ) -> None:
        self._transport = transport
        self._origin = origin
        self._read_deadline = read_deadline
        self._write_deadline = write_deadline
        self._get_retries = max(0, get_retries)
        self._retry_after_cap = retry_after_cap
        self._on_call = on_call
        self._sleep = sleep
        self._clock = clock
        self._on_wait = on_wait
        self._waits: list[RetryWait] = []
        self._masked_fields = masked_fields
        """The client's schema-masked param names (its own set: it grows as schemas arrive)."""

    @property
    def waiting_until(self) -> float | None:
        """When the longest wait now running ends (on ``clock``); None when nothing waits."""
        return max((wait.until for wait in self._waits), default=None)

    async def call(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        content: bytes | None = None,
        has_effects: bool | None = None,
    ) -> Reply:
        """The parsed 2xx answer, or the typed error of the last attempt.

        ``has_effects`` defaults to "every method but GET and OPTIONS"; a connectivity test is a
        POST without effects, so a timeout there is just a timeout.
        """
        is_read = method in _READS
        deadline = self._read_deadline if is_read else self._write_deadline
        ends = self._clock() + deadline
        attempts = 1 + (self._get_retries if is_read else 0)
        malformed_retried = False
        for attempt in range(1, attempts + 1):
            request = self._transport.build(method, url, params=params, content=content)
            at = Attempt(
                method,
                loggable_path(request.url),
                self._origin,
                deadline,
                has_effects=not is_read if has_effects is None else has_effects,
                proxy=self._transport.proxy,
                timeouts=self._transport.timeouts,
            )
            started_at, started = datetime.now(UTC), time.perf_counter()
            retry_after: float | None = None
            cause: BaseException | None = None
            raw: RawResponse | None = None
            try:
                left = max(ends - self._clock(), 0.001)
                raw = await self._transport.send(request, deadline=left)
            except asyncio.CancelledError:
                self._record(at, None, "Cancelled", started, started_at, attempt, request)
                raise
            except (ApiError, httpx.HTTPError, TimeoutError) as exc:
                failure = classify_failure(exc, at)
                if isinstance(failure.error, CertificateExpired) and at.proxy is None:
                    dates = await peer_validity(self._origin.host, self._origin.port)
                    failure = Failure(expired_certificate(at, dates), retryable=False)
                cause = None if failure.error is exc else exc
            else:
                try:
                    reply = interpret(raw, method=method, origin=self._origin)
                except ApiError as exc:
                    failure = Failure(exc, retryable=raw.status in RETRY_STATUSES)
                    if isinstance(exc, MalformedResponse) and 200 <= raw.status < 300:
                        if at.has_effects:  # the server accepted the write: never resend
                            failure = Failure(_unreadable_write(at, raw.status, exc), False)
                        else:  # a truncating proxy is usually transient: one more try
                            failure = Failure(exc, retryable=not malformed_retried)
                            malformed_retried = True
                    retry_after = parse_retry_after(raw.headers.get("retry-after"))
                else:
                    self._record(
                        at, raw.status, None, started, started_at, attempt, request, raw,
                        parsed=reply.value,
                    )
                    return reply
            error = failure.error
            wait: float | None = None
            if is_read and failure.retryable and attempt < attempts:
                wait = retry_after if retry_after is not None else backoff_delay(attempt)
                left = ends - self._clock()
                if wait >= left or wait > self._retry_after_cap:
                    if retry_after is not None and wait > 0:
                        self._record(
                            at, error.status, error.title, started, started_at, attempt,
                            request, raw,
                        )
                        raise _asked_to_wait(error, wait, left, self._retry_after_cap) from None
                    wait = None  # no time left for another attempt: this failure stands
            self._record(
                at, error.status, error.title, started, started_at, attempt, request, raw,
                retry_in=wait,
            )
            if wait is None:
                raise error from cause
            await self._wait(
                RetryWait(
                    wait,
                    self._clock() + wait,
                    f"{error.title}, HTTP {error.status}" if error.status else error.title,
                    retry_after is not None,
                    method,
                    at.path,
                )
            )
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _wait(self, wait: RetryWait) -> None:
        self._waits.append(wait)
        if self._on_wait is not None:
            try:
                self._on_wait(wait)
            except Exception:  # a broken listener must not turn a retry into a failure
                log.exception("on_wait listener failed")
        try:
            await self._sleep(wait.seconds)
        finally:
            self._waits.remove(wait)

    def _record(
        self,
        at: Attempt,
        status: int | None,
        error: str | None,
        started: float,
        started_at: datetime,
        attempt: int,
        request: httpx.Request,
        raw: RawResponse | None = None,
        *,
        parsed: Any = NOT_PARSED,
        retry_in: float | None = None,
    ) -> None:
        if self._on_call is None and not logging_requests():
            return
        duration = (time.perf_counter() - started) * 1000
        exchange = (
            capture(request, raw, parsed=parsed, masked_fields=self._masked_fields)
            if self._on_call is not None or logging_bodies()
            else None
        )
        record = CallRecord(
            at.method, at.path, status, duration, started_at, error, attempt, retry_in, exchange
        )
        log_attempt(record)
        if self._on_call is None:
            return
        try:
            self._on_call(record)
        except Exception:  # a broken listener must not turn a finished call into a failure
            log.exception("on_call listener failed")
