"""A list of resources with a detail pane, filter, sort, marks and live connectivity tests.

Connectors and connections share all of this; each subclass says how to fetch, render and test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from tui.api.display import display_text
from tui.api.errors import ApiError, NotAuthenticated, NotServed
from tui.api.times import clock_time
from tui.ui.reach import UNREACHABLE, sde_answered, unreachable_message
from tui.ui.renderers import status as cells
from tui.ui.retry_countdown import RetryCountdown
from tui.ui.screens.base import BaseScreen
from tui.ui.screens.left_out import LEFT_OUT, ListGaps
from tui.ui.widgets.app_header import AppHeader
from tui.ui.widgets.detail_pane import DetailPane
from tui.ui.widgets.filter_bar import CLEAR_KEY, FilterBar, filter_label
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.resource_table import Column, ResourceTable

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.worker import Worker

    from tui.api.calllog import CallRecord
    from tui.api.models import TestResult
    from tui.ui.session import Kind

T = TypeVar("T")

WIDE = 110
"""Terminal width from which the detail pane sits beside the list."""
BULK_CONCURRENCY = 10
BULK_ASK_ABOVE = 5
"""Unmarked rows `T` tests without asking first (each test is a login to the real tracker)."""
INDEX_SLICE = 1_000
"""Rows whose search text is computed between two looks at the keyboard (~10 ms)."""
DETAIL_DELAY = 0.12
"""Seconds the cursor rests before the detail follows it. Longer than a slow key repeat (~90 ms)
plus SSH jitter, so a held or quickly tapped key paints the detail once, at the end; short enough
that one key press still looks immediate."""


class ResourceScreen(BaseScreen, Generic[T]):
    """List -> detail -> filter, k9s style."""

    KIND: ClassVar[Kind]
    TITLE: ClassVar[str]
    FILTER_HINT: ClassVar[str] = "filter"

    BINDINGS: ClassVar[list[BindingType]] = [
        LEFT_OUT,  # first: when it shows, the list is incomplete, and a narrow footer crops
        Binding("r", "refresh", "Refresh", id="list.refresh"),
        # priority: it must move focus before the keys typed right after it are routed
        Binding("slash", "filter", "Filter", id="list.filter", priority=True),
        Binding(CLEAR_KEY, "clear_filter", "Clear filter", id="list.clear_filter"),
        Binding("exclamation_mark", "failing", "Failing", id="list.failing"),
        Binding("o", "sort", "Sort", id="list.sort"),
        Binding("O", "sort_reverse", "Reverse sort", show=False, id="list.sort_reverse"),
        Binding("t", "test", "Test", id="list.test"),
        Binding("T", "test_many", "Test marked", id="list.test_many"),
        Binding("a", "mark_all", "Mark all/none", show=False, id="list.mark_all"),
        Binding("c", "copy", "Copy", id="list.copy"),
        Binding("m", "message", "Why", id="list.message"),
        Binding("z", "zoom", "Zoom list", show=False, id="list.zoom"),
        Binding("escape", "back", "Back", show=False, id="list.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.palette = cells.Palette()
        self.failing_only = False
        self.detail_open = False
        self.zoomed = False
        """The list takes the full width; Enter opens the detail over it."""
        self.loaded = False
        self.unloaded = "loading"
        """What the header says instead of the counts until a load succeeds."""
        self.gaps = ListGaps()
        """What the rows shown leave out (from the load that showed them)."""
        self._testing: set[int] = set()
        self._spin_frame = 0
        self._bulk_total = 0
        self._bulk_done = 0
        self.retry_wait = RetryCountdown(self, self.refresh_header)
        self._unreached: set[int] = set()
        """Rows whose last test could not reach SD Elements (shown until SD Elements answers)."""
        self._stop_following: Callable[[], None] | None = None
        self._first_load = True
        """Until the first load ends the detail and hidden widgets wait: the rows come first."""
        self.detail_delay = DETAIL_DELAY
        self._detail_timer: Timer | None = None
        self._extras: Worker[None] | None = None

    # ----------------------------------------------------- subclass contract
    def columns(self) -> list[Column[T]]:
        raise NotImplementedError

    def key_of(self, item: T) -> int:
        raise NotImplementedError

    def search_text(self, item: T) -> str:
        raise NotImplementedError

    def is_failing(self, item: T) -> bool:
        raise NotImplementedError

    async def fetch(self, gaps: ListGaps) -> None:
        """Fetch the list into the session and the table (runs in the load worker); note in
        ``gaps`` every item left out, and whether the list stopped early."""
        raise NotImplementedError

    async def call_test(self, item: T) -> TestResult:
        raise NotImplementedError

    def show_detail(self, item: T) -> None:
        raise NotImplementedError

    def why(self, item: T) -> tuple[str, str] | None:
        """What failed and its whole message (title, text), or None when nothing failed."""
        record = self.session.last_test(self.KIND, self.key_of(item))
        if record is not None and not record.success:
            return "Last test failed", record.message or "(no message)"
        return None

    async def fetch_detail(self, item: T) -> None:
        """Fetch what the detail needs beyond the list (runs in the exclusive detail worker)."""

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        # The filter input and the progress bar are hidden until used: they are mounted right
        # after the first frame (``_mount_extras``), so start-up does not wait for them. The
        # layout classes are set now, before the children mount, so they are styled once.
        self._update_layout()
        yield AppHeader(self.session.info, id="header")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield ResourceTable(
                    self.columns(),
                    self.key_of,
                    self.search_text,
                    empty_message=f"Loading {self.TITLE.lower()}…",
                    id="list",
                )
            yield DetailPane(id="detail")
        yield KeyFooter()

    def _mount_extras(self) -> None:
        if self._extras is not None:
            return

        async def mount() -> None:
            from textual.widgets import ProgressBar  # with its ETA clock: not before it is used

            list_pane = self.query_one("#list-pane")
            await list_pane.mount(
                ProgressBar(id="bulk-progress", show_eta=False),
                FilterBar(placeholder=self.FILTER_HINT, id="filter"),
            )

        self._extras = self.run_worker(mount(), group="extras", exit_on_error=True)

    async def extras_ready(self) -> None:
        """Wait until the filter input and the progress bar are mounted."""
        if self._extras is None:
            self._mount_extras()
        assert self._extras is not None
        await self._extras.wait()

    def _filter_bar(self) -> FilterBar | None:
        bars = self.query(FilterBar)
        return bars.first() if bars else None

    def _filter_value(self) -> str:
        bar = self._filter_bar()
        return bar.value if bar is not None else ""

    @property
    def table(self) -> ResourceTable[T]:
        return self.query_one("#list", ResourceTable)

    @property
    def detail(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def header(self) -> AppHeader:
        return self.query_one("#header", AppHeader)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.apply_theme())
        self.apply_theme()
        self.table.focus()
        self._update_layout()
        self._spinner = self.set_interval(0.1, self._spin, pause=True)
        self.retry_wait.follow(self.session.call_log)
        self._follow_calls()
        self.refresh_header()
        self.load()

    def apply_theme(self) -> None:
        self.palette = cells.Palette.from_variables(
            self.app.theme_variables, no_color=self.sde.no_color
        )
        self.detail.set_palette(self.palette)
        self.table.set_columns(self.columns())

    def on_resize(self) -> None:
        self._update_layout()

    def _update_layout(self) -> None:
        # Before the first layout the screen has no size yet: the terminal's is what it will get.
        wide = (self.size.width or self.app.size.width) >= WIDE and not self.zoomed
        # A class change restyles every widget on the screen: change only what differs.
        if self.has_class("-wide") != wide or self.has_class("-narrow") == wide:
            self.set_class(wide, "-wide")
            self.set_class(not wide, "-narrow")
        self.set_class(self.detail_open, "-detail-open")

    def refresh_header(self, status: str = "") -> None:
        table = self.table
        counts = f"[{table.visible_count}/{table.total}]" if self.loaded else f"[{self.unloaded}]"
        badges = [self.gaps.badge()] if self.loaded and not self.gaps.empty else []
        filters = []
        if table.filter_text:
            filters.append(filter_label(self._filter_value()))
        if self.failing_only:
            filters.append("<failing>")
        self.header.show(self.TITLE, " ".join([counts, *badges, *filters]), status)

    # -------------------------------------------------------------- loading
    @work(group="load", exclusive=True, exit_on_error=False, description="Refresh")
    async def load(self) -> None:
        was_loaded = self.loaded
        gaps = ListGaps()
        self.unloaded = "loading"
        self.refresh_header("↻ refreshing…" if self.loaded else "")
        try:
            await self.fetch(gaps)
        except asyncio.CancelledError:
            if self.loaded and not was_loaded:  # rows of a first load cut short (esc, reset)
                gaps.stopped("Loading was cancelled before the end of the list.")
                self.set_gaps(gaps)
                self.refresh_header("load cancelled")
            raise
        except ApiError as error:
            self.report(error, f"Refresh {self.TITLE.lower()}", retry=self.load)
            when = clock_time(self.session.now())
            if not self.loaded:
                rejected = isinstance(error, NotAuthenticated)
                self.unloaded = "token rejected" if rejected else "load failed"
                self.table.empty_message = f"⚠ {error.title}: {display_text(error.message)}" + (
                    "\n  ctrl+p → Re-enter API token, or q quits" if rejected else ""
                )
                self.table.refresh()
                self.refresh_header(f"⚠ {error.title} at {when}; r retries")
            elif not was_loaded:  # this first load showed some rows; the rest never came
                gaps.stopped(f"Loading stopped: {error.title}: {error.message}")
                self.set_gaps(gaps)
                self.refresh_header(f"⚠ {error.title} at {when}; r reloads")
            else:
                self.refresh_header(f"⚠ refresh failed at {when}")
            self._end_first_load()
            return
        self.loaded = True
        self.set_gaps(gaps)
        if not self.table.total:
            self.table.empty_message = f"No {self.TITLE.lower()}"
        self.refresh_header()
        # The frame with every row goes first; the detail, the filter index and the hidden
        # widgets follow it.
        self.call_after_refresh(self._after_load_painted)
        for screen in self.app.screen_stack:  # an open form learns its object moved (D12)
            refreshed = getattr(screen, "server_copy_refreshed", None)
            if callable(refreshed):
                refreshed()

    def set_gaps(self, gaps: ListGaps) -> None:
        """The rows shown now come from the load that found ``gaps``; the w key follows it."""
        self.gaps = gaps
        self.refresh_bindings()

    def action_left_out(self) -> None:
        from tui.ui.screens.left_out import LeftOutScreen

        self.app.push_screen(LeftOutScreen(self.TITLE, self.gaps, self.KIND))

    def _after_load_painted(self) -> None:
        self._end_first_load()
        self._index_rows()
        self.after_load()

    def _end_first_load(self) -> None:
        if self._first_load:
            self._first_load = False
            self._mount_extras()

    @work(group="index", exclusive=True, exit_on_error=False, description="Index for /")
    async def _index_rows(self) -> None:
        """Compute the rows' search text once they are on screen, in slices between keys (a
        filter typed meanwhile computes what is left itself)."""
        while self.table.index_some(INDEX_SLICE):
            await asyncio.sleep(0)

    def after_load(self) -> None:
        """Hook for subclasses (start polling, refresh the detail)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._show_resting_item()

    def reset(self) -> None:
        """Forget everything shown and load again (the session now points at another server)."""
        for worker in self.workers:
            if worker.node is self:
                worker.cancel()
        self.loaded = False
        self.unloaded = "loading"
        self.set_gaps(ListGaps())
        self.detail_open = False
        self.table.set_items([])
        self.table.empty_message = f"Loading {self.TITLE.lower()}…"
        self.header.set_info(self.session.info)
        self.retry_wait.follow(self.session.call_log)
        self._unreached.clear()
        self._follow_calls()
        self.apply_theme()
        self._update_layout()
        self.load()

    def action_refresh(self) -> None:
        self.load()

    # --------------------------------------------------------------- detail
    def on_resource_table_highlighted(self, event: ResourceTable.Highlighted) -> None:
        if event.table is not self.table:
            return
        if self._detail_timer is None and event.key == self.detail.item_id:
            return  # shown already (a load shows its first item itself, then announces it)
        if self._first_load and not event.jump:
            return  # the first load shows the cursor's item when it ends (after_load)
        # The detail (a repaint of the pane, and a request for its jobs) waits until the cursor
        # rests: a burst of keys scrolls the list alone and the detail follows once, at the end.
        # A jump (the palette, a saved edit) lands where it means to: shown at once.
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if event.jump:
            self._show_resting_item()
        else:
            self._detail_timer = self.set_timer(self.detail_delay, self._show_resting_item)

    def _show_resting_item(self) -> None:
        self._detail_timer = None
        # Which keys work depends on the item (sync on an inaccessible connector, a read token):
        # the footer redraws when that changed, and only then (KeyFooter).
        self.refresh_bindings()
        item = self.table.current_item
        if item is not None:
            self.show_detail(item)
            self._load_detail(item)
        elif self.table.total:  # filtered out: the previous item must not stay as if selected
            self.detail.show_nothing(f"No {self.TITLE.lower()} match the filter.")

    def flush_detail(self) -> None:
        """Show the cursor's item now if the detail was still waiting for the cursor to rest."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._show_resting_item()

    @work(group="detail", exclusive=True, exit_on_error=False, description="Detail")
    async def _load_detail(self, item: T) -> None:
        await self.fetch_detail(item)  # a newer resting item cancels this worker

    def on_resource_table_selected(self, event: ResourceTable.Selected) -> None:
        if event.table is not self.table:
            return
        self.open_detail()

    def open_detail(self) -> None:
        self.flush_detail()
        self.detail.compact()
        self.detail_open = True
        self._update_layout()
        # The pane opens at its top (why it fails, then what it is) and takes the keys: they
        # scroll it, and Tab goes from section to section (to the params table among them).
        self.detail.scroll_home(animate=False)
        self.detail.focus(scroll_visible=False)

    def close_detail(self) -> None:
        self.detail_open = False
        self._update_layout()
        self.table.focus()

    def action_back(self) -> None:
        """Esc backs out in order: a retry wait, running bulk test, filter, detail pane."""
        filter_bar = self._filter_bar()
        if self.retry_wait.active:
            self.retry_wait.stop()
            for worker in self.workers:
                if worker.node is self and worker.group == "load" and worker.is_running:
                    worker.cancel()
            if not self.loaded:
                self.unloaded = "not loaded"
            self.refresh_header("refresh cancelled")
            return
        if self.cancel_bulk():
            return
        if filter_bar is not None and (filter_bar.value or filter_bar.is_open):
            filter_bar.action_clear_filter()
        elif self.detail_open or not self.table.has_focus:
            self.close_detail()

    # --------------------------------------------------------------- filter
    async def action_filter(self) -> None:
        # Awaited within the key's dispatch: keys typed right after `/` wait for the input.
        await self.extras_ready()
        self.query_one(FilterBar).open()

    def on_input_changed(self, event: FilterBar.Changed) -> None:
        if isinstance(event.input, FilterBar):
            self._apply_filter()

    def on_filter_bar_cleared(self) -> None:
        self._apply_filter()
        self.table.focus()

    def on_filter_bar_done(self) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        bar = self._filter_bar()
        if bar is not None:
            bar.action_clear_filter()

    def _apply_filter(self) -> None:
        predicate: Callable[[T], bool] | None = self.is_failing if self.failing_only else None
        needle = self._filter_value().strip()
        self.table.set_filter(needle, predicate)
        if needle or self.failing_only:
            self.table.cursor_to_first()  # the eye goes to the first match, so does the cursor
        if self.loaded:
            self.table.empty_message = (
                f"No {self.TITLE.lower()} match (esc clears the filter)"
                if self.table.total
                else f"No {self.TITLE.lower()}"
            )
        self.refresh_header()
        self.refresh_bindings()  # "Clear filter" is offered only while a filter is in force

    def action_failing(self) -> None:
        self.failing_only = not self.failing_only
        self._apply_filter()
        first = self.table.current_key
        if first is not None:  # one key, not a burst: the detail follows the cursor at once
            self.table.move_to(first)

    def action_sort(self) -> None:
        options = [None, *self.table.sortable_columns()]
        index = options.index(self.table.sort_column) if self.table.sort_column in options else 0
        self.table.set_sort(options[(index + 1) % len(options)], self.table.sort_reverse)
        self.notify(f"Sorted by {self.table.sort_column or 'id'}", timeout=2, markup=False)

    def action_sort_reverse(self) -> None:
        self.table.set_sort(self.table.sort_column, not self.table.sort_reverse)

    # ------------------------------------------------------------------ copy
    def action_copy(self) -> None:
        item = self.table.current_item
        if item is None:
            return
        key = self.key_of(item)
        value = f"{key} {self.session.object_url(self.KIND, key)}"
        self.app.copy_to_clipboard(value)
        self.notify(display_text(value), title="Copied (OSC 52)", timeout=4, markup=False)

    def action_message(self) -> None:
        """Show the whole failure message in a toast and copy it (OSC 52), without the detail."""
        item = self.table.current_item
        if item is None:
            return
        why = self.why(item)
        if why is None:
            self.notify("Its last sync and its last test (if any) did not fail.",
                        title="Nothing failed", timeout=4, markup=False)
            return
        title, message = why
        shown = display_text(message, max_chars=2_000, single_line=False)
        self.app.copy_to_clipboard(shown)
        self.notify(shown, title=f"{title} (copied, OSC 52)", severity="error", timeout=20,
                    markup=False)

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        self._update_layout()

    # ----------------------------------------------------------------- tests
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and isinstance(self.focused, Input):
            return False  # a `/` typed into an input is text
        if action == "left_out" and self.gaps.empty:
            return False  # hidden (footer and help) while nothing is left out
        if action == "clear_filter" and not self.table.filter_text:
            return False  # offered only while a filter is in force
        return super().check_action(action, parameters)

    def disabled_reason(self, action: str) -> str | None:
        if action in ("test", "copy", "message") and self.table.current_item is None:
            return "Nothing selected."
        if action == "test_many" and not self.table.visible_count:
            return "Nothing to test."
        return None

    def action_test(self) -> None:
        item = self.table.current_item
        if item is not None:
            self.start_test(item)

    def start_test(self, item: T) -> None:
        key = self.key_of(item)
        self.run_worker(
            self._test_one(item),
            group=f"test-{key}",
            exclusive=True,
            exit_on_error=False,
            description="Test",
        )

    async def _test_one(self, item: T) -> None:
        try:
            await self._test(item, notify=True)
        except NotServed as error:
            self.notify(
                display_text(error.message, max_chars=400),
                title=error.title,
                severity="warning",
                timeout=8,
                markup=False,
            )

    async def _test(self, item: T, *, notify: bool = False) -> bool | None:
        """Test ``item``: True passed, False failed, None when SD Elements could not be reached.
        Raises ``NotServed`` (the row left as it was) when the server runs no tests at all."""
        key = self.key_of(item)
        self._testing.add(key)
        self._spinner.resume()
        self._spin()
        unreachable: str | None = None
        try:
            result = await self.call_test(item)
        except NotServed:
            self._testing.discard(key)
            self._show_recorded(key)  # nothing was learned about the item
            raise
        except ApiError as error:
            from tui.api.models import TestResult

            unreachable = unreachable_message(error)
            result = TestResult(success=False, message=f"{error.title}: {error.message}")
        finally:
            # Cancelled too: the row shows its last recorded test again, not a frozen spinner.
            self._testing.discard(key)
            self.table.set_override(key, "test", None)
        if unreachable is not None:  # the tracker was never tried: not a test result
            self._show_unreached(key, unreachable, notify=notify)
            return None
        self._unreached.discard(key)
        record = self.session.record_test(self.KIND, key, result)
        self._show_recorded(key)
        self.on_test_recorded(item)
        if notify:
            if record.success:
                self.notify(
                    f"{record.latency_ms:.0f} ms", title="Test passed", timeout=3, markup=False
                )
            else:
                self.notify(
                    display_text(record.message or "failed", max_chars=300),
                    title="Test failed",
                    severity="error",
                    timeout=8,
                    markup=False,
                )
        return record.success

    def _show_unreached(self, key: int, message: str, *, notify: bool) -> None:
        """A test that never reached SD Elements: said as such, not recorded as a failed test
        (``!`` ignores it), and cleared by SD Elements' next answer (``_on_call``)."""
        self._unreached.add(key)
        # In the Test column: Status and Last message keep saying how the last sync went.
        self.table.set_override(key, "test", Text("⚠ no SDE", style=self.palette.warning))
        if notify:
            self.notify(message, title="Not tested", severity="error", timeout=8, markup=False)

    def _follow_calls(self) -> None:
        if self._stop_following is not None:
            self._stop_following()
        self._stop_following = self.session.call_log.subscribe(self._on_call)

    def _on_call(self, record: CallRecord) -> None:
        if not self._unreached or not sde_answered(record):
            return
        keys, self._unreached = self._unreached, set()
        for key in keys:
            self._show_recorded(key)

    def _show_recorded(self, key: int) -> None:
        """The row's Test cell shows its last recorded test (the renderer reads the session)."""
        self.table.set_override(key, "test", None)

    def on_test_recorded(self, item: T) -> None:
        current = self.table.current_item
        if current is not None and self.key_of(current) == self.key_of(item):
            self.show_detail(current)  # its Last test line and its tests section

    def _spin(self) -> None:
        if not self._testing:
            self._spinner.pause()
            return
        self._spin_frame += 1
        for key in list(self._testing):
            self.table.set_override(key, "test", cells.testing(self._spin_frame, self.palette))

    def action_test_many(self) -> None:
        self._start_bulk()

    @work(group="bulk-ask", exclusive=True, exit_on_error=False, description="Bulk test")
    async def _start_bulk(self) -> None:
        marked = list(self.table.marked)
        keys = marked or self.table.visible_keys
        items = [item for k in keys if (item := self.table.get(k)) is not None]
        if not marked and len(items) > BULK_ASK_ABOVE:
            from tui.ui.screens.confirm import YesNo

            # Each test logs in to the tracker with the stored credentials: many at once can
            # lock an account out or meet a rate limit.
            question = YesNo(
                f"Test all {len(items)} {self.TITLE.lower()} shown?",
                f"Nothing is marked (space marks, a marks all). Each test logs in to its "
                f"tracker with the stored credentials; {len(items)} logins at once can lock "
                "an account or meet a rate limit.",
                f"Test {len(items)}",
            )
            if not await self.app.push_screen_wait(question):
                return
        self._test_bulk(items, clear_marks=bool(marked))

    def action_mark_all(self) -> None:
        if self.table.marked:
            self.table.clear_marks()
        else:
            self.table.mark_all()

    @work(group="bulk", exclusive=True, exit_on_error=False, description="Bulk test")
    async def _test_bulk(self, items: list[T], *, clear_marks: bool = False) -> None:
        await self.extras_ready()
        from textual.widgets import ProgressBar

        bar = self.query_one("#bulk-progress", ProgressBar)
        bar.update(total=len(items), progress=0)
        bar.add_class("-active")
        status_before = self.header.status
        slots = asyncio.Semaphore(BULK_CONCURRENCY)
        passed = failed = unreached = not_served = 0

        async def one(item: T) -> None:
            nonlocal passed, failed, unreached, not_served
            async with slots:
                try:
                    ok = await self._test(item)
                except NotServed:
                    ok, not_served = None, not_served + 1
                else:
                    unreached += ok is None
            passed, failed = passed + (ok is True), failed + (ok is False)
            bar.advance(1)
            done = passed + failed + unreached + not_served
            self.refresh_header(f"testing {done}/{len(items)}")

        try:
            await asyncio.gather(*(one(item) for item in items))
        except asyncio.CancelledError:
            # Tests in flight were cancelled with the gather and put their rows back
            # (``_test``); queued ones never touched theirs. The header goes back as well.
            self.refresh_header(status_before)
            self.notify(
                f"{passed} passed, {failed} failed before cancel; "
                f"{len(items) - passed - failed} not tested",
                title="Bulk test cancelled",
                severity="warning",
                markup=False,
            )
            raise
        finally:
            bar.remove_class("-active")
        if clear_marks:
            self.table.clear_marks()
        summary = f"{passed} passed, {failed} failed of {len(items)}"
        if unreached:
            summary += f"; {unreached} not tested ({UNREACHABLE})"
        if not_served:
            summary += f"; {not_served} not tested: this server does not serve connectivity tests"
        self.refresh_header(f"tests: {summary}")
        self.notify(
            summary,
            title="Bulk test finished",
            severity="error" if failed or unreached else "warning" if not_served else "information",
            timeout=8,
            markup=False,
        )

    def cancel_bulk(self) -> bool:
        workers = [w for w in self.workers if w.node is self and w.group == "bulk" and w.is_running]
        for worker in workers:
            worker.cancel()
        return bool(workers)

    def on_screen_suspend(self) -> None:
        # A modal, the palette, help or another view now covers the list: a secret revealed
        # with `x` hides (the params table keeps its focus, so no blur would hide it).
        self.detail.hide_secret()

    def on_screen_resume(self) -> None:
        # Another screen may have changed what the renderers read (counts, names, tests).
        self.table.invalidate()
        self.refresh_header()
