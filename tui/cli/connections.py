"""``sde-alm connections list | show ID | test ID | sync ID [--wait] | jobs ID``."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import UTC, datetime

from tui.api.errors import ConfigError
from tui.api.models import Job, job_outcome
from tui.api.outcome import outcome_word
from tui.api.times import human_time
from tui.cli import output
from tui.cli.common import (
    completeness,
    dump,
    dump_all,
    listing_with_masked_fields,
    masked_fields,
    partial_json,
    permission_text,
    report_problems,
    test_and_print,
)
from tui.cli.exits import OK, Finding, exit_code
from tui.cli.runner import Context

POLL_FIRST, POLL_FACTOR, POLL_MAX = 0.5, 1.5, 5.0


def _stamp(when: datetime | None) -> str | None:
    """Local time with its age (``None`` prints as the table's blank)."""
    return human_time(when, datetime.now(UTC)) if when else None


async def list_connections(ctx: Context) -> int:
    listing = ctx.client.list_connections(project=ctx.args.project)
    masked: frozenset[str] = frozenset()
    if ctx.json:  # the schemas' masked names are needed only to redact params
        result, masked = await listing_with_masked_fields(ctx.client, listing)
    else:
        result = await listing
    problems = report_problems(result)
    items = sorted(result.items, key=lambda c: c.id)
    if ctx.args.failing:
        items = [c for c in items if c.status == "failed"]
    code = exit_code(completeness(result))
    if ctx.json:
        output.print_json({"results": dump_all(items, masked), "problems": problems,
                           **partial_json(result)})
        return code
    rows = [
        [c.id, c.alias, c.system.label if c.system else None, c.project, c.frequency,
         outcome_word(c.status), _stamp(c.last_run),
         c.last_job.result_message if c.last_job else None]
        for c in items
    ]
    headers = ["ID", "ALIAS", "SYSTEM", "PROJECT", "FREQUENCY", "STATUS", "LAST RUN", "MESSAGE"]
    empty = "No connections match." if result.items else "No connections."
    output.print_table(headers, rows, empty)
    return code


async def show_connection(ctx: Context) -> int:
    c = await ctx.client.get_connection(ctx.args.id)
    masked = await masked_fields(ctx.client)
    if ctx.json:
        output.print_json(dump(c, masked))
        return OK
    job = c.last_job
    print(output.key_values([
        ("ID", c.id),
        ("Alias", c.alias),
        ("System", f"{c.system.label} ({c.system.id})" if c.system else None),
        ("Project", c.project),
        ("Connector", c.connector),
        ("Frequency", c.frequency),
        ("Command", c.command),
        ("Status", outcome_word(c.status)),
        ("In progress", c.in_progress),
        ("Inaccessible", c.inaccessible),
        ("Last job",
         f"{job.id} at {_stamp(job.last_run) or '-'}" if job and job.id is not None else None),
        ("Last result", job.result_message if job else None),
        *([("Last success", _stamp(c.last_successful_run))] if c.last_successful_run else []),
        *output.server_pairs(c.extras()),
    ]))
    if c.params is None:
        print(f"Params:       (not sent: the token lacks the {permission_text(ctx.client)} "
              "permission)")
    else:
        print("Params:")
        print(output.key_values(output.param_lines(c.params, masked), indent="  "))
    return OK


async def test_connection(ctx: Context) -> int:
    connection = await ctx.client.get_connection(ctx.args.id, include_last_job=False)
    return await test_and_print(ctx, connection)


async def jobs_connection(ctx: Context) -> int:
    result = await ctx.client.list_jobs(connection=ctx.args.id)
    problems = report_problems(result)
    jobs = sorted(result.items, key=lambda j: j.id, reverse=True)
    code = exit_code(completeness(result))
    if ctx.json:
        masked = await masked_fields(ctx.client)
        output.print_json({"results": dump_all(jobs, masked), "problems": problems,
                           **partial_json(result)})
        return code
    rows = [
        [j.id, _stamp(j.last_run),
         "automatic" if j.automatic else "manual", outcome_word(job_outcome(j)), j.result_message]
        for j in jobs
    ]
    output.print_table(["JOB", "RUN AT", "TRIGGER", "RESULT", "MESSAGE"], rows,
                       f"No sync jobs for connection {ctx.args.id}.")
    return code


def _confirm_production(ctx: Context) -> None:
    """A production profile needs the host name typed (or given with ``--confirm-host``)."""
    settings = ctx.settings
    if not settings.production:
        return
    given = ctx.args.confirm_host
    if given is None and sys.stdin.isatty():
        sys.stderr.write(f"Profile {settings.profile} is PRODUCTION. Type the host name "
                         f"({settings.host}) to start the sync: ")
        sys.stderr.flush()
        given = sys.stdin.readline()
    if given is None:
        raise ConfigError(f"profile {settings.profile} is marked production; confirm the "
                          f"sync with --confirm-host {settings.host}")
    if given.strip().lower() != settings.host.lower():
        raise ConfigError(f"the host name did not match {settings.host}; no sync started")


async def _wait(ctx: Context, connection_id: int, job_id: int, timeout: float) -> Job | None:
    """Poll the connection until it is no longer in progress, then read the job (None: timeout)."""
    delay, give_up = POLL_FIRST, time.monotonic() + timeout
    while True:
        connection = await ctx.client.get_connection(connection_id, include_last_job=False)
        if not connection.in_progress:
            job = await ctx.client.get_job(job_id)
            if job.ready is not False:
                return job
        if time.monotonic() + delay > give_up:
            return None
        await asyncio.sleep(delay)
        delay = min(delay * POLL_FACTOR, POLL_MAX)


async def sync_connection(ctx: Context) -> int:
    settings, ident = ctx.settings, ctx.args.id
    if settings.read_only:
        raise ConfigError(
            f"read-only mode ({settings.sources.get('read_only', '--read-only')}): "
            "not starting a sync"
        )
    connection = await ctx.client.get_connection(ident, include_last_job=False)
    _confirm_production(ctx)
    job = await ctx.client.start_sync(connection.id)
    if not ctx.args.wait:
        if ctx.json:
            output.print_json({"started": True, "job": dump(job)})
        else:
            print(f"Started sync job {job.id} for connection {connection.id} "
                  f"{output.cell(connection.alias)}.")
        return OK
    done = await _wait(ctx, connection.id, job.id, ctx.args.timeout)
    if done is None:
        output.error("Still running", f"sync job {job.id} had not finished after "
                     f"{ctx.args.timeout:g} s; see `sde-alm connections jobs {connection.id}`")
        return exit_code(Finding.STILL_RUNNING)
    if ctx.json:
        output.print_json({"started": True, "job": dump(done)})
    else:
        verdict = outcome_word(job_outcome(done))
        message = f" — {output.cell(done.result_message, 500)}" if done.result_message else ""
        print(f"Sync job {done.id} for connection {connection.id} finished: {verdict}{message}")
    return exit_code(Finding.ALL_GOOD if done.succeeded else Finding.SYNC_FAILED)
