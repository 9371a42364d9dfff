"""``sde-alm check``: test every matching connection, for cron jobs and monitoring.

Exit 0 when every test passed, 1 when any failed, 2 when the check could not run or could not
test some connection (any API error, unreadable items, a listing the page budget stopped): an
incomplete check is reported as such, even if others failed (``tui.cli.exits``). The report
also carries each connection's last sync, for ``--format nagios|prometheus`` (``check_formats``).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from tui.api.errors import ApiError, NotAuthenticated, NotServed
from tui.cli import output
from tui.cli.common import (
    completeness,
    connection_test_body,
    no_params_message,
    partial_json,
    report_problems,
)
from tui.cli.exits import Finding, exit_code

if TYPE_CHECKING:
    from tui.api.client import AlmClient
    from tui.api.models import Connection
    from tui.cli.runner import Context
    from tui.config.settings import Settings


@dataclass
class Outcome:
    connection: Connection
    status: Literal["pass", "fail", "error"]
    message: str | None = None
    latency_ms: float | None = None


async def _test_one(client: AlmClient, connection: Connection, limit: asyncio.Semaphore) -> Outcome:
    if connection.params is None:
        message = no_params_message("connection", connection.id, client)
        return Outcome(connection, "error", message)
    async with limit:
        try:
            result = await client.test_connection(connection_test_body(connection))
        except (NotAuthenticated, NotServed):
            raise  # every other test would fail the same way: stop the whole check
        except ApiError as exc:
            return Outcome(connection, "error", f"{exc.title}: {exc.message}")
    status: Literal["pass", "fail"] = "pass" if result.success else "fail"
    return Outcome(connection, status, result.message, result.latency_ms)


def _summary(outcomes: list[Outcome], unreadable: int) -> dict[str, int]:
    counts = {"total": len(outcomes) + unreadable, "passed": 0, "failed": 0,
              "errors": unreadable, "sync_failed": 0, "never_synced": 0}
    for outcome in outcomes:
        key = {"pass": "passed", "fail": "failed", "error": "errors"}[outcome.status]
        counts[key] += 1
        sync = outcome.connection.status
        if sync in ("failed", "never"):
            counts["sync_failed" if sync == "failed" else "never_synced"] += 1
    return counts


def _findings(counts: dict[str, int]) -> list[Finding]:
    return ([Finding.INCOMPLETE] if counts["errors"] else []) + (
        [Finding.TEST_FAILED] if counts["failed"] else []
    )


def _sync_findings(counts: dict[str, int]) -> list[Finding]:
    return ([Finding.SYNC_FAILED] if counts["sync_failed"] else []) + (
        [Finding.NEVER_RUN] if counts["never_synced"] else []
    )


@dataclass
class CheckReport:
    """What one check of one server found, for every output format."""

    server: str
    host: str
    project: int | None
    outcomes: list[Outcome]
    problems: list[str]
    partial: dict[str, Any]
    counts: dict[str, int]
    findings: list[Finding]
    """What sets the exit code: failed tests and an incomplete result."""
    sync_findings: list[Finding]
    """What monitoring hears of too: failed last syncs and connections never synced."""
    duration: float

    @property
    def exit_code(self) -> int:
        return exit_code(*self.findings)


async def gather_report(
    client: AlmClient, settings: Settings, project: int | None, concurrency: int | None
) -> CheckReport:
    """Test every matching connection (at most ``concurrency`` at a time); API errors raise."""
    started = time.monotonic()
    listing = await client.list_connections(project=project)
    problems = report_problems(listing)
    connections = sorted(listing.items, key=lambda c: c.id)
    limit = asyncio.Semaphore(concurrency or settings.concurrency)
    try:
        async with asyncio.TaskGroup() as group:  # one failure cancels the remaining tests
            tasks = [group.create_task(_test_one(client, c, limit)) for c in connections]
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    outcomes = [task.result() for task in tasks]
    counts = _summary(outcomes, len(problems))
    return CheckReport(
        server=settings.server, host=settings.host, project=project, outcomes=outcomes,
        problems=problems, partial=partial_json(listing), counts=counts,
        findings=[completeness(listing), *_findings(counts)],
        sync_findings=_sync_findings(counts), duration=time.monotonic() - started,
    )


def report_json(report: CheckReport) -> dict[str, Any]:
    """The ``--json`` document of one server's check."""
    return {
        "server": report.server,
        "project": report.project,
        "results": [
            {"id": o.connection.id, "alias": o.connection.alias,
             "project": o.connection.project,
             "system": o.connection.system.id if o.connection.system else None,
             "status": o.status, "success": o.status == "pass", "message": o.message,
             "latency_ms": None if o.latency_ms is None else round(o.latency_ms, 1),
             "sync": o.connection.status}
            for o in report.outcomes
        ],
        "problems": report.problems,
        **report.partial,
        "summary": report.counts,
        "exit_code": report.exit_code,
    }


def report_text(report: CheckReport) -> str:
    """The human table and summary line of one server's check."""
    rows = [
        [o.status.upper(), o.connection.id, o.connection.alias,
         o.connection.system.label if o.connection.system else None, o.connection.project,
         None if o.latency_ms is None else f"{o.latency_ms:.0f} ms", o.message]
        for o in report.outcomes
    ]
    lines = []
    if rows:
        lines.append(output.table(
            ["RESULT", "ID", "ALIAS", "SYSTEM", "PROJECT", "TIME", "MESSAGE"], rows))
    counts = report.counts
    scope = f" in project {report.project}" if report.project else ""
    lines.append(
        f"{counts['total']} connection{'s' if counts['total'] != 1 else ''}{scope} on "
        f"{report.host}: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['errors']} could not be tested"
    )
    return "\n".join(lines)


def chosen_format(args: argparse.Namespace) -> str:
    """``--format``, with ``--json`` as an alias of ``--format json``."""
    chosen: str | None = getattr(args, "format", None)
    return "json" if getattr(args, "json", False) else chosen or "text"


async def check(ctx: Context) -> int:
    """The single-server check in text or JSON (errors go to the runner: one line, exit 2)."""
    report = await gather_report(ctx.client, ctx.settings, ctx.args.project,
                                 ctx.args.concurrency)
    if chosen_format(ctx.args) == "json":
        output.print_json(report_json(report))
    else:
        print(report_text(report))
    return report.exit_code
