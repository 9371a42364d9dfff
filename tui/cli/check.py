"""``sde-alm check``: test every matching connection, for cron jobs and monitoring.

Exit 0 when every test passed, 1 when any failed, 2 when the check could not run or could not
test some connection (any API error, unreadable items, a listing the page budget stopped): an
incomplete check is reported as such, even if others failed (``tui.cli.exits``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

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
from tui.cli.runner import Context

if TYPE_CHECKING:
    from tui.api.models import Connection


@dataclass
class Outcome:
    connection: Connection
    status: Literal["pass", "fail", "error"]
    message: str | None = None
    latency_ms: float | None = None


async def _test_one(ctx: Context, connection: Connection, limit: asyncio.Semaphore) -> Outcome:
    if connection.params is None:
        message = no_params_message("connection", connection.id, ctx.client)
        return Outcome(connection, "error", message)
    async with limit:
        try:
            result = await ctx.client.test_connection(connection_test_body(connection))
        except (NotAuthenticated, NotServed):
            raise  # every other test would fail the same way: stop the whole check
        except ApiError as exc:
            return Outcome(connection, "error", f"{exc.title}: {exc.message}")
    status: Literal["pass", "fail"] = "pass" if result.success else "fail"
    return Outcome(connection, status, result.message, result.latency_ms)


def _summary(outcomes: list[Outcome], unreadable: int) -> dict[str, int]:
    counts = {"total": len(outcomes) + unreadable, "passed": 0, "failed": 0,
              "errors": unreadable}
    for outcome in outcomes:
        key = {"pass": "passed", "fail": "failed", "error": "errors"}[outcome.status]
        counts[key] += 1
    return counts


def _findings(counts: dict[str, int]) -> list[Finding]:
    return ([Finding.INCOMPLETE] if counts["errors"] else []) + (
        [Finding.TEST_FAILED] if counts["failed"] else []
    )


async def check(ctx: Context) -> int:
    concurrency = ctx.args.concurrency or ctx.settings.concurrency
    listing = await ctx.client.list_connections(project=ctx.args.project, include_last_job=False)
    problems = report_problems(listing)
    connections = sorted(listing.items, key=lambda c: c.id)
    limit = asyncio.Semaphore(concurrency)
    try:
        async with asyncio.TaskGroup() as group:  # one failure cancels the remaining tests
            tasks = [group.create_task(_test_one(ctx, c, limit)) for c in connections]
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    outcomes = [task.result() for task in tasks]
    counts = _summary(outcomes, len(problems))
    code = exit_code(completeness(listing), *_findings(counts))
    if ctx.json:
        output.print_json({
            "server": ctx.settings.server,
            "project": ctx.args.project,
            "results": [
                {"id": o.connection.id, "alias": o.connection.alias,
                 "project": o.connection.project,
                 "system": o.connection.system.id if o.connection.system else None,
                 "status": o.status, "success": o.status == "pass", "message": o.message,
                 "latency_ms": None if o.latency_ms is None else round(o.latency_ms, 1)}
                for o in outcomes
            ],
            "problems": problems,
            **partial_json(listing),
            "summary": counts,
            "exit_code": code,
        })
        return code
    rows = [
        [o.status.upper(), o.connection.id, o.connection.alias,
         o.connection.system.label if o.connection.system else None, o.connection.project,
         None if o.latency_ms is None else f"{o.latency_ms:.0f} ms", o.message]
        for o in outcomes
    ]
    if rows:
        print(output.table(["RESULT", "ID", "ALIAS", "SYSTEM", "PROJECT", "TIME", "MESSAGE"], rows))
    scope = f" in project {ctx.args.project}" if ctx.args.project else ""
    print(
        f"{counts['total']} connection{'s' if counts['total'] != 1 else ''}{scope} on "
        f"{ctx.settings.host}: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['errors']} could not be tested"
    )
    return code
