"""``sde-alm watch``: follow the server headless, one JSON line per state change.

Every ``--interval`` seconds the connections are listed (with their last job) and compared with
the previous look: a sync started or finished, a connection appeared, disappeared, started
failing or recovered. A server that stops answering is one ``server_unreachable`` line; looks
go on with backoff, and the first answer again is a ``server_reachable`` line. SIGINT and
SIGTERM end the watch cleanly (a ``watch_stopped`` line, exit 0).
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui.api.errors import ApiError
from tui.cli import output
from tui.cli.exits import OK

if TYPE_CHECKING:
    from tui.api.client import AlmClient
    from tui.api.models import Connection
    from tui.cli.runner import Context

Event = dict[str, Any]
Emit = Callable[[Event], None]
Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], datetime]

MAX_BACKOFF = 300.0
"""Seconds: the longest wait between looks at a server that does not answer (unless
``--interval`` is longer)."""


@dataclass(frozen=True)
class Seen:
    """What a look at the server saw of one connection: the parts a change is made of."""

    alias: str
    project: int | None
    system: str | None
    status: str
    job: int | None
    last_run: str | None
    message: str | None

    @classmethod
    def of(cls, connection: Connection) -> Seen:
        job = connection.last_job
        last_run = connection.last_run
        return cls(
            alias=connection.alias, project=connection.project,
            system=connection.system.id if connection.system else None,
            status=connection.status, job=job.id if job is not None else None,
            last_run=last_run.isoformat() if last_run is not None else None,
            message=job.result_message if job is not None else None,
        )

    def fields(self, ident: int) -> Event:
        return {"connection": ident, "alias": self.alias, "project": self.project,
                "system": self.system}


def _finished(before: Seen, after: Seen) -> bool:
    """Whether a sync ended between the looks (including one that started and ended between)."""
    if after.status == "running":
        return False
    return before.status == "running" or (after.job, after.last_run) != (before.job,
                                                                          before.last_run)


def changes(before: dict[int, Seen], after: dict[int, Seen]) -> list[Event]:
    """The state changes between two looks, in connection id order."""
    events: list[Event] = []
    for ident in sorted(before.keys() | after.keys()):
        old, new = before.get(ident), after.get(ident)
        if old is None and new is not None:
            events.append({"event": "connection_appeared", **new.fields(ident),
                           "status": new.status})
            continue
        if new is None and old is not None:
            events.append({"event": "connection_disappeared", **old.fields(ident)})
            continue
        assert old is not None and new is not None
        if new.status == "running" and old.status != "running":
            events.append({"event": "sync_started", **new.fields(ident)})
        if _finished(old, new):
            events.append({"event": "sync_finished", **new.fields(ident),
                           "succeeded": {"ok": True, "failed": False}.get(new.status),
                           "last_run": new.last_run, "message": new.message})
        if new.status == "failed" and old.status != "failed":
            events.append({"event": "connection_failing", **new.fields(ident)})
        elif old.status == "failed" and new.status == "ok":
            events.append({"event": "connection_recovered", **new.fields(ident)})
    return events


def backoff(interval: float, failures: int) -> float:
    """Seconds before the next look after ``failures`` failed looks in a row (doubling)."""
    doubled: float = interval * 2.0 ** max(failures - 1, 0)
    return min(doubled, max(interval, MAX_BACKOFF))


async def follow(
    client: AlmClient, *, project: int | None, interval: float, emit: Emit, sleep: Sleep,
    now: Clock,
) -> None:
    """Look at the server every ``interval`` seconds and ``emit`` each change; runs until
    cancelled (or until ``sleep`` raises)."""
    seen: dict[int, Seen] | None = None
    failures = 0
    down_since: datetime | None = None
    while True:
        try:
            listing = await client.list_connections(project=project)
        except ApiError as exc:
            failures += 1
            if down_since is None:
                down_since = now()
                emit({"time": down_since.isoformat(), "event": "server_unreachable",
                      "error": exc.title, "message": exc.message,
                      "retry_in": backoff(interval, failures)})
            await sleep(backoff(interval, failures))
            continue
        stamp = now()
        failures = 0
        if down_since is not None:
            emit({"time": stamp.isoformat(), "event": "server_reachable",
                  "down_seconds": round((stamp - down_since).total_seconds(), 3)})
            down_since = None
        current = {c.id: Seen.of(c) for c in listing.items}
        if seen is None:
            emit({"time": stamp.isoformat(), "event": "watch_started",
                  "connections": len(current),
                  "running": sum(s.status == "running" for s in current.values()),
                  "failing": sum(s.status == "failed" for s in current.values()),
                  "partial": listing.partial})
        else:
            for event in changes(seen, current):
                emit({"time": stamp.isoformat(), **event})
        seen = current
        await sleep(interval)


def print_line(event: Event) -> None:
    """One compact JSON line on stdout (ASCII, known secrets scrubbed), flushed at once."""
    print(json.dumps(output.scrubbed(event), ensure_ascii=True, separators=(",", ":")),
          flush=True)


def _utc_now() -> datetime:
    return datetime.now(UTC)


async def watch(ctx: Context) -> int:
    """The ``watch`` command: follow until SIGINT or SIGTERM, then exit 0."""
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    received: list[str] = []

    def stop(signum: signal.Signals) -> None:
        received.append(signum.name)
        stopped.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop, signum)
    following = asyncio.create_task(follow(
        ctx.client, project=ctx.args.project, interval=ctx.args.interval, emit=print_line,
        sleep=asyncio.sleep, now=_utc_now,
    ))
    waiting = asyncio.create_task(stopped.wait())
    try:
        await asyncio.wait({following, waiting}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (following, waiting):
            task.cancel()
        await asyncio.gather(following, waiting, return_exceptions=True)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
    if not following.cancelled():
        following.result()  # re-raises what ended the watch before a signal did
    print_line({"time": _utc_now().isoformat(), "event": "watch_stopped",
                "signal": received[0] if received else None})
    sys.stdout.flush()
    return OK
