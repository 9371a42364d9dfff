"""Walking list pages: fast first page, bounded concurrency, and links that are never followed."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest
import respx

from tui.api.client import AlmClient
from tui.api.errors import MalformedResponse, PagingError, ServerError
from tui.api.models import Connection
from tui.api.paging import ListResult

from .api_support import BASE, RALLY_CONNECTION, MakeClient, connection, page

LIST = "/api/v2/connections/alm/"


def link(page_no: int, **extra: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"page": str(page_no), **extra}.items())
    return f"{BASE}{LIST}?include=last_job&page_size=2&{query}"


def numbered_pages(total: int, per_page: int = 2) -> dict[int, dict[str, object]]:
    pages = {}
    last = -(-total // per_page)
    for n in range(1, last + 1):
        ids = range((n - 1) * per_page + 1, min(n * per_page, total) + 1)
        nxt = link(n + 1) if n < last else None
        pages[n] = page([connection(i) for i in ids], count=total, next=nxt)
    return pages


def serve(api: respx.MockRouter, pages: dict[int, dict[str, object]]) -> respx.Route:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[int(request.url.params.get("page", "1"))])

    return api.get(LIST).mock(side_effect=handler)


async def test_paged_walk_collects_every_page_in_order(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = serve(api, numbered_pages(7))
    result = await make_client(page_size=2).list_connections()
    assert [c.id for c in result.items] == [1, 2, 3, 4, 5, 6, 7]
    assert result.count == 7
    assert route.call_count == 4
    assert {c.request.url.params.get("page") for c in route.calls} == {None, "2", "3", "4"}


async def test_unpaged_answer_is_one_result(api: respx.MockRouter, client: AlmClient) -> None:
    route = api.get(LIST).respond(json={"results": [RALLY_CONNECTION, connection(2)]})
    pages = [p async for p in client.iter_connection_pages()]
    assert len(pages) == 1
    assert [c.id for c in pages[0].items] == [1, 2]
    assert pages[0].count is None
    assert route.call_count == 1


async def test_bare_json_list_is_accepted(api: respx.MockRouter, client: AlmClient) -> None:
    api.get(LIST).respond(json=[RALLY_CONNECTION])
    assert [c.id for c in (await client.list_connections()).items] == [1]


async def test_first_page_arrives_before_the_others_finish(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(6)
    release = asyncio.Event()
    started: list[int] = []
    both_asked = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        if number > 1:
            started.append(number)
            if len(started) == 2:
                both_asked.set()
            await release.wait()
        return httpx.Response(200, json=pages[number])

    api.get(LIST).mock(side_effect=handler)
    walk = make_client(page_size=2).iter_connection_pages()
    first = await asyncio.wait_for(anext(walk), 2)
    assert [c.id for c in first.items] == [1, 2]
    await asyncio.wait_for(both_asked.wait(), 10)
    assert sorted(started) == [2, 3]  # already in flight while the caller shows page 1
    release.set()
    rest = [p async for p in walk]
    assert sorted(p.page for p in rest) == [2, 3]


async def test_remaining_pages_are_fetched_concurrently_within_the_bound(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(20)
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json=pages[int(request.url.params.get("page", "1"))])

    api.get(LIST).mock(side_effect=handler)
    client = make_client(page_size=2)
    results = [p async for p in client.iter_connection_pages(concurrency=3)]
    assert len(results) == 10
    assert peak == 3
    merged = sorted(c.id for r in results for c in r.items)
    assert merged == list(range(1, 21))


async def test_closing_the_iteration_cancels_outstanding_requests(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(10)
    cancelled: list[int] = []
    waiting: list[int] = []
    all_waiting = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        if number > 1:
            waiting.append(number)
            if len(waiting) == 4:
                all_waiting.set()
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                cancelled.append(number)
                raise
        return httpx.Response(200, json=pages[number])

    api.get(LIST).mock(side_effect=handler)
    async with contextlib.aclosing(make_client(page_size=2).iter_connection_pages()) as walk:
        async for _ in walk:
            await asyncio.wait_for(all_waiting.wait(), 10)  # pages 2-5 wait on the server
            break
    assert sorted(cancelled) == [2, 3, 4, 5]


async def test_cancelling_the_consumer_cancels_outstanding_requests(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(6)
    cancelled: list[int] = []
    waiting: list[int] = []
    both_waiting = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        if number > 1:
            waiting.append(number)
            if len(waiting) == 2:
                both_waiting.set()
            try:
                await asyncio.sleep(30)
            except asyncio.CancelledError:
                cancelled.append(number)
                raise
        return httpx.Response(200, json=pages[number])

    api.get(LIST).mock(side_effect=handler)
    task = asyncio.ensure_future(make_client(page_size=2).list_connections())
    await asyncio.wait_for(both_waiting.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sorted(cancelled) == [2, 3]


async def test_links_without_page_numbers_are_followed_one_by_one(
    api: respx.MockRouter, client: AlmClient
) -> None:
    cursor = f"{BASE}{LIST}?cursor=abc"
    first = api.get(LIST).mock(
        side_effect=lambda r: httpx.Response(
            200,
            json=page([RALLY_CONNECTION], count=2, next=cursor)
            if "cursor" not in r.url.params
            else page([connection(2)], count=2),
        )
    )
    result = await client.list_connections()
    assert [c.id for c in result.items] == [1, 2]
    assert first.call_count == 2


async def test_foreign_next_link_is_never_followed(
    api: respx.MockRouter, client: AlmClient
) -> None:
    foreign = respx.get(url__startswith="https://evil.example").respond(json=page([]))
    api.get(LIST).respond(
        json=page([RALLY_CONNECTION], count=2, next="https://evil.example/api/v2/x?page=2")
    )
    with pytest.raises(PagingError, match=r"evil\.example") as caught:
        await client.list_connections()
    assert not foreign.called
    assert "sde.example.test" in caught.value.message


@pytest.mark.parametrize(
    "next_link",
    [
        "http://sde.example.test/api/v2/connections/alm/?page=2",
        "https://sde.example.test:8443/api/v2/connections/alm/?page=2",
        "//evil.example/api/v2/connections/alm/?page=2",
    ],
    ids=["scheme", "port", "protocol-relative"],
)
async def test_next_link_with_another_scheme_or_port_is_not_followed(
    api: respx.MockRouter, client: AlmClient, next_link: str
) -> None:
    route = api.get(LIST).respond(json=page([RALLY_CONNECTION], count=2, next=next_link))
    with pytest.raises(PagingError):
        await client.list_connections()
    assert route.call_count == 1


async def test_first_page_is_still_delivered_before_a_paging_error(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get(LIST).respond(json=page([RALLY_CONNECTION], count=2, next="https://evil.example/"))
    walk = client.iter_connection_pages()
    assert [c.id for c in (await anext(walk)).items] == [1]
    with pytest.raises(PagingError):
        await anext(walk)


async def test_relative_next_link_is_resolved_against_the_server(
    api: respx.MockRouter, client: AlmClient
) -> None:
    api.get(LIST).mock(
        side_effect=lambda r: httpx.Response(
            200,
            json=page([RALLY_CONNECTION], next=f"{LIST}?after=1")
            if "after" not in r.url.params
            else page([connection(2)]),
        )
    )
    assert len((await client.list_connections()).items) == 2


async def test_next_link_loop_is_detected(api: respx.MockRouter, client: AlmClient) -> None:
    again = f"{BASE}{LIST}?cursor=same"
    route = api.get(LIST).respond(json=page([RALLY_CONNECTION], next=again))
    with pytest.raises(PagingError, match="loop"):
        await client.list_connections()
    assert route.call_count == 2


async def test_list_that_grew_while_read_is_followed_to_the_end(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(4)
    pages[2]["next"] = link(3)
    pages[3] = page([connection(5)], count=5)
    serve(api, pages)
    result = await make_client(page_size=2).list_connections()
    assert [c.id for c in result.items] == [1, 2, 3, 4, 5]


async def test_page_that_vanished_is_a_paging_error(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(6)

    def handler(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("page", "1"))
        if number == 3:
            return httpx.Response(404, json={"detail": "Invalid page."})
        return httpx.Response(200, json=pages[number])

    api.get(LIST).mock(side_effect=handler)
    with pytest.raises(PagingError, match="changed while it was being read"):
        await make_client(page_size=2).list_connections()


async def test_bad_items_are_reported_and_good_ones_kept(
    api: respx.MockRouter, client: AlmClient
) -> None:
    items = [
        connection(11),
        connection(12, params="hunter2-not-a-dict"),
        {"alias": "no id"},
        connection(14, last_job=[]),
        17,
        connection(15),
    ]
    api.get(LIST).respond(json={"results": items})
    result = await client.list_connections()
    assert [c.id for c in result.items] == [11, 15]
    by_index = {p.index: p for p in result.problems}
    assert sorted(by_index) == [1, 2, 3, 4]
    assert by_index[1].item_id == 12
    assert by_index[1].message == "connection 12: params: Input should be a valid dictionary"
    assert by_index[2].item_id is None
    assert by_index[2].message.startswith("connection #3: id: Field required")
    assert by_index[3].message.startswith("connection 14: last_job")
    assert by_index[4].message.startswith("connection #5: ")
    assert all("hunter2" not in p.message for p in result.problems)


async def test_problem_indexes_count_across_pages(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    pages = numbered_pages(6)
    pages[3]["results"] = [connection(5), connection(6, alias=None)]
    serve(api, pages)
    result = await make_client(page_size=2).list_connections()
    assert [(p.index, p.item_id) for p in result.problems] == [(5, 6)]
    assert len(result.items) == 5


async def test_list_envelope_problems(api: respx.MockRouter, client: AlmClient) -> None:
    api.get(LIST).respond(json={"detail": "Search backend unavailable."})
    with pytest.raises(ServerError, match="Search backend unavailable"):
        await client.list_connections()
    api.get("/api/v2/connectors/alm/").respond(json={"results": "nope"})
    with pytest.raises(MalformedResponse, match="results"):
        await client.list_connectors()


def test_list_result_is_generic_and_defaults_empty() -> None:
    result: ListResult[Connection] = ListResult()
    assert (result.items, result.problems, result.count, result.page) == ([], [], None, 1)


def drf(api: respx.MockRouter, total: int, *, cap: int | None = None,
        bad: dict[int, dict[str, object]] | None = None) -> respx.Route:
    """A DRF page-number listing of connections 1..total that honours ``page_size`` (up to
    ``cap``, silently, as ``max_page_size`` does); ``bad`` replaces items by id."""
    items = [(bad or {}).get(i, connection(i)) for i in range(1, total + 1)]

    def handler(request: httpx.Request) -> httpx.Response:
        size = int(request.url.params["page_size"])
        size = min(size, cap) if cap else size
        number = int(request.url.params.get("page", "1"))
        last = -(-total // size)
        if not 1 <= number <= last:
            return httpx.Response(404, json={"detail": "Invalid page."})
        nxt = request.url.copy_set_param("page", number + 1) if number < last else None
        chunk = items[(number - 1) * size : number * size]
        return httpx.Response(200, json=page(chunk, count=total, next=nxt and str(nxt)))

    return api.get(LIST).mock(side_effect=handler)


def asked(route: respx.Route) -> list[tuple[str, str | None]]:
    return sorted(
        ((c.request.url.params["page_size"], c.request.url.params.get("page"))
         for c in route.calls),
        key=lambda pair: (int(pair[0]), int(pair[1] or 0)),
    )


async def test_after_a_small_first_page_the_rest_comes_in_big_pages(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = drf(api, 23)
    pages = [p async for p in make_client(page_size=10, first_page_size=3)
             .iter_connection_pages()]
    assert [c.id for c in pages[0].items] == [1, 2, 3]  # shown before the big pages
    merged = sorted(pages, key=lambda r: r.page)
    assert [c.id for r in merged for c in r.items] == list(range(1, 24))  # no item twice
    assert asked(route) == [("3", None), ("10", "1"), ("10", "2"), ("10", "3")]


async def test_a_server_that_caps_page_size_is_read_at_the_first_pages_size(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = drf(api, 23, cap=3)
    result = await make_client(page_size=10, first_page_size=3).list_connections()
    assert [c.id for c in result.items] == list(range(1, 24))
    assert result.count == 23
    small = [pair for pair in asked(route) if pair[0] == "3"]
    assert small == [("3", None)] + [("3", str(n)) for n in range(2, 9)]


async def test_problem_indexes_are_positions_in_the_listing_with_big_pages(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    drf(api, 23, bad={2: connection(2, alias=None), 17: connection(17, alias=None)})
    result = await make_client(page_size=10, first_page_size=3).list_connections()
    assert [(p.index, p.item_id) for p in result.problems] == [(1, 2), (16, 17)]
    assert len(result.items) == 21
