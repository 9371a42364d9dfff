"""One logical API call: attempts with an overall deadline, GET-only retries, a record per attempt.

A GET is tried again after a transient failure (read timeout, dropped connection, 429/502/503/504),
waiting ``Retry-After`` when the server gave one and jittered backoff otherwise. A write is sent
once: after it may have reached the server, its outcome is reported as unknown, never replayed.

A 2xx answer whose JSON cannot be parsed (typically cut short by a proxy) is tried once more for a
GET; for a write it means the server accepted the request, so the outcome is reported as unknown
(re-read, never resend) rather than as a malformed answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import httpx

from tui.api.calllog import CallRecord, loggable_path
from tui.api.certdates import peer_validity
from tui.api.errors import ApiError, CertificateExpired, MalformedResponse, OutcomeUnknown
from tui.api.responses import Reply, interpret
from tui.api.retry import RETRY_STATUSES, backoff_delay, parse_retry_after
from tui.api.transport import (
    Attempt,
    Failure,
    Origin,
    Transport,
    classify_failure,
    expired_certificate,
)

log = logging.getLogger(__name__)


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
    ) -> None:
        self._transport = transport
        self._origin = origin
        self._read_deadline = read_deadline
        self._write_deadline = write_deadline
        self._get_retries = max(0, get_retries)
        self._retry_after_cap = retry_after_cap
        self._on_call = on_call
        self._sleep = sleep

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

        ``has_effects`` defaults to "every method but GET"; a connectivity test is a POST
        without effects, so a timeout there is just a timeout.
        """
        is_get = method == "GET"
        deadline = self._read_deadline if is_get else self._write_deadline
        attempts = 1 + (self._get_retries if is_get else 0)
        malformed_retried = False
        for attempt in range(1, attempts + 1):
            request = self._transport.build(method, url, params=params, content=content)
            at = Attempt(
                method,
                loggable_path(request.url),
                self._origin,
                deadline,
                has_effects=not is_get if has_effects is None else has_effects,
                proxy=self._transport.proxy,
                timeouts=self._transport.timeouts,
            )
            started_at, started = datetime.now(UTC), time.perf_counter()
            retry_after: float | None = None
            cause: BaseException | None = None
            try:
                raw = await self._transport.send(request, deadline=deadline)
            except asyncio.CancelledError:
                self._record(at, None, "Cancelled", started, started_at, attempt)
                raise
            except (ApiError, httpx.HTTPError, TimeoutError) as exc:
                failure = classify_failure(exc, at)
                if isinstance(failure.error, CertificateExpired) and at.proxy is None:
                    dates = await peer_validity(self._origin.host, self._origin.port)
                    failure = Failure(expired_certificate(at, dates), retryable=False)
                cause = None if failure.error is exc else exc
            else:
                try:
                    reply = interpret(
                        raw,
                        method=method,
                        origin=self._origin,
                        retry_after_cap=self._retry_after_cap,
                    )
                except ApiError as exc:
                    failure = Failure(exc, retryable=raw.status in RETRY_STATUSES)
                    if isinstance(exc, MalformedResponse) and 200 <= raw.status < 300:
                        if at.has_effects:  # the server accepted the write: never resend
                            failure = Failure(_unreadable_write(at, raw.status, exc), False)
                        else:  # a truncating proxy is usually transient: one more try
                            failure = Failure(exc, retryable=not malformed_retried)
                            malformed_retried = True
                    header = raw.headers.get("retry-after")
                    retry_after = parse_retry_after(header, cap=self._retry_after_cap)
                else:
                    self._record(at, raw.status, None, started, started_at, attempt)
                    return reply
            error = failure.error
            retrying = is_get and failure.retryable and attempt < attempts
            wait = (
                (retry_after if retry_after is not None else backoff_delay(attempt))
                if (retrying)
                else None
            )
            self._record(at, error.status, error.title, started, started_at, attempt, wait)
            if wait is None:
                raise error from cause
            await self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _record(
        self,
        at: Attempt,
        status: int | None,
        error: str | None,
        started: float,
        started_at: datetime,
        attempt: int,
        retry_in: float | None = None,
    ) -> None:
        if self._on_call is None:
            return
        duration = (time.perf_counter() - started) * 1000
        record = CallRecord(
            at.method, at.path, status, duration, started_at, error, attempt, retry_in
        )
        try:
            self._on_call(record)
        except Exception:  # a broken listener must not turn a finished call into a failure
            log.exception("on_call listener failed")
