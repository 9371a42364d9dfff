"""List answers: per-item validation (one bad item never sinks a list) and walking DRF pages.

A ``next`` link is followed only when it points at the configured server (scheme, host and port):
the token goes wherever the client sends a request. Loops are errors; a listing that outgrows its
budget (``PageBudget``) stops with what was loaded, marked partial.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from tui.api.display import display_text
from tui.api.errors import MalformedResponse, NotFound, PagingError
from tui.api.limits import COUNT_SLACK, DEFAULT_MAX_ITEMS, DEFAULT_MAX_PAGES
from tui.api.models import Page, share_fields_sets
from tui.api.responses import describe_validation, refuse_message
from tui.api.transport import Origin

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """A list item that failed validation and was left out."""

    index: int
    """Position in the whole listing (0-based)."""
    item_id: object | None
    """The item's raw ``id`` when it had a usable one."""
    message: str
    """E.g. ``connection 12: params: Input should be a valid dictionary`` (no input values)."""


@dataclass(slots=True)
class ListResult(Generic[T]):
    """The valid items of a list answer, the problems with the others, and the server's count."""

    items: list[T] = field(default_factory=list)
    problems: list[ItemProblem] = field(default_factory=list)
    count: int | None = None
    """Total the server reported (paged answers only)."""
    page: int = 1
    """1-based page number this result came from (the first page for a collected list)."""
    partial_reason: str | None = None
    """Why the walk stopped before the end (the page budget ran out); None: nothing withheld."""

    @property
    def partial(self) -> bool:
        """True when the server had more than was loaded: the listing is incomplete."""
        return self.partial_reason is not None


def _raw_id(item: Any) -> object | None:
    if isinstance(item, dict):
        raw = item.get("id")
        if isinstance(raw, (int, str)) and not isinstance(raw, bool):
            return raw
    return None


def parse_page(
    value: Any, model: type[T], kind: str, *, offset: int = 0, page: int = 1
) -> tuple[ListResult[T], Page]:
    """Validate the envelope, then each item on its own; bad items become problems."""
    if value is None:
        raise MalformedResponse(f"The server sent an empty answer where a {kind} list was expected")
    if isinstance(value, list):
        envelope = Page(results=value)
    else:
        try:
            envelope = Page.model_validate(value)
        except ValidationError as exc:
            refuse_message(value, f"a {kind} list")
            raise MalformedResponse(
                f"Unsupported server response shape for a {kind} list ({describe_validation(exc)})"
            ) from None
    result: ListResult[T] = ListResult(count=envelope.count, page=page)
    try:  # the whole page in one call; item by item only to find which items are bad
        result.items = _list_adapter(model).validate_python(envelope.results)
        share_fields_sets(result.items)
        return result, envelope
    except ValidationError:
        pass
    for position, item in enumerate(envelope.results):
        try:
            result.items.append(model.model_validate(item))
        except ValidationError as exc:
            item_id = _raw_id(item)
            index = offset + position
            who = (
                f"{kind} {display_text(item_id, max_chars=40)}"
                if item_id is not None
                else f"{kind} #{index + 1}"
            )
            result.problems.append(
                ItemProblem(index, item_id, f"{who}: {describe_validation(exc)}")
            )
    share_fields_sets(result.items)
    return result, envelope


