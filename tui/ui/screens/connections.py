"""The landing screen: every ALM connection with its last sync, tests and syncs in place."""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer

from tui.api.display import display_text
from tui.api.errors import ApiError, NotAuthenticated, NotFound, PermissionDenied, RateLimited
from tui.ui.renderers.connections import connection_columns, connection_search_text
from tui.ui.screens import edit_actions
from tui.ui.screens.resource_screen import ResourceScreen
from tui.ui.widgets.resource_table import Column

if TYPE_CHECKING:
    from tui.api.models import Connection, TestResult
    from tui.api.paging import ListResult
    from tui.ui.screens.left_out import ListGaps

POLL_SECONDS = 2.0
POLL_MAX_SECONDS = 30.0
POLL_BATCH = 25
SHOW_EVERY = 0.5
"""Seconds between table updates while the rest of a long list streams in (each is a frame;
at 4 a second they cost a 10k load ~0.1 s)."""


class ConnectionsScreen(ResourceScreen["Connection"]):
    """Connections: status, alias, system, project, frequency, last run, last message."""

    KIND = "connection"
    TITLE = "Connections"
    FILTER_HINT = "/ filter: alias, system, project, server, message"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sync", "Sync", id="connections.sync"),
        edit_actions.NEW,
        edit_actions.EDIT,
        edit_actions.EDIT_PARAMS,
        edit_actions.DELETE,
    ]

    class SyncFinished(Message):
        """A running sync finished (seen by polling, with no key press)."""

        def __init__(self, connection_id: int, succeeded: bool) -> None:
            super().__init__()
            self.connection_id = connection_id
            self.succeeded = succeeded

    def __init__(self) -> None:
        super().__init__()
        self._poll_timer: Timer | None = None
        self._poll_delay = POLL_SECONDS
        self.poll_seconds = POLL_SECONDS
        self._poll_warning = False
        """The header shows a polling problem; the next poll that answers clears it."""

    def columns(self) -> list[Column[Connection]]:
        return connection_columns(self.session, self.palette)

    def key_of(self, item: Connection) -> int:
        return item.id

    def search_text(self, item: Connection) -> str:
        return connection_search_text(self.session, item)

    def is_failing(self, item: Connection) -> bool:
        last = self.session.last_test("connection", item.id)
        return item.status == "failed" or (last is not None and not last.success)

    def why(self, item: Connection) -> tuple[str, str] | None:
        job = item.last_job
        if item.status == "failed" and job is not None:
            return "Last sync failed", job.result_message or "(no message)"
        return super().why(item)

    # -------------------------------------------------------------- loading
    async def fetch(self, gaps: ListGaps) -> None:
        if not self.loaded:  # the first request (and the HTTP stack it imports) after a frame
            painted = asyncio.Event()
            self.call_after_refresh(painted.set)
            await painted.wait()
        client, session = self.session.client, self.session
        reload = self.table.total > 0  # rows shown before this load may be gone from the server
        side: asyncio.Future[tuple[None, None, None]] | None = None  # connectors, projects, plugins
        seen: list[Connection] = []
        early: dict[int, ListResult[Connection]] = {}  # pages that overtook an earlier one
        pending: list[Connection] = []  # rows read but not yet in the table
        unnamed: list[int] = []  # rows indexed for the filter before the side data came
        shown_at = 0.0

        def start_side() -> asyncio.Future[tuple[None, None, None]]:
            return asyncio.gather(
                self._fetch_connectors(), self._fetch_projects(), self._fetch_plugins()
            )

        def take(page: ListResult[Connection]) -> None:
            for connection in page.items:
                session.connections[connection.id] = connection
            seen.extend(page.items)
            pending.extend(page.items)
            gaps.take(page)

        def show() -> None:
            nonlocal shown_at
            if side is None or not side.done():
                unnamed.extend(c.id for c in pending)
            self.table.set_items(pending, replace=False)
            pending.clear()
            shown_at = time.monotonic()
            self.loaded = True
            self.refresh_header("↻ loading…")

        try:
            # Closing the walk (also when this worker is cancelled) cancels pages in flight.
            async with aclosing(client.iter_connection_pages()) as pages:
                wanted = 1
                async for arrived in pages:
                    early[arrived.page] = arrived
                    # Rows go in in page order: the list keeps the server's order, and a page
                    # landing below the view costs no repaint.
                    while wanted in early:
                        take(early.pop(wanted))
                        wanted += 1
                    # The first rows at once; then the count and scrollbar twice a second
                    # (each update is a frame, and the rows land below the view).
                    if pending and (not shown_at or time.monotonic() - shown_at > SHOW_EVERY):
                        show()
                    if side is None:  # after the first page: alone, it comes back soonest
                        side = start_side()
            for number in sorted(early):  # only if the walk skipped a page number
                take(early.pop(number))
            if pending:
                show()
            if side is None:
                side = start_side()
        finally:
            if side is not None:
                await side
        self.table.reindex(unnamed)  # their search text now holds project and server names
        if reload:  # a first load added exactly the rows read, page by page: nothing to drop
            self.table.set_items(seen)
        for stale in set(session.connections) - {c.id for c in seen}:
            session.connections.pop(stale, None)
        session.note_objects(seen)
        self.refresh_bindings()
        self.table.invalidate()
        if gaps.left_out:
            first = display_text(gaps.left_out[0].message, max_chars=300)
            self.notify(
                f"{first} (w lists every one)",
                title=f"{len(gaps.left_out)} connection(s) could not be read",
                severity="warning",
                timeout=10,
                markup=False,
            )

    async def _fetch_connectors(self) -> None:
        result = await self.session.client.list_connectors()
        self.session.connectors = {c.id: c for c in result.items}

    async def _fetch_projects(self) -> None:
        try:
            result = await self.session.client.list_projects()
        except ApiError:
            return  # names are a convenience: the list shows project ids instead
        self.session.projects = {p.id: p for p in result.items}
        self.table.invalidate()

    async def _fetch_plugins(self) -> None:
        try:
            result = await self.session.client.list_plugins()
        except ApiError:
            return  # without schemas, secrets are found by name alone
        self.session.plugins = {p.id: p for p in result.items}

    def after_load(self) -> None:
        super().after_load()
        self._poll_warning = False  # the load's header replaced it, with fresh rows
        self.schedule_poll()

    # --------------------------------------------------------------- detail
    def show_detail(self, item: Connection) -> None:
        self.detail.show_connection(item, self.session)

    async def fetch_detail(self, item: Connection) -> None:
        try:
            jobs = await self.session.client.list_jobs(connection=item.id)
        except ApiError as error:
            if self.detail.item_id == item.id:
                self.detail.show_related_error(error)
            return
        if self.detail.item_id == item.id:
            ordered = sorted(jobs.items, key=lambda j: j.id, reverse=True)
            self.detail.show_jobs(ordered, self.session.now())

    # ---------------------------------------------------------------- tests
    async def call_test(self, item: Connection) -> TestResult:
        body = {
            "connector": item.connector,
            "alias": item.alias,
            "project": item.project,
            "system": {"id": item.system.id if item.system else None},
            "params": dict(item.params or {}),
        }
        return await self.session.client.test_connection(body)

    # ----------------------------------------------------------------- sync
    def disabled_reason(self, action: str) -> str | None:
        if action == "sync":
            item = self.table.current_item
            if item is None:
                return "Nothing selected."
            if self.session.info.read_only:
                return "Read-only mode: syncs are writes."
            if self.session.write_denied:
                return self.session.write_denied
            if self.session.connector_inaccessible(item):
                return (
                    "Its connector is inaccessible from SD Elements: syncs run through the "
                    "remote integration client and cannot be started manually."
                )
            if item.status == "running":
                return "A sync is already running for this connection."
        if action in ("new", "edit", "edit_params", "delete"):
            return edit_actions.edit_disabled_reason(self, action)
        return super().disabled_reason(action)

    # --------------------------------------------------- create, edit, delete
    def action_new(self) -> None:
        edit_actions.open_form(self, None)

    def action_edit(self) -> None:
        if self.table.current_item is not None:
            edit_actions.open_form(self, self.table.current_item)

    def action_edit_params(self) -> None:
        if self.table.current_item is not None:
            edit_actions.open_form(self, self.table.current_item, editor=True)

    def action_delete(self) -> None:
        item = self.table.current_item
        if item is not None:
            self.run_worker(
                edit_actions.delete_flow(self, item),
                group="delete",
                exclusive=True,
                exit_on_error=False,
                description="Delete",
            )

    def action_sync(self) -> None:
        item = self.table.current_item
        if item is not None:
            self._start_sync(item)

    @work(group="sync", exit_on_error=False, description="Sync")
    async def _start_sync(self, item: Connection) -> None:
        if not await self.sde.confirm_write(f"start a sync of {display_text(item.alias)}"):
            return
        try:
            job = await self.session.client.start_sync(item.id)
        except NotFound:
            self.forget_deleted(item.id)
            return
        except ApiError as error:
            if isinstance(error, PermissionDenied):
                self.session.note_no_edit_permission("the server refused a sync")
                self.refresh_bindings()
            self.report(error, "Sync")
            return
        running = item.model_copy(update={"in_progress": True})
        self.session.connections[item.id] = running
        self.table.update_item(running)
        self.show_current()
        self.notify(
            f"Job #{job.id} queued for {display_text(item.alias)}",
            title="Sync started",
            timeout=4,
            markup=False,
        )
        self.schedule_poll(soon=True)

    def show_current(self) -> None:
        item = self.table.current_item
        if item is not None:
            self.show_detail(item)

    # -------------------------------------------------------------- polling
    def running_ids(self) -> list[int]:
        return [c.id for c in self.session.connections.values() if c.status == "running"]

    def schedule_poll(self, *, soon: bool = False) -> None:
        """Re-arm one poll while any connection is running (never two at once)."""
        if self._poll_timer is not None or not self.running_ids():
            return
        delay = min(self._poll_delay, 0.5) if soon else self._poll_delay
        self._poll_timer = self.set_timer(delay, self._poll)

    def _poll(self) -> None:
        self._poll_running()

    @work(group="poll", exclusive=True, exit_on_error=False, description="Poll")
    async def _poll_running(self) -> None:
        paused = False
        try:
            for connection_id in self.running_ids()[:POLL_BATCH]:
                try:
                    fresh = await self.session.client.get_connection(connection_id)
                except NotFound:
                    self.forget_deleted(connection_id)
                    continue
                self._absorb(fresh)
            self._poll_delay = self.poll_seconds
            if self._poll_warning:  # polling works again: the warning would now be untrue
                self._poll_warning = False
                self.refresh_header()
        except NotAuthenticated as error:
            paused = True  # until the user gives a new token: no retry loop on a dead token
            self._poll_warning = True
            self.refresh_header("⚠ token rejected: polling paused")
            self.report(error, "Polling", retry=self.schedule_poll)
        except RateLimited as error:
            self._poll_delay = min(POLL_MAX_SECONDS, error.retry_after or self._poll_delay * 2)
        except ApiError as error:
            self._poll_delay = min(POLL_MAX_SECONDS, self._poll_delay * 2)
            self._poll_warning = True
            # When it failed, not a number of seconds that would stand still until the next try.
            at = self.session.now().strftime("%H:%M:%S")
            self.refresh_header(f"⚠ polling failed at {at} ({error.title}); trying again")
        finally:
            self._poll_timer = None
            if not paused:
                self.schedule_poll()

    def forget_deleted(self, connection_id: int) -> None:
        """The server no longer has this connection: drop the row, say so, reload the list."""
        gone = self.session.connections.pop(connection_id, None)
        self.table.remove_item(connection_id)
        alias = display_text(gone.alias, max_chars=60) if gone is not None else f"#{connection_id}"
        self.notify(f"{alias} no longer exists on the server (deleted by someone else?); "
                    "the list was refreshed.", title="Connection gone", severity="warning",
                    timeout=8, markup=False)
        self.load()

    def _absorb(self, fresh: Connection) -> None:
        before = self.session.connections.get(fresh.id)
        self.session.connections[fresh.id] = fresh
        self.table.update_item(fresh)
        if before is not None and before.status == "running" and fresh.status != "running":
            outcome = "succeeded" if fresh.status == "ok" else "failed"
            self.post_message(self.SyncFinished(fresh.id, fresh.status == "ok"))
            self.notify(
                display_text(
                    fresh.last_job.result_message if fresh.last_job else "", max_chars=200
                ),
                title=f"Sync {outcome}: {display_text(fresh.alias, max_chars=40)}",
                severity="information" if outcome == "succeeded" else "error",
                timeout=6,
                markup=False,
            )
        current = self.table.current_item
        if current is not None and current.id == fresh.id:
            self.show_detail(fresh)
            self._load_detail(fresh)
