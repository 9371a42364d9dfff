"""The page budget: a listing stops at a bound with what it loaded, marked partial with a reason."""

from __future__ import annotations

import httpx
import pytest
import respx

from tui.api.limits import COUNT_SLACK, DEFAULT_MAX_ITEMS
from tui.api.paging import ListResult, PageBudget, merge

from .api_support import BASE, MakeClient, connection, page

LIST = "/api/v2/connections/alm/"


def endless(api: respx.MockRouter, *, count: int | None, per_page: int = 1) -> respx.Route:
    """Every page links a new page (a fresh cursor), forever; ``count`` is whatever is given."""

    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params.get("cursor", "0"))
        items = [connection(n * per_page + i + 1) for i in range(per_page)]
        nxt = f"{BASE}{LIST}?cursor={n + 1}"
        return httpx.Response(200, json=page(items, count=count, next=nxt))

    return api.get(LIST).mock(side_effect=handler)


async def test_endless_links_without_a_count_stop_at_the_page_cap_and_keep_the_rows(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = endless(api, count=None)
    result = await make_client(max_pages=5).list_connections()
    assert route.call_count == 5
    assert [c.id for c in result.items] == [1, 2, 3, 4, 5]
    assert result.partial
    assert result.partial_reason == (
        "The server kept sending pages past 5 items in 5 pages (the limit: max_pages 5); stopped"
    )


async def test_endless_links_without_a_count_stop_at_the_item_cap(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = endless(api, count=None, per_page=10)
    result = await make_client(max_items=35).list_connections()
    assert route.call_count == 4  # 40 items: the page that crossed the cap is kept whole
    assert len(result.items) == 40
    assert result.partial_reason is not None and "max_items 35" in result.partial_reason


async def test_a_lying_count_bounds_endless_links_to_the_count_and_its_slack(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = endless(api, count=3, per_page=10)
    result = await make_client().list_connections()
    # The count plus slack for rows added during the walk (103), to the end of that page.
    assert COUNT_SLACK == 100 and len(result.items) == 110
    assert route.call_count == 11
    assert result.partial_reason == (
        "The server said the list has 3 items but kept sending pages past 110 items in 11 "
        "pages; stopped"
    )


async def test_a_count_over_the_caps_loads_up_to_them_and_says_so(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params.get("page", "1"))
        size = int(request.url.params["page_size"])
        items = [connection((n - 1) * size + i + 1) for i in range(size)]
        nxt = request.url.copy_set_param("page", n + 1)
        return httpx.Response(200, json=page(items, count=10**9, next=str(nxt)))

    route = api.get(LIST).mock(side_effect=handler)
    result = await make_client(max_pages=50, page_size=2, first_page_size=2).list_connections()
    assert route.call_count == 50  # planned up to the cap, never 500 million pages
    assert [c.id for c in result.items] == list(range(1, 101))
    assert result.partial_reason == (
        "The server reports 1,000,000,000 items, more than one listing may load "
        f"(max_items {DEFAULT_MAX_ITEMS:,}, max_pages 50); stopped after 100 items in 50 pages"
    )


async def test_the_partial_marker_is_the_last_page_of_the_iteration(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    endless(api, count=None)
    pages = [p async for p in make_client(max_pages=3).iter_connection_pages()]
    assert [(p.page, len(p.items), p.partial) for p in pages] == [
        (1, 1, False), (2, 1, False), (3, 1, False), (4, 0, True)
    ]


async def test_an_honest_listing_is_not_partial(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    nxt = f"{BASE}{LIST}?cursor=1"
    api.get(LIST).mock(side_effect=[
        httpx.Response(200, json=page([connection(1)], count=2, next=nxt)),
        httpx.Response(200, json=page([connection(2)], count=2)),
    ])
    result = await make_client().list_connections()
    assert [c.id for c in result.items] == [1, 2]
    assert not result.partial and result.partial_reason is None


def test_merge_keeps_the_first_partial_reason() -> None:
    pages: list[ListResult[object]] = [
        ListResult(page=2, partial_reason="stopped"), ListResult(page=1)  # type: ignore[list-item]
    ]
    assert merge(pages).partial_reason == "stopped"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "per_page", "pages", "items"),
    [(None, 100, 10_000, DEFAULT_MAX_ITEMS), (0, 0, 101, 100), (1000, 100, 12, 1100),
     (10**9, 100, 2001, DEFAULT_MAX_ITEMS)],
)
def test_budget_bounds_from_the_count_or_the_caps(
    count: int | None, per_page: int, pages: int, items: int
) -> None:
    budget = PageBudget.of(count, per_page, 10_000, DEFAULT_MAX_ITEMS)
    assert (budget.max_pages, budget.max_items) == (pages, items)


async def test_a_count_lying_low_still_follows_the_links_within_the_slack(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    """Was a silent omission: a count no bigger than the first page ended the walk there."""
    real = [connection(i) for i in range(1, 7)]

    def handler(request: httpx.Request) -> httpx.Response:
        size = int(request.url.params["page_size"])
        n = int(request.url.params.get("page", "1"))
        chunk = real[(n - 1) * size : n * size]
        more = n * size < len(real)
        nxt = str(request.url.copy_set_param("page", n + 1)) if more else None
        return httpx.Response(200, json=page(chunk, count=2, next=nxt))

    api.get(LIST).mock(side_effect=handler)
    result = await make_client(first_page_size=2, page_size=10).list_connections()
    assert [c.id for c in result.items] == [1, 2, 3, 4, 5, 6]
    assert not result.partial
