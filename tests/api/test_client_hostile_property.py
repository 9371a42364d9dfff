"""Property: whatever a server sends for a connection list, the client returns a ListResult
(bad items reported as problems) or raises a typed ApiError, never anything else."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.api.client import AlmClient
from tui.api.errors import ApiError
from tui.api.paging import ListResult

from .api_support import BASE, TOKEN

evil_chars = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"])
hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.text(alphabet=evil_chars, max_size=10),
    st.text(alphabet=st.sampled_from("[]/@=\\$:<"), max_size=10),
    st.sampled_from(
        [
            "[/]",
            "[ @click=app.quit]x",
            "\x1b]52;c;SGk=\x07",
            "\x9b2J",
            "\u202eevil",
            "\x00",
            "A" * 5_000,
        ]
    ),
)
json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
system = st.one_of(
    hostile_text,
    st.fixed_dictionaries(
        {"id": json_value}, optional={"name": json_value, "short_name": json_value}
    ),
    json_value,
)
connection_payload = st.fixed_dictionaries(
    {
        "id": st.one_of(st.integers(), hostile_text, json_value),
        "alias": st.one_of(hostile_text, json_value),
    },
    optional={
        "params": st.one_of(
            st.none(), st.dictionaries(hostile_text, json_value, max_size=4), json_value
        ),
        "system": system,
        "last_job": st.one_of(
            st.none(),
            st.dictionaries(st.sampled_from(["id", "succeeded", "last_run", "ready"]), json_value),
            json_value,
        ),
        "in_progress": json_value,
        "connector": json_value,
        "extra": json_value,
    },
)
items = st.lists(st.one_of(connection_payload, json_value), max_size=6)
envelope = st.one_of(
    st.builds(lambda r: {"results": r}, items),
    st.builds(
        lambda r, c, n: {"count": c, "next": n, "previous": None, "results": r},
        items,
        json_value,
        st.one_of(st.none(), hostile_text, st.just(f"{BASE}/api/v2/connections/alm/?page=2")),
    ),
    items,
    json_value,
)


def encode(payload: Any, how: int) -> bytes:
    text = json.dumps(payload, ensure_ascii=how == 0)
    if how == 2:
        return text.encode("utf-8", "surrogatepass")[: max(1, len(text) // 2)]
    return text.encode("utf-8", "surrogatepass")


async def fetch(body: bytes, content_type: str) -> ListResult[Any]:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": content_type})

    client = AlmClient(
        BASE,
        TOKEN,
        transport=httpx.MockTransport(answer),
        get_retries=0,
        max_pages=3,
        sleep=lambda _: asyncio.sleep(0),
    )
    async with client:
        return await client.list_connections()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payload=envelope,
    how=st.sampled_from([0, 1, 2]),
    content_type=st.sampled_from(["application/json", "text/plain", "text/html"]),
)
def test_hostile_connection_lists_give_a_result_or_a_typed_error(
    payload: Any, how: int, content_type: str
) -> None:
    try:
        result = asyncio.run(fetch(encode(payload, how), content_type))
    except ApiError as error:
        assert isinstance(error.message, str)
        return
    assert isinstance(result, ListResult)
    for problem in result.problems:
        assert isinstance(problem.message, str) and "\x1b" not in problem.message


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=200))
def test_random_bytes_give_a_result_or_a_typed_error(body: bytes) -> None:
    try:
        asyncio.run(fetch(body, "application/json"))
    except ApiError:
        pass