@lru_cache(maxsize=32)
def _list_adapter(model: type[T]) -> TypeAdapter[list[T]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def merge(pages: list[ListResult[T]]) -> ListResult[T]:
    """One result from every page, in page order."""
    ordered = sorted(pages, key=lambda r: r.page)
    merged: ListResult[T] = ListResult(count=ordered[0].count if ordered else None)
    for result in ordered:
        merged.items.extend(result.items)
        merged.problems.extend(result.problems)
        merged.partial_reason = merged.partial_reason or result.partial_reason
    return merged


@dataclass(slots=True)
class PageBudget:
    """How many pages and items one listing may take, and how much it has taken."""

    max_pages: int
    max_items: int
    page_cap: int
    """The configured ``max_pages`` (``max_pages`` is lower when the server gave a count)."""
    item_cap: int
    """The configured ``max_items`` (likewise)."""
    count: int | None = None
    pages: int = 0
    items: int = 0

    @classmethod
    def of(cls, count: int | None, per_page: int, max_pages: int, max_items: int) -> PageBudget:
        """The budget once the first page told the count (if any) and its page size."""
        if count is None:
            return cls(max_pages, max_items, max_pages, max_items)
        items = min(max_items, count + max(count // 10, COUNT_SLACK))
        pages = min(max_pages, -(-items // max(per_page, 1)) + 1)
        return cls(pages, items, max_pages, max_items, count)

    def spend(self, result: ListResult[Any]) -> None:
        self.pages += 1
        self.items += len(result.items) + len(result.problems)

    @property
    def spent(self) -> bool:
        return self.pages >= self.max_pages or self.items >= self.max_items

    def reason(self, *, too_big: bool = False) -> str:
        """Why the walk stops here; ``too_big``: the count alone needs more than the caps."""
        loaded = f"{self.items:,} items in {self.pages:,} pages"
        if self.count is not None and (too_big or self.count > self.item_cap):
            return (
                f"The server reports {self.count:,} items, more than one listing may load "
                f"(max_items {self.item_cap:,}, max_pages {self.page_cap:,}); "
                f"stopped after {loaded}"
            )
        if self.count is not None:
            return (
                f"The server said the list has {self.count:,} items but kept sending pages "
                f"past {loaded}; stopped"
            )
        limit = (
            f"max_pages {self.max_pages:,}"
            if self.pages >= self.max_pages
            else f"max_items {self.max_items:,}"
        )
        return f"The server kept sending pages past {loaded} (the limit: {limit}); stopped"


FetchJson = Callable[[str, dict[str, str] | None], Awaitable[Any]]
"""GET a URL (with optional query params) and return its parsed JSON."""
ParsePage = Callable[[Any, int, int], tuple[ListResult[T], Page]]
"""(json, offset, page number) → the page's result and envelope."""


_UNREAD: Any = object()


class PageWalk(Generic[T]):
    """Fetches a list's pages: the first alone, then the rest concurrently once counted."""

    def __init__(
        self,
        fetch: FetchJson,
        parse: ParsePage[T],
        *,
        origin: Origin,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_items: int = DEFAULT_MAX_ITEMS,
        concurrency: int,
        bulk_size: int = 0,
    ) -> None:
        self._fetch = fetch
        self._parse = parse
        self._origin = origin
        self._max_pages = max(1, max_pages)
        self._max_items = max(1, max_items)
        self._concurrency = max(1, concurrency)
        self._bulk_size = bulk_size
        """Page size for the pages after the first (0: the first page's size)."""
        self._seen: set[str] = set()

    def _checked(self, link: str, base: httpx.URL) -> str:
        try:
            url = base.join(link)
        except httpx.InvalidURL:
            raise PagingError("The server's next-page link is not a valid URL") from None
        target = Origin.of(url)
        if target != self._origin:
            raise PagingError(
                f"The server's next-page link points to {display_text(target.label)}, "
                f"not {self._origin.label}; not following it (the API token would go there). "
                "A reverse proxy that hides the original scheme or host causes this."
            )
        return str(url)

    def _plan(
        self, next_url: str, count: int | None, per_page: int, size: int, budget: PageBudget
    ) -> tuple[list[tuple[int, str]], bool]:
        """Every page URL still to fetch at ``size`` items a page (page 1 too when ``size`` is
        not the first page's), when the links are DRF page numbers and the total is known (else
        none); cut to the budget, and True when it was cut."""
        url = httpx.URL(next_url)
        if count is None or per_page <= 0 or url.params.get("page") != "2":
            return [], False
        if size != per_page:
            url = url.copy_set_param("page_size", size)
        start = 2 if size == per_page else 1
        total = -(-count // size)
        if total < start:
            return [], False
        # The first page is spent; page n at ``size`` ends at item n * size.
        last = min(total, start + budget.max_pages - 2, -(-budget.max_items // size))
        plan = [(n, str(url.copy_set_param("page", n))) for n in range(start, last + 1)]
        return plan, last < total

    async def pages(
        self, first_url: str, params: dict[str, str] | None, *, first_answer: Any = _UNREAD
    ) -> AsyncGenerator[ListResult[T], None]:
        """Yield each page's result as it arrives; closing the iterator cancels pending requests.

        The first page comes alone and small, so rows show at once; once it tells the total, the
        rest comes in bigger pages (``bulk_size``) fetched concurrently: page 1 at the big size
        again, less the items already shown. A server that caps the page size (DRF's
        ``max_page_size`` does so silently) is noticed on the first big page that comes back,
        before any is used, and the rest is then fetched at the first page's size. When the page
        budget runs out, a last result without items and with ``partial_reason`` ends the walk.

        ``first_answer``: the first page's JSON, when the caller has it already (it probed with it).
        """
        base = httpx.URL(first_url)
        self._seen.add(str(base.copy_merge_params(params or {})))
        if first_answer is _UNREAD:
            first_answer = await self._fetch(first_url, params)
        first, envelope = self._parse(first_answer, 0, 1)
        link, per_page, count = envelope.next, len(envelope.results), envelope.count
        budget = PageBudget.of(count, per_page, self._max_pages, self._max_items)
        budget.spend(first)
        size = self._bulk_size if self._bulk_size > per_page else per_page
        plan: list[tuple[int, str]] = []
        cut = False
        problem: PagingError | None = None
        try:
            if link:
                checked = self._checked(link, base)
                plan, cut = self._plan(checked, count, per_page, size, budget)
        except PagingError as exc:
            problem = exc
        fetcher = _Fetcher(self._fetch, plan, self._concurrency)
        fetcher.start()  # the other pages are in flight while the caller shows the first
        try:
            yield first
            if problem is not None:
                raise problem
            page, offset = 2, per_page
            if plan:
                self._seen.update(url for _, url in plan)
                last: Page | None = None
                checked_size = size == per_page
                while plan:
                    restart = False
                    async with aclosing(fetcher.completed()) as completed:
                        async for number, value in completed:
                            if not checked_size:
                                checked_size = True
                                expected = min(size, (count or 0) - (number - 1) * size)
                                if _result_count(value) != expected:
                                    restart = True  # the server gave another page size
                                    break
                            start = (number - 1) * size
                            if start < per_page:  # the big page 1: its head is already shown
                                value = _drop_head(value, per_page - start)
                                start = per_page
                            ordinal = number if size == per_page else number + 1
                            result, page_envelope = self._parse(value, start, ordinal)
                            budget.spend(result)
                            yield result
                            if number == plan[-1][0]:
                                last = page_envelope
                    if not restart:
                        break
                    # Nothing from the big pages was used: fetch at the first page's size.
                    await fetcher.cancel()
                    size = per_page
                    plan, cut = self._plan(checked, count, per_page, size, budget)
                    self._seen.update(url for _, url in plan)
                    fetcher = _Fetcher(self._fetch, plan, self._concurrency)
                    fetcher.start()
                if plan:
                    page = plan[-1][0] + (1 if size == per_page else 2)
                    offset = (plan[-1][0] - 1) * size + (len(last.results) if last else 0)
                    link = last.next if last else None  # not None only if the list grew
                # Else the count needs no more pages at the first page's size, yet the first
                # page links onward (a count that lies low): its links are followed one by one.
            if cut:
                yield ListResult(count=count, page=page, partial_reason=budget.reason(too_big=True))
                return
            while link:
                url = self._checked(link, base)
                if url in self._seen:
                    raise PagingError(
                        "The server's next-page links loop back to a page already read"
                    )
                if budget.spent:
                    yield ListResult(count=count, page=page, partial_reason=budget.reason())
                    return
                self._seen.add(url)
                result, envelope = self._parse(await self._fetch(url, None), offset, page)
                budget.spend(result)
                yield result
                link, page, offset = envelope.next, page + 1, offset + len(envelope.results)
        finally:
            await fetcher.cancel()


def _result_count(value: Any) -> int:
    """How many items a page answer holds (-1 when it is not a page at all)."""
    results = value.get("results") if isinstance(value, dict) else value
    return len(results) if isinstance(results, list) else -1


def _drop_head(value: Any, n: int) -> Any:
    """A page answer without its first ``n`` items (a shallow copy)."""
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return {**value, "results": value["results"][n:]}
    return value


class _Fetcher:
    """Fetches planned pages, at most ``limit`` at a time, handing each over as it completes."""

    def __init__(self, fetch: FetchJson, plan: list[tuple[int, str]], limit: int) -> None:
        self._fetch = fetch
        self._queue = iter(plan)
        self._limit = limit
        self._pending: dict[asyncio.Task[Any], int] = {}

    def start(self) -> None:
        while len(self._pending) < self._limit:
            step = next(self._queue, None)
            if step is None:
                return
            number, url = step
            self._pending[asyncio.ensure_future(self._fetch(url, None))] = number

    async def completed(self) -> AsyncGenerator[tuple[int, Any], None]:
        while self._pending:
            done, _ = await asyncio.wait(self._pending, return_when=asyncio.FIRST_COMPLETED)
            finished = sorted(done, key=self._pending.__getitem__)
            numbers = [self._pending.pop(task) for task in finished]
            self.start()  # the next requests go out before the caller spends time on these
            for task, number in zip(finished, numbers, strict=True):
                try:
                    value = task.result()
                except NotFound:
                    raise PagingError(
                        f"The list changed while it was being read (page {number} is gone); "
                        "reload it"
                    ) from None
                yield number, value

    async def cancel(self) -> None:
        for task in self._pending:
            task.cancel()
        await asyncio.gather(*self._pending, return_exceptions=True)
        self._pending.clear()
